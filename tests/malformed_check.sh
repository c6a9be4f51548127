#!/usr/bin/env bash
# Malformed-input corpus for `greentally summary`.
#
#   malformed_check.sh PATH_TO_GREENTALLY DIR_OF_MALFORMED_FILES
#
# For every file in the table below (committed under tests/malformed/, or
# generated into a temporary directory when marked "gen:"), runs
#   greentally summary FILE -f json -q     (JSON, checked with python3)
#   greentally summary FILE -f json        (stderr: the per-row messages)
# and checks:
#   - the exit status is the pinned one (0 everywhere: nothing here is an
#     unreadable input; a file that is not a log is skipped with a warning),
#     and below 128 (no crash); no sanitizer report on stderr;
#   - rows_read == rows_used + rows_superseded + rows_rejected + rows_excluded;
#   - every rejected row is listed in "warnings" with kind "rejected", a file
#     and a line >= 1, and the first one matches the first rejection printed on
#     stderr;
#   - the pinned accounting and the pinned first rejection ("LINE: reason" as
#     printed after "FILE:" on stderr, "-" when none);
#   - for some files, an extra property (EXTRA below).
# Cases marked xfail pin the RIGHT behaviour and fail today because of a known
# bug (the reason says which); they count as passed while they fail and fail
# when they start passing, so the mark gets removed with the fix.
# Every file in DIR must appear in the table.
set -u
BIN=${1:?usage: malformed_check.sh PATH_TO_GREENTALLY DIR}
DIR=${2:?usage: malformed_check.sh PATH_TO_GREENTALLY DIR}
command -v python3 >/dev/null || {
    echo "malformed_check.sh: python3 is needed" >&2
    exit 1
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gt-malformed.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# The table. Columns, separated by '|':
#   file | exit | files read/skipped | rows read used superseded rejected excluded
#   | first rejection ("LINE: reason", or -) | xfail reason (or -)
# The line/reason pins were read by eye against each file (tests/malformed/README.md
# says what each file holds and why the figures are right).
TABLE=$(
    cat <<'EOF'
truncated_rows.csv|0|1/0|4 1 1 2 0|3: row has 9 fields, the header 31; no way to realign them by column type|-
glued_rows.csv|0|1/0|4 3 1 0 0|-|-
glued_rows_index.csv|0|1/0|3 2 0 1 0|3: row has 63 fields, the header 32|-
binary_after_header.csv|0|1/0|6 1 0 5 0|3: row has 1 fields, the header 31; no way to realign them by column type|-
semicolon_delimiter.csv|0|0/1|0 0 0 0 0|-|-
nan_inf_values.csv|0|1/0|10 2 0 8 0|2: cannot parse 'duration' as a number: 'NaN'|-
crlf.csv|0|1/0|3 2 1 0 0|-|-
cr_only.csv|0|1/0|3 2 0 1 0|3: negative 'energy_consumed': -3|-
latin1_project.csv|0|1/0|3 2 1 0 0|-|-
utf16_bom.csv|0|0/1|0 0 0 0 0|-|-
empty.csv|0|0/1|0 0 0 0 0|-|-
header_only.csv|0|1/0|0 0 0 0 0|-|-
bom_only.csv|0|0/1|0 0 0 0 0|-|-
unterminated_quote.csv|0|1/0|4 3 0 1 0|3: unterminated quoted field|-
quote_mid_cell.csv|0|1/0|3 2 0 1 0|3: malformed quoting|-
duplicate_header.csv|0|1/0|4 2 2 0 0|-|-
extra_fields.csv|0|1/0|3 2 0 1 0|3: row has 33 fields, the header 31|-
empty_energy_last_row.csv|0|1/0|6 2 4 0 0|-|-
empty_run_id.csv|0|1/0|4 3 1 0 0|-|-
prose.txt|0|0/1|0 0 0 0 0|-|-
random_bytes.bin|0|0/1|0 0 0 0 0|-|-
sacct_messy_fields.txt|0|1/0|15 8 0 6 1|3: job '101' has no 'Elapsed' (nor 'Start' and 'End')|-
sacct_truncated.txt|0|1/0|2 1 0 1 0|3: row has 4 cells, header has 6|-
sacct_header_only.txt|0|1/0|0 0 0 0 0|-|-
sacct_noheader.txt|0|0/1|0 0 0 0 0|-|-
sacct_fixed_width.txt|0|0/1|0 0 0 0 0|-|-
sacct_semicolon.txt|0|0/1|0 0 0 0 0|-|-
gen:huge_fields.csv|0|1/0|4 2 0 2 0|3: cannot parse 'energy_consumed' as a number: '1111111111111111111111111111111111111111'|-
nul_in_cell.csv|0|1/0|3 1 0 2 0|2: a NUL byte inside a cell (column 3)|-
absurd_numbers.csv|0|1/0|7 2 0 5 0|2: 'duration' 1e+308 s is beyond 100 years|-
double_bom.csv|0|1/0|2 2 0 0 0|-|-
terminal_escapes.csv|0|1/0|6 3 0 3 0|5: cannot parse 'duration' as a number: '12\x1B[2J'|-
formula_cells.csv|0|1/0|5 5 0 0 0|-|-
xml_invalid.csv|0|1/0|2 2 0 0 0|-|-
gen:row_over_limit.csv|0|1/0|2 1 0 1 0|2: row longer than 4 MiB (the limit)|-
EOF
)

# gen:huge_fields.csv - 1 MiB cells, not committed: line 2 a 1 MiB cpu_model
# (a valid row: used), line 3 a 1 MiB number in energy_consumed (rejected),
# line 4 a 1.5 MiB row with a stray quote near its start, so the rest of the
# row crosses greentally's 1 MiB read buffer (rejected once), line 5 a good row.
python3 - "$DIR/crlf.csv" "$TMP/huge_fields.csv" <<'EOF' || exit 1
import sys
lines = open(sys.argv[1], 'rb').read().decode().split('\r\n')
header, row = lines[0], lines[1].split(',')
cpu, energy, run = header.split(',').index('cpu_model'), header.split(',').index(
    'energy_consumed'), header.split(',').index('run_id')
def mk(run_id, **cells):
    r = list(row)
    r[run] = run_id
    for k, v in cells.items():
        r[{'cpu': cpu, 'energy': energy}[k]] = v
    return ','.join(r)
out = [header,
       mk('huge-a', cpu='Intel(R) Xeon(R) ' + 'X' * (1 << 20)),
       mk('huge-a', energy='1' * (1 << 20)),
       mk('huge-b', cpu='X"' + 'X' * (3 << 19)),
       mk('huge-c')]
open(sys.argv[2], 'w').write('\n'.join(out) + '\n')
EOF

# gen:row_over_limit.csv - line 2 a 5 MiB row (over greentally's 4 MiB limit:
# rejected, memory bounded), line 3 a good row.
python3 - "$DIR/crlf.csv" "$TMP/row_over_limit.csv" <<'EOF' || exit 1
import sys
lines = open(sys.argv[1], 'rb').read().decode().split('\r\n')
header, row = lines[0], lines[1].split(',')
big = list(row)
big[header.split(',').index('cpu_model')] = 'X' * (5 << 20)
open(sys.argv[2], 'w').write('\n'.join([header, ','.join(big), lines[1]]) + '\n')
EOF

# Every committed file must be pinned.
status=0
for f in "$DIR"/*; do
    b=$(basename "$f")
    [ "$b" = README.md ] && continue
    if ! grep -q "^$b|" <<<"$TABLE"; then
        echo "FAIL $b: not in the table of malformed_check.sh (pin its expected figures)"
        status=1
    fi
done

pass=0
fail=0
xfail=0
while IFS='|' read -r name want_rc files acc first xf; do
    [ -z "$name" ] && continue
    if [[ $name == gen:* ]]; then
        name=${name#gen:}
        path=$TMP/$name
    else
        path=$DIR/$name
    fi
    if [ ! -f "$path" ]; then
        echo "FAIL $name: missing file $path"
        fail=$((fail + 1))
        continue
    fi
    "$BIN" summary "$path" -f json -q >"$TMP/out.json" 2>"$TMP/err_q.txt"
    rc=$?
    "$BIN" summary "$path" -f json >/dev/null 2>"$TMP/err.txt"
    rc2=$?
    res=$(python3 - "$path" "$rc" "$rc2" "$want_rc" "$files" "$acc" "$first" \
        "$TMP/out.json" "$TMP/err_q.txt" "$TMP/err.txt" "$BIN" "$TMP" <<'EOF'
import json, os, re, subprocess, sys, zipfile, xml.dom.minidom
path, rc, rc2, want_rc, files, acc, first, out, errq, err, BIN, TMP = sys.argv[1:]
rc, rc2, want_rc = int(rc), int(rc2), int(want_rc)
name = path.rsplit('/', 1)[-1]
probs = []
def check(cond, msg):
    if not cond:
        probs.append(msg)

errq_t = open(errq, 'rb').read().decode('utf-8', 'replace')
err_t = open(err, 'rb').read().decode('utf-8', 'replace')
for t in (errq_t, err_t):
    m = re.search(r'(AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:)'
                  r'.*', t)
    if m:
        probs.append('sanitizer: ' + m.group(0)[:200])
check(rc < 128 and rc2 < 128, f'crashed (exit {rc}, {rc2})')
check(rc == want_rc, f'exit {rc}, want {want_rc}')
check(rc == rc2, f'exit {rc} with -q but {rc2} without')

d = None
if rc == 0:
    raw = open(out, 'rb').read()
    try:
        d = json.loads(raw.decode('utf-8'))
    except UnicodeDecodeError as e:
        probs.append(f'JSON output is not UTF-8: {e}')
        d = json.loads(raw.decode('latin-1'))  # go on with the other checks
    except ValueError as e:
        probs.append(f'JSON output does not parse: {e}')
if d is not None:
    a = d['accounting']
    got = [a['rows_read'], a['rows_used'], a['rows_superseded'], a['rows_rejected'],
           a['rows_excluded']]
    check(got[0] == sum(got[1:]),
          f'rows_read {got[0]} != used + superseded + rejected + excluded {sum(got[1:])}')
    check(got == [int(x) for x in acc.split()],
          'accounting read/used/superseded/rejected/excluded is ' + ' '.join(map(str, got)) +
          ', want ' + acc)
    gotf = f"{a['files_read']}/{a['files_skipped']}"
    check(gotf == files, f'files read/skipped {gotf}, want {files}')
    rej = [w for w in d['warnings'] if w.get('kind') == 'rejected']
    if d.get('warnings_not_listed', 0) == 0:
        check(len(rej) == a['rows_rejected'],
              f"{len(rej)} rejected rows listed in warnings, rows_rejected {a['rows_rejected']}")
    for w in rej:
        if not w.get('file') or not isinstance(w.get('line'), (int, float)) or w['line'] < 1:
            probs.append(f'rejection without file:line: {w}')
            break
    # the first rejection printed on stderr (without -q): FILE:LINE: reason
    first_err = '-'
    for ln in err_t.splitlines():
        m = re.match(re.escape(path) + r':(\d+): (.*)$', ln)
        if m and not m.group(2).startswith('warning: '):
            first_err = f'{m.group(1)}: {m.group(2)}'
            break
    check(first_err == first, f'first rejection is "{first_err}", want "{first}"')
    def shown(t):  # greentally's terminal escaping (gt_text_escape); JSON keeps the text
        return ''.join('\\x%02X' % ord(c) if ord(c) < 32 or ord(c) == 0x7f else
                       '\\u%04X' % ord(c) if 0x80 <= ord(c) <= 0x9f or ord(c) in (0xfffe, 0xffff)
                       else c for c in t)
    if rej:
        j = f"{int(rej[0]['line'])}: {shown(rej[0]['message'])}"
        check(j == first_err, f'first rejection in JSON "{j}", on stderr "{first_err}"')
    check(not errq_t.strip(), 'stderr with -q is not empty: ' + errq_t[:200])

    # EXTRA: properties beyond the accounting
    runs = {r.get('run'): r for r in d.get('runs', [])}
    def close(x, y):
        return x is not None and abs(x - y) <= 1e-12 + 1e-9 * abs(y)
    if name == 'empty_energy_last_row.csv':
        # A's last row has no energy_consumed but its components: their sum
        # counts (0.0012 + 0.0012 + 0.0006); B's last row has no energy at all:
        # B keeps its previous row (line 6, 0.006), and the gap is reported.
        a_ = runs.get('aaaaaaaa-0000-4000-8000-000000000001', {})
        b_ = runs.get('bbbbbbbb-0000-4000-8000-000000000002', {})
        check(close(a_.get('energy_kwh'), 0.003), f"run A energy {a_.get('energy_kwh')}, want 0.003")
        check(close(b_.get('energy_kwh'), 0.006) and b_.get('line') == 6,
              f"run B energy {b_.get('energy_kwh')} from line {b_.get('line')}, want 0.006 from 6")
        check(a['runs_with_energy_gap'] == 1,
              f"runs_with_energy_gap {a['runs_with_energy_gap']}, want 1")
    elif name == 'crlf.csv':
        check(close(d['totals']['energy_kwh'], 0.006), 'CRLF: energy %r' % d['totals']['energy_kwh'])
        check(all(not str(v).endswith('\r') for r in d['runs'] for v in r.values()),
              'CRLF: a value keeps its CR')
    elif name == 'empty_run_id.csv':
        # lines 2-3: two flushes of one unnamed run (same start), line 4 another
        check(d['totals']['runs'] == 3 and close(d['totals']['energy_kwh'], 0.0065),
              f"runs {d['totals']['runs']} energy {d['totals']['energy_kwh']}, want 3, 0.0065")
    elif name == 'latin1_project.csv':
        projects = sorted(r.get('project', '') for r in d['runs'])
        check(all(p.startswith(('caf', 'na')) for p in projects), f'projects {projects}')
    elif name == 'nan_inf_values.csv':
        check(sorted(runs) == ['r-e-tiny', 'r-good'], f'runs kept {sorted(runs)}')
    elif name == 'huge_fields.csv':
        check(sorted(runs) == ['huge-a', 'huge-c'] and runs['huge-a'].get('line') == 2,
              f'runs kept {sorted(runs)}')
    elif name == 'double_bom.csv':
        # the second BOM does not hide the timestamp column
        check(all(r.get('start') for r in d['runs']), 'a run lost its start: %r' % d['runs'])
    elif name == 'terminal_escapes.csv':
        # no control character reaches the terminal, in messages or the table
        tab = subprocess.run([BIN, 'summary', path, '--by', 'project'], capture_output=True)
        for what, t in (('stderr', err_t), ('table', tab.stdout.decode('utf-8', 'replace')),
                        ('table stderr', tab.stderr.decode('utf-8', 'replace'))):
            bad = [c for c in t if (ord(c) < 32 and c != '\n') or 0x7f <= ord(c) <= 0x9f]
            check(not bad, f'{what} holds control characters {bad[:5]}')
        check('\\x1B]0;pwned\\x07proj' in tab.stdout.decode(), 'the table does not show the ESC')
    elif name == 'formula_cells.csv':
        c = subprocess.run([BIN, 'summary', path, '--by', 'project', '-f', 'csv'],
                           capture_output=True).stdout.decode()
        import csv, io
        keys = sorted(r[0] for r in list(csv.reader(io.StringIO(c)))[1:-1])
        want = sorted(["'=HYPERLINK(\"http://x\";\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", '-42'])
        check(keys == want, f'CSV cells {keys}, want {want}')
    elif name == 'xml_invalid.csv':
        x = os.path.join(TMP, 'x.xlsx')
        subprocess.run([BIN, 'report', path, '-o', x, '-q'], capture_output=True)
        with zipfile.ZipFile(x) as z:
            for n in z.namelist():
                if n.endswith(('.xml', '.rels')):
                    try:
                        xml.dom.minidom.parseString(z.read(n))
                    except Exception as e:
                        probs.append(f'{n} of the XLSX report is not well-formed: {e}')
    elif name == 'glued_rows.csv':
        check(close(d['totals']['energy_kwh'], 0.014) and sorted(runs) == sorted(
              ['aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002',
               'cccccccc-0000-4000-8000-000000000003']) and runs[
              'bbbbbbbb-0000-4000-8000-000000000002'].get('line') == 3,
              'energy %r runs %r' % (d['totals']['energy_kwh'], sorted(runs)))
    elif name == 'glued_rows_index.csv':
        check(close(d['totals']['energy_kwh'], 0.009), 'energy %r' % d['totals']['energy_kwh'])
print('; '.join(probs))
EOF
    )
    if [ "$xf" != "-" ]; then
        if [ -n "$res" ]; then
            echo "xfail $name ($xf): $res"
            xfail=$((xfail + 1))
            pass=$((pass + 1))
        else
            echo "FAIL $name: passes now, remove its xfail mark ($xf)"
            fail=$((fail + 1))
        fi
    elif [ -n "$res" ]; then
        echo "FAIL $name: $res"
        fail=$((fail + 1))
    else
        echo "ok   $name"
        pass=$((pass + 1))
    fi
done <<<"$TABLE"

[ $status -ne 0 ] && fail=$((fail + 1))
echo "malformed: $pass passed, $fail failed ($xfail of the passed are expected failures)"
[ $fail -eq 0 ]
