"""Morphology: one fugashi Tagger (unidic-lite) per process, morphemes as value types."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import fugashi


class Morpheme(NamedTuple):
    surface: str
    pos1: str  # 品詞大分類: 名詞, 動詞, 助詞 ...
    pos2: str
    pos3: str
    ctype: str  # 活用型
    cform: str  # 活用形: 連用形-一般 ...
    lemma: str
    start: int  # offset in the tokenized text
    unknown: bool


@lru_cache(maxsize=1)
def tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def tokenize(text: str) -> list[Morpheme]:
    """Morphemes with their offsets in ``text`` (whitespace between them is skipped)."""
    result: list[Morpheme] = []
    pos = 0
    for word in tagger()(text):
        surface = word.surface
        idx = text.find(surface, pos) if surface else -1
        start = idx if idx >= 0 else pos
        pos = start + len(surface)
        f = word.feature
        result.append(
            Morpheme(
                surface,
                getattr(f, "pos1", "*") or "*",
                getattr(f, "pos2", "*") or "*",
                getattr(f, "pos3", "*") or "*",
                getattr(f, "cType", "*") or "*",
                getattr(f, "cForm", "*") or "*",
                getattr(f, "lemma", "*") or "*",
                start,
                bool(word.is_unk),
            )
        )
    return result
