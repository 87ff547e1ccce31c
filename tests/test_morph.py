"""Morphology: morphemes with offsets, and the tail of a text built alone."""

from __future__ import annotations

import subprocess
import sys
from itertools import islice

from lintkit.morph import iter_tail, tokenize, tokenize_tail

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


def test_the_tail_read_backwards_is_the_tail_of_every_length() -> None:
    # built lazily from the end: the same morphemes and offsets as tokenize_tail asked for n of them
    whole = tokenize(_TEXT)
    assert list(iter_tail(_TEXT))[::-1] == whole
    for count in (1, 3, 16):
        assert list(islice(iter_tail(_TEXT), count))[::-1] == tokenize_tail(_TEXT, count)
    assert list(iter_tail("")) == []
    long_text = "解析器に長い文章を渡します。" * 400  # over a chunk: read in pieces, as tokenize does
    assert list(islice(iter_tail(long_text), 3))[::-1] == tokenize(long_text)[-3:]


def test_long_texts_go_to_mecab_in_chunks() -> None:
    # a text far longer than a chunk: the same morphemes and offsets as chunk by chunk, no giant MeCab call
    text = "解析器に長い文章を渡します。" * 40
    whole = tokenize(text, chunk=10_000)
    chunked = tokenize(text, chunk=50)
    assert [(m.surface, m.start) for m in chunked] == [(m.surface, m.start) for m in whole]
    assert tokenize_tail(text * 200, 3) == tokenize(text * 200)[-3:]
    assert all(text[m.start:m.start + len(m.surface)] == m.surface for m in tokenize(text, 14))


def test_morphemes_read_from_the_raw_features_are_those_of_the_feature_tuple() -> None:
    """The fast path (the raw feature string) gives what the parsed feature tuple gives, unknown words included,
    from the very first text a fresh process tokenizes (the tagger's probe parse comes before it)."""
    code = (
        "from lintkit import morph\n"
        "text = '緑茶をおいしく淹れる。暗黙知をＡＩで継承しﾃｽﾄする。ｘｑｚｗヴぉ、「引用」も Sphinxbuild も。'\n"
        "first = morph.tokenize(text)\n"
        "assert morph._RAW_FIELDS[id(morph.tagger())]\n"
        "words = morph.tagger()(text)\n"
        "assert any(w.is_unk for w in words)\n"
        "keys = ('pos1', 'pos2', 'pos3', 'cType', 'cForm', 'lemma')\n"
        "expected = [(w.surface, *(getattr(w.feature, k, '*') or '*' for k in keys), bool(w.is_unk)) for w in words]\n"
        "got = [(m.surface, m.pos1, m.pos2, m.pos3, m.ctype, m.cform, m.lemma, m.unknown) for m in first]\n"
        "assert got == expected, (got, expected)\n"
        "tail = list(morph.iter_tail(text))[::-1]\n"
        "assert [(m.surface, m.pos1, m.lemma, m.start) for m in tail] == [(m.surface, m.pos1, m.lemma, m.start) for m in first]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
