"""The JSON contract of DESIGN.md (``--format json``)."""

from __future__ import annotations

import json

from lintkit.engine import RunResult
from lintkit.reporters.base import TOOL, ReportOptions, finding_dict


def render(result: RunResult, options: ReportOptions) -> str:
    c = result.counts()
    doc = {
        "version": 1,
        "tool": TOOL,
        "summary": {"files": len(result.files), "findings": len(result.findings), "errors": c["error"],
                    "warnings": c["warning"], "infos": c["info"]},
        "findings": [finding_dict(f) for f in result.findings],
        "input_errors": [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors],
        "notes": [{"path": e.path, "message": e.message} for e in result.notes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
