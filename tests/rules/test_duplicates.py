"""S101 duplicate-section and S102 duplicate-paragraph on fixture articles, the seeds and js-primer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding, Severity
from lintkit.fix import apply_edits
from lintkit.rules import all_meta
from lintkit.similarity import normalize, similarity
from lintkit.source import read_source
from tests.conftest import CORPUS, FIXTURES, SEED_000, SEED_002, needs_shared

METAS = all_meta()
DIR = FIXTURES / "duplicates"
CODES = ("S101", "S102")


def run(path: Path | str, options: dict[str, dict[str, Any]] | None = None, lang: str | None = None,
        select: tuple[str, ...] = CODES) -> list[Finding]:
    config = with_cli(Config(), METAS, select=select, lang=lang)
    if options:
        merged = {code: {**METAS[code].default_options(), **opts} for code, opts in options.items()}
        config = replace(config, rule_options={**config.rule_options, **merged})
    result = lint_paths([str(path)], config)
    assert not result.errors
    return [f for f in result.findings if f.code in CODES]


def lines_of(found: list[Finding]) -> set[tuple[str, int]]:
    return {(f.code, f.line + 1) for f in found}


def by_line(found: list[Finding]) -> dict[int, Finding]:
    return {f.line + 1: f for f in found}


def related(f: Finding) -> list[int]:
    return [r.line + 1 for r in f.related]


def fixed(path: Path, finding: Finding) -> str:
    assert finding.fix is not None
    return apply_edits(read_source(str(path)), finding.fix.edits).decode("utf-8")


# S102 -------------------------------------------------------------------


def test_pasted_closing_paragraph() -> None:
    path = DIR / "pasted_closing.md"
    found = run(path)
    assert lines_of(found) == {("S102", 22)}
    f = found[0]
    assert related(f) == [17]  # the first occurrence, which a glued "---" made a setext heading
    assert f.severity == Severity.ERROR
    assert (f.column, f.end_line + 1, f.end_column) == (0, 22, len(path.read_text(encoding="utf-8").splitlines()[21]))
    assert f.message == "段落が17行目と重複しています (類似度 1.00)"
    assert f.related[0].message == "最初の出現"
    assert f.data == {"other_line": 17, "other_end_line": 17, "similarity": 1.0, "count": 1}
    assert f.fix is not None and f.fix.safe and f.fix.description == "重複段落を削除"
    assert [(e.start_line, e.end_line) for e in f.fix.edits] == [(21, 23)]  # the paragraph and one blank line
    after = fixed(path, f)
    assert after.count("最後に、あなたのチームでは") == 1
    assert "アフィリエイトリンクが含まれます。*\n\n予算を超えないように" in after


def test_english_messages() -> None:
    f = run(DIR / "pasted_closing.md", lang="en")[0]
    assert f.message == "Paragraph duplicates line 17 (similarity 1.00)"
    assert f.related[0].message == "first occurrence"
    assert f.fix is not None and f.fix.description == "Remove the duplicate paragraph"


def test_near_duplicate_and_glued_marker() -> None:
    found = by_line(run(DIR / "near_duplicate.md"))
    assert set(found) == {15, 19}
    near = found[15]
    assert related(near) == [7] and near.fix is None  # a near duplicate is never fixed automatically
    assert 0.9 <= near.data["similarity"] < 1.0
    assert "類似度 0.9" in near.message
    marked = found[19]  # the same paragraph with "---END---" glued to it: the marker is S104's business
    assert related(marked) == [9] and marked.data["similarity"] == 1.0
    assert marked.fix is None  # the source lines differ, so deleting is not obviously safe


def test_threshold_option() -> None:
    assert lines_of(run(DIR / "near_duplicate.md", {"S102": {"threshold": 0.99}})) == {("S102", 19)}


def test_near_min_length_option() -> None:
    assert lines_of(run(DIR / "near_duplicate.md", {"S102": {"near-min-length": 200}})) == {("S102", 19)}


def test_lists_tables_quotes_and_runs() -> None:
    path = DIR / "lists_tables.md"
    found = by_line(run(path))
    assert set(found) == {25, 28, 35}
    item = found[25]  # a list item repeated alone in another list: may be a deliberate recap
    assert item.severity == Severity.WARNING and related(item) == [8]
    pasted = found[28]  # the table and the paragraph under it, pasted again together: one finding
    assert pasted.severity == Severity.ERROR and related(pasted) == [11]
    assert pasted.end_line + 1 == 33
    assert pasted.data == {"other_line": 11, "other_end_line": 16, "similarity": 1.0, "count": 2}
    assert pasted.message == "2個の段落が11〜16行目と重複しています (類似度 1.00)"
    assert pasted.fix is not None and [(e.start_line, e.end_line) for e in pasted.fix.edits] == [(27, 34)]
    after = fixed(path, pasted)
    assert after.count("| Bプラン |") == 1 and after.count("安さだけで選ぶと") == 2  # the quotation stays
    last = found[35]  # not part of the run: the quotation sat between the two paragraphs the first time
    assert related(last) == [20] and last.severity == Severity.ERROR
    # line 18, a blockquote quoting the paragraph at line 16, is a quotation, not a duplicate


def test_clean_article_stays_silent() -> None:
    assert run(DIR / "clean_repeats.md") == []


def test_clean_article_needs_each_exception() -> None:
    """The clean fixture is silent because of the rules' exceptions, not because nothing repeats."""
    lines = (DIR / "clean_repeats.md").read_text(encoding="utf-8").splitlines()
    # a lead-in repeated before different code
    assert lines[8] == lines[15] and lines[8].startswith("次のコードでは")
    # parallel items of one list, long enough for a near match
    item_a, item_b = normalize(lines[26]), normalize(lines[27])
    assert len(item_a) >= 50 and similarity(item_a, item_b) >= 0.9
    # two tables with the same columns and other figures
    table_a, table_b = normalize(" ".join(lines[50:54])), normalize(" ".join(lines[55:59]))
    assert similarity(table_a, table_b) >= 0.9
    # two parallel sections whose prose is alike and whose code differs
    section_a, section_b = normalize(" ".join(lines[32:39])), normalize(" ".join(lines[40:47]))
    assert similarity(section_a, section_b) >= 0.9
    # a long link caption repeated with another target
    captions = [n for n, line in enumerate(lines) if line.startswith("[この記事で紹介したサンプルコード")]
    assert len(captions) == 2 and lines[captions[0]] != lines[captions[1]]
    assert len({line.split("](")[0] for line in (lines[captions[0]], lines[captions[1]])}) == 1
    assert len(normalize(lines[captions[0]].split("](")[0])) >= 20


