"""The binding model (issue 12): each class of wrong binding, on sentences we wrote, against
fixtures/facts/binding/reference.yaml. A disagreement is F201 only when its binding is certain;
otherwise it is F205 (possible), or the number stays unbound / unverifiable with a reason."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.facts import binding as B
from lintkit.facts.runtime import FactsRuntime
from lintkit.meta import builtin_meta
from lintkit.rules import all_meta
from tests.conftest import FIXTURES
from tests.facts.helpers import records as _records

REF = FIXTURES / "facts" / "binding" / "reference.yaml"
ALIASES = {"openai": ["某生成AI企業"], "market/japan-ai": ["国内AI市場"]}


@lru_cache(maxsize=1)
def rt() -> FactsRuntime:
    return FactsRuntime.load([str(REF)], aliases=ALIASES)


def rows(text: str) -> list[dict[str, Any]]:
    return _records(text, rt())


def row(text: str, number: str) -> dict[str, Any]:
    (r,) = [r for r in rows(text) if r["text"] == number]
    return r


def summary(r: dict[str, Any]) -> tuple[Any, ...]:
    return r["entity"], r["attribute"], r["status"], r["binding"]


def dated(date: str, body: str) -> str:
    return f"---\ntitle: テスト\ndate: {date} 09:00:00 +0900\n---\n\n{body}\n"


# ---------------------------------------------------------------- 1. several entities in a sentence

def test_each_name_keeps_its_own_prices() -> None:
    text = "安さで選ぶなら、GPT-4o Miniは入力$0.15・出力$0.60、Gemini 2.5 Flash Liteは入力$0.10・出力$0.40で使える。"
    assert [summary(r) for r in rows(text)] == [
        ("openai/gpt-4o-mini", "price.input", "match", "certain"),
        ("openai/gpt-4o-mini", "price.output", "match", "certain"),
        ("google/gemini-2.5-flash-lite", "price.input", "match", "certain"),
        ("google/gemini-2.5-flash-lite", "price.output", "match", "certain"),
    ]


def test_a_clause_with_a_subject_of_its_own_is_not_the_topics() -> None:
    r = row("Llama 3 405Bはモデル自体が無料で配布されるが、APIで使う70Bは出力0.75ドル/1Mかかる。", "0.75ドル/1M")
    assert r["entity"] != "meta/llama-3-405b"
    assert r["status"] == "unbound" and r["reason"] == "no-entity"


def test_a_number_after_a_comparison_goes_to_the_subject_and_is_only_possible() -> None:
    text = "DeepSeek R1がGPT-4oのMMLU（88.7）を上回る89.5を記録したという報告もある。"
    first, second = rows(text)
    assert summary(first) == ("openai/gpt-4o", "benchmark.mmlu", "match", "certain")
    assert summary(second) == ("deepseek/deepseek-r1", "benchmark.mmlu", "mismatch", "possible")
    assert "comparison" in second["doubts"]


def test_a_second_value_for_the_same_name_in_a_clause_is_only_possible() -> None:
    r = row("GPT-4oのMMLUは88.7で、改良版GPT-4oのMMLUは90.1とされる。", "90.1")
    assert r["status"] == "mismatch" and r["binding"] == "certain"  # a clause of its own: certain
    r = rows("GPT-4oのMMLUは88.7と90.1の間で揺れている。")[1]
    assert (r["binding"], r["doubts"]) == ("possible", ["repeated-value"])


def test_another_name_between_topic_and_number_makes_it_possible() -> None:
    r = row("GPT-4oは、Claude 3 Opusと比べられることが多いが、入力$3.00/1Mだ。", "$3.00/1M")
    assert (r["entity"], r["status"], r["binding"]) == ("openai/gpt-4o", "mismatch", "possible")
    assert "competing-entity" in r["doubts"]


def test_a_topic_with_its_noun_is_certain() -> None:
    r = row("GPT-4oのAPI料金は、入力1Mトークンあたり$2.60です。", "$2.60")
    assert summary(r) == ("openai/gpt-4o", "price.input", "mismatch", "certain")


# ---------------------------------------------------------------- 2. market scope

def test_a_region_the_market_entity_lacks_blocks_the_binding() -> None:
    r = row("中国では、AI市場が2025年に600億ドル規模に達したとされる。", "600億ドル")
    assert (r["entity"], r["status"], r["reason"]) == (None, "unbound", "scope")
    r = row("中国のAI市場は2025年に600億ドルに達した。", "600億ドル")
    assert (r["entity"], r["status"], r["reason"]) == (None, "unbound", "scope")


def test_a_segment_market_is_not_the_whole_market() -> None:
    r = row("AIヘルスケア市場は2025年に78億ドルとされる。", "78億ドル")
    assert (r["entity"], r["status"], r["reason"]) == (None, "unbound", "scope")
    r = row("AIエージェント市場は2025年に78億ドルとされる。", "78億ドル")  # a segment the reference has
    assert (r["entity"], r["attribute"], r["status"]) == ("market/ai-agents", "market.size", "match")


def test_a_region_named_by_the_entity_itself_binds() -> None:
    r = row("国内AI市場は2025年に2.3兆円となった。", "2.3兆円")
    assert (r["entity"], r["entity_name"], r["entity_text"], r["status"]) == (
        "market/japan-ai", "日本のAI市場", "国内AI市場", "match")


def test_a_horizon_is_not_the_reference_year() -> None:
    text = "国内AI市場は今後5年で2.4兆円に拡大し、年率19.1%で伸びる見通しだ。"
    size, growth = rows(text)
    assert (size["status"], size["reason"], size["qualifiers"].get("horizon")) == ("unverifiable", "year", True)
    assert growth["status"] != "mismatch" or growth["binding"] == "possible"


# ---------------------------------------------------------------- 3. years

def test_a_year_without_a_reference_value_is_unverifiable() -> None:
    r = row("世界のAI市場は2035年までに4,500億ドル以上になるとの予測もある。", "4,500億ドル")
    assert (r["status"], r["reason"], r["year"]) == ("unverifiable", "year", 2035)
    r = row("OpenAIの評価額は2023年に860億ドルだった。", "860億ドル")
    assert (r["status"], r["reason"], r["year"]) == ("unverifiable", "year", 2023)


def test_an_undated_value_is_the_value_of_its_years() -> None:
    r = row("OpenAIの評価額は2026年に8300億ドルとなった。", "8300億ドル")  # as_of 2026-02-01
    assert (r["status"], r["binding"]) == ("match", "certain")
    r = row("OpenAIの評価額は2025年に9000億ドルとされた。", "9000億ドル")  # the year before: only possible
    assert (r["status"], r["binding"], r["doubts"]) == ("mismatch", "certain", ["year-assumed"])  # F205: the year


def test_a_year_with_a_reference_value_is_compared_with_it() -> None:
    r = row("世界のAI市場は2030年に9,000億ドルに達する。", "9,000億ドル")
    assert (r["status"], r["binding"], r["expected"], r["year"]) == ("mismatch", "certain", 827e9, 2030)


# ---------------------------------------------------------------- 4. attributes

def test_funding_is_not_a_valuation() -> None:
    text = "OpenAIは150億ドルの資金調達を行い、評価額は8300億ドルとなった。"
    assert [(r["text"], r["attribute"], r["status"]) for r in rows(text)] == [
        ("150億ドル", None, "unbound"), ("8300億ドル", "company.valuation", "match")]


def test_funding_right_after_the_number_wins_over_a_valuation_before_it() -> None:
    text = "OpenAIは評価額8300億ドルという高いバリュエーションで1000億ドル（約15兆円）規模の資金調達を目指す。"
    assert [(r["text"], r["attribute"]) for r in rows(text)] == [
        ("8300億ドル", "company.valuation"), ("1000億ドル", None)]


def test_a_loss_per_dollar_is_not_revenue() -> None:
    rs = rows("OpenAIの売上は伸びているが、1ドル稼ぐごとに2.5ドルを失う構造だという。")
    assert all(r["attribute"] is None for r in rs)


def test_growth_words_that_name_two_attributes_are_only_possible() -> None:
    r = row("世界のAI市場は年率35%で拡大している。", "35%")
    assert (r["attribute"], r["status"], r["binding"], r["doubts"]) == (
        "market.cagr", "mismatch", "possible", ["attribute-weak"])
    r = row("世界のAI市場の年平均成長率は35%とされる。", "35%")
    assert (r["status"], r["binding"]) == ("mismatch", "certain")


def test_a_cached_input_column_is_not_the_input_price() -> None:
    table = ("| モデル | 入力 | キャッシュ入力 | 出力 |\n|---|---|---|---|\n"
             "| GPT-4o | $2.50 | $1.25 | $10.00 |\n")
    assert [(r["text"], r["attribute"], r["status"]) for r in rows(table)] == [
        ("$2.50", "price.input", "match"), ("$1.25", None, "unbound"), ("$10.00", "price.output", "match")]


def test_respectively_after_an_attribute_list() -> None:
    text = "GPT-4o Miniの入力と出力は、それぞれ0.15ドル、0.60ドル（100万トークンあたり）だ。"
    assert [summary(r) for r in rows(text)] == [
        ("openai/gpt-4o-mini", "price.input", "match", "certain"),
        ("openai/gpt-4o-mini", "price.output", "match", "certain"),
    ]
    text = "GPT-4o Miniの入力と出力は、それぞれ0.15ドルだ。"  # lengths disagree: no attribute
    assert [r["attribute"] for r in rows(text)] == [None]


# ---------------------------------------------------------------- 5. time

def test_a_valuation_the_reference_moved_on_from_is_a_warning_with_both_dates() -> None:
    doc = dated("2025-10-05", "OpenAIの評価額は5000億ドルに達した。")
    (r,) = rows(doc)
    # the binding is certain: only the comparison is doubtful (the reference is newer than the post)
    assert (r["status"], r["binding"], r["doubts"]) == ("mismatch", "certain", ["reference-newer"])
    findings = lint(doc, "F201", "F204", "F205")
    assert [f.code for f in findings] == ["F204"]  # the reference moved on: a warning selected by default
    assert "2025-10-05" in findings[0].message and "2026-02-01" in findings[0].message
    assert [f.code for f in lint_default(doc) if f.code.startswith("F")] == ["F204"]


def test_a_value_with_its_own_date_is_compared_after_that_date() -> None:
    before = dated("2025-10-20", "Anthropicの評価額は1830億ドルとされる。")
    after = dated("2025-12-01", "Anthropicの評価額は1830億ドルとされる。")
    assert [f.code for f in lint(before, "F201", "F204", "F205")] == ["F204"]
    assert [f.code for f in lint(after, "F201", "F204", "F205")] == ["F201"]


def test_a_dated_series_is_compared_at_the_posts_date() -> None:
    (r,) = rows(dated("2025-06-01", "世界のAI市場は2440億ドル規模だ。"))
    assert (r["status"], r["expected"]) == ("match", 244e9)
    (r,) = rows(dated("2025-06-01", "世界のAI市場は3000億ドル規模だ。"))  # the text may mean another year
    assert (r["status"], r["binding"], r["expected"], r["doubts"]) == ("mismatch", "certain", 244e9, ["year-assumed"])
    (r,) = rows(dated("2027-06-01", "世界のAI市場は3000億ドル規模だ。"))
    assert (r["status"], r["reason"]) == ("unverifiable", "ambiguous-year")


def lint_default(text: str) -> list[Any]:
    """Findings of the default selection for ``text`` as a post on disk."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "post.md"
        path.write_text(text, encoding="utf-8")
        config = replace(with_cli(Config(), all_meta(), reference=(str(REF),)), extra={"aliases": ALIASES})
        return list(lint_paths([str(path)], config).findings)


