#!/usr/bin/env bash
# Hostile and careless inputs (issue 13): one case per call.
#
#   hostile_check.sh PATH_TO_GREENTALLY SOURCE_DIR CASE
#
# Each case builds its inputs in a scratch directory, runs greentally and
# checks exact figures, exit codes and messages. Cases that need another user
# (unreadable files while running as root) use setpriv to drop to nobody and
# skip (exit 77) when that is impossible.
set -u
BIN=$(cd "$(dirname "${1:?usage: hostile_check.sh BIN SRC CASE}")" && pwd)/$(basename "$1")
SRC=$(cd "${2:?}" && pwd)
CASE=${3:?}
W=$(mktemp -d "${TMPDIR:-/tmp}/gt-hostile.XXXXXX") || exit 1
chmod 755 "$W"
trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 1
CC0=$SRC/samples/codecarbon/v0-2020/emissions.csv
fail=0

die() {
    echo "FAIL $CASE: $*"
    fail=1
}
# want_eq WHAT GOT WANT
want_eq() { [[ "$2" == "$3" ]] || die "$1: got '$2', want '$3'"; }
# want_grep FILE REGEX: a line of FILE matches
want_grep() { grep -qE -- "$2" "$1" || die "$1 has no line matching '$2': $(head -c 600 "$1")"; }
want_nogrep() { ! grep -qE -- "$2" "$1" || die "$1 has a line matching '$2'"; }
# jget FILE EXPR: a value of the JSON in FILE (python expression over d)
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# gt ARGS...: runs greentally; stdout in out, stderr in err, exit code in rc
gt() {
    "$BIN" "$@" >out 2>err
    rc=$?
}
as_nobody() {
    if [[ $(id -u) != 0 ]]; then
        "$@"
    elif command -v setpriv >/dev/null; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        echo "skip: root without setpriv"
        exit 77
    fi
}
single_energy() { "$BIN" summary "$CC0" -f json -q | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["energy_kwh"])'; }

# ---- 1. each run once ----------------------------------------------------------
t_dup_same_path() {
    gt summary "$CC0" "$CC0" -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq files "$(jget out 'd["accounting"]["files_read"], d["accounting"]["files_duplicate"]')" "1 1"
    want_grep err "warning: the same file as '.*v0-2020/emissions.csv'; counted once"
}
t_dup_links() {
    mkdir d && cp "$CC0" d/emissions.csv && ln d/emissions.csv d/hard.csv &&
        ln -s emissions.csv d/soft.csv
    gt summary d -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq files "$(jget out 'd["accounting"]["files_read"], d["accounting"]["files_duplicate"]')" "1 2"
    want_grep err "^d/hard.csv: warning: the same file as 'd/emissions.csv'; counted once"
    want_grep err "^d/soft.csv: warning: the same file as 'd/emissions.csv'; counted once"
}
t_dup_copy() {
    mkdir d && cp "$CC0" d/emissions.csv && cp "$CC0" d/emissions.csv.bak
    gt summary d -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_grep err "^d/emissions.csv.bak: warning: a byte-identical copy of 'd/emissions.csv'; counted once"
    want_eq listed "$(jget out '[w["kind"] for w in d["warnings"] if w["file"]=="d/emissions.csv.bak"]')" "['duplicate']"
}
t_dup_backup_folder() {
    # a backup folder holding an older state of a log without run ids: the
    # rows it shares with the live log are the same runs (warned, both named)
    mkdir -p d/live d/backup && cp "$CC0" d/live/emissions.csv && head -3 "$CC0" >d/backup/emissions.csv
    gt summary d
    want_eq exit "$rc" 0
    want_grep err "^d/live/emissions.csv:2: warning: same tool, start, duration and energy as d/backup/emissions.csv:2 \(a copy\?\); both counted"
    want_grep err "^d/live/emissions.csv:3: warning: same tool, start, duration and energy as d/backup/emissions.csv:3"
}

# ---- 2. a bad file never stops the tree ---------------------------------------
t_bad_file_in_tree() {
    mkdir -p d/a d/b && cp "$CC0" d/a/emissions.csv
    # eco2ai with malformed quoting (its whole-file parser fails)
    { head -2 "$SRC/samples/eco2ai/emission.csv"; printf 'x,"a"b,c\n'; } >d/b/emission.csv
    gt summary d -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq files "$(jget out 'd["accounting"]["files_read"], d["accounting"]["files_rejected"]')" "1 1"
    want_grep err "^d/b/emission.csv: file rejected: cannot parse CSV 'd/b/emission.csv' at line 3: malformed quoting"
    want_eq listed "$(jget out '[(w["kind"], w["file"]) for w in d["warnings"]]')" "[('file_rejected', 'd/b/emission.csv')]"
    gt summary d
    want_eq exit "$rc" 0
    want_grep out "^files: 1 read, 0 skipped, 1 rejected; rows read 3"
    gt summary d --strict
    want_eq "exit --strict" "$rc" 2
    want_grep out "^files: 1 read, 0 skipped, 1 rejected"
    want_grep err "^greentally: 1 files rejected \(--strict\)"
}

