#!/usr/bin/env bash
# Installs what greentally needs to build and test on Debian 12 (run as root).
# A no-op when everything is already installed. chromium: the HTML report's
# tests load it in a headless browser (tests/report_html); zsh and fish check
# the generated completion scripts (tests/cli/completion.sh).
set -euo pipefail
pkgs=(build-essential cmake pkg-config libcsv-dev libcjson-dev libxlsxwriter-dev libhpdf-dev
      libcurl4-openssl-dev libcmocka-dev clang clang-format libclang-rt-14-dev poppler-utils git
      unzip python3 chromium zsh fish libexpat1-dev zlib1g-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) != 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: installed ${missing[*]}"