def lint_en(text: str, *codes: str) -> list[Any]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "post.md"
        path.write_text(text, encoding="utf-8")
        config = replace(with_cli(Config(), all_meta(), select=codes, reference=(str(REF),), lang="en"),
                         extra={"aliases": ALIASES})
        return list(lint_paths([str(path)], config).findings)


def test_a_price_the_reference_moved_on_from_is_a_warning_not_an_error() -> None:
    # the reference (as_of 2026-02-01) holds one undated price: it says nothing about October 2025
    before = dated("2025-10-01", "GPT-4o Miniの入力は$0.25/1Mだ。")
    (r,) = rows(before)
    assert (r["status"], r["binding"], r["doubts"], r["article_date"]) == (
        "mismatch", "certain", ["reference-newer"], "2025-10-01")
    (f,) = lint(before, "F201", "F204", "F205")
    assert f.code == "F204" and f.severity.value == "warning"
    assert (f.data["binding"], f.data["doubts"]) == ("certain", ["reference-newer"])
    assert (f.data["moved_on"], f.data["article_date"], f.data["as_of"]) == (True, "2025-10-01", "2026-02-01")
    assert f.message == ("GPT-4o Miniの入力価格は記事の後に参照データの値が変わった可能性があります: 本文は$0.25"
                         "（記事の日付 2025-10-01）、参照データは$0.15（2026-02-01時点、出典: テスト用の参照データ）。"
                         "参照データは記事の時点の値を持ちません")
    (f,) = lint_en(before, "F201", "F204", "F205")
    assert f.message == ("GPT-4o Mini input price: the reference data may have moved on since the post: the text says "
                         "$0.25 (post dated 2025-10-01), the reference says $0.15 (as of 2026-02-01, source: "
                         "テスト用の参照データ); the reference holds no value for the post's time")
    # a post written after the reference's date: an error
    after = dated("2026-03-01", "GPT-4o Miniの入力は$0.25/1Mだ。")
    assert [f.code for f in lint(after, "F201", "F204", "F205")] == ["F201"]
    # a post without a date cannot be placed in time: compared as it is
    assert [f.code for f in lint("GPT-4o Miniの入力は$0.25/1Mだ。", "F201", "F204", "F205")] == ["F201"]


