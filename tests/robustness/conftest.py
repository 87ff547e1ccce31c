"""Helpers for the robustness suite: run the real CLI in-process and capture its bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from badinputs import BACKGROUND, finish_isolated
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
    """``cli(*argv, cwd=tmp_path)`` runs ``lintkit`` and returns exit code, stdout and stderr (UTF-8 checked).

    Errors are read in English here (``--lang en`` unless the test gives ``--lang``); the Japanese
    errors are tested in tests/test_messages.py.
    """
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, cwd: Path | None = None) -> CliRun:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capfdbinary.readouterr()
        args = list(argv)
        if args and args[0] in ("check", "claims") and not any(a.startswith("--lang") for a in args):
            args[1:1] = ["--lang", "en"]
        code = main(args)
        captured = capfdbinary.readouterr()
        # output must always be valid UTF-8, whatever the input was
        return CliRun(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))

    return run


class Children:
    """The background child runs of this session (see ``badinputs.background``)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.running: dict[str, Any] = {}
        self.done: dict[str, Any] = {}

    def start(self, name: str) -> None:
        if name not in self.running:
            _, starter = BACKGROUND[name]
            self.running[name] = starter(self.factory.mktemp(name))

    def result(self, name: str, timeout: float) -> Any:
        """(Isolated, context) of a finished child, or None when it could not run here."""
        self.start(name)
        if name not in self.done:
            started = self.running[name]
            self.done[name] = None if started is None else (finish_isolated(started[0], timeout), started[1])
        return self.done[name]

    def stop(self) -> None:
        for name, started in self.running.items():
            if started is not None and name not in self.done and started[0].poll() is None:
                started[0].kill()
                started[0].communicate()


@pytest.fixture(scope="session")
def children(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Children]:
    kids = Children(tmp_path_factory)
    wanted = {item.module.__name__ for item in request.session.items if item.module is not None}
    for name, (module, _) in BACKGROUND.items():
        if module in wanted:
            kids.start(name)
    yield kids
    kids.stop()


@pytest.fixture(autouse=True)
def _children_started_early(children: Children) -> None:
    """Every robustness test asks for the session's children, so they start with the first one."""
