#!/usr/bin/env bash
# What greentally does when standard output is a terminal (run under
# script(1), which gives the command a pseudo-terminal):
#   - a PDF or XLSX written to standard output is refused (exit 1), as curl
#     refuses binary output, unless -o - asks for it;
#   - reading logs shows a progress line on standard error (files, MB, rows,
#     rate), erased before any message and at the end; not with -q, and not
#     when standard error is not a terminal (GREENTALLY_PROGRESS_MS=0 shows
#     it from the first file);
# Usage: tty.sh GREENTALLY
set -u
bin=$1
command -v script >/dev/null || { echo "script(1) is missing (util-linux): skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
est=(estimate --runtime 1h --cores 4 --cpu "Xeon Gold 6248")
ontty() { # ontty OUT ARGS...: runs ARGS on a pseudo-terminal, output to OUT; returns its status
  local out=$1; shift
  local cmd
  printf -v cmd '%q ' "$@"
  script -qec "$cmd" /dev/null >"$out" 2>&1
}
for f in pdf xlsx; do
  ontty "$work/out" "$bin" "${est[@]}" --format $f
  rc=$?
  [[ $rc == 1 ]] || { echo "--format $f to a terminal: exit $rc, want 1"; fail=1; }
  what="a PDF"; [[ $f == xlsx ]] && what="an XLSX workbook"
  grep -q "greentally: not writing $what to a terminal: give -o FILE (or -o - to write it anyway)" \
    "$work/out" || { echo "--format $f: message:"; cat "$work/out"; fail=1; }
done
ontty "$work/out" "$bin" "${est[@]}" --format pdf -o - || { echo "-o - was refused"; fail=1; }
grep -aq '%PDF-' "$work/out" || { echo "-o - wrote no PDF"; fail=1; }
# not a terminal: written as before
"$bin" "${est[@]}" --format pdf >"$work/p.pdf" || { echo "a pipe was refused"; fail=1; }
head -c 5 "$work/p.pdf" | grep -q '%PDF-' || { echo "no PDF to a pipe"; fail=1; }
# a table to a terminal is fine
ontty "$work/out" "$bin" "${est[@]}" || { echo "the table was refused"; cat "$work/out"; fail=1; }
src=${GT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export GREENTALLY_PROGRESS_MS=0
ontty "$work/out" "$bin" summary "$src/samples/codecarbon" || true
grep -aqE $'\rgreentally: [0-9]+/[0-9]+ files, [0-9.]+ MB, [0-9]+ rows, [0-9.]+ MB/s\033\\[K' "$work/out" ||
  { echo "no progress line:"; cat -A "$work/out" | head -5; fail=1; }
# erased before each warning: no warning text follows a progress line on its line
if grep -aE 'MB/s.\[K[^\r]*warning' "$work/out" >/dev/null; then
  echo "a warning printed over the progress line"; fail=1
fi
ontty "$work/out" "$bin" summary "$src/samples/codecarbon" -q || true
grep -aq 'MB/s' "$work/out" && { echo "a progress line with -q"; fail=1; }
"$bin" summary "$src/samples/codecarbon" >/dev/null 2>"$work/err" || true
grep -aq 'MB/s' "$work/err" && { echo "a progress line when standard error is not a terminal"; fail=1; }
exit $fail
