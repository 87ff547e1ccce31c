"""Prose extraction: inline markup resolved by markdown-it, positions mapped back exactly."""

from __future__ import annotations

from lintkit.document import Document
from lintkit.prose import OBJECT, Prose
from lintkit.source import decode


def para(text: str) -> tuple[Document, str]:
    doc = Document.parse(decode("p.md", text.encode("utf-8")))
    return doc, doc.blocks[0].text


def test_entities_and_escapes_align() -> None:
    doc, text = para("A &amp; B \\* C です。\n")
    assert text == "A & B * C です。"
    block = doc.blocks[0]
    line, col = doc.position(block, text.index("C"))
    assert doc.lines[line][col] == "C"


def test_links_keep_text_and_drop_destination() -> None:
    doc, text = para("[料金表](https://example.com/a(b)) を見る。[参照][ref]\n\n[ref]: https://x.example\n")
    assert text == "料金表 を見る。参照"
    block = doc.blocks[0]
    line, col = doc.position(block, text.index("を見る"))
    assert doc.lines[line][col:col + 3] == "を見る"


def test_bare_urls_autolinks_html_and_images_are_objects() -> None:
    _, text = para("詳細は https://example.com/x?a=1 と <https://example.org> と <!-- memo --> と ![図](a.png) です。\n")
    assert text == f"詳細は {OBJECT} と {OBJECT} と {OBJECT} と {OBJECT} です。"


def test_join_keeps_offsets() -> None:
    a = Prose("あい", ((0, 10, 2),))
    b = Prose("う", ((0, 20, 1),))
    joined = Prose.join([a, b], "\n")
    assert joined.text == "あい\nう"
    assert joined.source_offset(3) == 20
    assert joined.source_offset(1) == 11
