#!/usr/bin/env python3
"""Reads the DOM chromium dumped (--dump-dom) of an HTML report and prints a
summary of what a reader sees: sections, headline figures, charts (bars,
ranges, accessible title and description), tables (header, rows, totals).
Checks the page's accessibility and self-containment rules on the way and
exits 1 on a violation. With a report JSON (the same run's -o x.json), checks
that each chart has one bar per bucket of the report model.

usage: dom_summary.py DOM.html [--js on|off] [--json REPORT.json]"""
import json
import sys
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "line", "circle", "polyline", "path"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all(self):
        yield self
        for c in self.children:
            yield from c.all()

    def find(self, tag=None, cls=None):
        for n in self.all():
            if (tag is None or n.tag == tag) and (cls is None or cls in n.attrs.get("class", "").split()):
                yield n

    def content(self):
        return "".join(t if isinstance(t, str) else t.content() for t in self.text).strip()


class Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        self.cur.text.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        self.cur.text.append(n)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


errors = []


def fail(msg):
    errors.append(msg)


def text(n):
    """Visible text of n without <title> tooltips."""
    out = []
    for t in n.text:
        if isinstance(t, str):
            out.append(t)
        elif t.tag not in ("title", "desc", "script", "style"):
            out.append(text(t))
    return " ".join(" ".join(out).split())


def main():
    args = sys.argv[1:]
    path = args[0]
    js = "on"
    report = None
    if "--js" in args:
        js = args[args.index("--js") + 1]
    if "--json" in args:
        with open(args[args.index("--json") + 1], encoding="utf-8") as f:
            report = json.load(f)
    p = Parser()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    root = p.root
    out = []
    html = next(root.find("html"), None)
    if html is None or html.attrs.get("lang") != "en":
        fail("no <html lang=en>")
    title = next(root.find("title"), None)
    out.append("title: " + (title.content() if title else "(none)"))
    # nothing from the network
    for n in root.all():
        for a in ("src", "href", "xlink:href"):
            v = n.attrs.get(a)
            if v and not v.startswith(("#", "data:")):
                fail(f"<{n.tag} {a}={v}> loads from outside the page")
        if n.tag in ("link", "iframe", "img", "object", "embed"):
            fail(f"<{n.tag}> in a self-contained page")
    for h in root.find("h2"):
        out.append("section: " + text(h))
    for dl in root.find("dl", "figures"):
        for d in dl.children:
            dt = next(d.find("dt"), None)
            dds = list(d.find("dd"))
            out.append("figure: %s = %s (%s)" % (text(dt), text(dds[0]), text(dds[1]) if len(dds) > 1 else ""))
    for ul in root.find("ul", "equivalents"):
        for li in ul.children:
            out.append("equivalent: " + text(li))
    charts = {}
    for fig in root.find("figure", "chart"):
        cid = fig.attrs.get("data-chart")
        svg = next(fig.find("svg"), None)
        if svg is None:
            fail(f"chart {cid} has no svg")
            continue
        if svg.attrs.get("role") != "img":
            fail(f"chart {cid}: svg without role=img")
        ids = svg.attrs.get("aria-labelledby", "").split()
        t = next(svg.find("title"), None)
        d = next(svg.find("desc"), None)
        if not t or not d or not t.content() or not d.content():
            fail(f"chart {cid}: no <title> or <desc>")
        elif [t.attrs.get("id"), d.attrs.get("id")] != ids:
            fail(f"chart {cid}: aria-labelledby {ids} is not its title and desc")
        bars = list(svg.find("g", "bar"))
        points = list(svg.find("g", "point"))
        ranges = list(svg.find("line", "range"))
        for b in bars + points:
            tip = next(b.find("title"), None)
            if tip is None or not tip.content():
                fail(f"chart {cid}: a bar without its tooltip")
        charts[cid] = len(bars) + len(points)
        legend = [text(li) for li in fig.find("li")]
        out.append("chart %s: %d bars, %d ranges, title '%s'%s" % (
            cid, len(bars), len(ranges), t.content() if t else "",
            (", legend " + ", ".join(legend)) if legend else ""))
        out.append("  desc: " + (d.content() if d else ""))
        if bars:
            out.append("  first bar: " + next(bars[0].find("title")).content())
    buttons = 0
    for tb in root.find("table"):
        cap = next(tb.find("caption"), None)
        if cap is None or not text(cap):
            fail("a table without a caption")
        if "kv" in tb.attrs.get("class", "").split():
            rows = list(tb.find("tr"))
            for r in rows:
                if r.children[0].tag != "th" or r.children[0].attrs.get("scope") != "row":
                    fail(f"table '{text(cap)}': a row without a row header")
            out.append("table %s: %d rows" % (text(cap), len(rows)))
            for r in rows:
                out.append("  %s: %s" % (text(r.children[0]), text(r.children[1])))
            continue
        head = next(tb.find("thead"), None)
        ths = list(head.find("th")) if head else []
        for th in ths:
            if th.attrs.get("scope") != "col":
                fail(f"table '{text(cap)}': header cell '{text(th)}' without scope=col")
        buttons += sum(1 for th in ths for _ in th.find("button"))
        body = next(tb.find("tbody"), None)
        rows = list(body.find("tr")) if body else []
        for r in rows:
            first = r.children[0] if r.children else None
            if first is None or first.tag != "th" or first.attrs.get("scope") != "row":
                fail(f"table '{text(cap)}': a row without a row header")
        out.append("table %s: [%s], %d rows" % (text(cap), " | ".join(text(th) for th in ths), len(rows)))
        if rows:
            out.append("  first row: " + " | ".join(text(c) for c in rows[0].children))
        foot = next(tb.find("tfoot"), None)
        if foot:
            out.append("  totals: " + " | ".join(text(c) for c in next(foot.find("tr")).children))
    scripts = list(root.find("script"))
    if len(scripts) != (1 if js == "on" else 0) or any(sc.attrs for sc in scripts):
        fail(f"{len(scripts)} <script> elements (the page has one, inline, at the end)")
    sortable = sum(len(list(next(t.find("thead")).find("th"))) for t in root.find("table", "sortable"))
    if js == "on" and buttons != sortable:
        fail(f"JavaScript ran but made {buttons} sort buttons for {sortable} sortable headers")
    if js == "off" and buttons:
        fail(f"{buttons} sort buttons with JavaScript off")
    for bq in root.find("blockquote", "statement"):
        out.append("statement: %d words" % len(text(bq).split()))
    for h in root.find("h3"):
        if h.attrs.get("class") != "chart-title":
            out.append("subsection: " + text(h))
    if report is not None:
        want = {"chart-components": min(len(report["charts"]["energy_by_component"]["buckets"]), 16),
                "chart-months": len(report["charts"]["co2e_by_month"]["buckets"]),
                "chart-share": len(report["charts"]["co2e_share"]["buckets"])}
        for cid, n in want.items():
            got = charts.get(cid)
            if n >= 2 and got != n:
                fail(f"chart {cid}: {got} bars, the report model has {n}")
            if n < 2 and got is not None:
                fail(f"chart {cid} drawn with {n} buckets")
    print("\n".join(out))
    for e in errors:
        print("DOM check: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
