#!/usr/bin/env bash
# The greentally-run log format: a golden test of its structure (keys, types,
# order; tests/run/structure.golden), one object per line, flushed
# as it goes, every object typed; the footer's required fields.
source "$(dirname "$0")/lib.sh" "$@"
export GT_NVML_LIB=$work/none.so GT_SYS_ROOT=$work/nosys
"$GT" run -q --interval 0.1 --location FR --pue 1.5 --cpu-tdp-per-core 10 --log-dir L1 -- sleep 0.35; rc=$?
eq "exit 0" 0 "$rc"
log=$(onelog L1)
python3 "$HERE/normalize.py" "$log" > got
if diff -u "$HERE/structure.golden" got > d; then echo "ok - structure matches the golden file"
else echo "FAIL - structure differs from tests/run/structure.golden:"; cat d; fails=$((fails + 1)); fi
ok "every line one typed object: header, samples, footer" \
   '[o["type"] for o in lines] == ["header"] + ["sample"] * len(s) + ["footer"] and len(lines) == sum(1 for _ in open(sys.argv[1]))' "$log"
ok "about one sample per interval" '3 <= len(s) <= 6 and f["samples"] == len(s)' "$log"
ok "footer: required fields" 'all(k in f for k in ("exit_status", "wall_s", "cpu_s", "energy_kwh", "co2e_g"))' "$log"
ok "footer: energy = (cpu + ram) x PUE, CO2e = energy x CI" \
   'abs(f["energy_kwh"] - (f["estimates"]["model"]["cpu_j"] + f["estimates"]["model"]["ram_j"]) * 1.5 / 3.6e6) < 1e-15 and abs(f["co2e_g"] - f["energy_kwh"] * 51.28) < 1e-15' "$log"
ok "header: the hwdb rows used" 'h["hwdb_rows"][0].startswith("hwdb/data/constants.csv:") and h["hwdb_rows"][1].startswith("hwdb/data/locations.csv:")' "$log"

# written as it goes: while the command runs the log already holds samples
"$GT" run -q --interval 0.1 --log-dir L2 -- sh -c 'sleep 0.5; cat "$0"/*.jsonl > seen' "$work/L2"
ok "flushed while running: header and samples, no footer yet" 'h is not None and len(s) >= 2 and f is None' "$work/seen"
done_testing
