#!/usr/bin/env bash
# greentally run with a fixture powercap tree (GT_SYS_ROOT): package and DRAM
# counters, a package counter that wraps at max_energy_range_uj, psys and
# core domains not counted, --cpu-power model/rapl.
source "$(dirname "$0")/lib.sh" "$@"

pc=$work/sys/class/powercap
mkdir -p "$pc/intel-rapl:0" "$pc/intel-rapl:0:0" "$pc/intel-rapl:0:1" "$pc/intel-rapl:1"
max=262143328850
printf 'package-0\n' > "$pc/intel-rapl:0/name"
printf '%s\n' "$max" > "$pc/intel-rapl:0/max_energy_range_uj"
printf '%s\n' $((max - 5000000)) > "$pc/intel-rapl:0/energy_uj"
printf 'core\n' > "$pc/intel-rapl:0:0/name"
printf '%s\n' "$max" > "$pc/intel-rapl:0:0/max_energy_range_uj"
printf '7\n' > "$pc/intel-rapl:0:0/energy_uj"
printf 'dram\n' > "$pc/intel-rapl:0:1/name"
printf '65712999613\n' > "$pc/intel-rapl:0:1/max_energy_range_uj"
printf '1000\n' > "$pc/intel-rapl:0:1/energy_uj"
printf 'psys\n' > "$pc/intel-rapl:1/name"
printf '%s\n' "$max" > "$pc/intel-rapl:1/max_energy_range_uj"
printf '5\n' > "$pc/intel-rapl:1/energy_uj"
cp -r sys sys0

# the command moves the counters: package wraps (5 J to the top, 3 J after),
# DRAM +2 J; atomic replacements so greentally never reads half a file
bump='sleep 0.3; printf "3000000\n" > t && mv t "$1/intel-rapl:0/energy_uj";
      printf "2001000\n" > t && mv t "$1/intel-rapl:0:1/energy_uj";
      printf "999999\n" > t && mv t "$1/intel-rapl:1/energy_uj"; sleep 0.3'
GT_SYS_ROOT=$work/sys "$GT" run -q --interval 0.1 --log-dir L1 -- sh -c "$bump" sh "$pc"; rc=$?
eq "rapl run: exit 0" 0 "$rc"
log=$(onelog L1)
ok "header: readable, package and DRAM domains (core, psys left out)" \
   'h["rapl"] == {"readable": True, "domains": ["package-0", "dram"]}' "$log"
ok "header: RAPL chosen by default" 'h["cpu_method"] == "rapl"' "$log"
eq "host package energy across the wrap: 8 J exactly" "8.0" "$(q "$log" 'float(f["estimates"]["rapl"]["host_pkg_j"])')"
eq "host DRAM energy: 2 J exactly" "2.0" "$(q "$log" 'float(f["estimates"]["rapl"]["host_dram_j"])')"
eq "samples add up to the same 8 J" "8.0" "$(q "$log" 'float(sum(x["rapl_j"]["pkg"] for x in s))')"
ok "footer: CPU and memory counted from RAPL" 'f["method"]["cpu"] == "rapl" and f["method"]["ram"] == "rapl"' "$log"
ok "attributed by CPU-time share: each sample pkg x share" \
   'all(abs(x["e_j"]["cpu"] - x["rapl_j"]["pkg"] * x["share"]) < 1e-12 for x in s if x["host_busy_s"] is not None)' "$log"
ok "attributed energy is at most the host's" \
   '0 <= f["estimates"]["rapl"]["cpu_j"] <= 8 and 0 <= f["estimates"]["rapl"]["ram_j"] <= 2' "$log"
ok "the model is reported beside it" 'f["estimates"]["model"]["cpu_j"] >= 0' "$log"

rm -rf sys && cp -r sys0 sys
GT_SYS_ROOT=$work/sys "$GT" run -q --interval 0.1 --cpu-power model --log-dir L2 -- sh -c "$bump" sh "$pc"
log=$(onelog L2)
ok "--cpu-power model: the model counts, RAPL still reported" \
   'f["method"]["cpu"] == "model" and f["estimates"]["rapl"]["host_pkg_j"] == 8 and abs(f["cpu_kwh"] * 3.6e6 / f["pue"] - f["estimates"]["model"]["cpu_j"]) < 1e-9' "$log"

mkdir empty
GT_SYS_ROOT=$work/empty "$GT" run -q --cpu-power rapl --log-dir L3 -- true 2>err; rc=$?
eq "--cpu-power rapl without RAPL: data error" 2 "$rc"
eq "--cpu-power rapl without RAPL: message" "greentally: --cpu-power rapl: no powercap interface ('$work/empty/class/powercap')" "$(cat err)"
GT_SYS_ROOT=$work/empty "$GT" run -q --log-dir L4 -- true
ok "no RAPL: the model, and why" 'h["cpu_method"] == "model" and h["rapl"]["readable"] is False and f["estimates"]["rapl"]["host_pkg_j"] is None' "$(onelog L4)"
done_testing
