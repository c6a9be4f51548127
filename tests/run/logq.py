#!/usr/bin/env python3
"""logq.py LOG EXPR: evaluates a Python expression over a greentally run log
and prints the result. Names: h (header), s (list of samples), f (footer, or
None when the log is truncated), lines (every parsed object)."""
import json, sys

lines = []
with open(sys.argv[1]) as fp:
    for l in fp:
        l = l.strip()
        if l:
            try:
                lines.append(json.loads(l))
            except ValueError:
                pass
h = lines[0] if lines and lines[0].get("type") == "header" else None
s = [o for o in lines if o.get("type") == "sample"]
ft = [o for o in lines if o.get("type") == "footer"]
f = ft[0] if ft else None
r = eval(sys.argv[2])
print(json.dumps(r) if not isinstance(r, str) else r)
