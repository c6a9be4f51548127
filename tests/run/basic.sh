#!/usr/bin/env bash
# greentally run: exit codes, a command that does not exist, standard streams
# untouched, the log path printed, summary reads the log.
source "$(dirname "$0")/lib.sh" "$@"

"$GT" run -q --log-dir L1 -- sleep 0.3; rc=$?
eq "sleep: exit 0" 0 "$rc"
log=$(onelog L1)
ok "sleep: near-zero CPU" 'f["cpu_s"] < 0.05 and f["exit_status"] == 0 and f["signal"] is None' "$log"
ok "sleep: argv as given" 'h["argv"] == ["sleep", "0.3"] and h["scope"] == "tree"' "$log"
ok "sleep: wall time" '0.3 <= f["wall_s"] < 2' "$log"

"$GT" run -q --log-dir L2 -- sh -c 'exit 3'; rc=$?
eq "exit status passed through" 3 "$rc"
ok "footer exit_status 3" 'f["exit_status"] == 3' "$(onelog L2)"

"$GT" run -q --log-dir L3 -- sh -c 'kill -9 $$'; rc=$?
eq "killed by signal 9: 128+9" 137 "$rc"
ok "footer signal 9" 'f["exit_status"] == 137 and f["signal"] == 9' "$(onelog L3)"

"$GT" run -q --log-dir L4 -- no-such-command-gt 2>err; rc=$?
eq "missing command: 127" 127 "$rc"
eq "missing command: message" "greentally: cannot run 'no-such-command-gt': No such file or directory" "$(cat err)"
eq "missing command: no log left" "" "$(ls L4)"

# --node-static-w: W x CPU s / logical CPUs, times the PUE, in the energy
"$GT" run -q --log-dir LS1 --pue 2 --node-static-w 100 -- sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done'; rc=$?
eq "node static: exit 0" 0 "$rc"
log=$(onelog LS1)
ok "node static: W x CPU s / CPUs" 'abs(f["node_static"]["j"] - 100 * f["cpu_s"] / h["cpu"]["logical_cpus"]) < 1e-9 and f["node_static"]["node_w"] == 100' "$log"
ok "node static: in the energy" 'abs(f["static_kwh"] - f["node_static"]["j"] * 2 / 3.6e6) < 1e-15 and abs(f["energy_kwh"] - f["cpu_kwh"] - f["ram_kwh"] - f["static_kwh"]) < 1e-15' "$log"
"$GT" run -q --log-dir LS2 -- true
ok "node static: off by default" '"static_kwh" not in f and "node_static" not in f' "$(onelog LS2)"

printf 'echo hi\n' > notexec
"$GT" run -q --log-dir L4 -- ./notexec 2>err; rc=$?
eq "not executable: 126" 126 "$rc"
eq "not executable: message" "greentally: cannot run './notexec': Permission denied" "$(cat err)"

"$GT" run 2>err; rc=$?
eq "no command: usage error" 1 "$rc"
eq "no command: message" "greentally: run needs a command: greentally run [options] -- CMD ARGS..." "$(cat err)"

"$GT" run --scope nope -- true 2>err; rc=$?
eq "bad scope" "1 greentally: unknown scope 'nope' (tree, user or cgroup)" "$rc $(cat err)"

# standard streams untouched, options after the command are the command's
out=$(echo abc | "$GT" run -q --log-dir L5 -- cat)
eq "stdin and stdout pass through" "abc" "$out"
"$GT" run -q --log-dir L5 sh -c 'echo to-stderr >&2; exit 4' 2>err; rc=$?
eq "options after the command belong to it" 4 "$rc"
eq "stderr passes through" "to-stderr" "$(cat err)"

# the footprint (not a TTY: no status line) ends with the log path
"$GT" run --log-dir L6 --location FR -- true 2>err; rc=$?
eq "footprint run: exit 0" 0 "$rc"
log=$(onelog L6)
eq "footprint: first line" "greentally: 'true' exited with status 0" "$(head -1 err | sed 's/ after .*//')"
eq "footprint: last line is the log" "  log       $log" "$(tail -1 err)"
eq "footprint: gpu not measured" "1" "$(grep -c '^  gpu       not measured' err)"
eq "footprint: co2e line" "1" "$(grep -c '^  co2e      .* (51.28 gCO2e/kWh: FR (France) 2020, ga-v3.0)$' err)"
eq "footprint: range line" "1" "$(grep -c '^  range     between .* and .* kWh; CO2e between .* and .* g$' err)"
eq "no escape sequences when not a TTY" "0" "$(grep -c $'\033' err)"

# summary reads greentally's own logs
"$GT" summary L1 L2 L3 L6 --by tool >sum 2>serr; rc=$?
eq "summary: exit 0" 0 "$rc"
eq "summary: no warnings" "" "$(cat serr)"
eq "summary: the runs" "greentally 4" "$(awk '$1 == "greentally" {print $1, $2}' sum)"
eq "summary: accounting" "files: 4 read, 0 skipped; rows read 4 = 4 used + 0 superseded + 0 rejected" "$(tail -1 sum)"
done_testing
