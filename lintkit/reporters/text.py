"""flake8/ruff-style text: ``path:line:col: CODE [severity] rule message``."""

from __future__ import annotations

from typing import Iterator

from lintkit.engine import RunResult
from lintkit.escape import printable
from lintkit.reporters.base import ReportOptions

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The report a line at a time."""
    for f in result.findings:
        sev = f.severity.value
        path, message = printable(f.path), printable(f.message)  # no terminal escape from a name or the text
        if options.color:
            yield (f"{_BOLD}{path}{_RESET}:{f.line + 1}:{f.column + 1}: {_COLORS[sev]}{f.code}{_RESET} "
                   f"[{sev}] {f.rule} {message}\n")
        else:
            yield f"{path}:{f.line + 1}:{f.column + 1}: {f.code} [{sev}] {f.rule} {message}\n"
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
    return "\n".join(out)
