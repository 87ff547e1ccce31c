"""Reporters as a table: format name → function(RunResult, ReportOptions) → str.

Each entry names its module, imported when the format is first used: a
pre-commit run that prints text never loads the XML, SARIF or HTML code.
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterator

from lintkit.engine import RunResult
from lintkit.reporters.base import ReportOptions

Reporter = Callable[[RunResult, ReportOptions], str]


def _load(module: str) -> Reporter:
    def render(result: RunResult, options: ReportOptions) -> str:
        reporter: Reporter = importlib.import_module(f"lintkit.reporters.{module}").render
        return reporter(result, options)

    render.__name__ = f"{module}.render"
    return render


_MODULES = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github", "junit": "junit",
            "html": "html", "github-summary": "github_summary"}

_STREAMING = frozenset({"text", "json", "github"})  # their modules have stream(result, options) too

REPORTERS: dict[str, Reporter] = {name: _load(module) for name, module in _MODULES.items()}


def report_chunks(fmt: str, result: RunResult, options: ReportOptions) -> Iterator[str]:
    """The report in pieces: a finding at a time for the formats that can (text, json, github), so that
    an archive's report is never held whole in memory; in one piece for the others."""
    module = importlib.import_module(f"lintkit.reporters.{_MODULES[fmt]}")
    if fmt in _STREAMING:
        yield from module.stream(result, options)
    else:
        yield module.render(result, options)


__all__ = ["REPORTERS", "ReportOptions", "Reporter", "report_chunks"]
