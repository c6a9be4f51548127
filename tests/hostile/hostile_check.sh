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

# mkcc OUT 'PYTHON LIST OF DICTS': a CodeCarbon 2.1 emissions.csv, one row per
# dict (the first row of samples/codecarbon/v2.1 with those columns changed;
# values are Python bytes or str). Each row gets its own run_id unless given.
mkcc() {
    python3 - "$SRC/samples/codecarbon/v2.1/emissions.csv" "$1" "$2" <<'PY'
import sys
src, out, spec = sys.argv[1:]
lines = open(src, 'rb').read().split(b'\n')
head = lines[0].split(b',')
base = lines[1].split(b',')
rows = eval(spec)
body = [lines[0]]
for i, r in enumerate(rows):
    row = list(base)
    row[head.index(b'run_id')] = b'run-%d' % i
    for k, v in r.items():
        v = v if isinstance(v, bytes) else v.encode()
        if b'"' in v or b',' in v:
            v = b'"' + v.replace(b'"', b'""') + b'"'
        row[head.index(k.encode())] = v
    body.append(b','.join(row))
open(out, 'wb').write(b'\n'.join(body) + b'\n')
PY
}
# no_controls FILE: no C0 control but LF, no DEL, no C1 (UTF-8 C2 80-9F), no
# invalid UTF-8
no_controls() {
    python3 - "$1" <<'PY' || die "$1 holds raw control bytes or invalid UTF-8"
import re, sys
b = open(sys.argv[1], 'rb').read()
t = b.decode('utf-8')  # raises on invalid UTF-8
bad = [c for c in t if (ord(c) < 32 and c != '\n') or 0x7f <= ord(c) <= 0x9f]
sys.exit(1 if bad else 0)
PY
}

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

# ---- 8-14. hostile bytes -------------------------------------------------------
t_terminal_escapes() {
    mkdir d
    mkcc d/emissions.csv "[{'project_name': b'\x1b]0;pwned\x07proj'},
        {'project_name': b'osc\x1b]52;c;ZXZpbA==\x07'}, {'project_name': b'del\x7f\xc2\x9bc1'},
        {'project_name': b'bad\xff\xfeutf8'}, {'duration': b'12\x1b[2J'}]"
    nl=$'d/evil\n\x1b[2Jname.csv'
    cp d/emissions.csv "$nl"
    gt summary d --by project
    want_eq exit "$rc" 0
    no_controls out
    no_controls err
    want_grep out '^\\x1B\]0;pwned\\x07proj'
    want_grep out '^del\\x7F\\u009Bc1'
    want_grep err "^d/emissions.csv:6: cannot parse 'duration' as a number: '12\\\\x1B\[2J'"
    want_grep err "^d/evil\\\\x0A\\\\x1B\[2Jname.csv: warning: a byte-identical copy of 'd/emissions.csv'; counted once"
    gt summary d --by project -f csv
    no_controls out
    # the statement names CPU models from the logs
    mkcc s.csv "[{'cpu_model': b'Xeon\x1b]0;pwned\x07 Gold'}]"
    gt statement s.csv
    want_eq "exit statement" "$rc" 0
    no_controls out
    want_grep out 'Xeon\\x1B\]0;pwned\\x07 Gold'
    gt summary "$nl"x
    no_controls err
    want_eq "err missing" "$(cat err)" "greentally: cannot read 'd/evil\\x0A\\x1B[2Jname.csvx': No such file or directory"
}
t_csv_formula() {
    mkcc e.csv "[{'project_name': '=HYPERLINK(\"http://x\";\"y\")'}, {'project_name': '+1+1'},
        {'project_name': '-2+3'}, {'project_name': '@SUM(A1)'},
        {'project_name': '-42'}, {'project_name': 'ok'}]"
    gt summary e.csv --by project -f csv
    want_eq exit "$rc" 0
    python3 - out <<'PY' || die "summary csv: $(cat out)"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
keys = sorted(r[0] for r in rows[1:-1])
want = sorted(["'=HYPERLINK(\"http://x\";\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", "-42", "ok"])
if keys != want:
    print(keys, want); sys.exit(1)
PY
    gt report e.csv -o r.csv --by project -q
    want_eq "exit report" "$rc" 0
    python3 - r.csv r.groups.csv <<'PY' || die "report csv"
import csv, sys
for f in sys.argv[1:]:
    for row in csv.reader(open(f, newline='')):
        for c in row:
            if c[:1] in ('=', '+', '@', '\t', '\r') or (c[:1] == '-' and not c.replace('.', '').replace('e', '').replace('-', '').replace('+', '').isdigit()):
                print(f, repr(c)); sys.exit(1)
