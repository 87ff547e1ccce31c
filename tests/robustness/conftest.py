"""Helpers for the robustness suite: run the real CLI in-process and capture its bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from lintkit.cli import main


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line]

    def json(self) -> Any:
        return json.loads(self.out)

    def found(self) -> set[tuple[str, str, int]]:
        """(path, code, 1-based line) of every finding of a ``--format json`` run."""
        return {(f["path"], f["code"], f["line"]) for f in self.json()["findings"]}


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Callable[..., CliRun]:
    """``cli(*argv, cwd=tmp_path)`` runs ``lintkit`` and returns exit code, stdout and stderr (UTF-8 checked)."""
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, cwd: Path | None = None) -> CliRun:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capfdbinary.readouterr()
        code = main(list(argv))
        captured = capfdbinary.readouterr()
        # output must always be valid UTF-8, whatever the input was
        return CliRun(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))

    return run
