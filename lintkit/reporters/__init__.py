"""Reporters as a table: format name → function(RunResult, ReportOptions) → str."""

from __future__ import annotations

from typing import Callable

from lintkit.reporters import github, html, json_report, junit, sarif, text
from lintkit.reporters.base import ReportOptions
from lintkit.engine import RunResult

Reporter = Callable[[RunResult, ReportOptions], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "html": html.render,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
