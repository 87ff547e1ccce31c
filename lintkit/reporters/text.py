"""flake8/ruff-style text: ``path:line:col: CODE [severity] rule message``.

A finding with a safe fix shows ``[*]`` after its severity (ruff's mark) and
the summary says how many ``--fix`` can repair. Info findings (F202...) are
folded into one line unless ``show_info`` (``--show-info``): a hook's output
then starts with what must be fixed. JSON, SARIF and HTML keep every finding.
"""

from __future__ import annotations

from typing import Iterator

from lintkit.engine import RunResult
from lintkit.escape import printable
from lintkit.finding import Finding, Severity
from lintkit.messages import msg
from lintkit.messages import render as render_msg
from lintkit.reporters.base import ReportOptions

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def fixable(f: Finding) -> bool:
    return f.fix is not None and f.fix.safe and bool(f.fix.edits)


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The report a line at a time."""
    for f in result.findings:
        if f.severity is Severity.INFO and not options.show_info:
            continue
        sev = f.severity.value
        mark = " [*]" if fixable(f) else ""
        path, message = printable(f.path), printable(f.message)  # no terminal escape from a name or the text
        if options.color:
            yield (f"{_BOLD}{path}{_RESET}:{f.line + 1}:{f.column + 1}: {_COLORS[sev]}{f.code}{_RESET} "
                   f"[{sev}]{mark} {f.rule} {message}\n")
        else:
            yield f"{path}:{f.line + 1}:{f.column + 1}: {f.code} [{sev}]{mark} {f.rule} {message}\n"
    yield _summary(result, options) + "\n"


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(stream(result, options))


def _summary(result: RunResult, options: ReportOptions) -> str:
    c = result.counts()
    n = len(result.findings)
    files = msg("count.files", n=len(result.files))
    if n:
        head = msg("text.found", files=files, findings=msg("count.findings", n=n),
                   errors=msg("text.errors", n=c["error"]), warnings=msg("text.warnings", n=c["warning"]),
                   infos=msg("text.infos", n=c["info"]))
    else:
        head = msg("text.clean", files=files)
    out = [render_msg(head, options.lang)]
    hidden = 0 if options.show_info else c["info"]
    fixes = sum(1 for f in result.findings if fixable(f))
    if hidden:
        out.append(render_msg(msg("text.info-hidden", n=hidden), options.lang))
    if fixes:
        out.append(render_msg(msg("text.fixable", n=fixes), options.lang))
    return "\n".join(out)
