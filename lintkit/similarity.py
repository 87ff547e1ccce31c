"""Text normalization and near-duplicate search, shared by the duplicate rules (S101, S102, S108).

Two steps, usable on their own:

``normalize(text)``
    Folds what does not make two texts different to a reader: width and
    compatibility forms (NFKC: ``ＡＢＣ１２３`` → ``abc123``, half-width kana),
    case, whitespace and line breaks, punctuation and symbols (``、。「」！？…→※|*#``),
    and the Markdown leftovers of :mod:`lintkit.prose` (U+FFFC objects standing
    for code spans, URLs, images). Only letters, digits and combining marks
    remain, so ``"ＧＰＴ-4o は、速い。"`` and ``"GPT4oは速い"`` normalize alike.

``find_duplicates(texts, threshold)``
    For texts that are already normalized, in document order, finds each
    text that repeats an earlier one: exactly (a dict of texts, O(n)) or
    nearly (``rapidfuzz.fuzz.ratio / 100 >= threshold``). Near duplicates are
    found without comparing all pairs: candidates come from an inverted index
    of character q-grams with *prefix filtering* (each text indexes only its
    rarest q-grams, as many as needed to guarantee that any pair above the
    threshold shares one of them), then rapidfuzz verifies the candidates in C
    (its length check ``ratio <= 2*min/(l1+l2)`` rejects most of them at once).
    The guarantee holds as long as no posting list exceeds
    ``MAX_POSTING`` texts; beyond that (thousands of texts sharing their
    rarest q-grams) a q-gram stops indexing new texts, which keeps the work
    bounded on pathological inputs at the cost of recall there.

For S108 (cross-document) the same two calls work on the units of many
files: normalize each unit, keep ``fingerprint(normalized)`` for exact
matches across files, and call ``find_duplicates`` on the texts of one batch.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections import Counter
from typing import Callable, NamedTuple, Sequence

from rapidfuzz import fuzz, process

__all__ = [
    "MAX_POSTING",
    "Match",
    "find_duplicates",
    "fingerprint",
    "length_bound",
    "normalize",
    "similarity",
]

MAX_POSTING = 512
"""At most this many texts are kept in one q-gram's posting list (see the module docs)."""

_EPS = 1e-9


class _KeepTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table that keeps letters, digits and marks and deletes everything else.

    Filled lazily, one entry per distinct code point ever seen, so translating
    stays in C after the first few documents.
    """

    def __missing__(self, codepoint: int) -> int | None:
        keep = unicodedata.category(chr(codepoint))[0] in "LNM"
        value = codepoint if keep else None
        self[codepoint] = value
        return value


_TABLE = _KeepTable()


def normalize(text: str) -> str:
    """Fold width (NFKC), case, whitespace, punctuation, symbols and U+FFFC objects away.

    >>> normalize("ＧＰＴ-4o は、\\n速い！\\ufffc")
    'gpt4oは速い'
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)


def fingerprint(normalized: str) -> str:
    """A short, stable hash of a normalized text (for exact matching across documents)."""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=12).hexdigest()


def similarity(a: str, b: str) -> float:
    """Similarity of two normalized texts in [0, 1]: ``1 - indel_distance / (len(a) + len(b))``."""
    return fuzz.ratio(a, b) / 100.0


def length_bound(len_a: int, len_b: int) -> float:
    """The highest similarity two texts of these lengths can reach: ``2*min / (len_a + len_b)``."""
    total = len_a + len_b
    return 1.0 if total == 0 else 2 * min(len_a, len_b) / total


class Match(NamedTuple):
    """``texts[index]`` repeats the earlier ``texts[other]``."""

    index: int
    other: int
    similarity: float  # in [0, 1]; 1.0 for exact
    exact: bool


def find_duplicates(
    texts: Sequence[str],
    threshold: float = 0.9,
    *,
    min_length: int = 1,
    exclude: Callable[[int, int], bool] | None = None,
) -> list[Match]:
    """Every text that repeats an earlier one, in order of ``index``.

    ``texts`` are normalized (see :func:`normalize`) and in document order;
    texts shorter than ``min_length`` take no part. For each later text the
    earlier one reported is: the first identical text, else the most similar
    text at or above ``threshold`` (the earliest among equals). ``exclude(i, j)``
    (``j < i``) vetoes a pair, e.g. a list item and the item that contains it.
    ``threshold >= 1`` finds exact duplicates only.
    """
    veto = exclude or _never
    matches: dict[int, Match] = {}
    seen: dict[str, list[int]] = {}
    rest: list[int] = []  # texts left for the near-duplicate search
    for i, text in enumerate(texts):
        if len(text) < min_length:
            continue
        same = seen.setdefault(text, [])
        other = next((j for j in same if not veto(i, j)), None)
        if other is not None:
            matches[i] = Match(i, other, 1.0, True)
        else:
            rest.append(i)
        same.append(i)
    if threshold < 1.0 and len(rest) > 1:
        for match in _near(texts, rest, threshold, veto):
            matches[match.index] = match
    return [matches[i] for i in sorted(matches)]


