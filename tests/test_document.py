"""The Document model: blocks with exact lines, sections, prose positions, sentences, morphemes."""

from __future__ import annotations

from lintkit.document import BLOCKQUOTE, CODE, HEADING, HR, HTML, LIST_ITEM, PARAGRAPH, TABLE, Document
from lintkit.prose import OBJECT
from lintkit.source import decode

ARTICLE = """---
title: "テスト記事"
date: 2026-01-05
---

## はじめに

本文です。`code` と [リンク](https://example.com/a) を含みます。
二行目は **強調** です。

- 項目一
- 項目二
  続きの行

> 引用です。

| 名前 | 値 |
|---|---|
| 料金 | 3ドル |

```python
print("---END---")
```

<!-- コメント -->

---

### 1. 小見出し

最後の段落です。
"""


def doc_of(text: str) -> Document:
    return Document.parse(decode("a.md", text.encode("utf-8")))


def test_front_matter_parsed_with_lines() -> None:
    doc = doc_of(ARTICLE)
    fm = doc.front_matter
    assert fm is not None and fm.closed and fm.error is None
    assert (fm.start, fm.end) == (0, 4)
    assert fm.data["title"] == "テスト記事"


def test_blocks_kinds_and_lines() -> None:
    doc = doc_of(ARTICLE)
    got = [(b.kind, b.start + 1, b.end) for b in doc.blocks]
    assert got == [
        (HEADING, 6, 6),
        (PARAGRAPH, 8, 9),
        (LIST_ITEM, 11, 11),
        (PARAGRAPH, 11, 11),
        (LIST_ITEM, 12, 13),
        (PARAGRAPH, 12, 13),
        (BLOCKQUOTE, 15, 15),
        (PARAGRAPH, 15, 15),
        (TABLE, 17, 19),
        (CODE, 21, 23),
        (HTML, 25, 25),
        (HR, 27, 27),
        (HEADING, 29, 29),
        (PARAGRAPH, 31, 31),
    ]


def test_prose_excludes_code_urls_and_markup() -> None:
    doc = doc_of(ARTICLE)
    para = doc.blocks[1]
    assert para.text == f"本文です。{OBJECT} と リンク を含みます。\n二行目は 強調 です。"
    # every prose character maps back to the same character in the source
    for i, ch in enumerate(para.text):
        if ch in (OBJECT, "\n"):
            continue
        line, col = doc.position(para, i)
        assert doc.lines[line][col] == ch


def test_list_item_and_table_prose() -> None:
    doc = doc_of(ARTICLE)
    assert doc.blocks[4].text == "項目二\n続きの行"
    assert doc.blocks[8].text == "名前 | 値\n料金 | 3ドル"
    line, col = doc.position(doc.blocks[8], doc.blocks[8].text.index("3ドル"))
    assert (line + 1, doc.lines[line][col:col + 3]) == (19, "3ドル")


def test_sections_and_parents() -> None:
    doc = doc_of(ARTICLE)
    secs = doc.sections
    assert [(s.level, s.start + 1, s.end) for s in secs] == [(2, 6, 31), (3, 29, 31)]
    assert secs[1].parent == 0
    assert doc.blocks[secs[1].heading].text == "1. 小見出し"


def test_non_prose_lines_cover_front_matter_code_and_html() -> None:
    doc = doc_of(ARTICLE)
    assert {0, 1, 2, 3, 20, 21, 22, 24} <= doc.non_prose_lines
    assert 7 not in doc.non_prose_lines


def test_accidental_setext_heading_is_a_paragraph() -> None:
    doc = doc_of("前の段落です。\n\nこれは文です。どう変わるでしょうか？\n---\n\n## 本当の見出し\n")
    para = doc.blocks[1]
    assert (para.kind, para.start, para.underline, para.last_line) == (PARAGRAPH, 2, 3, 2)
    assert doc.blocks[2].kind == HEADING


def test_intentional_setext_heading_stays_a_heading() -> None:
    doc = doc_of("概要\n======\n\n本文です。\n")
    assert doc.blocks[0].kind == HEADING and doc.blocks[0].level == 1


def test_sentences_respect_brackets() -> None:
    doc = doc_of("彼は「はい。そうです。」と言った。次の文です！最後\n")
    texts = [s.text for s in doc.sentences(doc.blocks[0])]
    assert texts == ["彼は「はい。そうです。」と言った。", "次の文です！", "最後"]


def test_morphemes_are_cached_and_offsets_match() -> None:
    doc = doc_of("開発現場は変わりつつあります。\n")
    block = doc.blocks[0]
    first = doc.morphemes(block)
    assert doc.morphemes(block) is first
    for m in first:
        assert block.text[m.start : m.start + len(m.surface)] == m.surface
    assert first[-1].surface == "。"


def test_crlf_positions_match_lf() -> None:
    lf = doc_of(ARTICLE)
    crlf = Document.parse(decode("a.md", ARTICLE.replace("\n", "\r\n").encode("utf-8")))
    assert [(b.kind, b.start, b.end) for b in lf.blocks] == [(b.kind, b.start, b.end) for b in crlf.blocks]
    assert lf.position(lf.blocks[1], 5) == crlf.position(crlf.blocks[1], 5)


def test_full_width_decimal_point_does_not_end_a_sentence() -> None:
    doc = doc_of("入力は＄０．１５です．出力は高い。\n")
    assert [s.text for s in doc.sentences(doc.blocks[0])] == ["入力は＄０．１５です．", "出力は高い。"]