def test_a_benchmark_score_is_timeless() -> None:
    doc = dated("2025-10-01", "DeepSeek R1はMMLUで89.9を記録した。")
    assert [f.code for f in lint(doc, "F201", "F205")] == ["F201"]


def test_a_price_history_is_compared_at_the_posts_date() -> None:
    # o3's input price: $10 from 2025-01-15, $2 from 2025-06-10
    (r,) = rows(dated("2025-03-01", "o3の入力は$10/1Mだ。"))
    assert (r["status"], r["expected"], r["as_of"]) == ("match", 10.0, "2025-01-15")
    (r,) = rows(dated("2025-08-01", "o3の入力は$10/1Mだ。"))
    assert (r["status"], r["binding"], r["expected"], r["as_of"]) == ("mismatch", "certain", 2.0, "2025-06-10")
    assert [f.code for f in lint(dated("2025-08-01", "o3の入力は$10/1Mだ。"), "F201", "F205")] == ["F201"]
    (r,) = rows(dated("2025-08-01", "o3の入力は$2/1Mだ。"))
    assert (r["status"], r["expected"]) == ("match", 2.0)
    # before the first value: the reference holds nothing for the post's time
    (f,) = lint(dated("2024-12-01", "o3の入力は$15/1Mだ。"), "F201", "F204", "F205")
    assert f.code == "F204" and "2024-12-01" in f.message and "2025-01-15" in f.message
    # no post date: the latest value
    (r,) = rows("o3の入力は$2/1Mだ。")
    assert (r["status"], r["expected"]) == ("match", 2.0)