def test_lead_in_phrases_option() -> None:
    found = run(DIR / "clean_repeats.md", {"S102": {"lead-in-phrases": []}})
    assert lines_of(found) == {("S102", 16)}  # without the lead-in rule the repeated sentence is reported


# S101 -------------------------------------------------------------------


def test_duplicated_section() -> None:
    path = DIR / "duplicated_section.md"
    found = run(path)
    assert lines_of(found) == {("S101", 21)}  # and no S102 for the two paragraphs inside it
    f = found[0]
    assert related(f) == [11] and f.end_line + 1 == 25
    assert f.message == "セクションが11行目のセクションと重複しています (類似度 1.00)"
    assert f.data == {"other_line": 11, "similarity": 1.0}
    assert f.fix is None


def test_paragraphs_of_a_section_too_short_for_s101() -> None:
    # when the section is not compared (min-length out of reach), its paragraphs are S102's,
    # and its heading is still a repeated sibling heading
    found = by_line(run(DIR / "duplicated_section.md", {"S101": {"min-length": 10_000}}))
    assert set(found) == {21, 23}
    assert found[21].code == "S101" and found[21].data == {"other_line": 11, "heading": "課題の整理"}
    assert found[23].code == "S102" and found[23].data["count"] == 2 and related(found[23]) == [13]


def test_without_s101_the_repeated_section_is_s102s() -> None:
    # S101 deselected: its duplicates must not vanish; S102 reports the section's paragraphs instead
    found = by_line(run(DIR / "duplicated_section.md", select=("S102",)))
    assert set(found) == {23}
    assert found[23].code == "S102" and found[23].data["count"] == 2 and related(found[23]) == [13]


def test_sibling_headings() -> None:
    found = run(DIR / "sibling_headings.md")
    assert lines_of(found) == {("S101", 27)}  # "課題" under the same parent; the one under 製造業 is not a sibling
    f = found[0]
    assert related(f) == [19]
    assert f.message == "見出し「課題」が同じ階層の19行目にもあります"
    assert f.data == {"other_line": 19, "heading": "課題"}
    en = run(DIR / "sibling_headings.md", lang="en")[0]
    assert en.message == "Heading \"課題\" repeats the sibling heading at line 19"


# real inputs ------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("seed", [SEED_000, SEED_002], ids=["seed000", "seed002"])
def test_seed_pasted_closing_paragraph(seed: Path) -> None:
    found = run(seed)
    assert lines_of(found) == {("S102", 115)}
    assert related(found[0]) == [71]
    assert found[0].fix is not None


@needs_shared
def test_js_primer_has_no_duplicate_errors() -> None:
    found = run(CORPUS / "js-primer")
    errors = [f"{f.path}:{f.line + 1}: {f.code} {f.message}" for f in found if f.severity == Severity.ERROR]
    assert errors == []
