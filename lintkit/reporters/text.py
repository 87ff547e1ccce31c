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
    out: list[str] = []
    c = result.counts()
    n = len(result.findings)
    files = len(result.files)
    if options.lang == "en":
        if n:
            out.append(f"Found {n} finding{'s' if n != 1 else ''} ({c['error']} errors, {c['warning']} warnings, "
                       f"{c['info']} infos) in {files} file{'s' if files != 1 else ''}.")
        else:
            out.append(f"All checks passed ({files} file{'s' if files != 1 else ''}).")
    else:
        if n:
            out.append(f"{files}ファイルで{n}件の指摘（エラー{c['error']}、警告{c['warning']}、情報{c['info']}）")
        else:
            out.append(f"指摘はありません（{files}ファイル）")
    hidden = 0 if options.show_info else c["info"]
    fixes = sum(1 for f in result.findings if fixable(f))
    if options.lang == "en":
        if hidden:
            out.append(f"{hidden} info finding{'s' * (hidden != 1)} not shown (--show-info shows them).")
        if fixes:
            out.append(f"{fixes} can be fixed with --fix [*].")
    else:
        if hidden:
            out.append(f"情報{hidden}件は表示していません（--show-info で表示）")
        if fixes:
            out.append(f"{fixes}件は --fix で修正できます [*]")
    return "\n".join(out)
