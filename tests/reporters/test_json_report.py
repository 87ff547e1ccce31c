"""The JSON report comes out a finding at a time, with the bytes of one json.dumps of the whole document."""

from __future__ import annotations

import json

import pytest

from lintkit.config import Config
from lintkit.engine import RunResult, lint_paths
from lintkit.reporters import REPORTERS, ReportOptions, report_chunks
from lintkit.reporters.base import TOOL, finding_dict
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

OPTIONS = ReportOptions(lang="ja", metas=all_meta())


def _whole(result: RunResult) -> str:
    c = result.counts()
    doc = {
        "version": 1, "tool": TOOL,
        "summary": {"files": len(result.files), "findings": len(result.findings), "errors": c["error"],
                    "warnings": c["warning"], "infos": c["info"]},
        "findings": [finding_dict(f) for f in result.findings],
        "input_errors": [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors],
        "notes": [{"path": e.path, "message": e.message} for e in result.notes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("path", [FIXTURES / "structure", FIXTURES / "clean"])
def test_streamed_report_is_the_whole_document(path: object) -> None:
    result = lint_paths([str(path)], Config())
    chunks = list(report_chunks("json", result, OPTIONS))
    assert "".join(chunks) == _whole(result) == REPORTERS["json"](result, OPTIONS)
    assert len(chunks) == len(result.findings) + 1 + bool(result.findings)  # head, one per finding, tail
    json.loads("".join(chunks))


def test_text_and_github_stream_a_line_per_finding() -> None:
    result = lint_paths([str(FIXTURES / "structure")], Config())
    assert result.findings
    for fmt in ("text", "github"):
        chunks = list(report_chunks(fmt, result, OPTIONS))
        assert "".join(chunks) == REPORTERS[fmt](result, OPTIONS)
        assert len(chunks) >= len(result.findings)