def _never(i: int, j: int) -> bool:
    return False


def _gram_size(threshold: float) -> int:
    """Bigrams when they still give a positive overlap bound with some margin, else characters."""
    return 2 if threshold >= 0.8 else 1


def _min_overlap(length: int, threshold: float, q: int) -> int:
    """A lower bound of the q-grams (as a multiset) shared with any text similar enough to this one.

    With ``L`` the longest common subsequence of texts of lengths ``a`` and
    ``b``, ``ratio >= t`` means ``L >= t(a+b)/2``. Each of the ``a - L``
    unmatched characters of one text breaks at most ``q`` of its q-grams and
    each of the ``b - L`` unmatched characters of the other breaks at most
    ``q - 1`` (the windows across the gap it opens), so at least
    ``(2q-1)L - (q-1)(a+b) - (q-1)`` q-grams are shared. The bound grows with
    ``b``, so its minimum is at the shortest partner the length filter allows
    (``b = a * t / (2 - t)``); the bound is computed on real numbers, never
    rounded up, so it holds for every partner.
    """
    coefficient = (2 * q - 1) * threshold / 2 - (q - 1)
    shortest_total = length * 2 / (2 - threshold)  # length + length * t / (2 - t)
    # the overlap is an integer: a bound within rounding error of k means k
    return math.floor(coefficient * shortest_total - (q - 1) + 1e-6)


def _tagged_grams(text: str, q: int) -> list[str]:
    """The q-grams of ``text`` as a set: the k-th repeat of a gram is tagged with k."""
    grams = [text[k : k + q] for k in range(len(text) - q + 1)] if len(text) >= q else [text]
    counts: Counter[str] = Counter()
    tagged: list[str] = []
    for g in grams:
        k = counts[g]
        counts[g] = k + 1
        tagged.append(g if k == 0 else f"{g}\x00{k}")
    return tagged


def _near(texts: Sequence[str], items: list[int], threshold: float,
          veto: Callable[[int, int], bool]) -> list[Match]:
    """Near duplicates among ``items`` (indexes into ``texts``, ascending).

    A text whose overlap bound is at least 1 is found through the q-gram
    index; two texts whose bounds are both below 1 (a handful of characters)
    need not share a q-gram, so such short texts are also compared with the
    earlier short ones directly (at most ``MAX_POSTING`` of them).
    """
    q = _gram_size(threshold)
    grams = {i: _tagged_grams(texts[i], q) for i in items}
    freq: Counter[str] = Counter()
    for tagged in grams.values():
        freq.update(tagged)
    # one global order of q-grams, rarest first (ties by the gram itself)
    rank = {g: r for r, g in enumerate(sorted(freq, key=lambda g: (freq[g], g)))}
    cutoff = threshold * 100 - _EPS
    postings: dict[str, list[int]] = {}
    shorts: list[int] = []
    found: list[Match] = []
    for i in items:
        tagged = grams.pop(i)
        tagged.sort(key=rank.__getitem__)
        n = len(tagged)
        overlap = _min_overlap(len(texts[i]), threshold, q)
        prefix = tagged[: max(1, min(n, n - overlap + 1))]
        candidates: set[int] = set()
        for g in prefix:
            posting = postings.get(g)
            if posting is None:
                postings[g] = [i]
                continue
            candidates.update(posting)
            if len(posting) < MAX_POSTING:
                posting.append(i)
        if overlap < 1:
            candidates.update(shorts)
            if len(shorts) < MAX_POSTING:
                shorts.append(i)
        if not candidates:
            continue
        choices = {j: texts[j] for j in sorted(candidates) if not veto(i, j)}
        best = process.extractOne(texts[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            _, score, j = best
            found.append(Match(i, j, score / 100.0, texts[i] == texts[j]))
    return found
