"""One self-contained HTML page for an archive audit (``--format html --output report.html``).

No network, no CDN: inline CSS, SVG and one small inline script. Sections:
summary cards, a filter bar (rule, severity, text search; kept in the URL
hash, e.g. ``report.html#rule=S104&sev=error&q=END``), findings per rule and
severity, a chart of findings per month (from the front-matter ``date``,
else a ``YYYY-MM-DD-`` file name), the files ranked by errors, then by
errors and warnings per 10,000 characters (infos do not rank), the
cross-article duplicate clusters (S108), the claims table when facts were
checked, and one collapsible section per file with each finding's line,
message and an excerpt of the line. Tables with a header sort on click.

Each finding's line links to the repository's web view when a link
template is configured (``link-template`` / ``--link-template``, see
lintkit/links.py): the URL of a file is written once (``data-u``) and the
script fills in each line, which keeps the page small. Without the script
the page still reads whole: every section is plain HTML.

Every piece of article text (paths, messages, excerpts, headings, claims)
goes through ``html.escape``. Excerpts and dates are read back from the
files named in the results (paths as given, so run it from the same
directory); a file that cannot be read simply shows no excerpt.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from lintkit.engine import RunResult
from lintkit.finding import Finding
from lintkit.links import Links
from lintkit.messages import LANGS, template
from lintkit.reporters.base import TOOL, ReportOptions
from lintkit.facts.binding import mismatch_code
from lintkit.facts.binding import explain_doubts

SEVERITIES = ("error", "warning", "info")
COLORS = {"error": "#c2410c", "warning": "#ca8a04", "info": "#2563eb"}
CLAIM_STATUSES = ("mismatch", "moved_on", "possible", "unverifiable", "match", "unbound")  # mismatches by rule
_MISMATCH_STATUS = {"F201": "mismatch", "F204": "moved_on", "F205": "possible"}  # a mismatch's row by its rule
EXCERPT = 160  # characters of a line shown around a finding
TOP_FILES = 50
PER_CHARS = 10_000  # the ranking's density unit
MAX_CLAIM_ROWS = 1000
MAX_CLUSTER_ROWS = 300

_DATE_LINE = re.compile(r"^date:\s*['\"]?(\d{4})-(\d{1,2})", re.M)
_DATE_NAME = re.compile(r"(?:^|/)(\d{4})-(\d{2})-\d{2}-[^/]*$")

_WORD_KEYS = (
    "title",
    "files",
    "findings",
    "error",
    "warning",
    "info",
    "clusters",
    "claims",
    "by_rule",
    "rule",
    "total",
    "by_month",
    "no_date",
    "ranked",
    "file",
    "dup_title",
    "kind",
    "paragraph",
    "section",
    "occurrences",
    "similarity",
    "boilerplate",
    "no_clusters",
    "claims_title",
    "status",
    "text",
    "entity",
    "attribute",
    "value",
    "expected",
    "source",
    "match",
    "mismatch",
    "possible",
    "doubts",
    "moved_on",
    "unverifiable",
    "unbound",
    "per_file",
    "line",
    "message",
    "excerpt",
    "clean",
    "generated",
    "input_errors",
    "more",
    "month",
    "nothing",
    "first",
    "chars",
    "density",
    "filter",
    "all_rules",
    "search",
    "shown",
    "ranked_note",
    "open_line",
)

_CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f6f8fa;--card:#fff;--accent:#0f766e}
*{box-sizing:border-box}
body{margin:0;font:14px/1.55 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP",
"Yu Gothic",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#0f172a;color:#f8fafc;padding:20px 32px}
header h1{margin:0;font-size:22px;font-weight:650}
header p{margin:4px 0 0;color:#cbd5e1;font-size:13px}
header code{color:#e2e8f0;font-size:12px}
main{max-width:1320px;margin:0 auto;padding:24px 32px 64px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 20px}
h2{font-size:17px;margin:0 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:0 0 20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .n{font-size:28px;font-weight:700;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.error .n{color:#c2410c}.card.warning .n{color:#a16207}.card.info .n{color:#2563eb}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:flex;height:10px;min-width:2px;border-radius:3px;overflow:hidden;background:#eef1f4}
.bar span{display:block;height:100%}
.sev{display:inline-block;padding:0 7px;border-radius:9px;font-size:11px;font-weight:600;color:#fff}
.sev.error{background:#c2410c}.sev.warning{background:#ca8a04}.sev.info{background:#2563eb}
.st{display:inline-block;padding:0 7px;border-radius:9px;font-size:11px;font-weight:600;white-space:nowrap}
td.path{word-break:break-all;min-width:14em}
.st.mismatch{background:#fee2e2;color:#991b1b}.st.possible{background:#ffedd5;color:#9a3412}.st.moved_on{background:#fef3c7;color:#92400e}
#claims .doubt{color:var(--muted);font-size:12px}.st.match{background:#dcfce7;color:#166534}
.st.unverifiable{background:#fef9c3;color:#854d0e}.st.unbound{background:#e5e7eb;color:#374151}
code,.ex{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.ex{color:#374151;white-space:pre-wrap;word-break:break-all}
.ex mark{background:#fde68a;border-radius:2px}
.muted{color:var(--muted)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
details{border-top:1px solid var(--line);padding:6px 0}
details summary{cursor:pointer;font-weight:600;padding:4px 0}
details summary .counts{font-weight:400;color:var(--muted);margin-left:8px}
.legend span{display:inline-flex;align-items:center;margin-right:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
svg text{font:11px system-ui,sans-serif;fill:#57606a}
.cluster td{border-bottom:none}.cluster-head td{border-top:1px solid var(--line)}
#filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;
background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;margin:0 0 20px;
box-shadow:0 2px 6px rgba(15,23,42,.06)}
#filters b{font-size:13px}#filters label{font-size:13px;white-space:nowrap}
#filters select,#filters input[type=search]{font:inherit;font-size:13px;padding:3px 6px;border:1px solid var(--line);
border-radius:6px;background:#fff}
#filters input[type=search]{flex:1 1 16em;min-width:12em}
#f-count{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable th:not(.nosort){cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2";font-size:9px}
table.sortable th[aria-sort=descending]::after{content:" \\25BC";font-size:9px}
.note{color:var(--muted);font-size:12px;margin:-6px 0 10px}
#claims table{table-layout:fixed}
#claims td{overflow-wrap:anywhere;word-break:normal}
#claims td.num{white-space:normal}
a.ln{font-variant-numeric:tabular-nums}
table.ff{table-layout:fixed}table.ff td{overflow-wrap:anywhere}
table.ff th:nth-child(1){width:6%}table.ff th:nth-child(2){width:19%}table.ff th:nth-child(3){width:43%}
[hidden]{display:none!important}
main{display:flex;flex-direction:column}
body.filtering .cards,body.filtering #filters{order:-2}
body.filtering #files{order:-1}
"""


