#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. dependencies (no-op when installed), clang-format check
#   2. the README Quick start's first command line, exactly as written
#   3. libFuzzer smoke run of every parser target (clang), 20 s each
#   4. -Wall -Wextra -Werror build + ctest
#   5. ASan+UBSan build + ctest (the last line printed is its summary)
# Benchmarks print figures only (tests/bench); run them with BENCH=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
bash .ci/install-deps.sh

echo "== clang-format"
if command -v clang-format >/dev/null; then
  git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror
  echo "clang-format: $(git ls-files '*.c' '*.h' | wc -l) files formatted"
fi

echo "== README quick start, line 1"
line1=$(awk '/^## Quick start/{q=1} q && /^```sh/{c=1; next} c{print; exit}' README.md)
[[ -n $line1 ]] || { echo "README has no Quick start command" >&2; exit 1; }
echo "$line1"
bash -c "$line1"

if command -v clang >/dev/null; then
  echo "== fuzz smoke"
  CC=clang cmake -S . -B build-fuzz -DGT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  targets=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
  # shellcheck disable=SC2086
  cmake --build build-fuzz -j"$jobs" --target $targets >/dev/null
  for f in $targets; do
    work=$(mktemp -d)
    cp tests/fuzz/corpus/$f/* "$work/"
    ./build-fuzz/tests/$f -max_total_time="${FUZZ_SECONDS:-12}" -max_len=4096 "$work" \
      2>"$work.log" || { tail -40 "$work.log"; exit 1; }
    echo "$f: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log" || tail -1 "$work.log")"
    rm -rf "$work" "$work.log"
  done
else
  echo "== fuzz smoke skipped: clang not installed"
fi

echo "== -Werror build + tests"
cmake -S . -B build-ci -DGT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-ci -j"$jobs"
(cd build-ci && ctest --output-on-failure -j"$jobs")
if [[ ${BENCH:-} == 1 ]]; then ./build-ci/tests/bench_estimate ./build-ci/greentally; fi

echo "== ASan+UBSan build + tests"
cmake -S . -B build-asan -DGT_WERROR=ON -DGT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
cd build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$jobs"
