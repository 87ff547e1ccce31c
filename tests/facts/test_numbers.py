"""The Japanese numeric expression parser (lintkit.facts.numbers) on expressions we wrote."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintkit.facts.normalize import fold
from lintkit.facts.numbers import _SCAN, Marker, Quantity, _scan_search, amount, parse_reference_value, scan


def quantities(text: str) -> list[Quantity]:
    return [x for x in scan(fold(text)) if isinstance(x, Quantity)]


def one(text: str) -> Quantity:
    qs = quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text, value, unit", [
    ("$2.50", 2.5, "USD"),
    ("2.5ドル", 2.5, "USD"),
    ("2440億ドル", 2.44e11, "USD"),
    ("2.3兆円", 2.3e12, "JPY"),
    ("1,000万円", 1e7, "JPY"),
    ("１，０００万円", 1e7, "JPY"),  # full-width digits and comma
    ("＄０．１５", 0.15, "USD"),
    ("28%", 28.0, "%"),
    ("２８％", 28.0, "%"),
    ("1兆2000億円", 1.2e12, "JPY"),
    ("$1.5B", 1.5e9, "USD"),
    ("US$30", 30.0, "USD"),
    ("91.8", 91.8, None),
])
def test_values_and_units(text: str, value: float, unit: str | None) -> None:
    q = one(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.high is None


def test_value_inside_a_sentence_keeps_offsets() -> None:
    text = "年平均成長率28%で伸びる"
    q = one(text)
    assert (q.value, q.unit) == (28.0, "%")
    assert text[q.start:q.end] == "28%"


def test_per_million_token_suffix() -> None:
    first, second = quantities("入力$0.15/1M、出力$0.60/1M")
    assert (first.value, first.per, first.text) == (0.15, 1e6, "$0.15/1M")
    assert (second.value, second.per) == (0.6, 1e6)
    assert one("$2.50 per 1M tokens").per == 1e6
    assert one("$0.002/1Kトークン").per == 1e3


def test_per_token_markers_are_not_claims() -> None:
    items = list(scan(fold("1Mトークンあたり$5/$25")))
    marker, q1, q2 = items
    assert isinstance(marker, Marker) and marker.kind == "pertok" and marker.per == 1e6
    assert (q1.value, q2.value) == (5.0, 25.0)
    assert q2.start == q1.end + 1  # "$5/$25" is a pair
    items = list(scan(fold("100万トークンあたり0.15ドル")))
    assert isinstance(items[0], Marker) and items[0].per == 1e6
    assert [q.value for q in items[1:]] == [0.15]
    # a context window is a counted thing, not a per-token marker
    (window,) = scan(fold("100万トークンのコンテキスト"))
    assert isinstance(window, Marker) and window.per is None


@pytest.mark.parametrize("text, low, high, unit", [
    ("200億〜260億ドル", 2e10, 2.6e10, "USD"),
    ("20〜26億ドル", 2e9, 2.6e9, "USD"),
    ("800億ドルから1200億ドル", 8e10, 1.2e11, "USD"),
    ("$30,000-40,000", 3e4, 4e4, "USD"),
    ("10%～20%", 10.0, 20.0, "%"),
])
def test_ranges(text: str, low: float, high: float, unit: str) -> None:
    q = one(text)
    assert (q.value, q.high, q.unit) == (pytest.approx(low), pytest.approx(high), unit)


def test_a_year_after_a_range_word_stays_a_year() -> None:
    items = list(scan(fold("2025年の2440億ドルから2030年には8270億ドルへ")))
    kinds = [(x.kind, x.year) if isinstance(x, Marker) else x.text for x in items]
    assert kinds == [("year", 2025), "2440億ドル", ("year", 2030), "8270億ドル"]


def test_hedges_and_bounds() -> None:
    assert one("約2440億ドル").approx
    assert one("2440億ドル程度").approx
    assert not one("2440億ドル").approx
    assert one("1兆円超").bound == "min"
    assert one("最大50%").bound == "max"


@pytest.mark.parametrize("text", ["3つ", "2倍", "128Kトークン", "10年", "第3章", "3分の1", "5人"])
def test_counted_things_are_not_numbers(text: str) -> None:
    assert quantities(text) == []


def test_years_dates_and_identifiers() -> None:
    assert quantities("2026年2月12日") == []
    assert quantities("2026-02-12") == []
    assert quantities("v1.5") == []  # a version glued to letters
    assert quantities("R1") == []
    year = next(iter(scan(fold("2025年には"))))
    assert isinstance(year, Marker) and year.year == 2025


def test_rounding_half_unit() -> None:
    assert one("$0.08").half == pytest.approx(0.005)
    assert one("2.3兆円").half == pytest.approx(0.05e12)
    assert one("$3").half == 0.0  # an integer price is exact: $3 is not 2.5
    assert amount("1兆2000億")[0] == pytest.approx(1.2e12)


@pytest.mark.parametrize("text, value, high, unit, year", [
    ("2.50", 2.5, None, None, None),
    ("244B", 2.44e11, None, None, None),
    ("2.3兆円", 2.3e12, None, "JPY", None),
    ("28%", 28.0, None, "%", None),
    ("$30,000-40,000", 3e4, 4e4, "USD", None),
    ("244e9", 2.44e11, None, None, None),
    ("350B (2025-11)", 3.5e11, None, None, 2025),
])
def test_reference_strings(text: str, value: float, high: float | None, unit: str | None,
                           year: int | None) -> None:
    (v,) = parse_reference_value(text) or []
    assert (v.value, v.high, v.unit, v.year) == (pytest.approx(value), pytest.approx(high) if high else None,
                                                 unit, year)


def test_reference_string_with_several_years() -> None:
    values = parse_reference_value("13B (2025), 20-26B予測(2026)")
    assert values is not None
    assert [(v.value, v.high, v.year, v.hedged) for v in values] == [
        (1.3e10, None, 2025, False), (2e10, 2.6e10, 2026, True)]
    (v,) = parse_reference_value("350B+ (全体, 2025)") or []
    assert (v.value, v.year, v.bound) == (3.5e11, 2025, "min")


def test_prose_is_not_a_reference_value() -> None:
    assert parse_reference_value("マルチエージェント問い合わせが増加") is None
    assert parse_reference_value("") is None


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["1", "25", "3.5", "2025", "٣", ",", ".", "%", "$", "¥", "JPY", "jpy", "US$", "USD",
                                  "per", "PER", "1M", "百万", "万", "億", "円", "ドル", "年", "月", " ", "/", "〜", "-",
                                  "から", "トークン", "tokens", "あたり", "AI", "M", "B", "K", "up", "Jp", "P", "usd", "us$",
                                  "per 1M tokens", "PER 1M トークン", "Per 1Mtokens"]),
                max_size=12).map("".join))
def test_scan_search_skips_only_positions_where_no_match_starts(text: str) -> None:
    for pos in range(len(text) + 1):
        expected = _SCAN.search(text, pos)
        got = _scan_search(text, pos)
        if expected is None:
            assert got is None
        else:
            assert got is not None and (got.span(), got.groupdict()) == (expected.span(), expected.groupdict())
