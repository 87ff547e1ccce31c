"""The GitHub job summary (``--format github-summary``, or ``--summary FILE`` beside another format).

Markdown for ``$GITHUB_STEP_SUMMARY``: the totals, a line on pull-request
mode (``--diff-base``), counts per rule and severity, the first ``FIRST``
findings (``path:line`` linked to the line when a link template is given:
``--link-template``), and how many findings GitHub does not show as
annotations because of its caps (the same count ``--format github`` works
with: ``lintkit.reporters.github.budget``). The words come from the
catalogue (rules/errors.yaml, ``summary.*``); the values (messages, paths)
are escaped so that they stay text: no HTML, no links, no table breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lintkit.engine import RunResult
from lintkit.escape import printable
from lintkit.finding import Finding, Severity
from lintkit.links import Links
from lintkit.messages import Msg, msg, render as words
from lintkit.reporters import github
from lintkit.reporters.base import ReportOptions

FIRST = 30  # findings listed in the summary (the rest are counted)
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# the ASCII punctuation that GFM reads as inline markup or a table's cell break, escaped with a backslash
# (CommonMark allows one before any ASCII punctuation); & as an entity so that "&lt;" stays text. Values
# are never at the start of a line, where #, -, + and 1. would matter.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~!])")


def md(text: str) -> str:
    """Plain text as Markdown inline text that shows as written (one line: a table cell)."""
    flat = " ".join(printable(text, keep="\r\n\t").split())
    return _MARKUP.sub(r"\\\1", flat.replace("&", "&amp;"))


def _severity(sev: Severity, lang: str) -> str:
    return words(msg(f"summary.sev.{sev.value}"), lang)


def _location(f: Finding, links: Links | None) -> str:
    text = md(f"{f.path}:{f.line + 1}")
    if links is None:
        return text
    return f"[{text}](<{links.url(f.path, f.line + 1)}>)"


def render(result: RunResult, options: ReportOptions) -> str:
    lang = options.lang

    def say(m: Msg) -> str:
        return words(m, lang)

    counts = result.counts()
    title = say(msg("summary.title", total=len(result.findings), files=len(result.files),
                     errors=msg("summary.n-errors", n=counts["error"]),
                     warnings=msg("summary.n-warnings", n=counts["warning"]),
                     infos=msg("summary.n-infos", n=counts["info"])))
    out = [f"## {md(title)}", ""]
    diff: dict[str, Any] | None = options.extra.get("diff")
    if diff is not None:
        out += [md(say(msg("summary.pr-mode", base=diff["base"], files=diff["files"], hidden=diff["hidden"]))), ""]
    if result.errors:
        out += [md(say(msg("summary.errors", count=len(result.errors)))), ""]
    if not result.findings:
        out += [md(say(msg("summary.clean"))), ""]
        return "\n".join(out)
    rule, severity, count = say(msg("summary.col-rule")), say(msg("summary.col-severity")), say(msg("summary.col-count"))
    per_rule = Counter((f.severity, f.code, f.rule) for f in result.findings)
    out += [f"### {md(say(msg('summary.per-rule')))}", "", f"| {rule} | {severity} | {count} |", "|---|---|---:|"]
    for (sev, code, name), n in sorted(per_rule.items(), key=lambda kv: (_ORDER[kv[0][0]], -kv[1], kv[0][1])):
        out.append(f"| {md(code)} {md(name)} | {_severity(sev, lang)} | {n} |")
    out += [f"| **{say(msg('summary.total'))}** | | **{len(result.findings)}** |", ""]
    first = result.findings[:FIRST]
    heading = say(msg("summary.all" if len(first) == len(result.findings) else "summary.first", n=len(first)))
    links: Links | None = options.extra.get("links")
    out += [f"### {md(heading)}", "",
            f"| {say(msg('summary.col-location'))} | {rule} | {severity} | {say(msg('summary.col-message'))} |",
            "|---|---|---|---|"]
    for f in first:
        out.append(f"| {_location(f, links)} | {md(f.code)} {md(f.rule)} | {_severity(f.severity, lang)} | "
                   f"{md(f.message)} |")
    out.append("")
    if len(result.findings) > len(first):
        out += [md(say(msg("summary.more", n=len(result.findings) - len(first)))), ""]
    plan = github.budget(result)
    out += [md(say(msg("summary.annotations", shown=plan.shown, hidden=plan.hidden, per_type=github.PER_TYPE,
                       per_job=github.PER_JOB))), ""]
    return "\n".join(out)
