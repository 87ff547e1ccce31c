"""Helpers of the adoption tests (baseline, pull-request mode, the GitHub Action): run the CLI in-process,
edit a post the way a writer would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from lintkit.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def make_cli(capfdbinary: pytest.CaptureFixture[bytes]) -> Callable[..., Run]:
    def run(*argv: str) -> Run:
        capfdbinary.readouterr()
        code = main(list(argv))
        captured = capfdbinary.readouterr()
        return Run(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))

    return run


def body_start(lines: list[str]) -> int:
    """The index of the first line after the front matter (0 without one)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def insert_at_top(path: Path, paragraph: str) -> None:
    """Insert a paragraph at the top of the body (after the front matter), as its own block."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = body_start(lines)
    lines[at:at] = ["", paragraph, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def append_block(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")
