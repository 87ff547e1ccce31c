"""F201-F204 on fixture articles we wrote, against fixtures/facts/reference (and the records shape)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lintkit.config import Config, load_config, with_cli
from lintkit.engine import RunResult, lint_paths
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
FACTS = FIXTURES / "facts"
PRICES = FACTS / "prices.md"
CLEAN = FACTS / "clean.md"
REFERENCE = str(FACTS / "reference")


def run(path: Path, *, lang: str | None = None, options: dict[str, dict[str, object]] | None = None,
        config: Config | None = None) -> RunResult:
    config = with_cli(config or Config(), METAS, select=("F",), reference=(REFERENCE,) if config is None else (),
                      lang=lang)
    if options:
        config = replace(config, rule_options={code: {**METAS[code].default_options(), **opts}
                                               for code, opts in options.items()})
    result = lint_paths([str(path)], config)
    assert not result.errors, result.errors
    return result


def found(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(f.code, f.line + 1) for f in findings}


def test_prices_exact() -> None:
    assert found(run(PRICES).findings) == {
        ("F201", 9),   # GPT-4o output $12.00, reference $10.00
        ("F202", 13),  # Claude Sonnet 4.5 (twice: $3 and $15): not in the reference, not Claude Sonnet 4
        ("F201", 15),  # それぞれ: Gemini 2.5 Flash Lite input $0.08, reference $0.10
        ("F204", 17),  # Claude Sonnet 4: matches, but the reference value is from 2025-06-01
        ("F201", 21),  # DeepSeek R1 MMLU 89.9, reference 88.9
        ("F201", 27),  # 日本のAI市場 2.5兆円, reference 2.3兆円 (2025)
        ("F201", 35),  # GPT-4o Mini input $0.25/1M ...
        ("F203", 35),  # ... and $0.15/1M at line 11
    }


def test_clean_article_is_silent() -> None:
    result = run(CLEAN)
    assert result.findings == []
    assert len(result.claims) == 15  # the claims are still listed


def test_mismatch_message_and_data() -> None:
    (f,) = [f for f in run(PRICES).findings if f.code == "F201" and f.line + 1 == 15]
    assert (f.column, f.end_column) == (41, 49)  # "$0.08/1M", 0-based, end exclusive
    assert f.data == {
        "entity": "google/gemini-2.5-flash-lite", "entity_name": "Gemini 2.5 Flash Lite",
        "attribute": "price.input", "claimed": 0.08, "expected": 0.1, "unit": "USD/1M tokens",
        "source": "各社公式価格ページ（テスト用の写し）", "as_of": "2026-02-01", "qualifiers": {},
        "entity_text": "Gemini 2.5 Flash Lite", "year": None, "binding": "certain",
    }
    assert "本文は$0.08、参照データは$0.10" in f.message and "各社公式価格ページ" in f.message
    (en,) = [f for f in run(PRICES, lang="en").findings if f.code == "F201" and f.line + 1 == 15]
    assert en.message.startswith("Gemini 2.5 Flash Lite input price disagrees with the reference data")


def test_unverifiable_names_the_similar_model_without_binding() -> None:
    f202 = [f for f in run(PRICES).findings if f.code == "F202"]
    assert [(f.data["entity"], f.data["entity_name"], f.data["suggestion"]) for f in f202] == [
        (None, "Claude Sonnet 4.5", "Claude Sonnet 4")] * 2
    assert str(f202[0].severity.value) == "info"
    quiet = run(PRICES, options={"F202": {"unknown-entities": False}})
    assert not [f for f in quiet.findings if f.code == "F202"]


def test_inconsistent_points_to_the_first_statement() -> None:
    (f,) = [f for f in run(PRICES).findings if f.code == "F203"]
    assert [(r.line + 1, r.column + 1) for r in f.related] == [(11, 15)]
    assert f.data["other"] == 0.15 and f.data["claimed"] == 0.25


def test_stale_reference_max_age() -> None:
    stale = [f for f in run(PRICES).findings if f.code == "F204"]
    assert [f.data["age_days"] for f in stale] == [273, 273]
    assert not [f for f in run(PRICES, options={"F204": {"max-age": 365}}).findings if f.code == "F204"]


def test_records_reference_through_the_configuration() -> None:
    config = load_config(METAS, explicit=str(FACTS / "records-config.yaml"))
    result = run(CLEAN, config=config)
    by_status = {(c["line"], c["text"]): c["status"] for c in result.claims}
    assert by_status[(9, "2.5ドル")] == "match"  # GPT-4o from pricing.yml
    assert by_status[(16, "91.8")] == "match"  # Gemini 3 Pro from benchmarks.yml
    assert by_status[(21, "2440億ドル")] == "match"  # global_ai_market, named by the aliases
    assert by_status[(22, "2.3兆円")] == "match"  # japan_ai_market.current.size_jpy
    assert by_status[(12, "$5")] == "unverifiable"  # Claude Opus 4.5 is not in these records
    # Claude Opus 4.5 and DeepSeek R1 are not in these records; ARC-AGI-2 is no attribute without the native file
    assert found(result.findings) == {("F202", 12), ("F202", 16)}
    assert by_status[(17, "31.1%")] == "unbound"
