# lib.sh - shared by the `greentally run` tests (sourced).
# Usage in a test: source lib.sh "$@"   (args: GREENTALLY TESTPROG [FAKE_NVML])
# Each test runs in a scratch directory that is removed at the end; servers
# and background jobs listed in $bg are killed.
set -u
abs() { [[ -z $1 || $1 == /* ]] && echo "$1" || echo "$PWD/$1"; }
GT=$(abs "$1")
TP=$(abs "$2")
FAKE_NVML=$(abs "${3:-}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
bg=()
fails=0
cleanup() {
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
  cd / && rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 2

# eq DESC WANT GOT
eq() {
  if [[ "$2" == "$3" ]]; then echo "ok - $1"
  else echo "FAIL - $1"; echo "   want: $2"; echo "   got:  $3"; fails=$((fails + 1)); fi
}
# ok DESC PYTHON-BOOL-EXPR-OVER-LOG LOG
ok() {
  local r; r=$(python3 "$HERE/logq.py" "$3" "$2" 2>&1)
  eq "$1" "true" "$r"
}
# q LOG EXPR: the value
q() { python3 "$HERE/logq.py" "$1" "$2"; }
# the only log in DIR
onelog() {
  local n; n=$(ls "$1" | wc -l)
  if [[ $n != 1 ]]; then echo "FAIL - expected one log in $1, found $n" >&2; fails=$((fails + 1)); fi
  echo "$1/$(ls "$1" | head -1)"
}
done_testing() {
  echo "$fails failed"
  exit $((fails > 0))
}
