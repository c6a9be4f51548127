#!/usr/bin/env bash
# Runs one CLI golden case. Usage: run_case.sh GREENTALLY CASE.test
#
# Case file format (sections start with "--- NAME" lines):
#   # comment lines
#   args: estimate --runtime 12h      (shell words, single/double quotes allowed)
#   exit: 0
#   env: NAME=VALUE                   (any number; $SRC expands)
#   after: SHELL COMMAND              (run in the scratch dir afterwards; its
#                                      stdout is appended to the command's)
#   --- stdin                         (optional: fed to the command)
#   --- stdout                        (expected exactly; absent = must be empty)
#   --- stderr                        (expected exactly; absent = must be empty)
# Output is compared after replacing the hwdb data version (hwdb-XXXXXXXX),
# so data edits don't break every case. Runs in a scratch directory; the
# variable $SRC in args expands to the source tree. The user's GREENTALLY_*
# variables are unset and XDG_CONFIG_HOME points into the scratch directory
# ($WORK in the expected output), so no config file of theirs is read.
# GT_UPDATE_GOLDEN=1 rewrites the expected sections (review the diff!).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_file=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
SRC=${GT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export SRC

args="" ; want_exit=0 ; envs=() ; afters=()
section="" ; declare -A body=() ; declare -A has=()
while IFS= read -r line || [[ -n $line ]]; do
  if [[ $line =~ ^---\ (stdin|stdout|stderr)$ ]]; then
    section=${BASH_REMATCH[1]}; has[$section]=1; body[$section]=""; continue
  fi
  if [[ -n $section ]]; then body[$section]+="$line"$'\n'; continue; fi
  case $line in
    args:*) args=${line#args:} ;;
    exit:*) want_exit=${line#exit:}; want_exit=${want_exit// /} ;;
    env:*) e=${line#env:}; e=${e# }; envs+=("${e//\$SRC/$SRC}") ;;
    after:*) afters+=("${line#after:}") ;;
    \#*|"") ;;
    *) echo "bad line in $case_file: $line" >&2; exit 2 ;;
  esac
done < "$case_file"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# no defaults from the user's environment or config file (a case sets them
# with env: lines)
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^GREENTALLY_')
export XDG_CONFIG_HOME="$work/.config"
eval "set -- $args"
cd "$work"
if [[ -n ${has[stdin]:-} ]]; then
  printf '%s' "${body[stdin]}" | env "${envs[@]}" "$bin" "$@" >"$work/.out" 2>"$work/.err"
else
  env "${envs[@]}" "$bin" "$@" </dev/null >"$work/.out" 2>"$work/.err"
fi
got_exit=$?
for a in "${afters[@]}"; do (eval "$a") >>"$work/.out" 2>>"$work/.err"; done
norm() { sed -E -e 's/hwdb-[0-9a-f]{8}/hwdb-XXXXXXXX/g' -e "s|$SRC|\$SRC|g" -e "s|$work|\$WORK|g" "$1"; }
fail=0
if [[ ${GT_UPDATE_GOLDEN:-} == 1 ]]; then
  [[ $got_exit != "$want_exit" ]] && echo "$case_file: exit status: want $want_exit, got $got_exit" >&2
  { sed -n '/^--- std\(out\|err\)$/q;p' "$case_file"
    if [[ -s $work/.out ]]; then echo '--- stdout'; norm "$work/.out"; fi
    if [[ -s $work/.err ]]; then echo '--- stderr'; norm "$work/.err"; fi
  } > "$case_file.new"
  mv "$case_file.new" "$case_file"
  exit 0
fi
if [[ $got_exit != "$want_exit" ]]; then
  echo "exit status: want $want_exit, got $got_exit"; fail=1
fi
for s in stdout stderr; do
  f=$work/.out; [[ $s == stderr ]] && f=$work/.err
  printf '%s' "${body[$s]:-}" > "$work/.want"
  if ! diff -u "$work/.want" <(norm "$f") > "$work/.diff"; then
    echo "$s differs (- want, + got):"; cat "$work/.diff"; fail=1
  fi
done
exit $fail
