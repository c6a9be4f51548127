/* gt_dl.h - shared libraries loaded on first use (dlopen), so that a command
 * starts with only the libraries every command needs. libxlsxwriter (with
 * minizip, zlib and libcrypto behind it) is loaded by the first XLSX writer,
 * libharu (with libpng) by the first PDF writer (gt_lxw.h, gt_hpdf.h), and
 * libcurl with its TLS libraries by the first network access (cli/gt_curl.h).
 * The binary still needs the libraries installed; it just does not bind
 * them at start-up. */
#ifndef GT_DL_H
#define GT_DL_H

#include <stddef.h>

/* A function the table of a library holds: its name in the library and
 * where its pointer goes in the table. */
struct gt_dl_sym {
    const char *name;
    size_t offset;
};

/* A library loaded on first use. */
struct gt_dl_lib {
    const char *what;           /* "libxlsxwriter", for messages */
    const char *package;        /* the Debian 12 package that installs it */
    const char *const *sonames; /* tried in order; NULL-terminated */
    const struct gt_dl_sym *syms;
    size_t nsyms;
    void *table; /* a struct of function pointers, filled from syms */
};

/* Loads the first of lib->sonames that dlopen finds and fills lib->table.
 * Returns 0, or -1 with the reason in why (at most size bytes): "WHAT (SONAME)
 * is not installed (Debian 12: apt-get install PACKAGE)" or "WHAT (SONAME)
 * lacks SYMBOL". Does not cache: callers keep whether it worked, and
 * load from the main thread before starting any worker. */
int gt_dl_load(const struct gt_dl_lib *lib, char *why, size_t size);

#endif
