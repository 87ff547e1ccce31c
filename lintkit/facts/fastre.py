"""Word-list regexes that CPython's ``re`` can skip through in C.

``re`` searches a pattern fast when it can tell from the first character
whether a match may start at a position: a pattern that opens with a
branch of literals gets a character-set prefix, and positions whose
character is not in the set cost a table look-up. A pattern that opens
with a look-behind (``(?<![A-Za-z])word``) or is compiled with IGNORECASE
(for a cased first letter) gets none, and the whole pattern is tried at
every position: for the claim keywords and the name trie, that is most of
the time fact extraction takes.

The fast forms here keep the meaning of such a pattern exactly:

- the look-behind moves behind the first character: ``w(?<![a-z].)ord`` is
  ``(?<![a-z])word`` (two characters back from after ``w``: the one before
  the match and ``w``; at the start of the text, nothing matches it);
- IGNORECASE is replaced by matching against ``lowered(text)``, with the
  pattern's words lowercased. ``re`` also folds ``K`` (Kelvin), ``ſ``, ``ı``
  and ``İ`` onto ASCII letters: the first becomes ``k`` under ``lower()``,
  ``ſ`` and ``ı`` are mapped to ``s`` and ``i`` here, and ``İ`` (two
  characters under ``lower()``) sends the caller back to the original
  pattern, as any text whose length ``lower()`` changes does;
- a case-insensitive first letter in a pattern that must stay
  case-sensitive elsewhere becomes one alternative per form of the letter
  (``[Cc]laude`` as ``C…|c…``).

Words with cased letters outside ASCII are not rewritten (``plain`` says
which are safe); the callers then keep the original pattern. Tests compare
the fast and the original patterns on generated text.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterator

_FOLDS = str.maketrans({"\u017f": "s", "\u0131": "i"})  # ſ, dotless ı: what re.IGNORECASE matches to s, i
_TWINS = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131"}  # other characters re.IGNORECASE takes for them


def lowered(text: str) -> str | None:
    """``text`` in lower case, position for position; None where lowering would move positions (``İ``)."""
    low = text.lower()
    if "\u017f" in low or "\u0131" in low:
        low = low.translate(_FOLDS)
    return low if len(low) == len(text) else None


def plain(word: str) -> bool:
    """Whether ``word`` has no cased character outside ASCII (so lowering text and word is IGNORECASE)."""
    return all(ch.isascii() or (ch.lower() == ch and ch.upper() == ch) for ch in word)


def forms(ch: str) -> str:
    """The characters ``re.IGNORECASE`` matches to the ASCII or uncased character ``ch``, ``ch`` first."""
    if not ch.isascii() or not ch.isalpha():
        return ch
    return ch + ch.swapcase() + _TWINS.get(ch.lower(), "")


class LazyPattern:
    """A regex compiled on first use: the original form of a pattern that has a fast form is needed only
    for the rare text ``lowered`` refuses, and compiling it up front would cost every run (~20 ms)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def compiled(self) -> "re.Pattern[str]":
        return re.compile(self.pattern, self.flags)

    def finditer(self, text: str) -> "Iterator[re.Match[str]]":
        return self.compiled.finditer(text)

    def search(self, text: str) -> "re.Match[str] | None":
        return self.compiled.search(text)
