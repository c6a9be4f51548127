#!/usr/bin/env bash
# greentally run --scope cgroup with fixture trees (GT_PROC_ROOT, GT_SYS_ROOT):
# CPU from cpu.stat usage_usec, memory from memory.current, the CPU model
# from the fixture /proc/cpuinfo; no cgroup v2.
source "$(dirname "$0")/lib.sh" "$@"
export GT_NVML_LIB=$work/none.so
mkdir -p proc/self sys/fs/cgroup/job42
printf '1:cpu:/old\n0::/job42\n' > proc/self/cgroup
printf 'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n' > proc/cpuinfo
printf 'MemTotal:       16777216 kB\n' > proc/meminfo
cg=$work/sys/fs/cgroup/job42
printf 'usage_usec 1000000\nuser_usec 800000\nsystem_usec 200000\n' > "$cg/cpu.stat"
printf '1073741824\n' > "$cg/memory.current"
printf '101\n7\n' > "$cg/cgroup.procs"

job='sleep 0.3; printf "usage_usec 2500000\nuser_usec 1\n" > t && mv t "$1/cpu.stat"; sleep 0.3'
GT_PROC_ROOT=$work/proc GT_SYS_ROOT=$work/sys "$GT" run -q --interval 0.1 --scope cgroup --log-dir L1 -- sh -c "$job" sh "$cg"; rc=$?
eq "cgroup: exit 0" 0 "$rc"
log=$(onelog L1)
ok "header: scope and cgroup" 'h["scope"] == "cgroup" and h["cgroup"] == "/job42"' "$log"
ok "header: CPU model from /proc/cpuinfo, found in the hwdb" \
   'h["cpu"]["model"] == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz" and h["cpu"]["hwdb_model"] == "Xeon Gold 6248" and h["cpu"]["logical_cpus"] == 2 and h["ram_gb"] == 16' "$log"
eq "cpu seconds: the usage_usec difference, 1.5 s" "1.5" "$(q "$log" 'f["cpu_s"]')"
ok "memory.current: 1 GiB" 'f["peak_mem_gb"] == 1 and all(x["mem_b"] == 1073741824 for x in s)' "$log"
ok "cgroup.procs counted" 'all(x["nproc"] == 2 for x in s)' "$log"
ok "model: 1.5 CPU s x TDP per core" 'abs(f["estimates"]["model"]["cpu_j"] - 1.5 * h["cpu"]["tdp_per_core_w"]) < 1e-9' "$log"

printf '1:cpu:/old\n' > proc/self/cgroup
GT_PROC_ROOT=$work/proc GT_SYS_ROOT=$work/sys "$GT" run -q --scope cgroup --log-dir L2 -- true 2>err; rc=$?
eq "no cgroup v2: data error" 2 "$rc"
eq "no cgroup v2: message" "greentally: --scope cgroup: no cgroup v2 entry ('0::') in '$work/proc/self/cgroup'" "$(cat err)"
eq "no cgroup v2: the command did not run, no log" "" "$(ls L2 2>/dev/null)"

# issue 13: a cgroup v2 root whose cpu.stat has no usage_usec: say what is
# missing and what to use instead
printf '0::/\n' > proc/self/cgroup
printf 'user_usec 1\nsystem_usec 1\n' > sys/fs/cgroup/cpu.stat
GT_PROC_ROOT=$work/proc GT_SYS_ROOT=$work/sys "$GT" run -q --scope cgroup --log-dir L4 -- true 2>err; rc=$?
eq "no usage_usec: data error" 2 "$rc"
eq "no usage_usec: message" "greentally: --scope cgroup: '$work/sys/fs/cgroup/cpu.stat' has no 'usage_usec' line (the cgroup root '/' does not account CPU time); --scope tree measures the command's processes instead" "$(cat err)"
rm sys/fs/cgroup/cpu.stat
GT_PROC_ROOT=$work/proc GT_SYS_ROOT=$work/sys "$GT" run -q --scope cgroup --log-dir L4 -- true 2>err
eq "no cpu.stat: message" "greentally: --scope cgroup: cannot read '$work/sys/fs/cgroup/cpu.stat' (is the cpu controller of cgroup v2 enabled here?); --scope tree measures the command's processes instead" "$(cat err)"

# --scope user: the user's processes, greentally itself left out. A process
# that exits between two samples loses its last interval in this scope (at
# most 0.2 CPU s of a single-threaded command here; documented), so of the
# 0.5 CPU s burnt at least 0.3 are seen, however loaded the machine is.
"$GT" run -q --scope user --interval 0.2 --log-dir L3 -- "$TP" busy 0.5
ok "user scope: the busy command's CPU is in (>= 0.5 - one interval)" 'h["scope"] == "user" and f["cpu_s"] >= 0.29' "$(onelog L3)"
done_testing
