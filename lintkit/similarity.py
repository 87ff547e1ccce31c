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
    The work per text is bounded whatever the input: at most ``max_posting``
    texts are read from one q-gram's posting list (the earliest ones), at
    most ``READS_PER_POSTING * max_posting`` entries in all (rarest q-grams
    first), and at most ``max_candidates`` candidates, those sharing the most
    indexed q-grams, are verified. Within one article the caps are never reached;
    on 21,600 distinct real paragraphs (430 files) searched at once they keep
    648 of the 651 near duplicates an exhaustive search finds, in a tenth of
    the time; on pathological input (50,000 texts built from twenty words)
    the time stays linear.

For S108 (cross-document) the same two calls work on the units of many
files: normalize each unit, keep ``fingerprint(normalized)`` for exact
matches across files, and call ``find_duplicates`` on the texts of one batch.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from itertools import chain, islice
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

MAX_POSTING = 128
"""At most this many texts are read from one q-gram's posting list (the earliest ones)."""

READS_PER_POSTING = 4
"""Per text, at most this many full posting lists' worth of entries are read (rarest q-grams first)."""

MAX_CANDIDATES = 16
"""At most this many candidates are verified per text: those sharing the most indexed q-grams."""

SMALL = 200
"""Up to this many texts, near duplicates are searched without the q-gram index (see ``_near_small``)."""

_EPS = 1e-9


class _KeepTable(dict[int, "int | None"]):
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

# Characters that are no letter, digit or mark, common in articles: ASCII, general and CJK
# punctuation, arrows, symbols, box drawing and every space (a test checks each against the table).
# One regex pass removes them 3x faster than ``str.translate`` looks up every character, and when what is
# left is all letters and digits (``str.isalnum``: categories L and N only, a test checks that too) it is
# what the table gives; otherwise the table translates the rest.
_DROP = re.compile(r"[\s!-/:-@\[-`{-~\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2190-\u23ff"
                   r"\u2500-\u2775\u2794-\u27bf\u3000-\u3004\u3008-\u3020\u30fb\ufffc]+")


def _letters(text: str) -> str:
    """``text.translate(_TABLE)``: letters, digits and marks only."""
    rest = _DROP.sub("", text)
    return rest if not rest or rest.isalnum() else rest.translate(_TABLE)


def normalize(text: str) -> str:
    """Fold width (NFKC), case, whitespace, punctuation, symbols and U+FFFC objects away.

    >>> normalize("ＧＰＴ-4o は、\\n速い！\\ufffc")
    'gpt4oは速い'
    """
    folded = _letters(unicodedata.normalize("NFKC", text).casefold())
    for _ in range(3):  # deleting a spacing accent or case folding can leave marks to compose again
        if unicodedata.is_normalized("NFKC", folded):
            break
        folded = _letters(unicodedata.normalize("NFKC", folded).casefold())
    return folded


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

    index: int  # type: ignore[assignment]  # shadows tuple.index: the field reads better at every call site
    other: int
    similarity: float  # in [0, 1]; 1.0 for exact
    exact: bool


