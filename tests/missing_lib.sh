#!/usr/bin/env bash
# A writer library that is not there: with libxlsxwriter and libharu hidden
# (bind-mounted over by /dev/null in a private mount namespace), an XLSX or
# PDF report fails with exit 2 naming the library and its package, leaves no
# file, and the commands that need neither still work. Skipped (77) where
# mount namespaces are not allowed (unshare -m needs CAP_SYS_ADMIN).
# Usage: missing_lib.sh GREENTALLY SOURCE_DIR
set -u
bin=$1
src=$2
unshare -m true 2>/dev/null || { echo "unshare -m is not allowed here: skipped"; exit 77; }
lib() { # the path the dynamic loader resolves for a SONAME
  ldconfig -p | awk -v n="$1" '$1 == n { print $NF; exit }'
}
lxw=$(lib libxlsxwriter.so.4)
hpdf=$(lib libhpdf-2.3.0.so)
[[ -n $lxw && -n $hpdf ]] || { echo "libxlsxwriter.so.4 or libhpdf-2.3.0.so not in ldconfig: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
# shellcheck disable=SC2016
unshare -m bash -c '
  mount --bind /dev/null "$1" && mount --bind /dev/null "$2" || exit 3
  bin=$3 work=$4
  "$bin" report -q samples/codecarbon/v2.1 -o "$work/r.xlsx" 2>"$work/xlsx.err"
  echo "xlsx $?"
  "$bin" report -q samples/codecarbon/v2.1 -o "$work/r.pdf" 2>"$work/pdf.err"
  echo "pdf $?"
  "$bin" report -q samples/codecarbon/v2.1 -o "$work/r.csv" 2>&1 && echo "csv ok"
  "$bin" estimate --runtime 1h --cores 4 --cpu "Xeon Gold 6248" >/dev/null 2>&1 && echo "estimate ok"
' sh "$lxw" "$hpdf" "$bin" "$work" >"$work/got" 2>&1
fail=0
want="xlsx 2
pdf 2
csv ok
estimate ok"
[[ $(cat "$work/got") == "$want" ]] || { echo "got:"; cat "$work/got"; echo "want:"; echo "$want"; fail=1; }
expect_err() {
  local f=$1 msg=$2
  [[ $(cat "$work/$f") == "$msg" ]] || { echo "$f: got '$(cat "$work/$f")', want '$msg'"; fail=1; }
}
expect_err xlsx.err "greentally: cannot write '$work/r.xlsx': libxlsxwriter (libxlsxwriter.so.4) is not installed (Debian 12: apt-get install libxlsxwriter4)"
expect_err pdf.err "greentally: cannot write '$work/r.pdf': libharu (libhpdf-2.3.0.so) is not installed (Debian 12: apt-get install libhpdf-2.3.0)"
left=$(cd "$work" && ls | grep -v -E '^(got|xlsx\.err|pdf\.err|r\.csv)$')
[[ -z $left ]] || { echo "files left behind: $left"; fail=1; }
exit $fail
