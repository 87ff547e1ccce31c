"""Length-preserving width folding for pattern matching.

Every character maps to exactly one character, so an offset in the folded
text is the same offset in the original: findings keep exact columns without
an offset map. ``width`` folds full-width digits and Latin letters and the
ideographic space to ASCII, and half-width katakana and punctuation (｢｣､｡･)
to full-width, one character at a time; full-width symbols such as
（）［］：％ are left alone, because they are distinct characters in Japanese
text and regex metacharacters once folded. Case is not folded here: literal
phrases are compiled case-insensitive (RE2 ``(?i:…)``) instead, which keeps
one searchable form of each text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters ``width`` changes; most Japanese paragraphs have none, and then
# the text is used as it is (one C-speed search instead of a per-character pass).
_FOLDABLE = re.compile("[\u3000\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f]")


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


def width(text: str) -> str:
    """Full-width digits/letters → ASCII, ideographic space → space, half-width katakana → full-width."""
    if _FOLDABLE.search(text) is None:
        return text
    return text.translate(_width_table())
