#!/usr/bin/env bash
# greentally run --plug: a Tasmota plug served on 127.0.0.1 by
# tests/run/plug_server.py; a good answer, malformed JSON, no Total, HTTP
# 500, a timeout, nothing listening.
source "$(dirname "$0")/lib.sh" "$@"
export GT_NVML_LIB=$work/none.so

# serve MODE: starts a server, sets $port
serve() {
  rm -f port
  python3 "$HERE/plug_server.py" "$1" "$work/port" &
  bg+=("$!")
  for _ in $(seq 100); do [[ -s port ]] && break; sleep 0.1; done
  port=$(cat port)
}

serve ok
url=http://127.0.0.1:$port
"$GT" run --plug "$url" --log-dir L1 -- true 2>err; rc=$?
eq "plug: exit 0" 0 "$rc"
log=$(onelog L1)
ok "plug: read before the start" "h['plug'] == {'url': '$url', 'start_kwh': 1.5}" "$log"
ok "plug: 0.25 kWh at the wall" 'f["plug"] == {"end_kwh": 1.75, "kwh": 0.25}' "$log"
eq "plug: the footprint line" "  plug      0.25 kWh at the wall (whole machine, $url)" "$(grep '^  plug' err)"

for mode in malformed nototal status500; do
  serve "$mode"
  url=http://127.0.0.1:$port/
  "$GT" run -q --plug "$url" --log-dir "L$mode" -- sh -c 'exit 5' 2>err; rc=$?
  eq "$mode: the command's exit status" 5 "$rc"
  case $mode in
    malformed) why="the answer is not JSON" ;;
    nototal) why="no 'StatusSNS.ENERGY.Total' number in the answer" ;;
    status500) why="HTTP status 500" ;;
  esac
  eq "$mode: warning" "greentally: warning: smart plug '$url': $why: energy at the wall not measured" "$(cat err)"
  ok "$mode: not measured in the log" "f['plug']['kwh'] is None and f['plug']['error'] == \"smart plug '$url': $why\"" "$(onelog "L$mode")"
done

serve slow
start=$SECONDS
"$GT" run -q --plug "http://127.0.0.1:$port" --plug-timeout 0.5 --log-dir L7 -- true 2>err; rc=$?
eq "timeout: exit 0" 0 "$rc"
eq "timeout: warning" "greentally: warning: smart plug 'http://127.0.0.1:$port': no answer within 0.5 s: energy at the wall not measured" "$(cat err)"
eq "timeout: does not hang (asked once)" "true" "$( ((SECONDS - start < 5)) && echo true || echo false)"

# a port nobody listens on: the ok server's port after it is gone
kill "${bg[0]}" 2>/dev/null; wait "${bg[0]}" 2>/dev/null
serve ok; p2=$port; kill "${bg[-1]}"; wait "${bg[-1]}" 2>/dev/null
"$GT" run -q --plug "http://127.0.0.1:$p2" --log-dir L8 -- true 2>err
eq "nothing listening: warning" "greentally: warning: smart plug 'http://127.0.0.1:$p2': Couldn't connect to server: energy at the wall not measured" "$(cat err)"
done_testing
