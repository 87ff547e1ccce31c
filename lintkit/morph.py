"""Morphology: one fugashi Tagger (unidic-lite) per process, morphemes as value types."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

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
        result.append(_morpheme(word, surface, start))
    return result


def tokenize_tail(text: str, count: int) -> list[Morpheme]:
    """The last ``count`` morphemes of ``text`` (all, if it has fewer), in text order.

    For rules that look at how a text ends: the tagger reads the whole text
    (the last words segment as in context), but only the morphemes asked for
    are built, which is most of the cost for a short text. Offsets are found
    from the end (``rfind``), so they agree with ``tokenize`` wherever the
    surfaces are in the text.
    """
    words = tagger()(text)
    out: list[Morpheme] = []
    end = len(text)
    for word in reversed(words[-count:] if count > 0 else []):
        surface = word.surface
        idx = text.rfind(surface, 0, end) if surface else -1
        start = idx if idx >= 0 else max(0, end - len(surface))
        end = start
        out.append(_morpheme(word, surface, start))
    out.reverse()
    return out


def _morpheme(word: Any, surface: str, start: int) -> Morpheme:
    f = word.feature
    return Morpheme(
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
