"""Morphology: morphemes with offsets, and the tail of a text built alone."""

from __future__ import annotations

from lintkit.morph import tokenize, tokenize_tail

_TEXT = "生成AIの導入で、現場の暗黙知を 形式知に変える取り組みが広がっている。「熟練工の勘」も例外ではない"


def test_offsets_point_at_the_surfaces() -> None:
    for m in tokenize(_TEXT):
        assert _TEXT[m.start:m.start + len(m.surface)] == m.surface


def test_the_tail_is_the_end_of_the_whole_tokenization() -> None:
    whole = tokenize(_TEXT)
    for count in (1, 3, 16, len(whole), len(whole) + 5):
        assert tokenize_tail(_TEXT, count) == whole[-count:]
    assert tokenize_tail(_TEXT, 0) == []
    assert tokenize_tail("", 4) == []
