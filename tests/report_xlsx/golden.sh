#!/usr/bin/env bash
# Golden test of the XLSX report, part by part.
# Usage: golden.sh GREENTALLY CASE ARGS...
#
# Runs `greentally report ARGS -q -o T.xlsx` (GT_CMD names another command,
# e.g. tradeoff) in the source tree (so paths in
# the report are relative and stable) with SOURCE_DATE_EPOCH pinned, twice:
# the two files must be identical byte for byte. Then unzips the first and
# compares the list of its parts and every part but the theme (sheets,
# charts, drawings, shared strings, styles, workbook, docProps/core.xml with
# its pinned date, ...) with tests/report_xlsx/CASE/, one XML tag per line so
# a difference reads well. The hwdb data version is normalised as
# tests/cli/run_case.sh does. layout.py checks that the Summary's charts
# cover no note nor each other. GT_UPDATE_GOLDEN=1 rewrites the golden files
# (review the diff!).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
SRC=${GT_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
golden=$here/$name
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000
cd "$SRC" || exit 1
for i in 1 2; do
  if ! "$bin" "${GT_CMD:-report}" "$@" -q -o "$work/t$i.xlsx" 2>"$work/err"; then
    echo "greentally report $* failed:"; cat "$work/err"; exit 1
  fi
done
if ! cmp -s "$work/t1.xlsx" "$work/t2.xlsx"; then
  echo "two runs with the same SOURCE_DATE_EPOCH wrote different files"; exit 1
fi
mkdir "$work/x" "$work/n"
(cd "$work/x" && unzip -q ../t1.xlsx) || { echo "the report is not a zip file"; exit 1; }
(cd "$work/x" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$work/n/parts.txt"
while IFS= read -r p; do
  [[ $p == xl/theme/* ]] && continue
  mkdir -p "$work/n/$(dirname "$p")"
  sed -E -e 's/hwdb-[0-9a-f]{8}/hwdb-XXXXXXXX/g' -e 's/></>\n</g' "$work/x/$p" > "$work/n/$p"
done < "$work/n/parts.txt"
python3 "$here/layout.py" "$work/x" || { echo "the Summary sheet's layout is wrong"; exit 1; }
if [[ ${GT_UPDATE_GOLDEN:-} == 1 ]]; then
  rm -rf "$golden"
  cp -R "$work/n" "$golden"
  exit 0
fi
[[ -d $golden ]] || { echo "no golden files in $golden (GT_UPDATE_GOLDEN=1 writes them)"; exit 1; }
if ! diff -r -u "$golden" "$work/n" > "$work/diff"; then
  echo "the report differs from $golden (- want, + got):"
  head -c 20000 "$work/diff"
  exit 1
fi
exit 0
