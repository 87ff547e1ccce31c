"""Reference data: the native format, the writers' records as they are, merging, aliases, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lintkit.config import from_mapping
from lintkit.errors import ConfigError, ReferenceDataError
from lintkit.facts.reference import load_reference
from lintkit.facts.vocabulary import FieldMap
from lintkit.rules import all_meta
from tests.conftest import FIXTURES
from tests.facts.helpers import RECORDS, REFERENCE

BAD = FIXTURES / "facts" / "bad"
ALIASES = {"global_ai_market": ["AI市場", "世界のAI市場"], "japan_ai_market": ["日本のAI市場"]}


def values(index, entity: str, attribute: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(f.value, f.high, f.unit, f.year) for f in index.facts(entity, attribute)]


def test_native_format() -> None:
    idx = load_reference([str(REFERENCE)])
    (price,) = idx.facts("openai/gpt-4o", "price.output")
    assert (price.value, price.unit, price.source, price.as_of) == (
        10.0, "USD", "https://openai.com/api/pricing", dt.date(2026, 2, 1))
    (inp,) = idx.facts("openai/gpt-4o", "price.input")
    assert inp.source == "各社公式価格ページ（テスト用の写し）"  # the file's source
    assert values(idx, "market/global-ai", "market.size") == [(244e9, None, "USD", 2025), (827e9, None, "USD", 2030)]
    assert values(idx, "market/japan-ai", "market.size") == [(2.3e12, None, "JPY", 2025)]
    assert idx.facts("anthropic/claude-sonnet-4", "price.input")[0].as_of == dt.date(2025, 6, 1)
    assert "benchmark.arc-agi-2" in idx.vocabulary.attributes  # declared by the file


def test_writers_records_as_they_are() -> None:
    idx = load_reference([str(RECORDS)], aliases=ALIASES)
    gpt = idx.entities["gpt-4o"]
    assert gpt.names == ("GPT-4o",)
    # one id scheme: a record without an `id` is the slug of its first name, whatever its provider or file
    assert {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-3-pro", "grok-4.1", "nvidia-h100"} <= set(idx.entities)
    assert not [eid for eid in idx.entities if "/" in eid]
    # one entity from two files (pricing.yml and benchmarks.yml)
    assert values(idx, "gpt-4o", "price.input") == [(2.5, None, "USD", None)]
    assert values(idx, "gpt-4o", "benchmark.mmlu") == [(88.7, None, "%", None)]
    assert values(idx, "gpt-4o", "benchmark.humaneval") == [(90.2, None, "%", None)]
    assert values(idx, "gemini-3-pro", "benchmark.arena") == [(1501.0, None, "score", None)]
    assert values(idx, "nvidia-h100", "price.list") == [(25000.0, 30000.0, "USD", None)]
    # the "# 更新:" header gives as_of, an "updated" key overrides it
    assert idx.facts("gpt-4o", "price.input")[0].as_of == dt.date(2026, 1, 20)
    (jp,) = idx.facts("japan_ai_market", "market.size")
    assert (jp.value, jp.unit, jp.year, jp.as_of) == (2.3e12, "JPY", 2025, dt.date(2026, 1, 25))
    # a nested-map file: entities by top-level key, time slices carry their year, names from aliases
    assert values(idx, "global_ai_market", "market.size") == [(244e9, None, "USD", 2025), (827e9, None, "USD", 2030)]
    assert values(idx, "global_ai_market", "market.cagr") == [(28.0, None, "%", 2030)]
    assert idx.entities["global_ai_market"].names == ("AI市場", "世界のAI市場")
    assert idx.facts("global_ai_market", "market.size")[0].source == "調査会社の平均"
    # a sub-mapping that is not a time slice is another entity
    assert values(idx, "japan_ai_market.it_total", "market.size") == [(26e12, None, "JPY", 2025)]
    # "CAGR 46%" and "+40% YoY" strings
    assert values(idx, "aiエージェント", "market.cagr") == [(46.0, None, "%", None)]
    assert values(idx, "aiヘルスケア", "market.growth") == [(40.0, None, "%", 2025)]
    # lines point into the file
    assert idx.facts("gpt-4o-mini", "price.output")[0].line == 14


def test_fields_without_a_mapping_are_ignored_and_can_be_mapped_in_config() -> None:
    idx = load_reference([str(RECORDS)])
    assert set(idx.entities["gpt-4o"].facts) == {"price.input", "price.output", "benchmark.mmlu",
                                                        "benchmark.humaneval"}  # context_window, note: ignored
    assert idx.facts("grok-4.1", "benchmark.arena") == ()
    idx = load_reference([str(RECORDS)], fields={"elo": FieldMap("benchmark.arena")})
    assert values(idx, "grok-4.1", "benchmark.arena") == [(1483.0, None, "score", None)]


def test_a_directory_and_a_file_together_merge() -> None:
    idx = load_reference([str(REFERENCE / "models.yaml"), str(RECORDS / "benchmarks.yml")])
    assert values(idx, "openai/gpt-4o", "benchmark.humaneval") == [(90.2, None, "%", None)]
    assert values(idx, "openai/gpt-4o", "price.input") == [(2.5, None, "USD", None)]


@pytest.mark.parametrize("name, line, key, words", [
    ("broken-yaml.yml", 4, None, "invalid YAML"),
    ("wrong-type.yml", 5, "llm_benchmarks[1].mmlu", "expected a number or a string"),
    ("unknown-unit.yaml", 6, "market/global-ai.facts.market.size.unit", "unknown unit 'EUR'"),
    ("conflict.yml", 5, "models[1].input_per_1m_tokens", "two different values"),
    ("unknown-attribute.yaml", 6, "openai/gpt-4o.facts.price.cached", "unknown attribute 'price.cached'"),
])
def test_errors_name_file_line_and_key(name: str, line: int, key: str | None, words: str) -> None:
    with pytest.raises(ReferenceDataError) as info:
        load_reference([str(BAD / name)])
    err = info.value
    assert err.path.endswith(name)
    assert err.line == line
    assert err.key == key
    assert words in err.message


def test_missing_reference_path() -> None:
    with pytest.raises(ReferenceDataError) as info:
        load_reference(["/nonexistent/reference"])
    assert "not found" in info.value.message


def test_default_reference_is_shipped_with_sources() -> None:
    idx = load_reference()
    assert idx.entities
    for entity in idx.entities.values():
        for facts in entity.facts.values():
            for fact in facts:
                assert fact.source and fact.source.startswith("https://"), fact
                assert fact.as_of is not None, fact


def test_config_keys() -> None:
    metas = all_meta()
    config = from_mapping({"aliases": {"global_ai_market": ["AI市場"]},
                           "reference-fields": {"gpqa_diamond": "benchmark.gpqa",
                                                "price_jpy": {"attribute": "price.list", "unit": "JPY"}}},
                          "lintkit.yaml", Path("."), metas)
    assert config.extra["aliases"] == {"global_ai_market": ("AI市場",)}
    assert config.extra["reference-fields"]["price_jpy"] == FieldMap("price.list", "JPY")
    with pytest.raises(ConfigError) as info:
        from_mapping({"aliases": {"x": []}}, "lintkit.yaml", Path("."), metas)
    assert info.value.key == "aliases.x"
    with pytest.raises(ConfigError) as info:
        from_mapping({"reference-fields": {"f": {"attribute": "price.list", "unit": "EUR"}}}, "lintkit.yaml",
                     Path("."), metas)
    assert info.value.key == "reference-fields.f"


def test_config_field_with_unknown_attribute() -> None:
    with pytest.raises(ConfigError) as info:
        load_reference([str(RECORDS)], fields={"x": FieldMap("price.nope")}, config_path="lintkit.yaml")
    assert (info.value.path, info.value.key) == ("lintkit.yaml", "reference-fields.x")


def test_a_registry_file_gives_the_other_files_their_date_and_source(tmp_path: Path) -> None:
    (tmp_path / "models.yml").write_text('models:\n  - name: "GPT-4o"\n    input_per_1m_tokens: "2.50"\n',
                                         encoding="utf-8")
    (tmp_path / "prices.yml").write_text('# 更新: 2026-01-05\n# ソース: 料金表\nmodels:\n  - name: "o3"\n'
                                         '    input_per_1m_tokens: "10.00"\n', encoding="utf-8")
    (tmp_path / "_last_updated.yml").write_text(
        "models:\n  updated: '2026-03-01'\n  source: 各社の発表\nprices:\n  updated: '2026-02-01'\n  source: 別の出典\n",
        encoding="utf-8")
    idx = load_reference([str(tmp_path)])
    (gpt,) = idx.facts("gpt-4o", "price.input")
    assert (gpt.as_of, gpt.source) == (dt.date(2026, 3, 1), "各社の発表")
    (o3,) = idx.facts("o3", "price.input")
    assert (o3.as_of, o3.source) == (dt.date(2026, 1, 5), "料金表")  # the file's own header wins
    assert set(idx.entities) == {"gpt-4o", "o3"}  # the registry holds no entities


def test_values_that_differ_by_their_date_are_a_series_not_a_clash(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text('# 更新: 2025-01-15\nmodels:\n  - name: "o3"\n    input_per_1m_tokens: "10.00"\n',
                                    encoding="utf-8")
    (tmp_path / "b.yml").write_text('# 更新: 2025-06-10\nmodels:\n  - name: "o3"\n    input_per_1m_tokens: "2.00"\n',
                                    encoding="utf-8")
    idx = load_reference([str(tmp_path)])
    assert [(f.value, f.as_of) for f in idx.facts("o3", "price.input")] == [
        (10.0, dt.date(2025, 1, 15)), (2.0, dt.date(2025, 6, 10))]


def test_a_forecast_year_field_and_the_cagr_that_runs_to_it(tmp_path: Path) -> None:
    (tmp_path / "market.yml").write_text(
        'segments:\n  - name: "AIエージェント"\n    size_usd: "7.8B"\n    forecast_2030: "52B"\n'
        '    growth: "CAGR 46%"\n  - name: "AIヘルスケア"\n    size_usd: "20B"\n    year: 2025\n', encoding="utf-8")
    idx = load_reference([str(tmp_path)])
    assert [(f.value, f.year, f.line) for f in idx.facts("aiエージェント", "market.size")] == [
        (7.8e9, None, 3), (52e9, 2030, 4)]
    assert [(f.value, f.year) for f in idx.facts("aiエージェント", "market.cagr")] == [(46.0, 2030)]
    assert [(f.value, f.year) for f in idx.facts("aiヘルスケア", "market.size")] == [(20e9, 2025)]


def test_a_record_with_an_id_keeps_it_and_a_model_named_elsewhere_joins_it(tmp_path: Path) -> None:
    (tmp_path / "companies.yml").write_text(
        "- id: acme\n  name: Acme Corp\n  valuation_usd: 10B\n  key_products:\n  - id: acme-one\n    name: Acme One\n",
        encoding="utf-8")
    (tmp_path / "pricing.yml").write_text(
        'providers:\n  - name: "Acme"\n    models:\n      - name: "Acme One"\n        input_per_1m_tokens: "1.00"\n',
        encoding="utf-8")
    idx = load_reference([str(tmp_path)])
    assert idx.entities["acme"].names[0] == "Acme Corp"  # the reference's id, not a slug of the name
    assert [f.value for f in idx.facts("acme-one", "price.input")] == [1.0]  # one entity, the id of its record
    assert "acme-one" in idx.entities and "acme/acme-one" not in idx.entities and "acme" in idx.entities
