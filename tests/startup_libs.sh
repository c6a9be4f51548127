#!/usr/bin/env bash
# Start-up: greentally links no library that only some commands need. The
# binary's own NEEDED entries and everything they pull in (ldd) hold none of
# libxlsxwriter, libharu, libcurl, TLS (libssl, libcrypto, gnutls) or their
# helpers (minizip, zlib, libpng); commands that write no XLSX or PDF and use
# no network load none of them at all (LD_DEBUG=files), and a PDF or XLSX
# report loads its own writer library and nothing else of the list.
# Usage: startup_libs.sh GREENTALLY SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
lazy='libxlsxwriter|libhpdf|libcurl|libssl|libcrypto|libgnutls|libminizip|libz\.so|libpng'

needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[[ -n $needed ]] || { echo "readelf found no NEEDED entry in $bin"; exit 1; }
if grep -E "$lazy" <<<"$needed"; then
  echo "the binary links the libraries above at start-up (NEEDED)"
  fail=1
fi
deps=$(ldd "$bin") || { echo "ldd $bin failed"; exit 1; }
if grep -E "$lazy" <<<"$deps"; then
  echo "the binary's libraries pull in the libraries above (ldd)"
  fail=1
fi

# loaded ARGS...: the lazy-list libraries the dynamic loader mapped running
# ARGS, one a line (stdout to $work/out)
loaded() {
  rm -f "$work"/ld.*
  LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" "$bin" "$@" >"$work/out" 2>"$work/err" ||
    { echo "greentally $*: exit $?" >&2; cat "$work/err" >&2; fail=1; }
  grep -h 'generating link map' "$work"/ld.* | grep -oE 'file=[^ ]+' | sed 's|file=||; s|.*/||' |
    grep -E "$lazy" | sort -u
}
# expect NAME WANT NOT ARGS...: running ARGS maps a library matching WANT
# ("" for none of the lazy list at all) and none matching NOT
expect() {
  local name=$1 want=$2 not=$3
  shift 3
  local got
  got=$(loaded "$@" | paste -sd" ")
  if [[ -z $want && -n $got ]]; then
    echo "$name loaded: $got"
    fail=1
  elif [[ -n $want ]] && ! grep -qE "(^| )($want)" <<<"$got"; then
    echo "$name did not load $want (loaded: $got)"
    fail=1
  elif [[ -n $want ]] && grep -qE "$not" <<<"$got"; then
    echo "$name loaded: $got (none of $not wanted)"
    fail=1
  fi
}
cd "$src" || exit 1
tiny=samples/codecarbon/v3.2.9-short
est=(estimate --runtime 12h --cpu "Xeon E5-2683 v4" --cores 12 --memory 64 --location GB)
expect "estimate" "" "" "${est[@]}"
expect "--help" "" "" --help
expect "summary" "" "" summary -q $tiny
expect "report -o x.csv" "" "" report -q $tiny -o "$work/r.csv"
net='libcurl|libssl|libgnutls'
expect "report -o x.pdf" libhpdf "libxlsxwriter|libminizip|$net" report -q $tiny -o "$work/r.pdf"
head -c 5 "$work/r.pdf" | grep -q '%PDF-' || { echo "report -o x.pdf wrote no PDF"; fail=1; }
expect "report -o x.xlsx" libxlsxwriter "libhpdf|libpng|$net" report -q $tiny -o "$work/r.xlsx"
[[ $(head -c 2 "$work/r.xlsx") == PK ]] || { echo "report -o x.xlsx wrote no XLSX"; fail=1; }
expect "estimate -o x.pdf" libhpdf "libxlsxwriter|$net" "${est[@]}" -o "$work/e.pdf"
exit $fail
