"""A 10 MB single-line file and a 100,000-line file finish, in bounded memory, with exact positions.

They run in child processes with a capped address space (RLIMIT_AS) and a
generous timeout that only catches a hang; the memory check reads the
child's peak RSS. How fast they are is shown by benchmarks/, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badinputs import background, many_lines, one_long_line, start_isolated, write

TIMEOUT = 600  # seconds; a hang guard on a busy CI machine, not a speed target
MAX_RSS_MB = 1024  # peak resident memory of one run over the file


@background("huge-line", __name__)
def _start_line(root: Path):
    write(root / "one-line.md", one_long_line(10_000_000))
    return start_isolated(["check", "--format", "json", "--no-cache", "one-line.md"], cwd=root), root


@background("huge-lines", __name__)
def _start_lines(root: Path):
    write(root / "many-lines.md", many_lines(100_000))
    return start_isolated(["check", "--format", "json", "--no-cache", "many-lines.md"], cwd=root), root


@pytest.fixture(scope="module")
def huge_runs(children) -> dict[str, tuple[object, Path]]:
    """Both files checked at the same time, each in its own child process (started with the suite)."""
    return {"line": children.result("huge-line", TIMEOUT), "lines": children.result("huge-lines", TIMEOUT)}


def test_ten_megabyte_line(huge_runs) -> None:
    run, cwd = huge_runs["line"]
    assert (cwd / "one-line.md").stat().st_size >= 9_900_000
    assert run.code in (0, 1), run.err
    assert run.err == ""
    assert run.maxrss_mb < MAX_RSS_MB
    report = json.loads(run.out)
    assert report["summary"]["files"] == 1
    for f in report["findings"]:
        assert f["line"] == 1 and 1 <= f["column"] <= f["end_column"] <= 3_400_000


def test_hundred_thousand_lines(huge_runs) -> None:
    run, cwd = huge_runs["lines"]
    lines = (cwd / "many-lines.md").read_text(encoding="utf-8").split("\n")[:-1]
    assert len(lines) == 100_000
    assert run.code == 1, run.err
    assert run.err == ""
    assert run.maxrss_mb < MAX_RSS_MB
    findings = json.loads(run.out)["findings"]
    markers = {f["line"] for f in findings if f["code"] == "S104" and f["data"].get("marker") == "---END---"}
    expected = {n + 1 for n, text in enumerate(lines) if text == "---END---"}
    assert len(expected) > 3000 and markers == expected  # every marker, at its exact line, to the end
    for f in findings:
        assert 1 <= f["line"] <= f["end_line"] <= 100_000
        assert 1 <= f["column"] <= len(lines[f["line"] - 1]) + 1
