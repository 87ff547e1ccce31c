"""M401 front-matter-invalid: not YAML, not a mapping, not closed."""

from __future__ import annotations

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
ART = FIXTURES / "artifacts"


def m401(name: str, lang: str | None = None) -> list[Finding]:
    config = with_cli(Config(), METAS, select=("M401",), lang=lang)
    result = lint_paths([str(ART / name)], config)
    assert not result.errors
    return result.findings


def test_yaml_error_is_reported_on_the_yaml_error_line() -> None:
    (f,) = m401("fm-bad-yaml.md")
    assert (f.code, f.line + 1, f.column) == ("M401", 2, 0)
    assert f.message.startswith("フロントマターの YAML が不正です: ")
    assert "invalid YAML" in f.data["error"]
    assert [r.line + 1 for r in f.related] == [1]  # the opening ---


def test_a_list_is_not_a_mapping() -> None:
    (f,) = m401("fm-list.md")
    assert (f.line + 1, f.message) == (2, "フロントマターが「キー: 値」のマッピングではなくリストです")
    (en,) = m401("fm-list.md", lang="en")
    assert en.message == "Front matter is a list, not a mapping of keys to values"


def test_unclosed_front_matter() -> None:
    (f,) = m401("fm-unclosed.md")
    assert (f.line + 1, f.column, f.end_column) == (1, 0, 3)
    assert f.message == "1行目で始まったフロントマターが「---」で閉じられていません"


@pytest.mark.parametrize("name", ["fm-ok.md", "fm-empty.md", "fm-leading-rule.md", "clean.md"])
def test_valid_or_absent_front_matter_is_silent(name: str) -> None:
    assert m401(name) == []


@pytest.mark.parametrize("text, line", [
    ("---\ntitle: ok\ndate: 2026-01-01\n  bad: indent\n---\n本文\n", 4),
    ("---\ntitle: 'unterminated\n---\n本文\n", 2),  # where the quoted scalar starts
    ("---\njust a sentence\n---\n本文\n", 2),
])
def test_more_broken_front_matter(text: str, line: int) -> None:
    config = with_cli(Config(), METAS, select=("M401",))
    (f,) = lint_text(text, "t.md", config)
    assert f.line + 1 == line


def test_a_document_without_front_matter_is_silent() -> None:
    config = with_cli(Config(), METAS, select=("M401",))
    assert lint_text("# 見出し\n\n本文です。\n", "t.md", config) == []
