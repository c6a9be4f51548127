#!/usr/bin/env python3
"""Checks the Summary sheet's layout in an unzipped XLSX report: every chart
starts below the last row with a cell (no chart covers a note), the charts
do not overlap one another, and they lie within columns A:D (the printed
width). Usage: layout.py DIR. Prints what is wrong and exits 1."""
import re
import sys

d = sys.argv[1]
book = open(f"{d}/xl/workbook.xml", encoding="utf-8").read()
first = re.search(r'<sheet name="([^"]*)"', book)
if not first or first.group(1) != "Summary":
    sys.exit(0)  # not a report with a Summary sheet (e.g. tradeoff)
sheet = open(f"{d}/xl/worksheets/sheet1.xml", encoding="utf-8").read()
try:
    drawing = open(f"{d}/xl/drawings/drawing1.xml", encoding="utf-8").read()
except FileNotFoundError:
    sys.exit(0)  # no charts
last = max([int(m) for m in re.findall(r'<c r="[A-Z]+([0-9]+)"', sheet)] or [0])  # 1-based
anchors = re.findall(
    r"<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>"
    r"<xdr:rowOff>(\d+)</xdr:rowOff></xdr:from><xdr:to><xdr:col>(\d+)</xdr:col>"
    r"<xdr:colOff>(\d+)</xdr:colOff><xdr:row>(\d+)</xdr:row>",
    drawing,
)
bad = []
prev_to = -1
for i, (c0, r0, off0, c1, coff1, r1) in enumerate(anchors, 1):
    r0, r1 = int(r0), int(r1)  # 0-based
    if r0 < last:
        bad.append(f"chart {i} starts at row {r0 + 1}, above the last note row {last}")
    if r0 <= prev_to:
        bad.append(f"chart {i} starts at row {r0 + 1}, within the chart before (to row {prev_to + 1})")
    if int(c1) > 4 or (int(c1) == 4 and int(coff1) > 0):
        bad.append(f"chart {i} reaches column {int(c1) + 1}, beyond D")
    prev_to = r1
if not anchors:
    bad.append("a drawing without charts")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
