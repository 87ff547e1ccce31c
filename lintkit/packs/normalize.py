"""Length-preserving text normalization for pattern matching.

Every character maps to exactly one character, so an offset in the
normalized text is the same offset in the original: findings keep exact
columns without an offset map. ``width`` folds full-width digits and Latin
letters and the ideographic space to ASCII, and half-width katakana and
punctuation (｢｣､｡･) to full-width, one character at a time; full-width
symbols such as （）［］：％ are left alone, because they are distinct
characters in Japanese text and regex metacharacters once folded. ``fold``
additionally lower-cases Latin letters.
Literal phrases are matched against ``fold(text)``, regular expressions
against ``width(text)``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " "}
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):  # ０-９ Ａ-Ｚ ａ-ｚ
        for cp in range(lo, hi + 1):
            table[cp] = chr(cp - 0xFEE0)
    for cp in range(0xFF61, 0xFFA0):  # half-width katakana and marks
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = folded
    return table


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = dict(_width_table())
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0xDF)):
        low = chr(cp).lower()
        if len(low) == 1 and low != chr(cp):
            table[cp] = low
    for cp, ch in list(table.items()):
        low = ch.lower()
        if len(low) == 1:
            table[cp] = low
    return table


def width(text: str) -> str:
    """Full-width digits/letters → ASCII, ideographic space → space, half-width katakana → full-width."""
    return text.translate(_width_table())


def fold(text: str) -> str:
    """``width`` plus lower-case Latin letters (the form literal phrases are compared in)."""
    return text.translate(_fold_table())
