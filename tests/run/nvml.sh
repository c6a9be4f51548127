#!/usr/bin/env bash
# greentally run with the fake NVML (tests/fake_nvml): idle power measured
# before the start and subtracted, only GPUs running the measured processes,
# CUDA_VISIBLE_DEVICES, the energy counter or power x time, a missing library.
source "$(dirname "$0")/lib.sh" "$@"
export GT_NVML_LIB=$FAKE_NVML GT_FAKE_NVML=$work/cfg
cat > cfg <<'CFG'
count=2
0.name=NVIDIA A100-SXM4-40GB
0.uuid=GPU-aaaa-1111
0.power_mw=50000
0.energy_mj=1000000
0.pids=
1.name=Tesla T4
1.uuid=GPU-bbbb-2222
1.power_mw=30000
1.pids=1
CFG
# the command puts itself on GPU 0 and makes it draw 300 J; GPU 1 (someone
# else's process, pid 1) goes to 70 W
job='sed -e "s/^0.pids=.*/0.pids=$$/" -e "s/^0.energy_mj=.*/0.energy_mj=1300000/" \
         -e "s/^1.power_mw=.*/1.power_mw=70000/" cfg > cfg.tmp && mv cfg.tmp cfg; sleep 1'
"$GT" run -q --interval 0.1 --log-dir L1 -- sh -c "$job"; rc=$?
eq "gpu run: exit 0" 0 "$rc"
log=$(onelog L1)
ok "header: both GPUs, idle power measured before the start" \
   '[(g["index"], g["name"], g["idle_w"], g["energy_counter"]) for g in h["gpus"]] == [(0, "NVIDIA A100-SXM4-40GB", 50, True), (1, "Tesla T4", 30, False)] and h["gpu_status"] == "measured"' "$log"
ok "GPU 0 runs the command: active" 'any(x["gpu_active"][0] for x in s)' "$log"
ok "GPU 1 runs another process: never active" 'not any(x["gpu_active"][1] for x in s)' "$log"
ok "GPU 0 drew its 300 J (energy counter)" 'abs(sum(x["gpu_w"][0] * x["dt"] for x in s) - 300) < 1e-6' "$log"
ok "GPU 1 power x time (no counter)" 'all(x["gpu_w"][1] in (30, 70) for x in s)' "$log"
ok "each sample: energy above idle of the active GPUs only" \
   'all(abs(x["e_j"]["gpu"] - sum(max(0, w * x["dt"] - i * x["dt"]) for w, i, a in zip(x["gpu_w"], [50, 30], x["gpu_active"]) if a)) < 1e-9 for x in s)' "$log"
ok "total: 300 J less 50 W idle over the interval it came in" \
   '250 < f["estimates"]["gpu"]["j"] < 300 and abs(f["estimates"]["gpu"]["j"] - sum(x["e_j"]["gpu"] for x in s)) < 1e-9' "$log"
ok "footer: gpu energy in kWh with PUE" 'f["method"]["gpu"] == "nvml" and abs(f["gpu_kwh"] - f["estimates"]["gpu"]["j"] * f["pue"] / 3.6e6) < 1e-15' "$log"

CUDA_VISIBLE_DEVICES=GPU-bbbb "$GT" run -q --log-dir L2 -- true
ok "CUDA_VISIBLE_DEVICES=GPU-bbbb (a UUID prefix): GPU 1 only" '[g["index"] for g in h["gpus"]] == [1]' "$(onelog L2)"
CUDA_VISIBLE_DEVICES=1 "$GT" run -q --log-dir L3 -- true
ok "CUDA_VISIBLE_DEVICES=1: GPU 1 only" '[g["name"] for g in h["gpus"]] == ["Tesla T4"]' "$(onelog L3)"
CUDA_VISIBLE_DEVICES=0,7,1 "$GT" run -q --log-dir L4 -- true
ok "CUDA_VISIBLE_DEVICES=0,7,1: the list ends at the invalid 7" '[g["index"] for g in h["gpus"]] == [0]' "$(onelog L4)"
CUDA_VISIBLE_DEVICES= "$GT" run -q --log-dir L5 -- true
ok "CUDA_VISIBLE_DEVICES empty: no GPU, not measured" \
   'h["gpus"] == [] and h["gpu_status"] == "no GPU allowed by CUDA_VISIBLE_DEVICES" and f["gpu_kwh"] is None' "$(onelog L5)"

GT_NVML_LIB=$work/nope.so "$GT" run --log-dir L6 -- true 2>err
log=$(onelog L6)
ok "missing library: GPU not measured, never zero" \
   "h['gpus'] == [] and h['gpu_status'] == \"cannot load '$work/nope.so'\" and f['gpu_kwh'] is None and f['method']['gpu'] == 'not measured' and all(x['e_j']['gpu'] is None for x in s)" "$log"
eq "missing library: the footprint says so" "  gpu       not measured (cannot load '$work/nope.so')" "$(grep '^  gpu' err)"
"$GT" summary L6 --format json > sum.json
eq "missing library: summary counts the GPU as unknown" "null" "$(python3 -c 'import json; print(json.dumps(json.load(open("sum.json"))["runs"][0]["gpu_kwh"]))' 2>&1 | tail -1)"

GT_FAKE_NVML=$work/absent "$GT" run -q --log-dir L7 -- true
ok "nvmlInit failing: not measured" 'h["gpu_status"] == "nvmlInit failed (NVML error 1)"' "$(onelog L7)"
done_testing
