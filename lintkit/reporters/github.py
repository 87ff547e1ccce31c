"""GitHub Actions workflow commands (``--format github``): one annotation per finding.

``::error file=posts/a.md,line=115,col=1,endLine=115,endColumn=72,title=S102 duplicate-paragraph::message``

Severities map to ``error``, ``warning`` and ``notice``. Escaping follows the
runner's grammar (actions/runner ``ActionCommand``): in the data ``%``,
``\\r`` and ``\\n``; in property values also ``:`` and ``,``. Lines and
columns are 1-based, ``endColumn`` exclusive (as ruff writes it).
"""

from __future__ import annotations

from typing import Iterator

from lintkit.engine import RunResult
from lintkit.escape import printable
from lintkit.finding import Finding, Severity
from lintkit.reporters.base import ReportOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """The runner's escapes (``%``, CR, LF); other control characters (ESC, BEL...) shown as ``\\x1b``."""
    return printable(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


# GitHub shows at most 10 annotations of each type (error, warning, notice) per step and 50 per job
PER_TYPE, PER_JOB = 10, 50


def annotation(f: Finding) -> str:
    """One annotation; columns only on a single-line finding (the runner drops them on a multi-line range)."""
    props: dict[str, object] = {"file": f.path, "line": f.line + 1}
    end = max(f.end_line, f.line)
    if end == f.line:
        props["col"] = f.column + 1
        props["endLine"] = end + 1
        props["endColumn"] = max(f.end_column, f.column) + 1
    else:
        props["endLine"] = end + 1
    props["title"] = f"{f.code} {f.rule}"
    return command(COMMANDS[f.severity], props, f.message)


def not_annotated(result: RunResult) -> int:
    """How many findings GitHub will not show as annotations (past 10 per type, 50 in all)."""
    shown: dict[str, int] = {}
    total = 0
    for f in result.findings:
        kind = COMMANDS[f.severity]
        if shown.get(kind, 0) < PER_TYPE and total < PER_JOB:
            shown[kind] = shown.get(kind, 0) + 1
            total += 1
    return len(result.findings) - total


def cap_notice(hidden: int, lang: str) -> str:
    if lang == "en":
        text = (f"{hidden} of the findings are not shown as annotations (GitHub shows {PER_TYPE} per type per step, "
                f"{PER_JOB} per job): every finding is in this step's log")
    else:
        text = (f"{hidden}件の指摘は注釈として表示されません（GitHub の上限: 1ステップで種類ごとに{PER_TYPE}件、"
                f"ジョブ全体で{PER_JOB}件）。すべての指摘はこのステップのログにあります")
    return command("notice", {"title": "lintkit"}, text)


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The workflow commands a line at a time; past the caps, a notice first (so that it is itself shown)."""
    hidden = not_annotated(result)
    if hidden:
        yield cap_notice(hidden + 1, options.lang) + "\n"  # the notice takes the place of one finding
    for f in result.findings:
        yield annotation(f) + "\n"
    for e in result.errors:
        props: dict[str, object] = {"file": e.path}
        if e.line:
            props["line"] = e.line
        props["title"] = "lintkit"
        yield command("error", props, e.message_in(options.lang)) + "\n"


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(stream(result, options))
