#!/usr/bin/env bash
# `greentally ci fetch` against a stand-in server on 127.0.0.1 (provider_server.py):
# every provider's success shape, empty answers, 401/429/500, malformed JSON, a
# slow server (timeout), retries, the cache, an unreachable host, and that the
# Electricity Maps token is sent but never printed.
# Usage: providers.sh GREENTALLY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
python3 "$here/provider_server.py" "$work/port" "$work/requests.log" &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { echo "the test server did not start"; exit 1; }
port=$(cat "$work/port")
B=http://127.0.0.1:$port
export XDG_CACHE_HOME=$work/cache
unset ELECTRICITYMAPS_TOKEN
fails=0
R="--from 2024-01-01T00:00Z --to 2024-01-01T01:00Z"

# check NAME EXIT STDOUT STDERR -- ARGS...: runs greentally (20 s at most) in $work
check() {
  local name=$1 want_exit=$2 want_out=$3 want_err=$4
  shift 5
  (cd "$work" && timeout 20 "$bin" "$@" >"$work/out" 2>"$work/err")
  local got=$?
  local out err
  out=$(sed -e "s|$port|PORT|g" -e "s|$work|WORK|g" "$work/out")
  err=$(sed -e "s|$port|PORT|g" -e "s|$work|WORK|g" "$work/err")
  if [[ $got != "$want_exit" || $out != "$want_out" || $err != "$want_err" ]]; then
    echo "FAIL $name: exit $got (want $want_exit)"
    diff <(printf '%s\n' "$want_out") <(printf '%s\n' "$out") | sed 's/^/  stdout /'
    diff <(printf '%s\n' "$want_err") <(printf '%s\n' "$err") | sed 's/^/  stderr /'
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
  if grep -q secret-token "$work/out" "$work/err"; then
    echo "FAIL $name: the token was printed"; fails=$((fails + 1))
  fi
}
requests() { wc -l <"$work/requests.log" | tr -d ' '; }

# --- UK: national range, written as a series CSV; actual else forecast
check uk.national.ok 0 "" "greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z) to 'uk.csv' (1 requests, 0 from the cache)" \
  -- ci fetch --provider uk $R --api-base "$B/ok" -o uk.csv
want_csv="timestamp,carbon_intensity_g_per_kwh,zone
2024-01-01T00:00:00Z,110,\"GB\"
2024-01-01T00:30:00Z,130,\"GB\""
if [[ $(cat "$work/uk.csv" 2>/dev/null) != "$want_csv" ]]; then
  echo "FAIL uk.national.csv:"; cat "$work/uk.csv"; fails=$((fails + 1))
else echo "ok   uk.national.csv"; fi
# the same range again: from the cache, no request
n=$(requests)
check uk.national.cached 0 "" "greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z) to 'uk.csv' (0 requests, 1 from the cache)" \
  -- ci fetch --provider uk $R --api-base "$B/ok" -o uk.csv
[[ $(requests) == "$n" ]] && echo "ok   uk.cache.no-request" || { echo "FAIL uk.cache: a request was made"; fails=$((fails + 1)); }
ls "$work/cache/greentally/"uk-*.json >/dev/null 2>&1 && echo "ok   uk.cache.file" || { echo "FAIL uk.cache.file"; fails=$((fails + 1)); }
# issue 13: a cache directory others can write is not used (said why), and
# the cache file is written through mkstemp (no predictable temp name left)
ls "$work/cache/greentally/" | grep -q 'tmp' && { echo "FAIL uk.cache.tmp: a temp file was left"; fails=$((fails + 1)); }
mkdir -p "$work/shared/greentally" && chmod 777 "$work/shared/greentally"
n=$(requests)
XDG_CACHE_HOME=$work/shared check uk.cache.shared 0 "" "greentally: warning: not caching in 'WORK/shared/greentally': others can use it (mode 0777; chmod 700 fixes that)
greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z) to 'uk3.csv' (1 requests, 0 from the cache)" \
  -- ci fetch --provider uk $R --api-base "$B/ok" -o uk3.csv
