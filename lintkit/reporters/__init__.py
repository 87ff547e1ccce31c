"""Reporters as a table: format name → function(RunResult, ReportOptions) → str.

Each entry names its module, imported when the format is first used: a
pre-commit run that prints text never loads the XML, SARIF or HTML code.
"""

from __future__ import annotations

import importlib
from typing import Callable

from lintkit.engine import RunResult
from lintkit.reporters.base import ReportOptions

Reporter = Callable[[RunResult, ReportOptions], str]


def _load(module: str) -> Reporter:
    def render(result: RunResult, options: ReportOptions) -> str:
        reporter: Reporter = importlib.import_module(f"lintkit.reporters.{module}").render
        return reporter(result, options)

    render.__name__ = f"{module}.render"
    return render


REPORTERS: dict[str, Reporter] = {
    "text": _load("text"),
    "json": _load("json_report"),
    "sarif": _load("sarif"),
    "github": _load("github"),
    "junit": _load("junit"),
    "html": _load("html"),
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
