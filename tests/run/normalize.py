#!/usr/bin/env python3
"""normalize.py LOG: the structure of a greentally run log for the golden
test: the header, the first sample and the footer with every number made
<num> and every string <str>, except values that do not depend on the run."""
import json, sys

KEEP = {"type", "format", "scope", "cpu_method", "location", "hwdb_model", "tdp",
        "ci_source", "pue_source", "greentally_version"}

def norm(v, key=None):
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x, key) for x in v]
    if isinstance(v, bool) or v is None:
        return v
    if key in KEEP or key == "format_version":
        return v
    return "<num>" if isinstance(v, (int, float)) else "<str>"

objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pick = [objs[0], next(o for o in objs if o["type"] == "sample"), objs[-1]]
for o in pick:
    print(json.dumps(norm(o)))
