#!/usr/bin/env bash
# Shell completion (greentally completion bash|zsh|fish), tested with bash's
# completion machinery: the generated script is sourced and _greentally is
# called with COMP_WORDS/COMP_CWORD as bash would, and COMPREPLY compared.
# The zsh and fish scripts are syntax-checked when those shells are installed.
# Usage: completion.sh GREENTALLY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export PATH="$(dirname "$bin"):$PATH" # the script asks greentally for hwdb names
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch logs.csv notes.txt
fail=0
"$bin" completion bash >c.bash || { echo "completion bash failed"; exit 1; }
bash -n c.bash || { echo "the bash script does not parse"; exit 1; }
# shellcheck disable=SC1091
source ./c.bash
complete -p greentally >/dev/null || { echo "no completion registered for greentally"; fail=1; }
want() { # want "EXPECTED|REPLIES|" WORDS...
  local exp=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _greentally
  local got
  got=$(printf '%s|' "${COMPREPLY[@]}")
  [[ ${#COMPREPLY[@]} == 0 ]] && got=""
  if [[ $got != "$exp" ]]; then
    echo "greentally $* <TAB>: want '$exp', got '$got'"; fail=1
  fi
}
want "estimate|" greentally est
want "check|ci|compare|completion|config|" greentally c
want "summary|" greentally summ
want "--project|" greentally summary --pr
want "--budget|--budget-kwh|--budget-file|" greentally check --budg
want "project,month|" greentally summary --by project,mo
want "month|" greentally report -b mo
want "pdf|html|xlsx|csv|json|" greentally report -f ""
want "table|json|csv|pdf|html|xlsx|" greentally estimate --format ""
want "text|markdown|" greentally check --format ""
want "plain|let|carbontracker|" greentally statement --style ""
want "codecarbon|carbontracker|" greentally summary --tool c
want "step|linear|" greentally summary --ci-interp ""
want "personal|local|cloud|" greentally estimate --platform ""
want "tree|user|cgroup|" greentally run --scope ""
want "list|" greentally hwdb li
want "cpu|gpu|location|provider|cloud|constant|" greentally hwdb list ""
want "bash|zsh|fish|" greentally completion ""
want "show|" greentally config ""
want "logs.csv|" greentally summary lo
want "notes.txt|" greentally check --budget-file no
# names from the hardware database, quoted for the shell
want 'Xeon\ Gold\ 6248|Xeon\ Gold\ 6248R|' greentally estimate --cpu "Xeon Gold 6248"
want "FR|" greentally estimate --location FR
want "A100\ SXM4\ 40GB|A100\ SXM4\ 80GB|" greentally estimate --gpu "A100 SXM"
# an option that takes free text completes nothing
want "" greentally estimate --runtime ""
# every command and every long option of the tables is offered
for c in $("$bin" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do
  [[ $c ]] || continue
  grep -q "^  $c)" c.bash || { echo "no completion for command '$c'"; fail=1; }
  COMP_WORDS=(greentally "$c" --); COMP_CWORD=2; COMPREPLY=(); _greentally
  for o in $("$bin" "$c" --help | sed -n -E 's/^ +(-[a-zA-Z], )?(--[a-z][a-z0-9-]*).*/\2/p'); do
    printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$o" ||
      { echo "greentally $c: '$o' (from its help) is not offered"; fail=1; }
  done
done
"$bin" completion zsh >c.zsh && "$bin" completion fish >c.fish || { echo "zsh/fish failed"; fail=1; }
head -1 c.zsh | grep -q '^#compdef greentally' || { echo "zsh script lacks #compdef"; fail=1; }
grep -q -- "-l budget-file" c.fish || { echo "fish script lacks check's options"; fail=1; }
if command -v zsh >/dev/null; then zsh -n c.zsh || { echo "zsh script does not parse"; fail=1; }; fi
if command -v fish >/dev/null; then
  fish -n c.fish || { echo "fish script does not parse"; fail=1; }
  got=$(fish -c "source c.fish; complete -C 'greentally report -f '" | cut -f1 | tr '\n' ' ')
  [[ $got == "csv html json pdf xlsx " ]] || { echo "fish: report -f: got '$got'"; fail=1; }
  got=$(fish -c "source c.fish; complete -C 'greentally estim'" | cut -f1)
  [[ $got == estimate ]] || { echo "fish: estim: got '$got'"; fail=1; }
fi
"$bin" completion tcsh 2>err && { echo "an unknown shell must fail"; fail=1; }
grep -q "unknown shell 'tcsh' (bash, zsh or fish)" err || { echo "wrong error: $(cat err)"; fail=1; }
exit $fail
