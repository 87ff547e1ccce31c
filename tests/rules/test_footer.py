"""S105 content-after-footer on fixture articles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
STRUCT = FIXTURES / "structure"


def run(path: Path | str, options: dict[str, Any] | None = None, lang: str = "ja") -> list[Finding]:
    config = with_cli(Config(), METAS, select=("S105",), lang=lang)
    if options is not None:
        config = replace(config, rule_options={"S105": {**METAS["S105"].default_options(), **options}})
    result = lint_paths([str(path)], config)
    assert not result.errors
    return result.findings


def test_after_disclaimer() -> None:
    found = run(STRUCT / "footer_disclaimer.md")
    assert [(f.code, f.line + 1) for f in found] == [("S105", 23)]
    f = found[0]
    assert f.end_line + 1 == 27  # the continuation ends before the trailing ---END--- marker
    assert [r.line + 1 for r in f.related] == [21]
    assert f.data == {"footer_line": 21, "footer": "アフィリエイトリンクが含まれ"}
    assert f.message == "21行目の記事末尾（アフィリエイトリンクが含まれ）の後に本文が続いています"


def test_after_end_matter_sections() -> None:
    # related posts, a CTA section (found by its shape), a book list with linked sub-headings,
    # then "### 3. 季節ごとの楽しみ": body again
    found = run(STRUCT / "footer_sections.md")
    assert [(f.line + 1, f.end_line + 1) for f in found] == [(45, 51)]
    assert [r.line + 1 for r in found[0].related] == [21]
    assert found[0].data["footer"] == "あわせて読みたい"


def test_every_continuation_is_reported() -> None:
    # a pipeline appended two "completions", each closed by a footer of its own
    found = run(STRUCT / "footer_twice.md")
    assert [(f.line + 1, f.end_line + 1, f.related[0].line + 1) for f in found] == [(23, 25, 21), (32, 34, 29)]


def test_notice_at_the_top_is_not_a_footer() -> None:
    assert run(STRUCT / "footer_top_notice.md") == []


def test_clean_end_matter_is_silent() -> None:
    assert run(FIXTURES / "clean" / "tea.md") == []


def test_markers_are_options() -> None:
    assert run(STRUCT / "footer_disclaimer.md", {"markers": []}) == []
    found = run(STRUCT / "footer_disclaimer.md", {"markers": ["配線と照明を見直した記録"]})
    assert found == []  # the notice is in the first paragraph, before any article prose
    found = run(STRUCT / "footer_disclaimer.md", {"markers": ["目の疲れがかなり減りました"]})
    assert [(f.line + 1, f.data["footer"]) for f in found] == [(21, "目の疲れがかなり減りました")]


def test_section_markers_are_options() -> None:
    text = ("# 題\n\n本文の段落です。\n\n## 編集後記\n\nここまで読んでくださりありがとうございました。\n\n"
            "## 5. 続きの章\n\n本文がまだ続いています。\n")
    config = with_cli(Config(), METAS, select=("S105",))
    assert lint_text(text, "t.md", config) == []
    opts = {**METAS["S105"].default_options(), "section-markers": ("編集後記",)}
    found = lint_text(text, "t.md", replace(config, rule_options={"S105": opts}))
    assert [(f.line + 1, f.related[0].line + 1) for f in found] == [(9, 5)]


def test_english_message() -> None:
    found = run(STRUCT / "footer_sections.md", lang="en")
    assert found[0].message == "Article body continues after the end matter at line 21 (あわせて読みたい)"
