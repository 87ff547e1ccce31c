"""Claim extraction and binding on sentences we wrote (against fixtures/facts/reference)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintkit.facts.claims import _DIGIT, _has_digit, split_sentences

from tests.facts.helpers import bound, records


def test_token_prices_with_input_and_output() -> None:
    assert bound("GPT-4oのAPI料金は、入力1Mトークンあたり$2.50、出力1Mトークンあたり$10.00です。") == [
        ("$2.50", "openai/gpt-4o", "price.input", 2.5),
        ("$10.00", "openai/gpt-4o", "price.output", 10.0),
    ]
    assert bound("より安いGPT-4o Miniでも、入力$0.15/1M、出力$0.60/1Mとなっています。") == [
        ("$0.15/1M", "openai/gpt-4o-mini", "price.input", 0.15),
        ("$0.60/1M", "openai/gpt-4o-mini", "price.output", 0.6),
    ]


def test_yen_per_dollar_word_and_million_token_marker() -> None:
    assert bound("GPT-4oは100万トークンあたり入力2.5ドル、出力10ドルで使えます。") == [
        ("2.5ドル", "openai/gpt-4o", "price.input", 2.5),
        ("10ドル", "openai/gpt-4o", "price.output", 10.0),
    ]


def test_per_thousand_tokens_is_normalized_to_per_million() -> None:
    ((text, entity, attr, value),) = bound("GPT-4o Miniは入力$0.00015/1Kトークンです。")
    assert (entity, attr) == ("openai/gpt-4o-mini", "price.input")
    assert value == pytest.approx(0.15)


def test_slash_pairs_are_input_then_output() -> None:
    assert bound("API利用時は、Claude Opus 4.5が1Mトークンあたり$5/$25、GPT-4oが$2.50/$10と異なります。") == [
        ("$5", "anthropic/claude-opus-4.5", "price.input", 5.0),
        ("$25", "anthropic/claude-opus-4.5", "price.output", 25.0),
        ("$2.50", "openai/gpt-4o", "price.input", 2.5),
        ("$10", "openai/gpt-4o", "price.output", 10.0),
    ]


def test_a_pair_shares_its_per_token_suffix() -> None:
    assert bound("Claude Sonnet 4 ($3/$15 per 1Mトークン) が人気です。") == [
        ("$3", "anthropic/claude-sonnet-4", "price.input", 3.0),
        ("$15 per 1Mトークン", "anthropic/claude-sonnet-4", "price.output", 15.0),
    ]


def test_respectively_distributes_values_in_order() -> None:
    text = "例えば、GPT-4o MiniやGoogle Gemini 2.5 Flash Liteは、それぞれ入力$0.15/1M、出力$0.60/1M、入力$0.10/1M、出力$0.40/1Mです。"
    assert [(e, a, v) for _, e, a, v in bound(text)] == [
        ("openai/gpt-4o-mini", "price.input", 0.15),
        ("openai/gpt-4o-mini", "price.output", 0.6),
        ("google/gemini-2.5-flash-lite", "price.input", 0.1),
        ("google/gemini-2.5-flash-lite", "price.output", 0.4),
    ]
    assert [(e, v) for _, e, _, v in bound("GPT-4oとDeepSeek R1のMMLUはそれぞれ88.7と88.9です。")] == [
        ("openai/gpt-4o", 88.7), ("deepseek/deepseek-r1", 88.9)]


def test_respectively_with_a_count_that_does_not_divide_binds_nothing() -> None:
    claims = bound("GPT-4oとGPT-4o Miniは、それぞれ入力$2.50/1M、出力$10.00/1M、入力$0.15/1Mです。")
    assert [e for _, e, _, _ in claims] == [None, None, None]


def test_benchmark_scores_and_carried_attribute() -> None:
    text = ("Gemini 3 ProがMMLUで91.8という高いスコアを記録し、GPT-4oの88.7を上回っています。"
            "DeepSeek R1も88.9と、GPT-4oに匹敵します。")
    assert bound(text) == [
        ("91.8", "google/gemini-3-pro", "benchmark.mmlu", 91.8),
        ("88.7", "openai/gpt-4o", "benchmark.mmlu", 88.7),
        ("88.9", "deepseek/deepseek-r1", "benchmark.mmlu", 88.9),
    ]


def test_bare_numbers_without_a_benchmark_are_not_claims() -> None:
    assert bound("GPT-4oは3つのプランがあり、2024年5月に公開されました。バージョン1.5も出ました。") == []
    assert bound("### 3. GPT-4oの使い方") == []


def test_versions_inside_names_are_never_claims() -> None:
    claims = bound("Claude Opus 4.5は入力$5、出力$25です。")
    assert [c[0] for c in claims] == ["$5", "$25"]
    assert all(c[1] == "anthropic/claude-opus-4.5" for c in claims)


def test_unknown_model_is_not_bound_to_a_known_neighbour() -> None:
    claims = bound("Claude Sonnet 4は入力$3、Claude Sonnet 4.5は入力$3.5です。")
    assert [(c[0], c[1]) for c in claims] == [("$3", "anthropic/claude-sonnet-4"), ("$3.5", "?Claude Sonnet 4.5")]


def test_market_size_year_and_hedges() -> None:
    rows = records("世界のAI市場は、2025年には2440億ドル規模に達し、2030年には8270億ドル（年平均成長率28%）へ拡大すると予測されています。")
    assert [(r["text"], r["entity"], r["attribute"], r["qualifiers"]) for r in rows] == [
        ("2440億ドル", "market/global-ai", "market.size", {"year": 2025, "hedges": ["予測"]}),
        ("8270億ドル", "market/global-ai", "market.size", {"year": 2030, "hedges": ["予測"]}),
        ("28%", "market/global-ai", "market.cagr", {"year": 2030, "hedges": ["予測"]}),
    ]
    assert [r["status"] for r in rows] == ["match", "match", "match"]


def test_yen_amounts_and_missing_year() -> None:
    (row,) = records("日本のAI市場は2025年時点で2.3兆円規模となる見込みです。")
    assert (row["entity"], row["attribute"], row["value"], row["unit"], row["status"]) == (
        "market/japan-ai", "market.size", 2.3e12, "JPY", "match")
    assert row["qualifiers"] == {"year": 2025, "hedges": ["見込み"]}
    (row,) = records("日本のAI市場は2019年に1,000万円でした。")
    assert (row["value"], row["status"]) == (1e7, "unverifiable")  # no 2019 value in the reference


def test_ranges_and_approximations() -> None:
    (row,) = records("世界のAI市場は2030年に8000億〜8500億ドルになるとみられます。")
    assert (row["value"], row["status"]) == ([8e11, 8.5e11], "match")
    (row,) = records("世界のAI市場は2025年に約2400億ドルでした。")
    assert (row["qualifiers"].get("approx"), row["status"]) == (True, "match")
    (row,) = records("世界のAI市場は2025年に2400億ドルでした。")
    assert row["status"] == "mismatch"  # without 約, 2400億 is not 2440億


def test_full_width_text() -> None:
    assert bound("ＧＰＴ－４ｏ　Ｍｉｎｉは、入力＄０．１５／1M、出力＄０．６０／1Mです。") == [
        ("＄０．１５／1M", "openai/gpt-4o-mini", "price.input", 0.15),
        ("＄０．６０／1M", "openai/gpt-4o-mini", "price.output", 0.6),
    ]


def test_blockers_keep_other_money_unbound() -> None:
    rows = records("世界のAI市場について、ある企業は8300億ドルの評価額で1000億ドルの資金調達を交渉中です。")
    assert [r["attribute"] for r in rows] == ["company.valuation", None]


def test_positions_are_the_number_in_the_source() -> None:
    text = "# 見出し\n\n前置きの文です。\nGPT-4oは入力$2.50/1Mです。\n"
    (row,) = records(text)
    assert (row["line"], row["column"], row["end_column"]) == (4, 10, 18)  # 1-based, end exclusive
    assert text.splitlines()[3][9:17] == "$2.50/1M"


def test_tables_take_the_attribute_from_the_header() -> None:
    table = ("| モデル | 入力 ($/1M) | 出力 ($/1M) |\n|---|---|---|\n"
             "| GPT-4o | $2.50 | $10.00 |\n| GPT-4o Mini | $0.15 | $0.70 |\n")
    rows = records(table)
    assert [(r["text"], r["entity"], r["attribute"], r["status"]) for r in rows] == [
        ("$2.50", "openai/gpt-4o", "price.input", "match"),
        ("$10.00", "openai/gpt-4o", "price.output", "match"),
        ("$0.15", "openai/gpt-4o-mini", "price.input", "match"),
        ("$0.70", "openai/gpt-4o-mini", "price.output", "mismatch"),
    ]
    assert [r["line"] for r in rows] == [3, 3, 4, 4]


def test_code_is_not_prose() -> None:
    assert bound("```\nGPT-4oは入力$2.50/1M\n```\n") == []
    assert bound("価格は`$2.50`です。") == []


def _split_by_every_character(text: str) -> list[tuple[int, int]]:
    """split_sentences as first written: a loop over every character (the reference)."""
    opening, closing, digits = "「『（(【〔［[〈《", "」』）)】〕］]〉》", "0123456789０１２３４５６７８９"
    spans: list[tuple[int, int]] = []
    depth = start = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch in opening:
            depth += 1
        elif ch in closing:
            depth = max(0, depth - 1)
        elif ch == "\n" or (depth == 0 and (ch in "。！？!?" or (ch in "．." and not (i + 1 < n and text[i + 1] in digits)))):
            end = i if ch == "\n" else i + 1
            if text[start:end].strip():
                spans.append((start, end))
            start = i + 1
            if ch == "\n":
                depth = 0
    if text[start:].strip():
        spans.append((start, n))
    return spans


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet="あ1２ .．。！？!?\n「」（）()[]【】", max_size=40))
def test_sentence_split_looks_only_at_marks(text: str) -> None:
    assert split_sentences(text) == _split_by_every_character(text)


def test_digit_class_is_str_isdigit() -> None:
    """The regex that finds a digit in C accepts exactly what ``str.isdigit`` does, over every code point."""
    assert [hex(c) for c in range(0x110000) if (_DIGIT.match(chr(c)) is not None) != chr(c).isdigit()] == []
    assert _has_digit("売上は①から") and _has_digit("x²") and _has_digit("２０２５年") and not _has_digit("数字なし")
