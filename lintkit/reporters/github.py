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


def annotation(f: Finding) -> str:
    return command(COMMANDS[f.severity], {
        "file": f.path,
        "line": f.line + 1,
        "col": f.column + 1,
        "endLine": max(f.end_line, f.line) + 1,
        "endColumn": f.end_column + 1,
        "title": f"{f.code} {f.rule}",
    }, f.message)


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The workflow commands a line at a time."""
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