PY
    grep -q "'=HYPERLINK" r.csv || die "r.csv lost the neutralised formula"
}
t_xlsx_xml() {
    mkcc e.csv "[{'project_name': b'ctl\x01\x02\x1f-proj'}, {'project_name': 'non\uFFFEchar'},
        {'project_name': 'x' * 40000}, {'project_name': 'ok'}]"
    gt report e.csv -o r.xlsx --by project
    want_eq exit "$rc" 0
    want_grep err "^greentally: warning: [0-9]+ cells cut at 32767 characters, the most a spreadsheet cell holds"
    mkdir x && (cd x && unzip -q ../r.xlsx) || die "unzip"
    python3 - x <<'PY' || die "ill-formed XML in r.xlsx"
import os, sys, xml.dom.minidom
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith('.xml') or f.endswith('.rels'):
            try:
                xml.dom.minidom.parse(os.path.join(root, f))
            except Exception as e:
                print(f, e); sys.exit(1)
PY
    grep -q 'ctl\\x01\\x02\\x1F-proj' x/xl/sharedStrings.xml x/xl/worksheets/*.xml || die "the control characters are not shown escaped"
}
t_nul_in_cell() {
    mkcc e.csv "[{'run_id': b'abc\x00X', 'energy_consumed': '0.5'}, {'run_id': b'abc\x00Y', 'energy_consumed': '0.5'}, {}]"
    gt summary e.csv -f json
    want_eq exit "$rc" 0
    want_eq acc "$(jget out 'd["accounting"]["rows_read"], d["accounting"]["rows_rejected"], d["totals"]["runs"]')" "3 2 1"
    want_grep err "^e.csv:2: a NUL byte inside a cell \(column 3\)"
    # the whole-file parsers (eco2ai) reject the row too
    { head -2 "$SRC/samples/eco2ai/emission.csv"; head -2 "$SRC/samples/eco2ai/emission.csv" | tail -1 | sed 's/^3f6c/3f6d/; s/resnet/res\x00net/'; } >eco.csv
    gt summary eco.csv -f json
    want_eq "eco2ai acc" "$(jget out 'd["accounting"]["rows_read"], d["accounting"]["rows_rejected"]')" "2 1"
    want_grep err "^eco.csv:3: a NUL byte inside a cell"
}
t_absurd_numbers() {
    mkcc e.csv "[{'duration': '1e308'}, {'energy_consumed': '1e308'}, {'energy_consumed': '1e308'},
        {'timestamp': '1960-01-01T00:00:00'}, {'cpu_power': '1e300'}, {}]"
    gt summary e.csv -f json
    want_eq exit "$rc" 0
    want_eq acc "$(jget out 'd["accounting"]["rows_read"], d["accounting"]["rows_rejected"], d["totals"]["runs"]')" "6 5 1"
    want_grep err "^e.csv:2: 'duration' 1e\+308 s is beyond 100 years"
    want_grep err "^e.csv:3: 'energy' 1e\+308 kWh is beyond 1e\+09 kWh"
    want_grep err "^e.csv:5: 'start' is outside the years 1970-9999"
    want_grep err "^e.csv:6: 'cpu_power' 1e\+300 W is beyond 1e\+09 W"
    python3 -c "import json,math,sys; d=json.load(open('out')); sys.exit(0 if math.isfinite(d['totals']['energy_kwh']) else 1)" || die "total not finite"
    gt estimate --runtime 1h --cpu "Xeon Gold 6248" --cores 1e308
    want_eq "exit cores" "$rc" 2
    want_grep err "^greentally: --cores must be between 0 and 1e\+08, got '1e308'"
    gt estimate --runtime 99999999999999999999h --cpu "Xeon Gold 6248" --cores 4
    want_eq "exit runtime" "$rc" 2
    want_grep err "^greentally: --runtime must be at most 100 years"
    gt estimate --runtime 1h --gpu "A100 SXM4 40GB" --gpus 2147483648
    want_eq "exit gpus" "$rc" 2
    want_grep err "^greentally: --gpus must be between 0 and 1e\+08, got '2147483648'"
    gt estimate --runtime 1h --cpu "Xeon Gold 6248" --cores 400
    want_eq "exit many cores" "$rc" 0
    want_grep err "^greentally: warning: --cores 400 is more than the 20 cores of 'Xeon Gold 6248' \(several sockets\?\)"
}
t_row_size_limit() {
    python3 - "$SRC/samples/codecarbon/v2.1/emissions.csv" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
row = lines[1].split(b',')
big = list(row); big[21] = b'X' * (5 << 20); big[2] = b'big-run'
open('big.csv', 'wb').write(b'\n'.join([lines[0], b','.join(big), lines[1]]) + b'\n')
PY
    gt summary big.csv -f json
    want_eq exit "$rc" 0
    want_eq acc "$(jget out 'd["accounting"]["rows_read"], d["accounting"]["rows_rejected"], d["totals"]["runs"]')" "2 1 1"
    want_grep err "^big.csv:2: row longer than 4 MiB \(the limit\)"
}
t_double_bom() {
    printf '\xef\xbb\xbf' >e.csv && cat "$SRC/samples/codecarbon/v2.1/emissions.csv" >>e.csv
    printf '\xef\xbb\xbf' >f.csv && cat e.csv >>f.csv
    "$BIN" summary "$SRC/samples/codecarbon/v2.1/emissions.csv" -f json >want 2>/dev/null
    gt summary f.csv -f json
    want_eq exit "$rc" 0
    want_eq starts "$(jget out '[r["start"] for r in d["runs"]]')" "$(jget want '[r["start"] for r in d["runs"]]')"
}
t_glued_run_logs() {
    L=$SRC/tests/run/fixtures/run_ok.jsonl
    sed 's/-4242"/-4343"/' "$L" >b.jsonl
    cat "$L" b.jsonl >glued.jsonl
    gt summary glued.jsonl --strict -f json
    want_eq exit "$rc" 0
    want_eq runs "$(jget out 'd["totals"]["runs"]')" 2
    want_grep err "^glued.jsonl:5: warning: a new run log starts here \(logs joined together\)"
}
t_help_dev_full() {
    "$BIN" summary --help >/dev/full 2>err
    want_eq exit "$?" 2
    want_grep err "^greentally: cannot write to standard output: No space left on device"
    "$BIN" --help >/dev/full 2>err
    want_eq "exit top" "$?" 2
}
t_long_log_dir() {
    long=$(printf 'y%.0s' $(seq 1 250))
    dir=$long/$long/$long/$long/$long
    mkdir -p "$dir"
    gt run --log-dir "$dir" -- true
    want_eq exit "$rc" 0
    n=$(ls "$dir" | grep -c '^greentally-.*\.jsonl$')
    want_eq "log named in full" "$n" 1
}

# ---- 15-16. run on shared machines ---------------------------------------------
t_run_log_dir() {
    gt run -q -- true
    want_eq "exit default" "$rc" 0
    want_eq "dir mode" "$(stat -c %a greentally-logs)" 700
    want_eq "log mode" "$(stat -c %a greentally-logs/*.jsonl)" 600
    mkdir shared && chmod 777 shared
    gt run -q --log-dir shared -- true
    want_eq "exit shared" "$rc" 2
    want_eq "err shared" "$(cat err)" "greentally: refusing to write the log into 'shared': others can write it (mode 0777; chmod go-w fixes that)"
    want_eq "nothing in shared" "$(ls shared)" ""
    mkdir real && ln -s real link
    gt run -q --log-dir link -- true
    want_eq "exit link" "$rc" 2
    want_eq "err link" "$(cat err)" "greentally: refusing to write the log into 'link': not a directory (a symbolic link)"
    if [[ $(id -u) == 0 ]]; then
        mkdir theirs && chown 65534 theirs && chmod 755 theirs
        gt run -q --log-dir theirs -- true
        want_eq "exit theirs" "$rc" 2
        want_eq "err theirs" "$(cat err)" "greentally: refusing to write the log into 'theirs': it belongs to another user (uid 65534)"
    fi
}
t_plug_redact() {
    gt run -q --log-dir L --plug 'http://admin:s3cret@127.0.0.1:1/cm?user=admin&password=hunter2&cmnd=Status%208' --plug-timeout 1s -- true
    want_eq exit "$rc" 0
    want_nogrep err 's3cret|hunter2'
    want_grep err "smart plug 'http://\*\*\*@127.0.0.1:1/cm\?user=\*\*\*&password=\*\*\*&cmnd=Status%208'"
    ! grep -q 's3cret\|hunter2' L/*.jsonl || die "the log holds the credentials"
    grep -q '"url":"http://\*\*\*@127.0.0.1:1/cm?user=\*\*\*&password=\*\*\*&cmnd=Status%208"' L/*.jsonl || die "the log has no redacted url: $(head -c 400 L/*.jsonl)"
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