[[ -z $(ls "$work/shared/greentally") ]] && echo "ok   uk.cache.shared.empty" || { echo "FAIL uk.cache.shared: written"; fails=$((fails + 1)); }
mkdir -p "$work/shared2" && ln -s "$work/cache/greentally" "$work/shared2/greentally"
XDG_CACHE_HOME=$work/shared2 check uk.cache.symlink 0 "" "greentally: warning: not caching in 'WORK/shared2/greentally': a symbolic link
greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z) to 'uk3.csv' (1 requests, 0 from the cache)" \
  -- ci fetch --provider uk $R --api-base "$B/ok" -o uk3.csv
# the cached series feeds --ci-series: 1 kWh over 00:00-01:00 = (110 + 130) / 2
check uk.series.stats 0 "series     uk.csv
format     series-csv
zone       GB
points     2 (2 with a value), every 30m
coverage   2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z (1h), 1h with a value, 0 gaps
intensity  min 110, mean 120 (time-weighted, step), max 130 gCO2e/kWh" "" -- ci series uk.csv

# --- UK regional by postcode (stats on standard output)
check uk.postcode.ok 0 "series     uk postcode:SW1
format     uk-carbonintensity
zone       GB London
points     2 (2 with a value), every 30m
coverage   2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z (1h), 1h with a value, 0 gaps
intensity  min 110, mean 120 (time-weighted, step), max 130 gCO2e/kWh" "greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: 1 requests, 0 from the cache ('WORK/cache/greentally')" \
  -- ci fetch --provider uk --zone postcode:SW1 $R --api-base "$B/ok"
check uk.empty 2 "" "greentally: uk: no values for national from 2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z" \
  -- ci fetch --provider uk $R --api-base "$B/empty" --refresh
check uk.malformed 2 "" "greentally: uk: unexpected Carbon Intensity API response: not JSON" \
  -- ci fetch --provider uk $R --api-base "$B/malformed" --refresh
check uk.500 2 "" "greentally: uk: HTTP 500 from 127.0.0.1:PORT (2 attempts)" \
  -- ci fetch --provider uk $R --api-base "$B/500" --retries 1 --retry-wait 0.05 --refresh
check uk.429 2 "" "greentally: uk: HTTP 429 from 127.0.0.1:PORT: rate limited (3 attempts)" \
  -- ci fetch --provider uk $R --api-base "$B/429" --retry-wait 0.05 --refresh
check uk.429.then.ok 0 "" "greentally: warning: 1 of 2 periods have no actual value yet: their forecast is used
greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z) to 'uk2.csv' (1 requests, 0 from the cache)" \
  -- ci fetch --provider uk $R --api-base "$B/flaky429" --retry-wait 0.05 --refresh -o uk2.csv
check uk.slow.timeout 2 "" "greentally: uk: no answer from 127.0.0.1:PORT within 1 s (1 attempt)" \
  -- ci fetch --provider uk $R --api-base "$B/slow" --timeout 1 --retries 0 --refresh
check uk.bad.zone 1 "" "greentally: uk zone 'wales': use national, region:ID (1-17) or postcode:OUTCODE" \
  -- ci fetch --provider uk --zone wales $R --api-base "$B/ok"

# --- Electricity Maps: token from the environment or a file, never printed
check em.no.token 1 "" "greentally: electricitymaps needs a token: set ELECTRICITYMAPS_TOKEN or give --token-file FILE" \
  -- ci fetch --provider electricitymaps --zone FR $R --api-base "$B/ok"
check em.range.ok 0 "timestamp,carbon_intensity_g_per_kwh,zone
2024-01-01T00:00:00Z,40,\"FR\"
2024-01-01T01:00:00Z,50,\"FR\"" "greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z) to '-' (1 requests, 0 from the cache)" \
  -- ci fetch --provider electricitymaps --zone FR --from 2024-01-01T00:00Z --to 2024-01-01T02:00Z --api-base "$B/ok" -o - \
  --token-file <(printf 'secret-token-123\n')
grep -q "ok /carbon-intensity/past-range?zone=FR&start=2024-01-01T00:00:00Z&end=2024-01-01T02:00:00Z token=yes" "$work/requests.log" \
  && echo "ok   em.token.sent" || { echo "FAIL em.token.sent"; cat "$work/requests.log"; fails=$((fails + 1)); }
