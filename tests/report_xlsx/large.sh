#!/usr/bin/env bash
# The XLSX report of 2500 runs (more than the writer keeps in memory, so
# libxlsxwriter's constant_memory mode: inline strings, rows flushed as they
# are written) with a project name in Latin-1. Usage: large.sh GREENTALLY
#
# Checks exact facts rather than golden files: reproducible bytes, no shared
# strings, one row per run plus the header, the autofilter ranges, the
# Latin-1 name as UTF-8 in every sheet, every part valid UTF-8, the ranges the
# charts point at and the pinned creation date.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export SOURCE_DATE_EPOCH=1700000000
fail=0
check() { # check WHAT WANT GOT
  if [[ $2 != "$3" ]]; then echo "$1: want '$2', got '$3'"; fail=1; fi
}
# 5 projects (one "caf\xe9" in Latin-1), starts in 2023-12 .. 2024-03
LC_ALL=C awk 'BEGIN {
  print "timestamp,project_name,run_id,duration,emissions,cpu_energy,gpu_energy,ram_energy," \
        "energy_consumed,country_name,codecarbon_version"
  split("alpha beta gamma delta", p, " "); p[0] = "caf\351"
  for (i = 0; i < 2500; i++)
    printf "2024-%02d-%02dT%02d:%02d:00,%s,run-%05d,%d,%.6f,0.001,0.002,0.0005,0.0035,France,2.4.2\n",
      1 + i % 3, 1 + i % 28, i % 24, i % 60, p[i % 5], i, 600 + i, 0.0001 * (i % 97 + 1) }' > e.csv
for i in 1 2; do
  "$bin" report e.csv --by project,month -q -o "t$i.xlsx" 2>err || { echo "report failed:"; cat err; exit 1; }
done
cmp -s t1.xlsx t2.xlsx || { echo "two runs with the same SOURCE_DATE_EPOCH differ"; fail=1; }
mkdir x && (cd x && unzip -q ../t1.xlsx) || { echo "not a zip file"; exit 1; }
cd x || exit 1
check "sheets" "Summary Runs By_project By_month Groups Method Chart_data" \
  "$(grep -o '<sheet name="[^"]*"' xl/workbook.xml | sed 's/<sheet name="//;s/"$//;s/ /_/g' | tr '\n' ' ' | sed 's/ $//')"
check "sharedStrings.xml (constant_memory writes strings inline)" "absent" \
  "$([[ -e xl/sharedStrings.xml ]] && echo present || echo absent)"
check "Runs rows" 2501 "$(grep -o '<row ' xl/worksheets/sheet2.xml | wc -l)"
check "Runs inline strings" yes "$(grep -q 't="inlineStr"' xl/worksheets/sheet2.xml && echo yes)"
check "Runs frozen header" yes "$(grep -q '<pane ySplit="1" topLeftCell="A2"' xl/worksheets/sheet2.xml && echo yes)"
check "autofilters" "A1:W2501 A1:M6 A1:M5 A1:O20" \
  "$(grep -ho '<autoFilter ref="[^"]*"' xl/worksheets/sheet[2-5].xml | sed 's/.*ref="//;s/"//' | tr '\n' ' ' | sed 's/ $//')"
check "Runs header" "start (local time, as logged)|tool|tool version|project|run|duration (s)|energy (kWh)|CPU energy (kWh)|GPU energy (kWh)|RAM energy (kWh)|CO2e (g)|energy low (kWh)|energy high (kWh)|CO2e low (g)|CO2e high (g)|carbon intensity (gCO2e/kWh)|PUE|country|format|source file|line|rows seen|recomputed" \
  "$(sed 's/<\/row>.*//' xl/worksheets/sheet2.xml | grep -o '<t>[^<]*</t>' | sed 's/<t>//;s/<\/t>//' | tr '\n' '|' | sed 's/|$//')"
check "By project labels" "project runs alpha beta café delta gamma total" \
  "$(grep -o '<t>[^<]*</t>' xl/worksheets/sheet3.xml | sed 's/<t>//;s/<\/t>//' | grep -v ' ' | tr '\n' ' ' | sed 's/ $//')"
check "café in Runs (UTF-8)" 500 "$(grep -o '<t>café</t>' xl/worksheets/sheet2.xml | wc -l)"
bad=""
for f in $(find . -name '*.xml' -o -name '*.rels' | LC_ALL=C sort); do
  iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || bad+="$f "
done
check "parts that are not UTF-8" "" "$bad"
# energy by component per project (CPU, GPU, RAM; no "other"), CO2e by month, share
check "chart ranges" "A2:A6 B2:B6 A2:A6 C2:C6 A2:A6 D2:D6 A2:A6 M2:M6 A2:A6 N2:N6 A2:A6 O2:O6 G2:G5 Q2:Q5 G2:G5 R2:R5 G2:G5 S2:S5 J2:J6 K2:K6" \
  "$(grep -ho "<c:f>'Chart data'![^<]*</c:f>" xl/charts/chart*.xml | sed 's/.*!//;s/<.*//;s/\$//g' | tr '\n' ' ' | sed 's/ $//')"
check "created" "2023-11-14T22:13:20Z" \
  "$(grep -o '<dcterms:created[^>]*>[^<]*' docProps/core.xml | sed 's/.*>//')"
exit $fail
