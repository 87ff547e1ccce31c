"""GitHub Actions workflow commands (``--format github``): one annotation per finding.

``::error file=posts/a.md,line=115,col=1,endLine=115,endColumn=72,title=S102 duplicate-paragraph::message``

Severities map to ``error``, ``warning`` and ``notice``. Escaping follows the
runner's grammar (actions/runner ``ActionCommand``): in the data ``%``,
``\\r`` and ``\\n``; in property values also ``:`` and ``,``. Lines and
columns are 1-based, ``endColumn`` exclusive (as ruff writes it).
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from lintkit.engine import RunResult
from lintkit.escape import printable
from lintkit.finding import Finding, Severity
from lintkit.messages import msg, render as render_msg
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


class Budget(NamedTuple):
    """What GitHub will show of a run's workflow commands: a notice first when some are past the caps."""

    notice: bool  # a cap notice comes first
    shown: int  # findings and errors shown as annotations
    hidden: int  # findings and errors past the caps (only in the log and the job summary)


def _kinds(result: RunResult) -> list[str]:
    """The type of each annotation ``stream`` writes after the notice: the findings, then the errors."""
    return [COMMANDS[f.severity] for f in result.findings] + ["error"] * len(result.errors)


def _shown(kinds: list[str], first: str | None = None) -> int:
    """How many of ``kinds`` the runner keeps (10 per type per step, 50 in all), after ``first`` (kept)."""
    per: dict[str, int] = {first: 1} if first else {}
    total = 1 if first else 0
    kept = 0
    for kind in kinds:
        if per.get(kind, 0) < PER_TYPE and total < PER_JOB:
            per[kind] = per.get(kind, 0) + 1
            total += 1
            kept += 1
    return kept


def budget(result: RunResult) -> Budget:
    """The annotations of ``--format github`` as GitHub will show them (the notice only when something is
    past the caps, and then counted in: it can itself push a finding out)."""
    kinds = _kinds(result)
    if _shown(kinds) == len(kinds):
        return Budget(False, len(kinds), 0)
    shown = _shown(kinds, first="notice")
    return Budget(True, shown, len(kinds) - shown)


def not_annotated(result: RunResult) -> int:
    """How many findings and errors GitHub will not show as annotations (past 10 per type, 50 in all)."""
    return budget(result).hidden


def cap_notice(hidden: int, lang: str) -> str:
    return command("notice", {"title": "lintkit"},
                   render_msg(msg("github.cap-notice", hidden=hidden, per_type=PER_TYPE, per_job=PER_JOB), lang))


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The workflow commands a line at a time; past the caps, a notice first (so that it is itself shown)
    that points to the job summary (``--summary``)."""
    plan = budget(result)
    if plan.notice:
        yield cap_notice(plan.hidden, options.lang) + "\n"
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
