#!/usr/bin/env bash
# greentally run --scope tree: CPU seconds of busy children within 2 % of
# getrusage(RUSAGE_CHILDREN) for the same run; grandchildren and
# double-forked daemons counted.
source "$(dirname "$0")/lib.sh" "$@"

# within2 DESC LOG WRAP_OUTPUT: the log's CPU seconds against what the
# wrapper's getrusage(RUSAGE_CHILDREN) says, less greentally's own CPU time
within2() {
  local a b
  a=$(q "$2" 'f["cpu_s"]')
  b=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "${3##*children_cpu_s=}" "$(q "$2" 'f["self_cpu_s"]')")
  eq "$1 ($a s vs getrusage $b s)" "true" \
     "$(python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(str(b > 0 and abs(a - b) <= 0.02 * b).lower())" "$a" "$b")"
}

w=$("$TP" wrap -- "$GT" run -q --log-dir L1 -- "$TP" children 2 2)
log=$(onelog L1)
eq "two busy children: exit" "exit=0" "${w%% *}"
within2 "two busy children for 2 s" "$log" "$w"
ok "two busy children: about 4 CPU s" '3.9 <= f["cpu_s"] <= 4.2' "$log"
ok "two busy children: samples add up to the footer" 'abs(sum(x["cpu_s"] for x in s) - f["cpu_s"]) < 1e-9' "$log"

w=$("$TP" wrap -- "$GT" run -q --log-dir L2 -- "$TP" grandchildren 1)
log=$(onelog L2)
within2 "grandchild" "$log" "$w"
ok "grandchild: its 1 CPU s counted" 'f["cpu_s"] >= 0.98' "$log"

w=$("$TP" wrap -- "$GT" run -q --log-dir L3 --interval 0.2 -- sh -c \
    "'$TP' daemon 1 flag; while [ ! -e flag ]; do sleep 0.05; done")
log=$(onelog L3)
within2 "double-forked daemon" "$log" "$w"
ok "double-forked daemon: its 1 CPU s counted" 'f["cpu_s"] >= 0.98' "$log"
done_testing