# The page's only script: filters (state in the URL hash), sortable tables, links to lines. No network.
_SCRIPT = r"""(function(){
var d=document,S=["error","warning","info"],rows=[],files=[],opened=[];
d.querySelectorAll("#files details").forEach(function(det){
 var u=det.getAttribute("data-u"),sum=det.querySelector("summary"),own=[];
 det.querySelectorAll("tr").forEach(function(tr){
  var sev=tr.querySelector(".sev");if(!sev)return;
  var r={tr:tr,code:sev.textContent,sev:sev.classList[1],text:null,sum:sum};rows.push(r);own.push(r);
  var a=tr.querySelector("a.ln");if(a&&u)a.href=u.split("{line}").join(a.textContent);
 });
 files.push({det:det,rows:own});
});
var claims=[].slice.call(d.querySelectorAll("#claims tbody tr"));
var bar=d.getElementById("filters"),fr=d.getElementById("f-rule"),fq=d.getElementById("f-q"),
 fc=d.getElementById("f-count"),fs={};
S.forEach(function(s){fs[s]=d.getElementById("f-"+s)});
function low(r){if(r.text===null)r.text=(r.tr.textContent+" "+r.sum.textContent).toLowerCase();return r.text}
function apply(){
 var rule=fr.value,q=fq.value.trim().toLowerCase(),shown=0,all=S.every(function(s){return fs[s].checked});
 var active=!!(rule||q||!all);
 rows.forEach(function(r){
  var ok=(!rule||r.code===rule)&&fs[r.sev].checked&&(!q||low(r).indexOf(q)>=0);
  r.tr.hidden=!ok;if(ok)shown++;
 });
 files.forEach(function(f){
  var n=f.rows.filter(function(r){return !r.tr.hidden}).length;
  f.det.hidden=n===0;
  if(active&&n&&!f.det.open){f.det.open=true;opened.push(f.det)}
 });
 if(!active){opened.forEach(function(det){det.open=false});opened=[]}
 claims.forEach(function(tr){tr.hidden=!!q&&tr.textContent.toLowerCase().indexOf(q)<0});
 fc.textContent=shown+" / "+rows.length+" "+fc.getAttribute("data-shown");
 d.documentElement.setAttribute("data-shown",shown);
 d.body.classList.toggle("filtering",active);
 return active;
}
function read(){
 var h=new URLSearchParams(location.hash.slice(1)),sev=h.get("sev");
 fr.value=h.get("rule")||"";if(fr.value!==(h.get("rule")||""))fr.value="";
 S.forEach(function(s){fs[s].checked=!sev||sev.split(",").indexOf(s)>=0});
 fq.value=h.get("q")||"";return apply();
}
function write(){
 var p=new URLSearchParams(),on=S.filter(function(s){return fs[s].checked});
 if(fr.value)p.set("rule",fr.value);if(on.length<S.length)p.set("sev",on.join(","));
 if(fq.value.trim())p.set("q",fq.value.trim());
 var h=p.toString();history.replaceState(null,"",h?"#"+h:location.pathname+location.search);apply();
}
if(bar){
 bar.hidden=false;fr.addEventListener("change",write);fq.addEventListener("input",write);
 S.forEach(function(s){fs[s].addEventListener("change",write)});
 addEventListener("hashchange",function(){if(location.hash.indexOf("=")>=0&&read())bar.scrollIntoView()});
 read();
}
function key(td,num){
 var v=td.getAttribute("data-v");if(v===null)v=td.textContent.trim();
 return num?(parseFloat(v.replace(/,/g,""))||0):v;
}
d.querySelectorAll("table.sortable").forEach(function(t){
 if(!t.tHead)return;
 [].forEach.call(t.tHead.rows[0].cells,function(th,i){
  if(th.classList.contains("nosort"))return;
  th.tabIndex=0;
  var go=function(){
   var num=th.classList.contains("num"),cur=th.getAttribute("aria-sort");
   var asc=cur?cur==="descending":!num;
   [].forEach.call(t.tHead.rows[0].cells,function(c){c.removeAttribute("aria-sort")});
   th.setAttribute("aria-sort",asc?"ascending":"descending");
   var b=t.tBodies[0],rs=[].slice.call(b.rows);
   rs.sort(function(x,y){var a=key(x.cells[i],num),c=key(y.cells[i],num);
    var o=num?a-c:String(a).localeCompare(String(c),"ja");return asc?o:-o});
   rs.forEach(function(r){b.appendChild(r)});
  };
  th.addEventListener("click",go);
  th.addEventListener("keydown",function(e){if(e.key==="Enter")go()});
 });
});
})();"""


