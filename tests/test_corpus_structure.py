"""The structural rules on the real corpora (../shared/corpus), each corpus linted once per session.

allforces: every ``---END---`` marker (own line or glued to a line's end) and the ``---END``
variant is reported as S104, and every conflict-marker line as S106; the expected lines come
from a plain scan of the files, independent of the rules. js-primer (careful human prose):
no error-severity structural finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import RunResult, lint_paths
from lintkit.finding import Severity
from lintkit.rules import all_meta
from tests.conftest import CORPUS, needs_shared

pytestmark = needs_shared

METAS = all_meta()
STRUCTURAL = ("S101", "S102", "S103", "S104", "S105", "S106", "S107")
POSTS = CORPUS / "allforces" / "_posts"
JS_PRIMER = CORPUS / "js-primer"
_CONFLICT_LINE = re.compile(r"^(?:<{7} |={7}$|>{7} )")


def _lint(path: Path, select: tuple[str, ...]) -> RunResult:
    result = lint_paths([str(path)], with_cli(Config(), METAS, select=select))
    assert not result.errors, [str(e) for e in result.errors][:3]
    return result


@pytest.fixture(scope="module")
def allforces() -> RunResult:
    return _lint(POSTS, ("S104", "S106"))  # the marker rules only: the others are measured, not asserted


@pytest.fixture(scope="module")
def js_primer() -> RunResult:
    return _lint(JS_PRIMER, STRUCTURAL)


def _lines(result: RunResult, code: str) -> set[tuple[str, int]]:
    return {(Path(f.path).name, f.line + 1) for f in result.findings if f.code == code}


def _scan(predicate) -> set[tuple[str, int]]:  # type: ignore[no-untyped-def]
    out = set()
    for path in sorted(POSTS.glob("*.md")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if predicate(path, line):
                out.add((path.name, n))
    return out


def test_every_end_marker_is_s104(allforces: RunResult) -> None:
    expected = _scan(lambda p, line: line.rstrip().endswith("---END---") or line.strip() == "---END")
    assert len(expected) >= 150  # the corpus holds ~190 of them, some glued to long paragraph lines
    assert any(not line.startswith("---END") for p in POSTS.glob("*.md")
               for line in p.read_text(encoding="utf-8").splitlines() if line.rstrip().endswith(" ---END---"))
    missing = expected - _lines(allforces, "S104")
    assert not missing, sorted(missing)[:10]


def test_every_conflict_marker_is_s106(allforces: RunResult) -> None:
    conflicted = {p.name for p in POSTS.glob("*.md") if "\n<<<<<<< " in p.read_text(encoding="utf-8")}
    expected = _scan(lambda p, line: p.name in conflicted and bool(_CONFLICT_LINE.match(line)))
    assert len(conflicted) >= 3 and len(expected) == 3 * len(conflicted)
    assert _lines(allforces, "S106") == expected


@pytest.mark.parametrize("code", STRUCTURAL)
def test_js_primer_has_no_structural_error(js_primer: RunResult, code: str) -> None:
    errors = [f"{Path(f.path).name}:{f.line + 1}: {f.message}" for f in js_primer.findings
              if f.code == code and f.severity == Severity.ERROR]
    assert errors == []
