"""Silence on clean documentation (issue 13): alternate blocks, templated reference sections,
bylines, attributions, English lines and links at the end; each with a defect twin that is still
reported. Fixtures are our own writing."""

from __future__ import annotations

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding
from lintkit.rules import all_meta
from lintkit.duplication import _heading_shape, _templated
from tests.conftest import FIXTURES

METAS = all_meta()
DIR = FIXTURES / "clean_docs"
STRUCTURE = ("S101", "S102", "S103", "S104", "S105", "S106", "A301", "A302", "A303", "A304", "M401", "M403")


def errors(name: str) -> list[Finding]:
    config = with_cli(Config(), METAS, select=STRUCTURE)
    result = lint_paths([str(DIR / name)], config)
    assert not result.errors
    return [f for f in result.findings if f.severity.value == "error"]


@pytest.mark.parametrize("name", [
    "alternate_div.md",  # <div class="style-a"> / <div class="style-b"> with the same paragraph, a JSX <Note>
    "alternate_tabs.md",  # <Tabs><TabItem> and ::: containers repeating one paragraph
    "templated_reference.md",  # onMounted / onUpdated, `Ref<T>` / `ShallowRef<T>`, a short note twice
    "byline.md",  # "March 3, 2024 by A. Writer and B. Writer" before ---, English lines, an HTML link at the end
    "attribution.md",  # "— [名前](url)、役職" under a quote
])
def test_clean_documents_are_silent(name: str) -> None:
    assert errors(name) == []


def test_duplicates_inside_one_container_and_under_plain_headings_are_reported() -> None:
    got = [(f.code, f.line + 1) for f in errors("alternate_defect.md")]
    assert got == [("S102", 7), ("S101", 15)]


def test_a_japanese_fragment_before_a_separator_is_still_a_cut() -> None:
    got = [(f.code, f.line + 1) for f in errors("byline_defect.md")]
    assert got == [("S103", 3), ("S104", 5)]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("onMounted", "onUpdated", True),
    ("`Ref<T>`", "`ShallowRef<T>`", True),
    ("`click` イベント", "`input` イベント", True),
    ("max_tokens の既定値", "top_p の既定値", True),
    ("OpenAIの戦略", "Googleの戦略", False),  # names of two topics, not identifiers
    ("1. `fetch`の使い方", "2. `axios`の使い方", False),  # numbered steps differ beyond the identifier
    ("導入の手順", "導入の手順", False),  # no identifier: a repeated heading is S101's business
])
def test_templated_headings(a: str, b: str, expected: bool) -> None:
    assert _templated(_heading_shape(a), _heading_shape(b)) is expected
