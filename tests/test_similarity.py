"""lintkit.similarity: normalization, and the near-duplicate search against a brute-force reference."""

from __future__ import annotations

import random
import unicodedata
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from lintkit import similarity as similarity_module
from lintkit.prose import OBJECT
from lintkit.similarity import Match, find_duplicates, fingerprint, length_bound, normalize, similarity


# normalize ----------------------------------------------------------------


def test_normalize_folds_width_case_space_and_punctuation() -> None:
    assert normalize("ＧＰＴ－４ｏ は、\n速い！") == "gpt4oは速い"
    assert normalize("ｱｲｳｴｵ") == "アイウエオ"  # half-width kana
    assert normalize("「Claude」（Anthropic）…→※|*#") == "claudeanthropic"
    assert normalize("さて、あなたは？　そして…") == normalize("さて あなたは そして")


def test_normalize_drops_markdown_leftovers() -> None:
    assert normalize(f"設定は{OBJECT}で行います") == "設定はで行います"
    assert normalize("**太字**と_斜体_と`コード`") == "太字と斜体とコード"


def test_normalize_keeps_letters_digits_and_marks() -> None:
    assert normalize("第2章 がぎぐ ABC") == "第2章がぎぐabc"
    assert normalize("") == ""


def test_normalize_fast_path_deletes_only_what_the_table_deletes() -> None:
    """The regex pass drops no letter, digit or mark, and an ``isalnum`` rest holds nothing the table drops:
    over every code point of this Python's Unicode database."""
    dropped = [c for c in map(chr, range(0x110000)) if similarity_module._DROP.fullmatch(c)]
    assert len(dropped) > 1000
    assert [c for c in dropped if unicodedata.category(c)[0] in "LNM"] == []
    assert [c for c in map(chr, range(0x110000)) if c.isalnum() and unicodedata.category(c)[0] not in "LN"] == []


@given(st.text(max_size=60))
def test_normalize_keeps_what_the_table_keeps(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert similarity_module._letters(folded) == folded.translate(similarity_module._TABLE)


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_fingerprint() -> None:
    assert fingerprint("abc") == fingerprint("abc")
    assert fingerprint("abc") != fingerprint("abd")
    assert len(fingerprint("abc")) == 24 and int(fingerprint("abc"), 16) >= 0


def test_similarity_and_length_bound() -> None:
    assert similarity("同じ文章", "同じ文章") == 1.0
    assert similarity("", "abc") == 0.0
    assert length_bound(10, 10) == 1.0
    assert length_bound(0, 0) == 1.0
    assert abs(length_bound(9, 11) - 0.9) < 1e-12


@given(st.text("abcあいう", max_size=30), st.text("abcあいう", max_size=30))
def test_similarity_never_exceeds_length_bound(a: str, b: str) -> None:
    assert similarity(a, b) <= length_bound(len(a), len(b)) + 1e-9


# find_duplicates ------------------------------------------------------------


def test_exact_duplicates_point_to_the_first_occurrence() -> None:
    texts = ["alpha" * 5, "beta" * 5, "alpha" * 5, "alpha" * 5]
    assert find_duplicates(texts, 0.9) == [Match(2, 0, 1.0, True), Match(3, 0, 1.0, True)]


def test_near_duplicate_picks_the_most_similar_then_the_earliest() -> None:
    base = "導入の成否を分けるのは技術よりも現場の納得感です使う人が効果を実感できれば定着は自然に進みます"
    far = base[:-3] + "進むはず"  # differs at the end
    near = base.replace("技術", "技能")  # differs in one character
    found = find_duplicates([far, near, base], 0.9)
    assert [(m.index, m.other, m.exact) for m in found] == [(1, 0, False), (2, 1, False)]
    assert found[1].similarity == fuzz.ratio(base, near) / 100
    twins = find_duplicates([far, far + "x", far + "y"], 0.9)  # 1 and 2 are as close to 0 as 2 is to 1
    assert [(m.index, m.other) for m in twins] == [(1, 0), (2, 0)]


def test_min_length_and_near_min_length() -> None:
    short = "短い文です"
    assert find_duplicates([short, short], 0.9, min_length=6) == []
    assert find_duplicates([short, short], 0.9, min_length=5) == [Match(1, 0, 1.0, True)]
    a, b = "abcdefghij" * 3, "abcdefghij" * 3 + "k"
    assert find_duplicates([a, b], 0.9, near_min_length=40) == []  # near only from 40 characters
    assert find_duplicates([a, a], 0.9, near_min_length=40) == [Match(1, 0, 1.0, True)]  # exact still found
    assert [m.other for m in find_duplicates([a, b], 0.9, near_min_length=30)] == [0]


def test_threshold_one_is_exact_only() -> None:
    a = "abcdefghij" * 3
    assert find_duplicates([a, a + "k", a], 1.0) == [Match(2, 0, 1.0, True)]


def test_exclude_vetoes_pairs() -> None:
    a = "abcdefghij" * 3
    texts = [a, a + "k", a]
    assert find_duplicates(texts, 0.9, exclude=lambda i, j: j == 0) == [Match(2, 1, 0.9836065573770492, False)]
    assert find_duplicates(texts, 0.9, exclude=lambda i, j: True) == []


def _brute(texts: list[str], threshold: float, min_length: int) -> dict[int, tuple[int, float]]:
    """What find_duplicates promises, by comparing every pair."""
    result: dict[int, tuple[int, float]] = {}
    for i, a in enumerate(texts):
        if len(a) < min_length:
            continue
        earlier = [j for j in range(i) if len(texts[j]) >= min_length]
        same = [j for j in earlier if texts[j] == a]
        if same:
            result[i] = (same[0], 1.0)
            continue
        best: tuple[int, float] | None = None
        for j in earlier:
            score = fuzz.ratio(a, texts[j])
            if score >= threshold * 100 - 1e-9 and (best is None or score > best[1] * 100):
                best = (j, score / 100)
        if best is not None:
            result[i] = best
    return result


def _mutations(rng: random.Random, alphabet: str) -> list[str]:
    bases = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 90))) for _ in range(rng.randint(1, 5))]
    texts = []
    for _ in range(rng.randint(2, 14)):
        chars = list(rng.choice(bases))
        for _ in range(rng.randint(0, 8)):
            k = rng.randint(0, len(chars))
            op = rng.random()
            if op < 0.33:
                chars.insert(k, rng.choice(alphabet))
            elif chars and op < 0.66:
                chars.pop(min(k, len(chars) - 1))
            elif chars:
                chars[min(k, len(chars) - 1)] = rng.choice(alphabet)
        texts.append("".join(chars))
    return texts


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]),
       st.sampled_from(["ab", "abcde", "abcdeあいう漢字"]))
