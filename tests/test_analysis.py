"""The shared end-matter analysis (lintkit/analysis.py): what S105 reports after and S108 leaves out."""

from __future__ import annotations

from pathlib import Path

from lintkit.analysis import DocumentAnalysis, EndMatter
from lintkit.document import HEADING, Document
from lintkit.rules.base import RunContext
from lintkit.source import decode
from tests.conftest import FIXTURES

STRUCT = FIXTURES / "structure"
RUN = RunContext()
OPTIONS = RUN.rule_options("S105")
MARKERS = tuple(OPTIONS["markers"])
SECTION_MARKERS = tuple(OPTIONS["section-markers"])


def analyse(path: Path) -> tuple[Document, EndMatter]:
    doc = Document.parse(decode(path.name, path.read_bytes()))
    return doc, DocumentAnalysis(doc, RUN.rule_options).end_matter(MARKERS, SECTION_MARKERS)


def lines(doc: Document, blocks: frozenset[int] | set[int]) -> list[int]:
    return sorted(doc.blocks[i].start + 1 for i in blocks)


def test_continuations_are_body_not_end_matter() -> None:
    doc, found = analyse(STRUCT / "footer_twice.md")
    runs = [(doc.blocks[c.footer].start + 1, c.phrase, doc.blocks[c.first].start + 1, doc.blocks[c.last].start + 1)
            for c in found.continuations]
    assert runs == [(21, "アフィリエイトリンクが含まれ", 23, 25), (29, "アフィリエイトリンクが含まれ", 32, 34)]
    # the two disclaimers (the second with its ---END--- line) are end matter; the body is not
    assert lines(doc, set(found.blocks) & {b.index for b in doc.blocks if b.text.strip()}) == [21, 29]
    continued = {i for c in found.continuations for i in range(c.first, c.last + 1)}
    assert not continued & found.blocks


def test_sections_cta_and_book_lists() -> None:
    doc, found = analyse(STRUCT / "footer_sections.md")
    marked = lines(doc, found.blocks)
    # related posts (21-24), the CTA section found by its marker (28-33), the book list with its linked title (37-43)
    for line in (21, 23, 24, 28, 30, 32, 37, 39, 41, 43):
        assert line in marked
    # "### 3. 季節ごとの楽しみ" is body again: the continuation S105 reports
    assert all(line < 45 for line in marked)
    assert [(doc.blocks[c.first].start + 1, doc.blocks[c.last].start + 1) for c in found.continuations] == [(45, 51)]


def test_notice_at_the_top_is_end_matter_but_no_footer() -> None:
    doc, found = analyse(STRUCT / "footer_top_notice.md")
    assert found.continuations == ()
    assert 7 in lines(doc, found.blocks)  # left out of S108's comparison all the same
    # the body between the notice and the related posts is not end matter
    body = [b.start + 1 for b in doc.blocks if b.kind != HEADING and "容量" in b.text]
    assert body and not set(body) & set(lines(doc, found.blocks))


def test_cta_shaped_section_after_the_footer(tmp_path: Path) -> None:
    # a heading missing from section-markers whose section is a link and a short paragraph: end matter, no body
    text = ("# 散歩の記録\n\n毎朝三十分ほど歩くようにしています。\n\n---\n\n"
            "*本ページにはアフィリエイトリンクが含まれます。*\n\n## 地域別の散歩道\n\n"
            "近くの散歩道をまとめました。\n\n[散歩道の一覧を見る →](/walks/)\n")
    path = tmp_path / "cta.md"
    path.write_text(text, encoding="utf-8")
    doc, found = analyse(path)
    assert found.continuations == ()
    assert lines(doc, found.blocks) == [7, 9, 11, 13]


def test_no_markers_no_end_matter() -> None:
    doc = Document.parse(decode("a.md", (STRUCT / "footer_twice.md").read_bytes()))
    assert DocumentAnalysis(doc, RUN.rule_options).end_matter((), ()) == EndMatter(frozenset(), ())


def test_computed_once_per_markers() -> None:
    doc = Document.parse(decode("a.md", (STRUCT / "footer_twice.md").read_bytes()))
    shared = DocumentAnalysis(doc, RUN.rule_options)
    assert shared.end_matter(MARKERS, SECTION_MARKERS) is shared.end_matter(MARKERS, SECTION_MARKERS)
    assert shared.end_matter(MARKERS, ()) is not shared.end_matter(MARKERS, SECTION_MARKERS)


def test_blocks_holding_a_phrase_are_found_in_one_pass_as_block_by_block() -> None:
    from lintkit.analysis import _holding

    doc, _ = analyse(STRUCT / "footer_sections.md")
    blocks = [b for b in doc.blocks if b.prose is not None]
    for phrases in (MARKERS, SECTION_MARKERS, ("散歩", "を"), ("く\x00ら",), ("ない語句",)):
        assert _holding(blocks, phrases) == {b.index for b in blocks if any(p in b.text for p in phrases)}
    assert _holding([], MARKERS) == set() == _holding(blocks, ())


def test_glued_markers_are_found_as_the_look_behind_pattern_finds_them() -> None:
    from lintkit.analysis import _compile, _search_glued

    cases = ["本文です。---END---", "本文 [END]", "ab---END---", "x --END-- y --END--", "語<|endoftext|>  ",
             "END", "", " ", "a" * 50 + "----END", "日本語[INST]テスト[/INST]", "---END--- 本文"]
    for markers in ((r"-{2,}\s*END\s*-*", r"\[END\]", r"<\|endoftext\|>", r"\[/?INST\]"), (r"x*",), (r"(?<=b)c",),
                    (r"^a",)):
        _, glued = _compile(markers, ())
        for text in cases + ["abc", "bc", "語c", " c"]:
            want, got = glued.search(text), _search_glued(glued, text)
            assert (want is None) == (got is None), (markers, text)
            if want is not None and got is not None:
                assert (want.span(), want.span("marker"), want.group("marker")) == (
                    got.span(), got.span("marker"), got.group("marker")), (markers, text)
