#!/usr/bin/env bash
# Checks one PDF report against its golden text. Usage:
#   check_pdf.sh GREENTALLY NAME PAGES -- [estimate] REPORT-ARGS...
# Runs `greentally report REPORT-ARGS -o T.pdf` (or `greentally estimate ...`
# when the arguments start with `estimate`; GT_CMD names another command,
# e.g. tradeoff) twice with SOURCE_DATE_EPOCH
# set (in the source tree, so paths are relative) and checks: the two files
# are byte-identical, pdfinfo's page count is PAGES, `pdftotext -layout`
# equals tests/report_pdf/NAME.txt, pdftoppm renders one PNG per page.
# GT_UPDATE_GOLDEN=1 rewrites NAME.txt (review the diff!).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=$2 pages=$3
shift 3
[[ ${1:-} == -- ]] && shift
cmd=${GT_CMD:-report} quiet=-q
[[ ${1:-} == estimate ]] && { cmd=estimate quiet=; shift; }
here=$(cd "$(dirname "$0")" && pwd)
src=${GT_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
golden=$here/$name.txt
for t in pdfinfo pdftotext pdftoppm; do
  command -v $t >/dev/null || { echo "$t is missing (poppler-utils)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
fail=0
for i in 1 2; do
  if ! SOURCE_DATE_EPOCH=1700000000 "$bin" $cmd "$@" $quiet -o "$work/$i.pdf" 2>"$work/err$i"; then
    echo "greentally $cmd $* failed:"; cat "$work/err$i"; exit 1
  fi
done
cmp -s "$work/1.pdf" "$work/2.pdf" || { echo "two runs gave different bytes"; fail=1; }
got_pages=$(pdfinfo "$work/1.pdf" | sed -n 's/^Pages: *//p')
[[ $got_pages == "$pages" ]] || { echo "pages: want $pages, got $got_pages"; fail=1; }
pdftotext -layout "$work/1.pdf" "$work/1.txt" || { echo "pdftotext failed"; fail=1; }
sed -i -E 's/hwdb-[0-9a-f]{8}/hwdb-XXXXXXXX/g' "$work/1.txt"
if [[ ${GT_UPDATE_GOLDEN:-} == 1 ]]; then
  cp "$work/1.txt" "$golden"
elif ! diff -u "$golden" "$work/1.txt" >"$work/diff"; then
  echo "text differs from $golden (- want, + got):"; head -60 "$work/diff"; fail=1
fi
if ! pdftoppm -png -r 20 "$work/1.pdf" "$work/pg" 2>"$work/render"; then
  echo "pdftoppm failed:"; cat "$work/render"; fail=1
fi
[[ -s $work/render ]] && { echo "pdftoppm complained:"; cat "$work/render"; fail=1; }
pngs=$(ls "$work"/pg-*.png 2>/dev/null | wc -l)
[[ $pngs == "$got_pages" ]] || { echo "rendered $pngs pages of $got_pages"; fail=1; }
exit $fail