export ELECTRICITYMAPS_TOKEN=secret-token-123
check em.latest 0 "series     electricitymaps FR
format     electricitymaps-api: Electricity Maps API, lifecycle emission factors
zone       FR
points     1 (1 with a value), every 1h
coverage   2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z (1h), 1h with a value, 0 gaps
intensity  min 41, mean 41 (time-weighted, step), max 41 gCO2e/kWh" "greentally: 1 requests, 0 from the cache ('WORK/cache/greentally')" \
  -- ci fetch --provider electricitymaps --zone FR --latest --api-base "$B/ok"
check em.history.json 0 '{
	"series":	"electricitymaps FR",
	"format":	"electricitymaps-api",
	"detail":	"Electricity Maps API, lifecycle emission factors",
	"zone":	"FR",
	"points":	2,
	"values":	2,
	"interval_s":	3600,
	"from":	"2024-01-01T00:00:00Z",
	"to":	"2024-01-01T02:00:00Z",
	"covered_s":	7200,
	"gaps":	0,
	"min_g_per_kwh":	40,
	"mean_g_per_kwh":	45,
	"max_g_per_kwh":	50,
	"interpolation":	"step",
	"negative_mw_cells":	0
}' "greentally: 1 requests, 0 from the cache ('WORK/cache/greentally')" \
  -- ci fetch --provider electricitymaps --zone FR --api-base "$B/ok" --format json
check em.empty 2 "" "greentally: electricitymaps: no values for FR from 2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z" \
  -- ci fetch --provider electricitymaps --zone FR $R --api-base "$B/empty"
check em.malformed 2 "" "greentally: electricitymaps: unexpected Electricity Maps response: not JSON" \
  -- ci fetch --provider electricitymaps --zone FR $R --api-base "$B/malformed"
export ELECTRICITYMAPS_TOKEN=wrong-secret-token-9
check em.401 2 "" "greentally: electricitymaps: HTTP 401 from 127.0.0.1:PORT: the token was refused (check ELECTRICITYMAPS_TOKEN or --token-file)" \
  -- ci fetch --provider electricitymaps --zone FR $R --api-base "$B/ok"
unset ELECTRICITYMAPS_TOKEN

# --- Energi Data Service: DK1 records only, 5-minute values
check eds.ok 0 "timestamp,carbon_intensity_g_per_kwh,zone
2024-01-01T00:00:00Z,100,\"DK1\"
2024-01-01T00:05:00Z,110,\"DK1\"" "greentally: wrote 2 points (2024-01-01T00:00:00Z to 2024-01-01T00:10:00Z) to '-' (1 requests, 0 from the cache)" \
  -- ci fetch --provider energidataservice --zone DK1 $R --api-base "$B/ok" -o -
check eds.empty 2 "" "greentally: energidataservice: no values for DK1 from 2024-01-01T00:00:00Z to 2024-01-01T01:00:00Z" \
  -- ci fetch --provider energidataservice --zone DK1 $R --api-base "$B/empty"
check eds.401 2 "" "greentally: energidataservice: HTTP 401 from 127.0.0.1:PORT: access refused" \
  -- ci fetch --provider energidataservice --zone DK2 $R --api-base "$B/401"
check eds.bad.zone 1 "" "greentally: energidataservice zone 'DK3': use DK1 or DK2" \
  -- ci fetch --provider energidataservice --zone DK3 $R --api-base "$B/ok"

# --- nothing listening: a clear offline message (curl's own words vary)
(cd "$work" && timeout 20 "$bin" ci fetch --provider uk $R --api-base http://127.0.0.1:1 --refresh --retries 0 >"$work/out" 2>"$work/err")
got=$?
if [[ $got == 2 ]] && grep -q "^greentally: uk: cannot reach 127.0.0.1:1 (offline?): .*; responses fetched before are cached in '$work/cache/greentally'$" "$work/err"; then
  echo "ok   offline"
else
  echo "FAIL offline: exit $got"; cat "$work/err"; fails=$((fails + 1))
fi

echo "$fails failed"
[[ $fails == 0 ]]