# ---------------------------------------------------------------- 6. names

def test_a_model_without_its_brand_word_when_only_one_fits() -> None:
    assert [summary(r) for r in rows("Haiku 3.5は入力$1、出力$5で使える。")] == [
        ("anthropic/claude-haiku-3.5", "price.input", "match", "certain"),
        ("anthropic/claude-haiku-3.5", "price.output", "match", "certain"),
    ]
    (r,) = rows("Sonnet 4.5は入力$3.5だ。")
    assert (r["entity"], r["status"]) == (None, "unverifiable")  # never Claude Sonnet 4


def test_an_anonymised_company_through_config_aliases() -> None:
    r = row("某生成AI企業の評価額は8300億ドルに達した。", "8300億ドル")
    assert (r["entity"], r["entity_name"], r["entity_text"], r["status"]) == (
        "openai", "OpenAI", "某生成AI企業", "match")


# ---------------------------------------------------------------- JSON, messages, selection

def test_claims_json_has_binding_reason_year_and_doubts() -> None:
    rs = rows("OpenAIは2023年に100億ドルの資金調達を行った。世界のAI市場は2025年に2440億ドルだった。")
    funding, size = rs
    assert (funding["status"], funding["binding"], funding["reason"], funding["year"]) == (
        "unbound", None, "no-attribute", 2023)
    assert (size["status"], size["binding"], size["reason"], size["year"], size["doubts"]) == (
        "match", "certain", None, 2025, [])


