#!/usr/bin/env bash
# greentally run: SIGINT, SIGTERM, SIGHUP, SIGQUIT are passed on to the
# command and its death by signal N is greentally's exit 128+N; a kill -9 of
# greentally leaves a readable, truncated log and no orphan.
source "$(dirname "$0")/lib.sh" "$@"

for sig in INT TERM HUP QUIT; do
  n=$(kill -l "$sig")
  start=$SECONDS
  w=$("$TP" wrap -s "$n" -a 0.5 -- "$GT" run -q --log-dir "L$sig" -- sleep 20)
  eq "SIG$sig forwarded: greentally exits 128+$n" "exit=$((128 + n))" "${w%% *}"
  ok "SIG$sig: footer says the command died of it" "f['signal'] == $n and f['exit_status'] == $((128 + n))" "$(onelog "L$sig")"
  eq "SIG$sig: not waited for the 20 s" "true" "$( ((SECONDS - start < 10)) && echo true || echo false)"
done

# kill -9 of greentally: the log stays readable up to the last sample, the
# command is told to stop (never orphaned)
set -m
"$GT" run -q --interval 0.1 --log-dir K -- sh -c 'echo $$ > cmd.pid; exec sleep 30' &
gpid=$!
bg+=("$gpid")
for _ in $(seq 100); do
  [[ -s cmd.pid && -d K && $(cat K/* 2>/dev/null | grep -c '"type":"sample"') -ge 3 ]] && break
  sleep 0.1
done
kill -9 "$gpid"
wait "$gpid" 2>/dev/null
cpid=$(cat cmd.pid)
for _ in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
eq "kill -9 greentally: the command does not outlive it" "gone" "$(kill -0 "$cpid" 2>/dev/null && echo alive || echo gone)"
log=$(onelog K)
ok "kill -9: header and samples, no footer" 'h is not None and len(s) >= 3 and f is None' "$log"
"$GT" summary K --by tool >sum 2>serr; rc=$?
eq "kill -9: summary reads the truncated log" 0 "$rc"
eq "kill -9: summary says it is truncated" \
   "$log: warning: truncated log: no footer (greentally stopped before the command ended); totals are the sums of its $(q "$log" 'len(s)') samples" \
   "$(grep truncated serr)"
eq "kill -9: the run is counted" "greentally 1" "$(awk '$1 == "greentally" {print $1, $2}' sum)"
done_testing