def test_index_finds_what_all_pairs_find(seed: int, threshold: float, alphabet: str) -> None:
    """Both searches (q-gram prefix filter, and the direct one for few texts) lose no pair above the threshold."""
    texts = _mutations(random.Random(seed), alphabet)
    expected = _brute(texts, threshold, 1)
    for small in (0, similarity_module.SMALL):  # 0 forces the q-gram index even for a handful of texts
        with patch.object(similarity_module, "SMALL", small):
            got = {m.index: (m.other, m.similarity) for m in find_duplicates(texts, threshold, min_length=1)}
        assert got.keys() == expected.keys()
        for i, (j, score) in got.items():
            assert abs(score - expected[i][1]) < 1e-9
            assert abs(fuzz.ratio(texts[i], texts[j]) / 100 - score) < 1e-9


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([0.5, 0.8, 0.9]))
def test_the_direct_search_picks_the_best_pair_not_vetoed(seed: int, threshold: float) -> None:
    """The direct search scores first and asks the veto after: still the most similar earlier text that is
    not vetoed, the earliest among equals (as comparing every allowed pair finds)."""
    rng = random.Random(seed)
    texts = _mutations(rng, "abcあい")
    vetoed = {(i, j) for i in range(len(texts)) for j in range(i) if rng.random() < 0.4}
    expected: dict[int, tuple[int, float]] = {}
    repeats: set[int] = set()
    for i, a in enumerate(texts):
        if not a:
            continue  # (min_length 1)
        allowed = [j for j in range(i) if (i, j) not in vetoed and texts[j]]
        same = [j for j in allowed if texts[j] == a]
        if same:
            expected[i] = (same[0], 1.0)
            repeats.add(i)
            continue
        # (a text that repeats an earlier one exactly is not compared again: its first occurrence is)
        scored = [(fuzz.ratio(a, texts[j]), j) for j in allowed if j not in repeats]
        scored = [(score, j) for score, j in scored if score >= threshold * 100 - 1e-9]
        if scored:
            score, j = max(scored, key=lambda sj: (sj[0], -sj[1]))
            expected[i] = (j, score / 100)
    got = find_duplicates(texts, threshold, exclude=lambda i, j: (i, j) in vetoed)
    assert {m.index: (m.other, m.similarity) for m in got} == expected


def test_work_stays_bounded_on_a_pathological_input() -> None:
    """Thousands of texts from a handful of words: every planted copy is still found."""
    rng = random.Random(7)
    words = ["生成", "AI", "導入", "企業", "市場", "技術", "開発", "現場"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(20, 40))) for _ in range(2000)]
    for k in range(0, 2000, 50):
        texts[k] = texts[k // 3]
    planted = {k for k in range(50, 2000, 50) if texts[k // 3] == texts[k] and k // 3 != k}
    found = find_duplicates(texts, 0.9, min_length=20, max_posting=32, max_candidates=4)
    exact = {m.index for m in found if m.exact}
    assert planted <= exact
    assert all(m.other < m.index for m in found)
