"""A bug anywhere in a rule, the parser or suppression: an internal error naming rule and file, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

import lintkit.engine
from badinputs import ARTICLE, CLEAN, write
from lintkit.document import Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext
from lintkit.rules.conflicts import ConflictMarker

SELECT = ("--select", "S104,S106")


class Exploding:
    """Stands in for S106: yields one finding, then fails the way a buggy rule would."""

    code = "S106"

    def __init__(self, exc: BaseException, victim: str = "bad.md") -> None:
        self.exc = exc
        self.victim = victim
        self.real = ConflictMarker()

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        if not doc.path.endswith(self.victim):
            yield from self.real.check(doc, ctx)
            return
        yield ctx.report(doc, 0)  # a partial result that must not leak out of a crashed rule
        raise self.exc


def install(monkeypatch: pytest.MonkeyPatch, rule: object) -> None:
    real = lintkit.engine.registry

    def patched(*args, **kwargs):
        rules = dict(real(*args, **kwargs))
        rules[rule.code] = rule  # type: ignore[attr-defined]
        return rules

    monkeypatch.setattr(lintkit.engine, "registry", patched)


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyError("missing"), RecursionError("too deep"),
                                 IndexError("list index out of range"), ZeroDivisionError("division by zero")])
def test_crash_in_a_rule_is_named_and_other_rules_still_report(cli, tmp_path: Path, monkeypatch, exc) -> None:
    install(monkeypatch, Exploding(exc))
    write(tmp_path / "bad.md", ARTICLE)
    write(tmp_path / "good.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == [f"lintkit: ./bad.md: internal error in rule S106: {type(exc).__name__}: {exc}"]
    assert "Traceback" not in run.err + run.out
    # S104 still reports in the crashed file; S106 in the other file; nothing from the crashed rule's partial run
    assert run.found() == {("./bad.md", "S104", 9), ("./good.md", "S104", 9), ("./good.md", "S106", 13)}
    assert run.json()["input_errors"][0]["path"] == "./bad.md"


def test_crash_inside_a_lazy_document_property_is_the_rule_s(cli, tmp_path: Path, monkeypatch) -> None:
    class Lazy:
        code = "S106"

        def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
            yield from ()
            doc.morphemes(doc.blocks[10_000])  # an IndexError deep inside the document model

    install(monkeypatch, Lazy())
    write(tmp_path / "post.md", ARTICLE)
    run = cli("check", *SELECT, "post.md")
    assert run.code == 2
    assert run.err_lines == ["lintkit: post.md: internal error in rule S106: IndexError: list index out of range"]
    assert "post.md:9:1: S104" in run.out


def test_crash_in_the_parser_names_the_file_and_the_others_are_checked(cli, tmp_path: Path, monkeypatch) -> None:
    real = Document.parse

    def parse(source):
        if source.path.endswith("bad.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(source)

    monkeypatch.setattr(Document, "parse", staticmethod(parse))
    write(tmp_path / "bad.md", ARTICLE)
    write(tmp_path / "good.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./bad.md: internal error while parsing: RecursionError: "
                             "maximum recursion depth exceeded"]
    assert {p for p, _, _ in run.found()} == {"./good.md"}


def test_crash_after_the_rules_names_the_file(cli, tmp_path: Path, monkeypatch) -> None:
    """Suppression, claims and fingerprints run outside the rules: a bug there loses one file, not the run."""
    real = lintkit.engine.suppression.apply

    def apply(doc, *args, **kwargs):
        if doc.path.endswith("bad.md"):
            raise ValueError("bad comment")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(lintkit.engine.suppression, "apply", apply)
    write(tmp_path / "bad.md", ARTICLE)
    write(tmp_path / "good.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./bad.md: internal error while checking: ValueError: bad comment"]
    assert {p for p, _, _ in run.found()} == {"./good.md"}


def test_crash_in_worker_processes(cli, tmp_path: Path, monkeypatch) -> None:
    install(monkeypatch, Exploding(RuntimeError("boom in a worker"), victim="p3.md"))
    for k in range(10):
        write(tmp_path / f"p{k}.md", ARTICLE if k % 2 else CLEAN)
    run = cli("check", "--format", "json", "--jobs", "2", "--no-cache", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./p3.md: internal error in rule S106: RuntimeError: boom in a worker"]
    assert run.found() == ({(f"./p{k}.md", "S104", 9) for k in (1, 3, 5, 7, 9)}
                           | {(f"./p{k}.md", "S106", 13) for k in (1, 5, 7, 9)})