def lint(text: str, *codes: str) -> list[Any]:
    """Findings of ``codes`` for ``text`` as a post on disk (binding reference + aliases)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "post.md"
        path.write_text(text, encoding="utf-8")
        config = replace(with_cli(Config(), all_meta(), select=codes, reference=(str(REF),)),
                         extra={"aliases": ALIASES})
        result = lint_paths([str(path)], config)
        assert not result.errors
        return list(result.findings)


def test_message_units_year_and_source() -> None:
    (f,) = lint("Llama 3 405BはAPI経由でも出力0.75ドル/1Mかかる。", "F201")
    assert "本文は$0.75、参照データは$0.00" in f.message
    assert "出典: テスト用の参照データ" in f.message and "/" not in f.message.split("出典: ")[1].split("、")[0]
    (f,) = lint("世界のAI市場は2030年に9,000億ドルに達する。", "F201")
    assert "本文は9,000億ドル（2030年）、参照データは8,270億ドル（2030年）" in f.message
    assert "https://example.com/market-report" in f.message


def test_messages_in_english_units_year_range_and_source() -> None:
    (f,) = lint_en("Llama 3 405BはAPI経由でも出力0.75ドル/1Mかかる。", "F201")
    assert "the text says $0.75, the reference says $0.00 (source: テスト用の参照データ, as of 2026-02-01)" in f.message
    (f,) = lint_en("世界のAI市場は2030年に9,000億ドルに達する。", "F201")
    assert "the text says $900B (2030), the reference says $827B (2030) (source: https://example.com/market-report" \
        in f.message
    (f,) = lint_en("世界のAI市場は2030年に9,000億〜1兆ドルに達する。", "F201")
    assert "the text says $900B〜$1T (2030), the reference says $827B (2030)" in f.message
    (f,) = lint("世界のAI市場は2030年に9,000億〜1兆ドルに達する。", "F201")
    assert "本文は9,000億ドル〜1兆ドル（2030年）、参照データは8,270億ドル（2030年）" in f.message


def test_the_source_is_never_a_path_on_disk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "pricing.yml").write_text('models:\n  - name: "GPT-4o"\n    input_per_1m_tokens: "2.50"\n',
                                      encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("GPT-4oは入力$3.00/1Mだ。\n", encoding="utf-8")
    for lang in ("ja", "en"):
        config = with_cli(Config(), all_meta(), select=("F201",), reference=(str(data),), lang=lang)
        (f,) = lint_paths([str(post)], config).findings
        assert str(tmp_path) not in f.message and "pricing.yml" in f.message  # the file's name, not its path
        assert f.data["source"] is None and f.data["entity"] == "gpt-4o" and f.data["entity_name"] == "GPT-4o"


def test_f205_is_opt_in() -> None:
    text = "DeepSeek R1がGPT-4oのMMLU（88.7）を上回る89.5を記録した。"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "post.md"
        path.write_text(text, encoding="utf-8")
        default = with_cli(Config(), all_meta(), reference=(str(REF),))
        assert not [f for f in lint_paths([str(path)], default).findings if f.code in ("F201", "F205")]
    (f,) = lint(text, "F205")
    assert (f.code, f.severity.value, f.data["binding"], f.data["doubts"]) == (
        "F205", "warning", "possible", ["comparison"])
    assert "比較の表現" in f.message


@pytest.mark.parametrize("doubt", [v for k, v in vars(B).items() if k.startswith("D_")])
def test_every_doubt_has_a_message_in_both_languages(doubt: str) -> None:
    meta = builtin_meta()["F205"]
    assert set(meta.messages[f"doubt-{doubt}"]) >= {"ja", "en"}


def test_an_earlier_value_is_only_possible() -> None:
    text = "GPT-4oはMMLUで88.7を記録し、前年の80.5から大きく伸びた。"
    first, earlier = rows(text)
    assert (first["status"], first["binding"]) == ("match", "certain")
    assert (earlier["status"], earlier["binding"], earlier["doubts"]) == ("mismatch", "possible", ["earlier-value"])
    (r,) = rows("GPT-4oのMMLUは82.0から88.7へ向上した。")  # a change, not a range: the claim is 88.7
    assert (r["text"], r["value"], r["status"], r["binding"]) == ("88.7", 88.7, "match", "certain")
    r = row("DeepSeek R1のMMLUは80.1から88.9へ、GPT-4oのMMLUは85.0から88.7へ伸びた。", "88.7")
    assert (r["entity"], r["status"]) == ("openai/gpt-4o", "match")


def test_a_sum_is_not_a_price() -> None:
    (r,) = rows("GPT-4oとGPT-4o Miniの入力価格は合計$2.65/1Mになる。")
    assert (r["attribute"], r["status"]) == (None, "unbound")


def test_respectively_over_names_and_attributes() -> None:
    text = "GPT-4oとGPT-4o Miniの入力と出力は、それぞれ$2.50、$10.00、$0.15、$0.60（1Mトークンあたり）です。"
    assert [summary(r) for r in rows(text)] == [
        ("openai/gpt-4o", "price.input", "match", "certain"),
        ("openai/gpt-4o", "price.output", "match", "certain"),
        ("openai/gpt-4o-mini", "price.input", "match", "certain"),
        ("openai/gpt-4o-mini", "price.output", "match", "certain"),
    ]


def test_a_topic_noun_owned_by_the_name_is_certain_but_not_a_successor() -> None:
    text = "OpenAIの2025年の年間売上は130億ドル、2026年には150億ドルに達する。"
    assert [(r["entity"], r["binding"]) for r in rows(text)][0] == ("openai", "certain")
    r = row("GPT-4oの後継モデルは、入力$5.00/1Mとされる。", "$5.00/1M")
    assert r["binding"] != "certain"


def test_a_number_in_a_clause_modifying_the_topic_after_it() -> None:
    r = row("2025年に2440億ドル規模とされる世界のAI市場は、今後も伸びる。", "2440億ドル")
    assert (r["entity"], r["status"], r["binding"]) == ("market/global-ai", "match", "certain")
    r = row("GPT-4oより安い入力$0.15/1Mの選択肢としてGPT-4o Miniがある。", "$0.15/1M")
    assert r["binding"] != "certain" or r["entity"] == "openai/gpt-4o"  # a name before the number: no rule


def test_a_bound_is_not_widened_by_rounding() -> None:
    r = row("世界のAI市場は2030年に1兆ドル超に達するとの予測もある。", "1兆ドル")
    assert (r["status"], r["binding"]) == ("mismatch", "certain")  # more than 1兆 vs 8270億
    r = row("世界のAI市場は2030年に1兆ドルに達する。", "1兆ドル")
    assert r["status"] == "mismatch"  # "1兆" is not 0.5-1.5兆


# ---------------------------------------------------------------- binder misses of the tune half (issue 12, item 5)

def test_an_implicit_market_cap_is_only_possible() -> None:
    # no attribute word: an amount of a trillion dollars or more can only be a company's market cap
    r = row("NVIDIAの6兆ドル到達は大きな節目だ。", "6兆ドル")
    assert (r["entity"], r["attribute"], r["status"], r["binding"], r["doubts"]) == (
        "nvidia", "company.market-cap", "mismatch", "possible", ["attribute-implicit"])
    assert [f.code for f in lint("NVIDIAの6兆ドル到達は大きな節目だ。", "F201", "F205")] == ["F205"]
    r = row("5兆ドル企業NVIDIAの次の一手に注目が集まる。", "5兆ドル")
    assert (r["entity"], r["attribute"], r["status"], r["binding"]) == ("nvidia", "company.market-cap", "match", "possible")
    # an amount glued to the name (a link title 「Nvidia5兆ドル評価の真意」) is the name's
    r = row("Nvidia5兆ドル評価の真意とは", "5兆ドル")
    assert (r["entity"], r["entity_text"], r["attribute"], r["binding"]) == (
        "nvidia", "Nvidia", "company.market-cap", "possible")
    assert row("GPT-4oは入力$2.50だ。", "$2.50")["entity"] == "openai/gpt-4o"
    # below a trillion, or an entity without a market cap in the reference: no attribute
    assert row("NVIDIAは1000億ドルの受注を得た。", "1000億ドル")["attribute"] is None
    assert row("OpenAIの1兆ドル規模の計画が話題だ。", "1兆ドル")["attribute"] is None


def test_an_amount_with_kibo_is_a_markets_size() -> None:
    text = "AIエージェント市場は2030年までに年率40%で伸び、600億ドル規模に達する見込みだ。"
    r = row(text, "600億ドル")
    assert (r["entity"], r["attribute"], r["year"], r["status"], r["binding"], r["expected"]) == (
        "market/ai-agents", "market.size", 2030, "mismatch", "certain", 52e9)
    assert [f.code for f in lint(text, "F201")] == ["F201"]
    assert row(text.replace("600億", "520億"), "520億ドル")["status"] == "match"
    # 「規模の＋名詞」 is the size of what follows, not the market's
    assert row("AIエージェントの分野では、100億ドル規模のM&Aが相次ぐ。", "100億ドル")["attribute"] is None
    assert row("AIエージェントは2030年に600億ドル規模の産業になる。", "600億ドル")["attribute"] is None


def test_a_company_named_in_the_previous_sentence_is_only_possible() -> None:
    text = "Mistral AIは欧州を代表するAI企業だ。2025年9月には評価額が200億ドルに達した。"
    r = row(text, "200億ドル")
    assert (r["entity"], r["entity_name"], r["attribute"], r["status"], r["binding"]) == (
        "mistral", "Mistral AI", "company.valuation", "mismatch", "possible")
    assert "entity-previous-sentence" in r["doubts"]
    assert [f.code for f in lint(text, "F201", "F205")] == ["F205"]
    # the one entity of the sentence before that has the attribute (GPT-4o has no revenue: OpenAI's)
    r = row("GPT-4oを開発したOpenAIは注目を集める。2025年の年間売上は130億ドルだった。", "130億ドル")
    assert (r["entity"], r["status"], r["binding"]) == ("openai", "match", "possible")
    # a name before the number that is not the sentence's topic or subject (OpenAIからも) does not stop it
    r = row("Mistral AIは欧州を代表するAI企業だ。OpenAIからも注目され、評価額は200億ドルに達した。", "200億ドル")
    assert (r["entity"], r["binding"]) == ("mistral", "possible")
    # two candidates, another paragraph, or a market of its own: unbound
    assert row("OpenAIとMistral AIが競っている。評価額は200億ドルに達した。", "200億ドル")["status"] == "unbound"
    assert row("Mistral AIは欧州を代表するAI企業だ。\n\n評価額は200億ドルに達した。", "200億ドル")["status"] == "unbound"
    r = row("AI市場は拡大を続けている。中国市場は2025年に500億ドル規模だ。", "500億ドル")
    assert (r["status"], r["reason"]) == ("unbound", "scope")


def test_a_market_size_after_the_sentence_naming_the_market() -> None:
    r = row("AI市場は拡大を続けている。2025年には2440億ドル（約36兆円）規模になる見込みだ。", "2440億ドル")
    assert (r["entity"], r["attribute"], r["year"], r["status"], r["binding"]) == (
        "market/global-ai", "market.size", 2025, "match", "possible")


TABLE_BY_COLUMN = """| 項目 | GPT-4o | Gemini 2.5 Flash Lite |
|---|---|---|
| 入力価格 | $2.50 | $0.12 |
| 出力価格 | $10.00 | $0.40 |
| キャッシュ入力 | $1.25 | $0.03 |
"""


def test_a_table_whose_columns_are_entities() -> None:
    assert [(r["text"], r["entity"], r["attribute"], r["status"], r["binding"]) for r in rows(TABLE_BY_COLUMN)] == [
        ("$2.50", "openai/gpt-4o", "price.input", "match", "certain"),
        ("$0.12", "google/gemini-2.5-flash-lite", "price.input", "mismatch", "certain"),
        ("$10.00", "openai/gpt-4o", "price.output", "match", "certain"),
        ("$0.40", "google/gemini-2.5-flash-lite", "price.output", "match", "certain"),
        ("$1.25", "openai/gpt-4o", None, "unbound", None),  # a cached-input row: no attribute
        ("$0.03", "google/gemini-2.5-flash-lite", None, "unbound", None),
    ]
    assert [(f.code, f.line + 1) for f in lint(TABLE_BY_COLUMN, "F201")] == [("F201", 3)]
    # rows that name their entity keep it
    by_row = "| モデル | 入力 | 出力 |\n|---|---|---|\n| GPT-4o | $2.50 | $10.00 |\n"
    assert [(r["entity"], r["attribute"]) for r in rows(by_row)] == [
        ("openai/gpt-4o", "price.input"), ("openai/gpt-4o", "price.output")]


def test_a_listed_subject_with_mo_is_not_the_topics() -> None:
    r = row("AIエージェント市場はすでに70億ドルを超え、AI SaaSやクラウドAIサービスも800億ドル以上の市場規模が見込まれる。",
            "800億ドル")
    assert (r["entity"], r["status"]) == (None, "unbound")


def test_the_claims_listing_marks_possible_mismatches() -> None:
    from lintkit.facts.api import ClaimsResult, render_text

    listing = render_text(ClaimsResult(files=["t.md"], claims=rows(
        "DeepSeek R1がGPT-4oのMMLU（88.7）を上回る89.5を記録した。GPT-4oはMMLUで90.5を記録した。")), "en")
    lines = listing.splitlines()
    assert lines[-3].endswith("expected 88.9 (F205: comparison)")  # F205's, with what made it uncertain
    assert lines[-2].endswith("expected 88.7")  # F201's
    moved = render_text(ClaimsResult(files=["t.md"], claims=rows(dated("2025-10-01", "GPT-4o Miniの入力は$0.25/1Mだ。"))))
    assert moved.splitlines()[0].endswith("expected 0.15 (F204: reference-newer)")  # the reference moved on
    # an assumed year leaves the binding certain, but the mismatch is F205's all the same
    (assumed,) = rows(dated("2025-06-01", "世界のAI市場は3000億ドル規模だ。"))
    assert (assumed["binding"], assumed["doubts"]) == ("certain", ["year-assumed"])
    listing = render_text(ClaimsResult(files=["t.md"], claims=[assumed]))
    assert listing.splitlines()[0].endswith("(F205: year-assumed)")
    assert [f.code for f in lint(dated("2025-06-01", "世界のAI市場は3000億ドル規模だ。"), "F201", "F204", "F205")] == [
        "F205"]


def test_binding_certainty_and_the_rule_of_a_mismatch() -> None:
    from lintkit.facts import binding as B

    assert B.certainty(()) == B.certainty(["reference-newer"]) == B.certainty(["year-assumed"]) == "certain"
    assert B.certainty(["reference-newer", "comparison"]) == B.certainty(["attribute-carried"]) == "possible"
    assert B.mismatch_code(()) == "F201"
    assert B.mismatch_code(["reference-newer"]) == "F204"
    assert B.mismatch_code(["year-assumed"]) == B.mismatch_code(["reference-newer", "year-assumed"]) == "F205"
    assert B.mismatch_code(["entity-previous-sentence", "reference-newer"]) == "F205"
