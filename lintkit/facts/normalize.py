"""Text folding for matching: full-width → ASCII and hyphen variants → ``-``, one character for one.

Folding never changes the length of a string, so an offset in the folded text
is the same offset in the original (positions stay exact).
"""

from __future__ import annotations

import re
import unicodedata

_TABLE: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = " "  # ideographic space
for _cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D):
    _TABLE[_cp] = "-"
_TABLE[0x00A0] = " "
_TABLE[0x202F] = " "
_TABLE[0xFFE5] = "¥"
_TABLE[0xFFE0] = "¢"

_SEP = re.compile(r"[\s\-_]+")
_SLUG_DROP = re.compile(r"[^\w.\-/]+")


def fold(text: str) -> str:
    """Full-width ASCII → ASCII, U+3000 → space, hyphen/minus variants → ``-`` (length preserved)."""
    return text.translate(_TABLE)


def name_key(name: str) -> str:
    """The key two spellings of one name share: folded, case-folded, without spaces/hyphens/underscores."""
    return _SEP.sub("", unicodedata.normalize("NFKC", fold(name)).casefold())


def slug(text: str) -> str:
    """A readable id part: ``Claude Opus 4.5`` → ``claude-opus-4.5``."""
    s = unicodedata.normalize("NFKC", fold(text)).casefold().strip()
    s = re.sub(r"[\s_()]+", "-", s)
    s = _SLUG_DROP.sub("", s)
    return re.sub(r"-{2,}", "-", s).strip("-") or "entity"
