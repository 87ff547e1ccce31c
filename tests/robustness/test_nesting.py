"""1,000-deep lists and quotes and CommonMark's pathological inline inputs: no RecursionError, no hang.

All cases run in one child process (capped address space, hang-guard
timeout); each must be checked without an error, with every finding
inside its file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badinputs import PATHOLOGICAL, background, deep_list, deep_mixed, deep_quote, start_isolated, write
from lintkit.config import Config
from lintkit.document import Document
from lintkit.engine import Plan
from lintkit.source import decode

DEEP = {
    "deep-list": deep_list(1000),
    "deep-quote": deep_quote(1000),
    "deep-quote-lines": "".join(">" * i + " 引用の行です。\n" for i in range(1, 1001)),
    "deep-mixed": deep_mixed(1000),
    "deep-ordered": "".join("   " * i + "1. 番号付き\n" for i in range(1000)),
    "deep-list-blank": "".join("  " * i + f"- 項目{i}\n\n" for i in range(1000)),
}
TIMEOUT = 600


def test_deep_nesting_in_process_has_no_recursion_error() -> None:
    plan = Plan(Config())
    for name, text in DEEP.items():
        source = decode(f"{name}.md", text.encode("utf-8"))
        doc = Document.parse(source)
        assert max((b.depth for b in doc.blocks), default=0) <= 1000
        result = plan.check_source(source)
        assert result.errors == [], name
        for f in result.findings:
            assert 0 <= f.line <= f.end_line < len(source.lines)


@background("pathological", __name__)
def _start(root: Path):
    for name, text in {**PATHOLOGICAL, **DEEP}.items():
        write(root / f"{name}.md", text)
    return start_isolated(["check", "--format", "json", "--no-cache", "--jobs", "1", "."], cwd=root), root


@pytest.fixture(scope="module")
def pathological_run(children):
    return children.result("pathological", TIMEOUT)


def test_pathological_inputs_finish_without_errors(pathological_run) -> None:
    run, root = pathological_run
    assert run.code in (0, 1), run.err
    assert run.err == ""
    report = json.loads(run.out)
    assert report["summary"]["files"] == len(PATHOLOGICAL) + len(DEEP)
    assert run.maxrss_mb < 1024


def test_pathological_findings_lie_inside_their_files(pathological_run) -> None:
    run, root = pathological_run
    lines = {f"./{p.name}": p.read_text(encoding="utf-8").split("\n") for p in root.glob("*.md")}
    for f in json.loads(run.out)["findings"]:
        text = lines[f["path"]]
        assert 1 <= f["line"] <= f["end_line"] <= len(text)
        assert 1 <= f["column"] <= len(text[f["line"] - 1]) + 1
        assert f["end_column"] <= len(text[f["end_line"] - 1]) + 1
