#!/usr/bin/env bash
# Checks one HTML report in a real browser. Usage:
#   check_html.sh GREENTALLY NAME -- report|estimate ARGS...
# Runs `greentally report|estimate ARGS -o T.html` twice with SOURCE_DATE_EPOCH
# set (in the source tree, so paths are relative), then:
#   - the two files are byte-identical;
#   - headless chromium loads the page with JavaScript on and with it off:
#     any console message (a script error, a blocked network load: the
#     page's Content-Security-Policy allows nothing from outside) fails;
#   - the DOM it dumps is summarised by dom_summary.py (which also checks
#     the accessibility and self-containment rules, and, for `report`, each
#     chart's bar count against the same run's JSON report) and compared
#     with NAME.txt;
#   - the page prints (chromium's print-to-PDF gives pages pdftoppm renders).
# Screenshots (desktop 1200 px, phone 390 px) and the printed PDF are left
# in $GT_HTML_SHOTS when it is set, to look at.
# GT_UPDATE_GOLDEN=1 rewrites NAME.txt (review the diff!).
# Exits 77 (skipped) when chromium is not installed.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=$2
shift 2
[[ ${1:-} == -- ]] && shift
here=$(cd "$(dirname "$0")" && pwd)
src=${GT_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
golden=$here/$name.txt
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "chromium is not installed: skipped (.ci/install-deps.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
fail=0
for i in 1 2; do
  if ! SOURCE_DATE_EPOCH=1700000000 "$bin" "$@" -o "$work/$i.html" 2>"$work/err$i"; then
    echo "greentally $* -o x.html failed:"; cat "$work/err$i"; exit 1
  fi
done
cmp -s "$work/1.html" "$work/2.html" || { echo "two runs gave different bytes"; fail=1; }
model=()
if [[ $1 == report ]]; then
  SOURCE_DATE_EPOCH=1700000000 "$bin" "$@" -o "$work/r.json" 2>/dev/null ||
    { echo "the JSON report failed"; exit 1; }
  model=(--json "$work/r.json")
fi

# one browser profile per run, no network, nothing from the outside
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-extensions --mute-audio
       --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars)
browse() { # browse PROFILE ARGS... (stderr to $work/PROFILE.log)
  local prof=$1; shift
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/$prof" --enable-logging=stderr --v=0 \
    "$@" 2>"$work/$prof.log"
}
url="file://$work/1.html"
# JavaScript off: the page without its one inline <script> (chromium's
# --dump-dom needs scripts enabled to dump anything)
sed '/^<script>$/,/^<\/script>$/d' "$work/1.html" >"$work/nojs.html"
grep -q '<script' "$work/nojs.html" && { echo "a <script> outside the one at the end"; fail=1; }
for js in on off; do
  page=$url
  [[ $js == off ]] && page="file://$work/nojs.html"
  if ! browse "dom-$js" --dump-dom "$page" >"$work/dom-$js.html"; then
    echo "chromium failed (JavaScript $js):"; tail -20 "$work/dom-$js.log"; exit 1
  fi
  if grep -E ':CONSOLE[:(]' "$work/dom-$js.log" >"$work/console"; then
    echo "console messages with JavaScript $js:"; cat "$work/console"; fail=1
  fi
  [[ -s $work/dom-$js.html ]] || { echo "chromium dumped no DOM (JavaScript $js)"; exit 1; }
  python3 "$here/dom_summary.py" "$work/dom-$js.html" --js $js "${model[@]}" \
    >"$work/summary-$js.txt" || fail=1
done
# the reader sees the same page with JavaScript off (bar the sort buttons)
cmp -s "$work/summary-on.txt" "$work/summary-off.txt" ||
  { echo "the page differs with JavaScript off:"; diff "$work/summary-on.txt" "$work/summary-off.txt"; fail=1; }
if [[ ${GT_UPDATE_GOLDEN:-} == 1 ]]; then
  sed -E 's/hwdb-[0-9a-f]{8}/hwdb-XXXXXXXX/g' "$work/summary-on.txt" >"$golden"
elif ! sed -E 's/hwdb-[0-9a-f]{8}/hwdb-XXXXXXXX/g' "$work/summary-on.txt" | diff -u "$golden" - >"$work/diff"; then
  echo "DOM summary differs from $golden (- want, + got):"; head -60 "$work/diff"; fail=1
fi

# printable: chromium prints it to PDF, poppler renders every page
browse print --no-pdf-header-footer --print-to-pdf="$work/print.pdf" "$url" >/dev/null
pages=$(pdfinfo "$work/print.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[[ ${pages:-0} -ge 1 ]] || { echo "printing to PDF failed"; tail -5 "$work/print.log"; fail=1; }
if [[ -n ${GT_HTML_SHOTS:-} ]]; then
  mkdir -p "$GT_HTML_SHOTS"
  browse shot1 --screenshot="$GT_HTML_SHOTS/$name-desktop.png" --window-size=1200,2400 "$url" >/dev/null
  browse shot2 --screenshot="$GT_HTML_SHOTS/$name-phone.png" --window-size=390,2400 "$url" >/dev/null
  cp "$work/print.pdf" "$GT_HTML_SHOTS/$name-print.pdf"
  cp "$work/1.html" "$GT_HTML_SHOTS/$name.html"
fi
exit $fail
