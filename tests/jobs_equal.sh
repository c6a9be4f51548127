#!/bin/bash
# -j1 and -jN give byte-identical output (stdout, stderr, exit status) for
# summary, report and statement, on every sample folder and on generated
# CodeCarbon files that exercise what parallel reading must get right: parts
# split mid-file (GREENTALLY_PART_BYTES makes small files split), a header
# that changes mid-file, rejected rows, rows without energy, anonymous and
# API-delta rows (read in order instead), CRLF and quoted cells, many runs.
#   jobs_equal.sh PATH_TO_GREENTALLY SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
cmp_run() { # name, args...
    local name=$1
    shift
    GREENTALLY_PART_BYTES=$part SOURCE_DATE_EPOCH=1700000000 "$bin" "$@" -j1 \
        >"$work/a.out" 2>"$work/a.err"
    local ra=$?
    for j in 2 3; do
        GREENTALLY_PART_BYTES=$part SOURCE_DATE_EPOCH=1700000000 "$bin" "$@" -j$j \
            >"$work/b.out" 2>"$work/b.err"
        local rb=$?
        if [ $ra != $rb ] || ! cmp -s "$work/a.out" "$work/b.out" ||
            ! cmp -s "$work/a.err" "$work/b.err"; then
            echo "DIFFERS: $name (-j$j, parts of $part bytes): $*"
            diff "$work/a.out" "$work/b.out" | head -5
            diff "$work/a.err" "$work/b.err" | head -5
            fail=1
        fi
    done
    checked=$((checked + 1))
}

