"""The JSON contract of DESIGN.md (``--format json``).

``stream`` yields the document a finding at a time (an archive audit can
have 100,000 findings: the whole text is never held in memory); the bytes
are those of ``json.dumps(doc, ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from lintkit.engine import RunResult
from lintkit.reporters.base import TOOL, ReportOptions, finding_dict, finite

_HOLE = "\x00findings\x00"  # stands for the findings in the skeleton of the document
_ITEM_INDENT = "    "  # a finding sits two levels deep: {"findings": [ {...} ]}


def _dumps(value: Any) -> str:
    return json.dumps(finite(value), ensure_ascii=False, indent=2)


def stream(result: RunResult, options: ReportOptions) -> Iterator[str]:
    c = result.counts()
    doc = {
        "version": 1,
        "tool": TOOL,
        "summary": {"files": len(result.files), "findings": len(result.findings), "errors": c["error"],
                    "warnings": c["warning"], "infos": c["info"]},
        "findings": _HOLE,
        "input_errors": [{"path": e.path, "line": e.line, "message": e.message_in(options.lang)} for e in result.errors],
        "notes": [{"path": e.path, "message": e.message_in(options.lang)} for e in result.notes],
    }
    head, tail = _dumps(doc).split(_dumps(_HOLE), 1)
    if not result.findings:
        yield head + "[]" + tail + "\n"
        return
    yield head + "[\n"
    last = len(result.findings) - 1
    for i, f in enumerate(result.findings):
        item = _ITEM_INDENT + _dumps(finding_dict(f)).replace("\n", "\n" + _ITEM_INDENT)
        yield item + (",\n" if i < last else "\n")
    yield "  ]" + tail + "\n"


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(stream(result, options))
