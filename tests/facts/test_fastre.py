"""The fast keyword and name patterns match exactly what the original patterns match."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintkit.facts.claims import _keyword_patterns
from lintkit.facts.fastre import forms, lowered, plain
from lintkit.facts.normalize import fold
from tests.facts.helpers import runtime

# pieces that make matches and near misses: words, names, their neighbours, and the characters re folds
_PIECES = [
    "MMLU", "mmlu", "Mmlu", "SWE-bench", "swe bench", "API料金", "入力", "出力", "予測", "予測精度", "それぞれ",
    "GPT-4o", "gpt-4o-mini", "GPT4o Mini", "Claude", "Sonnet", "Claude Sonnet 4.5", "claude-3-5-haiku", "Opus",
    "Gemini 2.5 Flash", "Llama 3 70B", "o1", "O3", "AI市場", "世界のAI市場", "生成AI市場", "Qwen3-235B",
    "\u212a", "\u017f", "\u0131", "\u0130", "K", "S", "I", "k", "s", "i", "x", "X", "2", "9", ".", "-", "_", " ",
    "は", "の", "が", "、", "。", "\n", "億ドル", "$", "%", "Pro", "mini", "Turbo", "Preview",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
_FAST = settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@_FAST
@given(_TEXT)
def test_keyword_pattern(text: str) -> None:
    extractor = runtime().extractor
    assert extractor._kw_fast is not None
    folded = fold(text)
    low = lowered(folded)
    if low is not None:
        assert _spans(extractor._kw_fast, low) == _spans(extractor._kw, folded)


@_FAST
@given(_TEXT)
def test_name_patterns(text: str) -> None:
    names = runtime().names
    assert names.known_fast is not None and names.generic_fast is not None
    folded = fold(text)
    low = lowered(folded)
    if low is not None:
        assert _spans(names.known_fast, low) == _spans(names.known, folded)
    assert _spans(names.generic_fast, folded) == _spans(names.generic, folded)


@_FAST
@given(st.lists(st.sampled_from(["api", "ai", "q1", "elo", "1基", "市場", "市場規模", "k", "s"]), min_size=1,
                max_size=6, unique=True), _TEXT)
def test_keyword_pattern_of_any_word_list(words: list[str], text: str) -> None:
    slow, fast = _keyword_patterns(words)
    assert fast is not None
    low = lowered(text)
    if low is not None:
        assert _spans(fast, low) == _spans(slow, text)


def test_lowered_keeps_positions_or_says_no() -> None:
    assert lowered("GPT-4o \u212a\u017f\u0131") == "gpt-4o ksi"
    assert lowered("\u0130stanbul") is None  # İ lowers to two characters


def test_words_with_cased_letters_outside_ascii_keep_the_original_pattern() -> None:
    assert plain("mmlu") and plain("市場規模") and not plain("café")
    slow, fast = _keyword_patterns(["café", "mmlu"])
    assert fast is None and slow.search("CAFÉ")


def test_forms_of_a_letter() -> None:
    assert forms("k") == "kK\u212a" and forms("S") == "Ss\u017f" and forms("i") == "iI\u0130\u0131"
    assert forms("4") == "4" and forms("市") == "市"
    for letter in "abcdefghijklmnopqrstuvwxyz":  # every character re.IGNORECASE takes for the letter (all below U+3000)
        assert set(forms(letter)) == {chr(c) for c in range(0x3000) if re.fullmatch(f"(?i:{letter})", chr(c))}