# generated CodeCarbon files
gen=$work/gen
mkdir -p "$gen/mixed" "$gen/many" "$gen/crlf" "$gen/delta"
hdr=$(head -1 "$src/samples/codecarbon/v2.1/emissions.csv")
{
    echo "$hdr"
    for i in $(seq 1 60); do
        r=$((i % 7))
        e=$((i * 3))
        echo "2022-05-10T09:$((10 + i % 50)):03,proj-$((i % 4)),run-$r,$((i * 60)).5,0.0$e,0.0001,96.3,212.4,23.55,0.02,0.05,0.005,0.$e,Germany,DEU,hesse,,,Linux,3.8.10,40,Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz,1,1 x Tesla V100-PCIE-32GB,8.6,50.1,62.8,machine,N"
        [ $((i % 11)) = 0 ] && echo "2022-05-10T09:00:03,proj-x,run-bad,not-a-number,1,1,1,1,1,1,1,1,1,Germany,DEU,,,,Linux,3.8,40,cpu,1,gpu,1,1,1,machine,N"
        [ $((i % 13)) = 0 ] && echo "2022-05-10T10:$((i % 50)):03,proj-1,run-$r,$((i * 61)).5,,,,,,,,,,Germany,DEU,hesse,,,Linux,3.8.10,40,cpu,1,gpu,8.6,50.1,62.8,machine,N"
        [ $((i % 17)) = 0 ] && echo '2022-05-10T09:00:03,"proj, quoted",run-q,10,0.1,0.01,1,1,1,0.1,0.1,0.1,0.3,Germany,DEU,,,,Linux,3.8,40,"cpu ""x""",1,gpu,1,1,1,machine,N'
        [ $i = 30 ] && cat "$src/samples/codecarbon/let/emissions.csv"
    done
} >"$gen/mixed/emissions.csv"
{
    echo "$hdr"
    for i in $(seq 1 400); do
        echo "2023-01-0$((1 + i % 9))T0$((i % 10)):00:00,p$((i % 5)),id-$((i % 150)),$i,0.$i,0.1,1,2,3,0.1,0.2,0.3,0.$i,France,FRA,,,,Linux,3.11,8,cpu,1,gpu,2.3,48.8,16,machine,N"
    done
} >"$gen/many/emissions.csv"
sed 's/$/\r/' "$gen/many/emissions.csv" | head -200 >"$gen/crlf/emissions.csv"
if [ -d "$src/samples/codecarbon/api" ]; then cp "$src"/samples/codecarbon/api/* "$gen/delta/"; fi
cat "$src/samples/codecarbon/v2.1/emissions.csv" "$src/samples/codecarbon/gap/emissions.csv" \
    >"$gen/delta/concat.csv"

# a hostile tree (issue 13): a file whose whole-file parser fails (rejected,
# named, the others go on), a byte-identical copy and a backup folder of a log
# without run ids (duplicates, copies warned about), absurd numbers and a NUL
# in a cell (rows rejected inside parts), a symbolic link to a folder
mkdir -p "$gen/hostile/bad" "$gen/hostile/live" "$gen/hostile/backup" "$gen/hostile/cc"
{
    head -2 "$src/samples/eco2ai/emission.csv"
    printf 'x,"a"b,c\n'
} >"$gen/hostile/bad/emission.csv"
cp "$src/samples/codecarbon/v0-2020/emissions.csv" "$gen/hostile/live/emissions.csv"
head -3 "$src/samples/codecarbon/v0-2020/emissions.csv" >"$gen/hostile/backup/emissions.csv"
{
    echo "$hdr"
    for i in $(seq 1 40); do
        echo "2022-05-10T09:$((10 + i)):03,proj-$((i % 3)),run-$((i % 9)),$((i * 60)).5,0.0$i,0.0001,96.3,212.4,23.55,0.02,0.05,0.005,0.$i,Germany,DEU,hesse,,,Linux,3.8.10,40,cpu,1,gpu,8.6,50.1,62.8,machine,N"
        [ $((i % 9)) = 0 ] && echo "2022-05-10T09:00:03,proj-z,run-big,60,0.1,0.01,1,1,1,0.1,0.1,0.1,1e308,Germany,DEU,,,,Linux,3.8,40,cpu,1,gpu,1,1,1,machine,N"
        [ $((i % 14)) = 0 ] && printf '2022-05-10T09:00:03,proj\0z,run-nul,60,0.1,0.01,1,1,1,0.1,0.1,0.1,0.3,Germany,DEU,,,,Linux,3.8,40,cpu,1,gpu,1,1,1,machine,N\n'
    done
} >"$gen/hostile/cc/emissions.csv"
cp "$gen/hostile/cc/emissions.csv" "$gen/hostile/cc/emissions.csv.bak"
ln -s ../many "$gen/hostile/link"

# a greentally run log whose CPU figure is RAPL's (the uncertainty basis
# reads its cpu_method): summary's compact table and CSV agree with JSON,
# which keeps whole rows
mkdir -p "$gen/rapl"
sed -e 's/"cpu_method":"model"/"cpu_method":"rapl"/' -e 's/"method":{"cpu":"model"/"method":{"cpu":"rapl"/' \
    "$src/tests/run/fixtures/run_ok.jsonl" \
    >"$gen/rapl/run.jsonl"
for d in "$gen/rapl" "$src/tests/run/fixtures" "$src/samples"; do
    "$bin" summary "$d" -f csv -q >"$work/c.csv" 2>/dev/null
    "$bin" summary "$d" -f json -q >"$work/c.json" 2>/dev/null
    if ! python3 - "$work/c.csv" "$work/c.json" <<'PY'; then
import csv, json, sys
row = [r for r in csv.DictReader(open(sys.argv[1])) if r.get("group", r.get(next(iter(r)))) == "total"][-1]
t = json.load(open(sys.argv[2]))["totals"]
want = t["energy_kwh_range"] + t["co2e_g_range"]
got = [float(row[k]) for k in ("energy_kwh_low", "energy_kwh_high", "co2e_g_low", "co2e_g_high")]
sys.exit(0 if all(abs(a - b) <= 1e-12 * max(abs(a), abs(b)) for a, b in zip(got, want)) else 1)
PY
        echo "DIFFERS: compact summary and JSON ranges: $d"
        fail=1
    fi
done

checked=0
for part in 64 700 100000000; do
    for d in "$src"/samples/*/ "$gen"/*/ "$src/samples" "$gen" "$src/tests/run/fixtures"; do
        cmp_run summary summary "$d" --by project,month
        cmp_run summary-csv summary "$d" --by run -f csv
        cmp_run summary-json summary "$d" -f json --by tool
        cmp_run report report "$d" -o "$work/r.json" -q
        [ -f "$work/r.json" ] && mv "$work/r.json" "$work/r1.json"
        cmp_run statement statement "$d"
    done
done
cmp_run strict summary "$gen/mixed" --strict

# the CSV report's rows are formatted in blocks of 1024 runs by -j threads
# and written in order: 3000 runs (repeated and distinct cells), to stdout
# and to a file
mkdir -p "$work/runs3k"
awk -v hdr="$hdr" 'BEGIN {
    print hdr
    for (i = 0; i < 3000; i++)
        printf "2023-%02d-%02dT%02d:00:0%d,p%d,r-%d,%d.%d,0.%04d,0.1,%d.5,2,3,0.1,0.2,0.3,0.%d,France,FRA,,,,Linux,3.11,%d,cpu %d,1,gpu,2.3,48.8,%d,machine,N\n", \
            1 + i % 12, 1 + i % 28, i % 24, i % 10, i % 7, i, 60 + i, i % 10, i, i % 40, i, 4 + i % 3, i % 5, 16 * (1 + i % 2)
}' >"$work/runs3k/emissions.csv"
for d in "$work/runs3k" "$src/samples"; do
    part=100000000
    cmp_run report-csv report "$d" -o - --format csv -q
    for j in 1 2; do
        SOURCE_DATE_EPOCH=1700000000 "$bin" report "$d" -q -j$j -o "$work/r$j.csv"
    done
    if ! cmp -s "$work/r1.csv" "$work/r2.csv"; then
        echo "DIFFERS: report -o FILE.csv -j1 and -j2: $d"
        fail=1
    fi
done

# SLURM accounting (issue 15): jobs kept compact, their per-user figures
# summed at the finish; a file read on a worker is taken over whole, a second
# one (with jobs of the first again, and steps apart from their job) merged
mkdir -p "$gen/sacct"
sh="JobID|User|Account|Partition|State|Elapsed|NCPUS|TotalCPU|CPUTime|ReqMem|MaxRSS|AllocTRES|NNodes|Start|End"
states=(COMPLETED FAILED TIMEOUT "CANCELLED by 3" OUT_OF_MEMORY COMPLETED RUNNING)
for f in a b; do
    {
        echo "$sh"
        for i in $(seq 1 300); do
            [ $f = b ] && i=$((i + 250))
            u=u$((i * 7 % 5)) p=$([ $((i % 3)) = 0 ] && echo gpu || echo cpu)
            st=${states[$((i % 7))]} el=$((i * 97 % 7000 + 60)) c=$((i % 9 + 1))
            id=$([ $((i % 10)) = 4 ] && echo "77_$i" || echo "$((9000 + i))")
            line="$u|acct$((i % 4))|$p|$st|00:$((el / 60 % 60)):$((el % 60))|$c|00:$((el / 120 % 60)):00|00:$((el * c / 60 % 60)):00|$((i % 5 + 1))G"
            echo "$id|$line||cpu=$c,$([ $p = gpu ] && echo gres/gpu=1,)node=1|1|2024-0$((i % 3 + 1))-0$((i % 9 + 1))T0$((i % 7)):00:00|2024-04-01T00:00:00"
            echo "$id.batch|$line|$((i * 313 % 900000))K|cpu=$c|1|2024-0$((i % 3 + 1))-0$((i % 9 + 1))T0$((i % 7)):00:00|2024-04-01T00:00:00"
            [ $((i % 50)) = 7 ] && echo "$((9000 + i - 3)).extern|$line|1G|cpu=$c|1||"
        done
    } >"$gen/sacct/$f.txt"
done
part=100000000
for d in "$src/samples/slurm" "$gen/sacct" "$gen/sacct/b.txt"; do
    cl=(--cluster "$src/samples/slurm/cluster.yaml")
    cmp_run slurm summary "$d" "${cl[@]}" --by user,partition,state
    cmp_run slurm-csv summary "$d" "${cl[@]}" --by account,array,job -f csv
    cmp_run slurm-ci summary "$d" "${cl[@]}" --by user --ci 123 --pue 1.4
    cmp_run slurm-json summary "$d" "${cl[@]}" --by state -f json
done
echo "jobs_equal: $checked comparisons of -j1 with -j2 and -j3"
exit $fail