class _Sources:
    """Lines and post dates of the files named in the results, read once each."""

    def __init__(self, options: ReportOptions) -> None:
        self._lines: dict[str, tuple[str, ...] | None] = {}
        self._options = options

    def lines(self, path: str) -> tuple[str, ...] | None:
        if path not in self._lines:
            source = self._options.source(path)  # standard input: the text checked, never the disk
            self._lines[path] = None if source is None else source.lines
        return self._lines[path]

    def chars(self, path: str) -> int:
        """Characters of the file (its text without line ends); 0 when it cannot be read."""
        lines = self.lines(path)
        return sum(len(text) for text in lines) if lines else 0

    def line(self, path: str, line: int) -> str | None:
        lines = self.lines(path)
        if lines is None or not 0 <= line < len(lines):
            return None
        return lines[line]

    def month(self, path: str) -> str | None:
        lines = self.lines(path)
        if lines and lines[0].strip() == "---":
            for text in lines[1:80]:
                if text.strip() in ("---", "..."):
                    break
                m = _DATE_LINE.match(text)
                if m:
                    return f"{m.group(1)}-{int(m.group(2)):02d}"
        m = _DATE_NAME.search(path.replace("\\", "/"))
        return f"{m.group(1)}-{m.group(2)}" if m else None


_INVISIBLE = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n\r"}  # C0 controls → ␀, ␛ ...
_INVISIBLE[0x7F] = 0x2421  # ␡
_INVISIBLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})  # C1 controls
_INVISIBLE.update({c: 0xFFFD for c in range(0xD800, 0xE000)})  # lone surrogates (undecodable file names)


