"""Morphology: one fugashi Tagger (unidic-lite) per process, morphemes as value types."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, NamedTuple

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


_LEADING_FIELDS = ("pos1", "pos2", "pos3", "pos4", "cType", "cForm", "lForm", "lemma")
# id of a Tagger → whether its features begin with _LEADING_FIELDS (every UniDic schema fugashi knows does):
# then ``_morpheme`` reads them from the raw feature string instead of building the feature tuple. Found
# when the tagger is made, before any other parse (a parse invalidates the nodes of the one before).
_RAW_FIELDS: dict[int, bool] = {}


@lru_cache(maxsize=1)
def tagger() -> fugashi.Tagger:
    made = fugashi.Tagger()
    word = made("日本")[0]
    _RAW_FIELDS[id(made)] = (hasattr(word, "feature_raw")
                             and tuple(getattr(type(word.feature), "_fields", ())[:8]) == _LEADING_FIELDS)
    return made


MORPH_CHUNK = 4096  # characters given to MeCab at once
CHUNK_CUTS = ("\n", "。", "！", "？", "!", "?", "．")


def tokenize(text: str, start: int = 0, chunk: int = MORPH_CHUNK) -> list[Morpheme]:
    """Morphemes of ``text[start:]`` with their offsets in ``text`` (whitespace between them is skipped).

    MeCab's lattice costs about 1 KB per input character and fugashi crashes
    the process (SIGSEGV) on a few million characters, so a long text (a
    hostile 10 MB line) is given to it at most ``chunk`` characters at a
    time, cut at the last sentence end or line break before the limit (or
    hard at the limit when there is none). Ordinary paragraphs are one
    chunk: unchanged.
    """
    if start == 0 and len(text) <= chunk:
        return _tokenize_piece(text)
    result: list[Morpheme] = []
    n = len(text)
    while start < n:
        end = n
        if n - start > chunk:
            limit = start + chunk
            cut = max(text.rfind(ch, start, limit) for ch in CHUNK_CUTS)
            end = cut + 1 if cut > start else limit
        result.extend(m._replace(start=m.start + start) for m in _tokenize_piece(text[start:end]))
        start = end
    return result


def _tokenize_piece(text: str) -> list[Morpheme]:
    """One MeCab call (``text`` of at most ``MORPH_CHUNK`` characters or so)."""
    result: list[Morpheme] = []
    pos = 0
    mecab = tagger()
    raw = _RAW_FIELDS.get(id(mecab), False)
    for word in mecab(text):
        surface = word.surface
        idx = text.find(surface, pos) if surface else -1
        start = idx if idx >= 0 else pos
        pos = start + len(surface)
        result.append(_morpheme(word, surface, start, raw))
    return result


def tokenize_tail(text: str, count: int) -> list[Morpheme]:
    """The last ``count`` morphemes of ``text`` (all, if it has fewer), in text order.

    For rules that look at how a text ends: the tagger reads the whole text
    (the last words segment as in context), but only the morphemes asked for
    are built, which is most of the cost for a short text. Offsets are found
    from the end (``rfind``), so they agree with ``tokenize`` wherever the
    surfaces are in the text.
    """
    if len(text) > MORPH_CHUNK:
        return tokenize(text)[-count:] if count > 0 else []  # in chunks: never a multi-megabyte MeCab call
    mecab = tagger()
    raw = _RAW_FIELDS.get(id(mecab), False)
    words = mecab(text)
    out: list[Morpheme] = []
    end = len(text)
    for word in reversed(words[-count:] if count > 0 else []):
        surface = word.surface
        idx = text.rfind(surface, 0, end) if surface else -1
        start = idx if idx >= 0 else max(0, end - len(surface))
        end = start
        out.append(_morpheme(word, surface, start, raw))
    out.reverse()
    return out


def iter_tail(text: str) -> Iterator[Morpheme]:
    """The morphemes of ``text`` from the last one back, built one at a time as they are asked for.

    The same morphemes, offsets included, as ``tokenize_tail(text, n)`` for every ``n`` (read from the
    end): a caller that stops after a few words builds only those.
    """
    if len(text) > MORPH_CHUNK:
        yield from reversed(tokenize(text))  # in chunks: never a multi-megabyte MeCab call
        return
    mecab = tagger()
    raw = _RAW_FIELDS.get(id(mecab), False)
    words = mecab(text)
    end = len(text)
    for word in reversed(words):
        surface = word.surface
        idx = text.rfind(surface, 0, end) if surface else -1
        start = idx if idx >= 0 else max(0, end - len(surface))
        end = start
        yield _morpheme(word, surface, start, raw)


_new_tuple = tuple.__new__  # Morpheme(*fields) without the Python-level __new__ of a NamedTuple


def _morpheme(word: Any, surface: str, start: int, raw_fields: bool = False) -> Morpheme:
    """``raw_fields``: ``_RAW_FIELDS`` of the tagger that made ``word``."""
    raw = word.feature_raw if raw_fields else '"'
    if '"' not in raw:
        # fugashi's own parse of an unquoted feature string (``Node.feature``): split at commas; the fields an
        # unknown word lacks (None there) read as "*" as empty ones do. The first eight fields are all a
        # Morpheme holds: no feature tuple of 17-29 fields is built (1.5 µs a word less).
        fields = raw.split(",", 8)
        if len(fields) < 8:
            fields += [""] * (8 - len(fields))
        pos1, pos2, pos3, _, ctype, cform, _, lemma = fields[:8]
        return _new_tuple(Morpheme, (surface, pos1 or "*", pos2 or "*", pos3 or "*", ctype or "*", cform or "*",
                                     lemma or "*", start, bool(word.is_unk)))
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