def find_duplicates(
    texts: Sequence[str],
    threshold: float = 0.9,
    *,
    min_length: int = 1,
    near_min_length: int = 0,
    exclude: Callable[[int, int], bool] | None = None,
    max_posting: int = MAX_POSTING,
    max_candidates: int = MAX_CANDIDATES,
) -> list[Match]:
    """Every text that repeats an earlier one, in order of ``index``.

    ``texts`` are normalized (see :func:`normalize`) and in document order;
    texts shorter than ``min_length`` take no part, and texts shorter than
    ``near_min_length`` only in exact matching. For each later text the
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
        elif len(text) >= near_min_length:
            rest.append(i)
        same.append(i)
    if threshold < 1.0 and len(rest) > 1:
        search = _near_small if len(rest) <= SMALL else _near
        for match in search(texts, rest, threshold, veto, max_posting, max_candidates):
            matches[match.index] = match
    return [matches[i] for i in sorted(matches)]


def _never(i: int, j: int) -> bool:
    return False


def _gram_size(threshold: float) -> int:
    """Bigrams while their overlap bound keeps a useful margin (from 0.8), else characters.

    Each edit breaks more of the longer q-grams: the bound's coefficient
    ``(2q-1)t/2 - (q-1)`` must stay clearly positive. (Trigrams would be
    allowed from 0.88 and are rarer, but their longer prefixes made the
    search slower on real articles.)
    """
    return 2 if 3 * threshold / 2 - 1 >= 0.2 else 1


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


def _grams(text: str, q: int) -> set[str]:
    """The distinct q-grams (characters or bigrams) of ``text``, built in C: no per-character Python loop."""
    if q == 1 or len(text) < 2:
        return set(text) if q == 1 else {text}
    return set(map(str.__add__, text, text[1:]))


def _near_small(texts: Sequence[str], items: list[int], threshold: float, veto: Callable[[int, int], bool],
                max_posting: int, max_candidates: int) -> list[Match]:
    """Near duplicates among few texts (an article's paragraphs): every earlier text the length
    bound admits is a candidate, scored by rapidfuzz in one C call per text. Building the q-gram
    index costs more than this for a few hundred texts; the answer is the same, without caps."""
    cutoff = threshold * 100 - _EPS
    found: list[Match] = []
    lengths = [len(texts[i]) for i in items]
    # the earlier texts by length: only the lengths near ``a`` are looked at (a range a little wider
    # than the length bound's, which then decides exactly), and the candidates stay in text order
    by_length: dict[int, list[int]] = {}
    seen_lengths: list[int] = []
    narrow = threshold > 0.01  # the range's slack of one character covers the bound's _EPS
    for k in range(1, len(items)):
        i, a = items[k], lengths[k]
        j0, b0 = items[k - 1], lengths[k - 1]
        if b0 not in by_length:
            by_length[b0] = []
            insort(seen_lengths, b0)
        by_length[b0].append(j0)
        if narrow:
            lo = bisect_left(seen_lengths, a * threshold / (2 - threshold) - 1)
            hi = bisect_right(seen_lengths, a * (2 - threshold) / threshold + 1)
            near = [j for b in seen_lengths[lo:hi] if 2 * min(a, b) >= threshold * (a + b) - _EPS
                    for j in by_length[b]]
            near.sort()
        else:
            near = [j for j, b in zip(items[:k], lengths[:k]) if 2 * min(a, b) >= threshold * (a + b) - _EPS]
        if not near:
            continue
        # every candidate scored in one C call, the veto asked only of those at or above the cutoff (most
        # texts have none): the most similar one not vetoed, the earliest among equals, as ``extractOne``
        # over the candidates not vetoed picks it
        best_j, best_score = -1, -1.0
        for _, score, k2 in process.extract(texts[i], [texts[j] for j in near], scorer=fuzz.ratio,
                                            score_cutoff=cutoff, limit=None):
            j = near[k2]
            if (score > best_score or (score == best_score and j < best_j)) and not veto(i, j):
                best_j, best_score = j, score
        if best_j >= 0:
            found.append(Match(i, best_j, best_score / 100.0, texts[i] == texts[best_j]))
    return found


def _near(texts: Sequence[str], items: list[int], threshold: float, veto: Callable[[int, int], bool],
          max_posting: int, max_candidates: int) -> list[Match]:
    """Near duplicates among ``items`` (indexes into ``texts``, ascending).

    A text is found through the q-gram index when its overlap bound is at
    least 1; two texts whose bounds are both below 1 (a handful of
    characters, or a text made of a few repeated q-grams) need not share a
    q-gram, so such texts are also indexed under one shared key.
    """
    q = _gram_size(threshold)
    grams = {i: _grams(texts[i], q) for i in items}
    freq: Counter[str] = Counter()
    for gram_set in grams.values():
        freq.update(gram_set)
    # one global order of q-grams, rarest first (ties in a fixed order: the lemma needs a total order)
    order = sorted(freq, key=freq.__getitem__)
    rank = dict(zip(order, range(len(order))))
    cutoff = threshold * 100 - _EPS
    postings: defaultdict[str, list[int]] = defaultdict(list)
    shorts: list[int] = []
    found: list[Match] = []
    for i in items:
        distinct = sorted(grams.pop(i), key=rank.__getitem__)
        windows = max(1, len(texts[i]) - q + 1)
        # a repeated q-gram counts once in a set: the overlap bound loses the repeats
        overlap = _min_overlap(len(texts[i]), threshold, q) - (windows - len(distinct))
        prefix = distinct[: max(1, min(len(distinct), len(distinct) - overlap + 1))]
        hits = []
        budget = READS_PER_POSTING * max_posting  # rarest q-grams first: the budget goes to the selective ones
        if overlap < 1 and shorts:
            hits.append(shorts[:max_posting])
            budget -= len(hits[-1])
        for posting in map(postings.get, prefix):
            if posting:
                hits.append(posting if len(posting) <= max_posting else posting[:max_posting])
                budget -= len(hits[-1])
                if budget <= 0:
                    break
        shared = Counter(chain.from_iterable(hits))  # candidate → indexed q-grams shared with text i
        for g in prefix:
            postings[g].append(i)
        if overlap < 1:
            shorts.append(i)
        if not shared:
            continue
        # the most shared first; a stable sort keeps the earlier text first among equals
        ranked = sorted(shared, key=shared.__getitem__, reverse=True) if len(shared) > max_candidates else shared
        chosen = list(islice((j for j in ranked if not veto(i, j)), max_candidates))
        if not chosen:
            continue
        chosen.sort()  # extractOne keeps the first of equal scores: the earliest text
        choices = {j: texts[j] for j in chosen}
        best = process.extractOne(texts[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            _, score, j = best
            found.append(Match(i, j, score / 100.0, texts[i] == texts[j]))
    return found