def _e(value: Any) -> str:
    """Escaped for HTML, with control characters shown as symbols (HTML forbids them; UTF-8 cannot hold a
    lone surrogate)."""
    return html.escape(str(value).translate(_INVISIBLE), quote=True)


@dataclass
class _Page:
    words: Mapping[str, str]
    out: list[str]
    prefix: str = ""  # the directory every file is in, shown once in the header
    lang: str = "ja"

    def w(self, key: str) -> str:
        return _e(self.words.get(key, key))

    def p(self, path: str) -> str:
        """A path as shown: without the common directory (escaped)."""
        return _e(path[len(self.prefix):] if self.prefix and path.startswith(self.prefix) else path)


def _common_prefix(paths: Sequence[str]) -> str:
    """The directory (with its trailing separator) that all the paths share, or ''."""
    dirs = {os.path.dirname(p) for p in paths}
    if len(paths) < 2 or not all(dirs):
        return ""
    try:
        common = os.path.commonpath(list(dirs))
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common.rstrip("/\\") + "/" if common else ""


def group(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings by file, in their order."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.path].append(f)
    return by_file


def render(result: RunResult, options: ReportOptions) -> str:
    lang = options.lang if options.lang in LANGS else "ja"
    words = {k: template(f"html.{k}", lang) for k in _WORD_KEYS}  # msg(f"html.{k}") ids of rules/errors.yaml
    page = _Page(words, [], lang=lang)
    sources = _Sources(options)
    by_file = group(result.findings)
    files = list(dict.fromkeys([*result.files, *by_file]))
    page.prefix = _common_prefix(files)
    anchors = {p: f"f{i}" for i, p in enumerate(sorted(files))}
    counts = result.counts()
    clusters = list(getattr(result, "clusters", None) or ())
    claims = list(getattr(result, "claims", None) or ())
    out = page.out
    out.append(f'<!DOCTYPE html>\n<html lang="{_e(options.lang)}">\n<head>\n<meta charset="utf-8">\n'
               f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
               f'<title>{page.w("title")}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n')
    out.append(f'<header><h1>{page.w("title")}</h1><p>{page.w("generated")} {_e(TOOL["name"])} '
               f'{_e(TOOL["version"])} · {len(result.files)} {page.w("files")} · '
               f'{len(result.findings)} {page.w("findings")}'
               + (f' · <code>{_e(page.prefix)}</code>' if page.prefix else "") + '</p></header>\n<main>\n')
    _cards(page, result, counts, clusters, claims)
    _filters(page, result.findings)
    _rules(page, result.findings, options)
    _months(page, files, by_file, sources)
    _ranked(page, by_file, anchors, sources)
    _clusters(page, clusters, anchors, sources)
    if claims:
        _claims(page, claims, anchors)
    _input_errors(page, result, options.lang)
    _per_file(page, files, by_file, anchors, sources, options)
    out.append(f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(out)


def _cards(page: _Page, result: RunResult, counts: Mapping[str, int], clusters: Sequence[Any],
           claims: Sequence[Mapping[str, Any]]) -> None:
    reported = sum(1 for c in clusters if not c.boilerplate)
    cards = [("files", len(result.files), ""), ("findings", len(result.findings), ""),
             ("error", counts["error"], "error"), ("warning", counts["warning"], "warning"),
             ("info", counts["info"], "info"), ("clusters", reported, "")]
    if claims:
        cards.append(("claims", len(claims), ""))
    page.out.append('<div class="cards">')
    for key, n, cls in cards:
        page.out.append(f'<div class="card {cls}" id="count-{key}"><div class="n">{n}</div>'
                        f'<div class="l">{page.w(key)}</div></div>')
    page.out.append("</div>\n")


def _filters(page: _Page, findings: Sequence[Finding]) -> None:
    """The filter bar: hidden until the script runs (without it the controls would do nothing)."""
    names: dict[str, str] = {}
    for f in findings:
        names.setdefault(f.code, f.rule)
    options = "".join(f'<option value="{_e(code)}">{_e(code)} {_e(names[code])}</option>' for code in sorted(names))
    boxes = "".join(f'<label><input type="checkbox" id="f-{s}" checked> <span class="sev {s}">{page.w(s)}</span></label>'
                    for s in SEVERITIES)
    page.out.append(f'<div id="filters" hidden><b>{page.w("filter")}</b>'
                    f'<select id="f-rule" aria-label="{page.w("rule")}"><option value="">{page.w("all_rules")}</option>'
                    f'{options}</select>{boxes}'
                    f'<input type="search" id="f-q" placeholder="{page.w("search")}" aria-label="{page.w("search")}">'
                    f'<span id="f-count" data-shown="{page.w("shown")}"></span></div>\n')


def _severity_bar(counts: Mapping[str, int], scale: int) -> str:
    total = sum(counts.values())
    width = 100.0 * total / scale if scale else 0.0
    spans = "".join(f'<span style="width:{100.0 * counts.get(s, 0) / total:.2f}%;background:{COLORS[s]}"></span>'
                    for s in SEVERITIES if counts.get(s)) if total else ""
    return f'<div class="bar" style="width:{max(width, 0.5):.2f}%">{spans}</div>'


def _rules(page: _Page, findings: Sequence[Finding], options: ReportOptions) -> None:
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    for f in findings:
        per_rule[f.code][f.severity.value] += 1
        names[f.code] = f.rule
    out = page.out
    out.append(f'<section id="rules"><h2>{page.w("by_rule")}</h2>')
    if not per_rule:
        out.append(f'<p class="muted">{page.w("nothing")}</p></section>\n')
        return
    scale = max(sum(c.values()) for c in per_rule.values())
    out.append(f'<table class="sortable"><thead><tr><th>{page.w("rule")}</th><th></th>'
               + "".join(f'<th class="num">{page.w(s)}</th>' for s in SEVERITIES)
               + f'<th class="num">{page.w("total")}</th><th class="nosort" style="width:28%"></th></tr></thead><tbody>')
    for code in sorted(per_rule, key=lambda c: (-sum(per_rule[c].values()), c)):
        c = per_rule[code]
        meta = options.metas.get(code)
        summary = meta.summary.get(options.lang, "") if meta is not None else ""
        out.append(f'<tr id="rule-{_e(code)}"><td><a href="#rule={_e(code)}"><code>{_e(code)}</code></a> '
                   f'{_e(names[code])}</td><td class="muted">{_e(summary)}</td>'
                   + "".join(f'<td class="num">{c.get(s, 0) or ""}</td>' for s in SEVERITIES)
                   + f'<td class="num"><b>{sum(c.values())}</b></td><td>{_severity_bar(c, scale)}</td></tr>')
    out.append("</tbody></table></section>\n")


def _months(page: _Page, files: Sequence[str], by_file: Mapping[str, list[Finding]], sources: _Sources) -> None:
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    files_per_month: Counter[str] = Counter()
    undated = 0
    for path in files:
        month = sources.month(path)
        if month is None:
            undated += 1
            continue
        files_per_month[month] += 1
        for f in by_file.get(path, ()):
            per_month[month][f.severity.value] += 1
    out = page.out
    out.append(f'<section id="months"><h2>{page.w("by_month")}</h2>')
    if not files_per_month:
        out.append(f'<p class="muted">{page.w("no_date")}: {undated}</p></section>\n')
        return
    months = _month_range(min(files_per_month), max(files_per_month))
    out.append(_month_chart(months, per_month, files_per_month))
    out.append('<div class="legend">' + "".join(
        f'<span><i style="background:{COLORS[s]}"></i>{page.w(s)}</span>' for s in SEVERITIES) + "</div>")
    if undated:
        out.append(f'<p class="muted">{page.w("no_date")}: {undated}</p>')
    out.append("</section>\n")


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    end = (int(last[:4]), int(last[5:]))
    months: list[str] = []
    while (y, m) <= end and len(months) < 600:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _month_chart(months: list[str], per_month: Mapping[str, Counter[str]], files: Mapping[str, int]) -> str:
    width, height, left, bottom, top = 1100, 260, 44, 40, 18
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max((sum(per_month.get(m, Counter()).values()) for m in months), default=0) or 1
    step = _nice_step(peak)
    ymax = step * -(-peak // step)
    slot = plot_w / len(months)
    bar_w = max(2.0, slot * 0.7)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for k in range(0, ymax + 1, step):
        y = top + plot_h - plot_h * k / ymax
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{k}</text>')
    label_every = max(1, len(months) // 14)
    for i, month in enumerate(months):
        x = left + slot * i + (slot - bar_w) / 2
        base: float = top + plot_h
        counts = per_month.get(month, Counter())
        for s in SEVERITIES:
            n = counts.get(s, 0)
            if not n:
                continue
            h = plot_h * n / ymax
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{COLORS[s]}"><title>{_e(month)} {s}: {n}</title></rect>')
        total = sum(counts.values())
        if total:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base - 4:.1f}" text-anchor="middle">{total}</text>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                         f'{_e(month)}</text>')
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 30}" text-anchor="middle" '
                         f'fill="#8b949e">{files.get(month, 0)} files</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(peak: int) -> int:
    raw = max(1, peak // 5)
    magnitude = 10 ** (len(str(raw)) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


class Rank(NamedTuple):
    """A file's place in the ranking: errors first, then errors and warnings per 10,000 characters."""

    errors: int
    warnings: int
    infos: int
    chars: int

    @property
    def density(self) -> float:
        return PER_CHARS * (self.errors + self.warnings) / max(self.chars, 1)

    def key(self) -> tuple[int, float, int]:
        return (-self.errors, -self.density, -self.infos)


def rank_files(by_file: Mapping[str, Sequence[Finding]], chars: Callable[[str], int]) -> list[tuple[str, Rank]]:
    """Files with findings, most errors first, then by density of errors and warnings; infos never rank."""
    ranks = []
    for path, found in by_file.items():
        c = Counter(f.severity.value for f in found)
        ranks.append((path, Rank(c["error"], c["warning"], c["info"], chars(path))))
    return sorted(ranks, key=lambda pr: (*pr[1].key(), pr[0]))


def _ranked(page: _Page, by_file: Mapping[str, list[Finding]], anchors: Mapping[str, str],
            sources: _Sources) -> None:
    ranked = rank_files(by_file, sources.chars)[:TOP_FILES]
    out = page.out
    out.append(f'<section id="ranked"><h2>{page.w("ranked")}</h2>')
    if not ranked:
        out.append(f'<p class="muted">{page.w("nothing")}</p></section>\n')
        return
    out.append(f'<p class="note">{page.w("ranked_note")}</p>')
    scale = max(sum(r[:3]) for _, r in ranked)
    out.append(f'<table class="sortable"><thead><tr><th class="num nosort">#</th><th>{page.w("file")}</th>'
               + "".join(f'<th class="num">{page.w(s)}</th>' for s in SEVERITIES)
               + f'<th class="num">{page.w("chars")}</th><th class="num">{page.w("density")}</th>'
               f'<th class="nosort" style="width:22%"></th></tr></thead><tbody>')
    for i, (path, r) in enumerate(ranked, 1):
        c = {"error": r.errors, "warning": r.warnings, "info": r.infos}
        out.append(f'<tr><td class="num muted">{i}</td><td><a href="#{anchors[path]}">{page.p(path)}</a></td>'
                   + "".join(f'<td class="num">{c[s] or ""}</td>' for s in SEVERITIES)
                   + f'<td class="num">{r.chars:,}</td><td class="num">{r.density:.1f}</td>'
                   f'<td>{_severity_bar(c, scale)}</td></tr>')
    out.append("</tbody></table></section>\n")


def _excerpt(text: str, start: int | None = None, end: int | None = None) -> str:
    """An escaped excerpt of a line, the span ``[start, end)`` marked."""
    if start is None or start >= len(text):
        piece = text.strip()
        return _e(piece[:EXCERPT] + ("…" if len(piece) > EXCERPT else ""))
    end = len(text) if end is None or end <= start else min(end, len(text))
    lo = max(0, start - 40)
    hi = min(len(text), max(end, lo + EXCERPT))
    hi = min(hi, lo + EXCERPT + 40)
    head = ("…" if lo > 0 else "") + text[lo:start]
    mark = text[start:min(end, hi)]
    tail = text[min(end, hi):hi] + ("…" if hi < len(text) else "")
    return f"{_e(head.lstrip())}<mark>{_e(mark)}</mark>{_e(tail)}"


def _clusters(page: _Page, clusters: Sequence[Any], anchors: Mapping[str, str], sources: _Sources) -> None:
    out = page.out
    reported = [c for c in clusters if not c.boilerplate]
    boiler = [c for c in clusters if c.boilerplate]
    out.append(f'<section id="clusters"><h2>{page.w("dup_title")}</h2>')
    if not reported:
        out.append(f'<p class="muted">{page.w("no_clusters")}</p>')
    else:
        out.append(f'<table><tr><th>#</th><th>{page.w("kind")}</th><th>{page.w("excerpt")}</th>'
                   f'<th class="num">{page.w("files")}</th><th class="num">{page.w("similarity")}</th></tr>')
        for c in reported[:MAX_CLUSTER_ROWS]:
            first = c.occurrences[0]
            text = c.label if c.label else (sources.line(first.path, first.line) or "")
            out.append(f'<tr class="cluster-head" id="cluster-{c.id}"><td class="num">{c.id}</td>'
                       f'<td>{page.w(c.kind)}</td><td class="ex">{_excerpt(text)}</td>'
                       f'<td class="num">{len(c.occurrences)}</td><td class="num">{c.similarity:.2f}</td></tr>')
            links = " · ".join(
                f'<a href="#{anchors.get(o.path, "")}">{page.p(o.path)}:{o.line + 1}</a>' for o in c.occurrences)
            out.append(f'<tr class="cluster"><td></td><td colspan="4" class="muted">{links}</td></tr>')
        if len(reported) > MAX_CLUSTER_ROWS:
            out.append(f'<tr><td colspan="5" class="muted">'
                       f'{_e(page.words["more"].format(n=len(reported) - MAX_CLUSTER_ROWS))}</td></tr>')
        out.append("</table>")
    if boiler:
        out.append(f'<details><summary>{page.w("boilerplate")}<span class="counts">{len(boiler)}</span></summary>'
                   f'<table>')
        for c in boiler[:50]:
            first = c.occurrences[0]
            text = c.label if c.label else (sources.line(first.path, first.line) or "")
            out.append(f'<tr><td>{page.w(c.kind)}</td><td class="ex">{_excerpt(text)}</td>'
                       f'<td class="num">{len(c.occurrences)} {page.w("files")}</td></tr>')
        out.append("</table></details>")
    out.append("</section>\n")


def _claim_status(claim: Mapping[str, Any]) -> str:
    """The row's status: a mismatch is categorized by the rule that reports it, from its doubts
    (``binding.mismatch_code``): F201's ``mismatch`` (no doubt), F204's ``moved_on`` (the only doubt is a reference
    newer than the post), F205's ``possible`` (any other doubt; shown whether or not F205 was selected, as
    ``lintkit claims`` lists it)."""
    status = str(claim.get("status", ""))
    doubts = claim.get("doubts") or ()
    if status != "mismatch" or not isinstance(doubts, (list, tuple)):
        return status
    return _MISMATCH_STATUS[mismatch_code([str(d) for d in doubts])]


def _doubts(claim: Mapping[str, Any], lang: str) -> str:
    doubts = claim.get("doubts") or ()
    if not isinstance(doubts, (list, tuple)) or not doubts:
        return ""
    year = claim.get("expected_year")
    return explain_doubts([str(d) for d in doubts], lang, article_date=_opt(claim.get("article_date")),
                          as_of=_opt(claim.get("as_of")), year=year if isinstance(year, int) else None)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _claims(page: _Page, claims: Sequence[Mapping[str, Any]], anchors: Mapping[str, str]) -> None:
    out = page.out
    status_counts = Counter(_claim_status(c) for c in claims)
    out.append(f'<section id="claims"><h2>{page.w("claims_title")}</h2><p>')
    out.append(" ".join(f'<span class="st {s}" id="claims-{s}">{page.w(s)} {status_counts.get(s, 0)}</span>'
                        for s in CLAIM_STATUSES if status_counts.get(s)))
    out.append("</p>")
    order = {s: i for i, s in enumerate(CLAIM_STATUSES)}
    rows = sorted(claims, key=lambda c: (order.get(_claim_status(c), 9), str(c.get("path")), _int(c.get("line"))))
    out.append('<table class="sortable"><colgroup><col style="width:8%"><col style="width:16%"><col style="width:26%">'
               '<col style="width:12%"><col style="width:10%"><col style="width:9%"><col style="width:9%">'
               '<col style="width:10%"></colgroup>'
               f'<thead><tr><th>{page.w("status")}</th><th>{page.w("file")}</th><th>{page.w("text")}</th>'
               f'<th>{page.w("entity")}</th><th>{page.w("attribute")}</th><th class="num">{page.w("value")}</th>'
               f'<th class="num">{page.w("expected")}</th><th>{page.w("source")}</th></tr></thead><tbody>')
    for c in rows[:MAX_CLAIM_ROWS]:
        status = _claim_status(c)
        path = str(c.get("path", ""))
        line = _int(c.get("line"))
        unit = c.get("unit") or ""
        doubts = _doubts(c, page.lang) if status in ("possible", "moved_on") else ""
        note = f'<div class="doubt">{page.w("doubts")}: {_e(doubts)}</div>' if doubts else ""
        out.append(
            f'<tr><td><span class="st {_e(status)}">{page.w(status)}</span></td>'
            f'<td class="path" data-v="{page.p(path)}:{line:06d}"><a href="#{anchors.get(path, "")}">'
            f'{page.p(path)}:{line}</a></td>'
            f'<td>{_e(_short(c.get("text")))}{note}</td><td>{_e(c.get("entity") or "")}</td>'
            f'<td>{_e(c.get("attribute") or "")}</td><td class="num" data-v="{_number(c.get("value"))}">'
            f'{_e(_value(c.get("value")))} {_e(unit)}</td>'
            f'<td class="num" data-v="{_number(c.get("expected"))}">{_e(_value(c.get("expected")))}</td><td class="muted">{_e(c.get("source") or "")}</td></tr>')
    out.append("</tbody>")
    if len(rows) > MAX_CLAIM_ROWS:
        out.append(f'<tfoot><tr><td colspan="8" class="muted">'
                   f'{_e(page.words["more"].format(n=len(rows) - MAX_CLAIM_ROWS))}</td></tr></tfoot>')
    out.append("</table></section>\n")


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _value(value: Any) -> str:
    """A number people read: 500,000,000,000 rather than 5e+11; 2.5 rather than 2.5000."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        if abs(value) >= 10_000 and float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def _number(value: Any) -> str:
    """The sort key of a number cell (empty when there is no number)."""
    return repr(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def _short(value: Any, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _input_errors(page: _Page, result: RunResult, lang: str) -> None:
    if not result.errors:
        return
    page.out.append(f'<section id="input-errors"><h2>{page.w("input_errors")}</h2><ul>')
    for e in result.errors:
        page.out.append(f"<li><code>{_e(e.render(lang))}</code></li>")
    page.out.append("</ul></section>\n")


def _per_file(page: _Page, files: Sequence[str], by_file: Mapping[str, list[Finding]],
              anchors: Mapping[str, str], sources: _Sources, options: ReportOptions) -> None:
    out = page.out
    out.append(f'<section id="files"><h2>{page.w("per_file")}</h2>')
    links: Links | None = options.extra.get("links")
    line_cell = '<td class="num"><a class="ln">{}</a></td>' if links is not None else '<td class="num">{}</td>'
    clean = 0
    for path in sorted(files):
        found = by_file.get(path)
        if not found:
            clean += 1
            continue
        c = Counter(f.severity.value for f in found)
        counts = " · ".join(f"{page.w(s)} {c[s]}" for s in SEVERITIES if c.get(s))
        url = f' data-u="{_e(links.url(path, "{line}"))}"' if links is not None else ""
        out.append(f'<details id="{anchors[path]}"{url}><summary>{page.p(path)}<span class="counts">{counts}</span>'
                   '</summary>'
                   f'<table class="ff"><tr><th class="num">{page.w("line")}</th><th>{page.w("rule")}</th>'
                   f'<th>{page.w("message")}</th><th>{page.w("excerpt")}</th></tr>')
        for f in found:
            text = sources.line(f.path, f.line)
            end = f.end_column if f.end_line == f.line else None
            excerpt = _excerpt(text, f.column, end) if text is not None else ""
            related = "".join(f'<br><span class="muted">→ {page.p(r.path)}:{r.line + 1} {_e(r.message)}</span>'
                              for r in f.related[:3])
            out.append("<tr>" + line_cell.format(f.line + 1) + f'<td><span class="sev {f.severity.value}">'
                       f'{_e(f.code)}</span> <span class="muted">{_e(f.rule)}</span></td>'
                       f'<td>{_e(f.message)}{related}</td><td class="ex">{excerpt}</td></tr>')
        out.append("</table></details>")
    if clean:
        out.append(f'<p class="muted">{page.w("clean")}: {clean}</p>')
    out.append("</section>\n")

