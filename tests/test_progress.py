"""The progress bar: on stderr when it is a terminal and the run is long, silent otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lintkit import progress
from lintkit.cli import main
from lintkit.config import Config
from lintkit.engine import lint_paths
from tests.conftest import FIXTURES


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal_or_few_files() -> None:
    assert not progress.wanted(1000, io.StringIO())
    assert not progress.wanted(progress.MIN_FILES, FakeTTY())
    assert progress.wanted(progress.MIN_FILES + 1, FakeTTY())
    with progress.bar(1000, stream=io.StringIO()) as advance:
        assert advance is None


def test_bar_on_a_terminal_counts_every_file(tmp_path: Path) -> None:
    for i in range(progress.MIN_FILES + 2):
        (tmp_path / f"{i:02d}.md").write_text(f"# 記事{i}\n\n本文{i}です。\n", encoding="utf-8")
    stream = FakeTTY()
    seen: list[int] = []

    def bar(total: int):  # type: ignore[no-untyped-def]
        seen.append(total)
        return progress.bar(total, "lintkit", stream=stream)

    lint_paths([str(tmp_path)], Config(), progress=bar)
    assert seen == [progress.MIN_FILES + 2]
    out = stream.getvalue()
    assert "lintkit" in out and f"{progress.MIN_FILES + 2}/{progress.MIN_FILES + 2}" in out


def test_cli_never_writes_progress_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    main(["check", str(FIXTURES / "archive" / "posts"), "--format", "json", "--no-cache"])
    captured = capfd.readouterr()
    assert captured.out.lstrip().startswith("{") and captured.err == ""
