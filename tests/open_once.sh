#!/bin/bash
# Each input file is opened once (issue 12): `summary` on a tree of
# generated logs under strace counts the openat calls naming each file.
# Small files (read whole by the sniff), files over 8 KiB and over 1 MiB
# (read on from the sniff's descriptor), whole-buffer formats (eco2ai,
# carbontracker pairs), SLURM accounting, files of one size (hashed for
# copies from what the sniff kept), a byte-identical copy, a file that is
# not a log, and a file split into parts read by workers: exactly one open
# each, with -j1 and -j2. Skips (77) without strace. Then, without strace,
# the header cache's counts on files of one header (GREENTALLY_HDR_STATS).
#   open_once.sh PATH_TO_GREENTALLY SOURCE_DIR
set -u
bin=$1
src=$2
if ! command -v strace >/dev/null 2>&1; then
    echo "skipped: strace is not installed"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t=$work/tree
mkdir -p "$t"
hdr=$(head -1 "$src/samples/codecarbon/v2.1/emissions.csv")
row() { # i: a CodeCarbon 2.x row of run run-i
    echo "2022-05-10T09:$((10 + $1 % 50)):03,proj-$(($1 % 4)),run-$1,$(($1 * 60)).5,0.0$1,0.0001,96.3,212.4,23.55,0.02,0.05,0.005,0.$1,Germany,DEU,hesse,,,Linux,3.8.10,40,Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz,1,1 x Tesla V100-PCIE-32GB,8.6,50.1,62.8,machine,N"
}
# small files, several of one size (run-11 ... run-19: same length, other bytes)
for i in $(seq 1 24); do
    mkdir -p "$t/small/d$i"
    {
        echo "$hdr"
        row "$i"
    } >"$t/small/d$i/emissions.csv"
done
cp "$t/small/d12/emissions.csv" "$t/small/d12/emissions.csv.bak" # a byte-identical copy
# over 8 KiB and over 1 MiB
mkdir -p "$t/big" "$t/huge"
{
    echo "$hdr"
    for i in $(seq 100 160); do row "$i"; done
} >"$t/big/emissions.csv"
{
    echo "$hdr"
    for i in $(seq 1000 6000); do row "$i"; done
} >"$t/huge/emissions.csv"
# whole-buffer formats and SLURM accounting, small and over 8 KiB
mkdir -p "$t/eco2ai" "$t/ct" "$t/slurm"
cp "$src/samples/eco2ai/emission.csv" "$t/eco2ai/small.csv"
{
    head -1 "$src/samples/eco2ai/emission.csv"
    for k in $(seq 1 40); do tail -n +2 "$src/samples/eco2ai/emission.csv" | sed "s/^\([0-9a-f]*\)-/\1$k-/"; done
} >"$t/eco2ai/emission.csv"
cp "$src"/samples/carbontracker/10151_2024-03-26T105926Z_carbontracker*.log "$t/ct/"
{
    cat "$src/samples/slurm/sacct-2024-03.txt"
    for k in $(seq 1 30); do tail -n +2 "$src/samples/slurm/sacct-2024-03.txt" | sed "s/^10/$k/"; done
} >"$t/slurm/sacct.txt"
echo "not a log" >"$t/README.txt"

files=$(cd "$t" && find . -type f | sed 's|^\./||' | sort)
for f in big/emissions.csv huge/emissions.csv eco2ai/emission.csv slurm/sacct.txt; do
    [ "$(wc -c <"$t/$f")" -gt 8192 ] || {
        echo "FAIL: $f is not over 8 KiB"
        exit 1
    }
done
[ "$(wc -c <"$t/huge/emissions.csv")" -gt 1048576 ] || {
    echo "FAIL: huge/emissions.csv is not over 1 MiB"
    exit 1
}

fail=0
check() { # label, NAME=VALUE..., --, greentally options...
    local label=$1 envs=()
    shift
    while [ "$1" != -- ]; do
        envs+=("$1")
        shift
    done
    shift
    # LeakSanitizer cannot run under ptrace: off here (the last check below
    # runs without strace, with it)
    (cd "$work" && env "${envs[@]}" ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
        strace -f -qq -e trace=openat -o "$work/trace" \
        "$bin" summary tree -q "$@" >"$work/out" 2>"$work/err")
    local rc=$?
    if [ $rc != 0 ]; then
        echo "FAIL ($label): exit $rc"
        cat "$work/err"
        fail=1
        return
    fi
    local n=0
    while read -r f; do
        local c
        c=$(grep -cF "\"tree/$f\"" "$work/trace")
        if [ "$c" != 1 ]; then
            echo "FAIL ($label): tree/$f opened $c times"
            grep -F "\"tree/$f\"" "$work/trace" | head -5
            fail=1
        fi
        n=$((n + 1))
    done <<<"$files"
    echo "ok ($label): $n files, each opened once"
}
check "-j1" GT_X=1 -- -j1
check "-j2" GT_X=1 -- -j2
# the 1 MiB file split into parts of 64 KiB, read by two workers
check "-j2, parts" GREENTALLY_PART_BYTES=65536 -- -j2
# a header seen before is not matched again: 25 small files with one header
# (24 read, a copy dropped) match its first line (detection) and its fields
# once each, and find them 24 and 23 times
got=$(cd "$work" && GREENTALLY_HDR_STATS=1 "$bin" summary tree/small -q -j1 2>&1 >/dev/null)
want="greentally: header look-ups: 2 matched, 47 seen before"
if [ "$got" != "$want" ]; then
    echo "FAIL (header cache): got '$got', want '$want'"
    fail=1
else
    echo "ok (header cache): $want"
fi
exit $fail