# ---- 3. unreadable inputs -----------------------------------------------------
t_unreadable_named() {
    cp "$CC0" e.csv && chmod 000 e.csv
    "$BIN" summary e.csv >/dev/null 2>/dev/null # (root reads it)
    as_nobody "$BIN" summary e.csv -f json >out 2>err
    rc=$?
    want_eq exit "$rc" 0
    want_grep err "^e.csv: file rejected: cannot read 'e.csv': Permission denied"
    want_nogrep err "not a log format"
    want_eq files "$(jget out 'd["accounting"]["files_rejected"]')" "1"
    as_nobody "$BIN" summary e.csv --strict >out 2>err
    want_eq "exit --strict" "$?" 2
}
t_unreadable_subdir() {
    mkdir -p d/ok d/locked && cp "$CC0" d/ok/emissions.csv && cp "$CC0" d/locked/emissions.csv
    chmod 000 d/locked
    as_nobody "$BIN" summary d -f json >out 2>err
    rc=$?
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq listed "$(jget out '[(w["kind"], w["file"], w["message"]) for w in d["warnings"]]')" \
        "[('file_rejected', 'd/locked', \"cannot read 'd/locked': Permission denied\")]"
    as_nobody "$BIN" summary d --strict >out 2>err
    want_eq "exit --strict" "$?" 2
}
t_name_too_long() {
    # a tree deeper than PATH_MAX: the deepest directory cannot be named
    mkdir d && cp "$CC0" d/emissions.csv
    long=$(printf 'x%.0s' $(seq 1 200))
    (cd d && for _ in $(seq 1 22); do mkdir "$long" && cd "$long" || exit 1; done)
    gt summary d -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq listed "$(jget out '[(w["kind"], w["message"].endswith("x'"'"': File name too long")) for w in d["warnings"]]')" \
        "[('file_rejected', True)]"
    gt summary d --strict
    want_eq "exit --strict" "$rc" 2
    # a named path that does not exist stays an error at once
    gt summary d/nothing-here
    want_eq "exit missing" "$rc" 2
    want_eq "err missing" "$(cat err)" "greentally: cannot read 'd/nothing-here': No such file or directory"
}

# ---- 4. symlinked directories -------------------------------------------------
t_symlink_dir() {
    mkdir -p p/d p/other && cp "$CC0" p/d/emissions.csv && cp "$CC0" p/other/emissions.csv
    sed -i 's/mnist-baseline/other-project/' p/other/emissions.csv
    ln -s .. p/d/loop
    ln -s ../other p/d/elsewhere
    gt summary p/d -f json
    want_eq exit "$rc" 0
    want_eq energy "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    want_eq skipped "$(jget out 'sorted(w["file"] for w in d["warnings"] if w["kind"]=="skipped")')" \
        "['p/d/elsewhere', 'p/d/loop']"
    gt summary p/d -L -f json
    want_eq "exit -L" "$rc" 0
    want_eq "runs -L" "$(jget out 'd["totals"]["runs"]')" 6
    # a symlinked directory named on the command line is walked
    ln -s p/d top
    gt summary top -f json
    want_eq "energy top" "$(jget out 'd["totals"]["energy_kwh"]')" "$(single_energy)"
    # a symlinked file inside the tree is read
    mkdir q && ln -s ../p/other/emissions.csv q/link.csv
    gt summary q -f json
    want_eq "runs q" "$(jget out 'd["totals"]["runs"]')" 3
}

# ---- 5-7. outputs -------------------------------------------------------------
t_output_is_input() {
    mkdir -p d/v2.1 && cp "$CC0" d/v2.1/emissions.csv
    sum=$(md5sum <d/v2.1/emissions.csv)
    gt report d -o d/v2.1/emissions.csv
    want_eq "exit report" "$rc" 1
    want_grep err "^greentally: refusing to write 'd/v2.1/emissions.csv': it is one of the inputs$"
    gt summary d -o d/v2.1/emissions.csv
    want_eq "exit summary" "$rc" 1
    want_grep err "^greentally: refusing to write 'd/v2.1/emissions.csv': it is one of the inputs$"
    # the group table of report --by: X.groups.csv
    cp "$CC0" d/r.groups.csv
    gsum=$(md5sum <d/r.groups.csv)
    gt report d -o d/r.csv --by project
    want_eq "exit groups" "$rc" 1
    want_grep err "^greentally: refusing to write 'd/r.groups.csv': it is one of the inputs$"
    gt statement d -o d/v2.1/emissions.csv
    want_eq "exit statement" "$rc" 1
    want_eq "input kept" "$(md5sum <d/v2.1/emissions.csv)" "$sum"
    want_eq "groups input kept" "$(md5sum <d/r.groups.csv)" "$gsum"
}
t_xfsz() {
    # ulimit -f: the write fails through the error path, no temp file left
    (ulimit -f 1; "$BIN" report "$SRC/samples" -o big.pdf -q >out 2>err)
    rc=$?
    want_eq exit "$rc" 2
    want_grep err "^greentally: cannot write 'big.pdf'"
    want_eq leftovers "$(ls | grep -c 'tmp-')" 0
    [[ ! -e big.pdf ]] || die "big.pdf written"
}
t_umask_mode() {
    (umask 077; "$BIN" summary "$CC0" -o a.json -q)
    want_eq "mode 077" "$(stat -c %a a.json)" 600
    (umask 022; "$BIN" report "$CC0" -o a.xlsx -q)
    want_eq "mode xlsx 022" "$(stat -c %a a.xlsx)" 644
    (umask 077; "$BIN" report "$CC0" -o a.pdf -q)
    want_eq "mode pdf 077" "$(stat -c %a a.pdf)" 600
    # a file being replaced keeps its mode
    echo old >b.csv && chmod 640 b.csv
    (umask 022; "$BIN" report "$CC0" -o b.csv -q)
    want_eq "mode kept" "$(stat -c %a b.csv)" 640
    echo old >b.xlsx && chmod 604 b.xlsx
    (umask 077; "$BIN" report "$CC0" -o b.xlsx -q)
    want_eq "mode kept xlsx" "$(stat -c %a b.xlsx)" 604
}

if ! declare -F "t_$CASE" >/dev/null; then
    echo "hostile_check.sh: no case '$CASE'" >&2
    exit 2
fi
"t_$CASE"
if ((fail)); then
    exit 1
fi
echo "ok $CASE"
