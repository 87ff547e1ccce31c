"""S107 heading-numbering on a fixture article, and the number parser."""

from __future__ import annotations

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Severity
from lintkit.rules import all_meta
from lintkit.rules.numbering import parse_number
from tests.conftest import FIXTURES

METAS = all_meta()


def test_fixture_exact() -> None:
    config = with_cli(Config(), METAS, select=("S107",))
    result = lint_paths([str(FIXTURES / "structure" / "numbering.md")], config)
    assert not result.errors
    got = {(f.line + 1, f.data["kind"], f.data["expected"], f.data["actual"], f.related[0].line + 1)
           for f in result.findings}
    assert got == {
        (19, "repeat", "3", "2", 15),
        (23, "skip", "3", "4", 19),  # "### ４．" in full-width digits
        (31, "backwards", "5", "3", 23),  # "### まとめ" in between is ignored
        (45, "repeat", "3", "2", 41),  # ①② ②
        (49, "skip", "第2章", "第3章", 35),
        (55, "skip", "Step 2", "Step 3", 51),
        (67, "skip", "2.2", "2.3", 63),  # 3.1 after 2.3 is fine
        (75, "backwards", "第4章", "第2章", 49),
    }
    assert {f.severity for f in result.findings} == {Severity.WARNING}
    first = min(result.findings, key=lambda f: f.line)
    assert first.message == "見出し番号が3ではなく2になっています（重複）"


@pytest.mark.parametrize("text, style, value", [
    ("3. 背景", "plain", (3,)),
    ("3) 背景", "plain", (3,)),
    ("３．全角", "plain", (3,)),
    ("（2）括弧", "plain", (2,)),
    ("第3章 応用", "chapter-章", (3,)),
    ("第三章 応用", "chapter-章", (3,)),
    ("第十二節", "chapter-節", (12,)),
    ("Step 4 仕上げ", "step-step", (4,)),
    ("ステップ2：準備", "step-ステップ", (2,)),
    ("その3 まとめ", "sono", (3,)),
    ("② 次", "circled", (2,)),
    ("2.1 細目", "dotted1", (2, 1)),
    ("1.2.3 さらに細目", "dotted2", (1, 2, 3)),
    ("3.5倍の高速化", None, None),
    ("2025年の展望", None, None),
    ("GPT-4oの実力", None, None),
    ("まとめ", None, None),
])
def test_parse_number(text: str, style: str | None, value: tuple[int, ...] | None) -> None:
    n = parse_number(text)
    if style is None:
        assert n is None
    else:
        assert n is not None and (n.style, n.value) == (style, value)


def test_siblings_only_and_english() -> None:
    text = ("# 題\n\n## 第1部\n\n### 1. a\n\n### 2. b\n\n## 第2部\n\n### 1. c\n\n### 3. d\n")
    config = with_cli(Config(), METAS, select=("S107",), lang="en")
    found = lint_text(text, "t.md", config)
    assert [(f.line + 1, f.message) for f in found] == [(13, "Heading number is 3, expected 2 (skipped)")]
