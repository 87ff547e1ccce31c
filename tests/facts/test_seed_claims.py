"""The seed article 000 against the blog's own reference data (../shared): the issue's "Must show"."""

from __future__ import annotations

import shutil
from pathlib import Path

from lintkit.config import Config, with_cli
from lintkit.document import Document
from lintkit.engine import lint_paths
from lintkit.facts.runtime import FactsRuntime
from lintkit.rules import all_meta
from lintkit.source import read_source
from tests.conftest import CORPUS, SEED_000, needs_shared

MARKET = CORPUS / "allforces" / "_data" / "market"

pytestmark = needs_shared

# line → every price and MMLU claim on it: (text, entity, attribute, status)
EXPECTED = {
    31: [("91.8", "gemini-3-pro", "benchmark.mmlu", "match"),
         ("88.7", "gpt-4o", "benchmark.mmlu", "match"),
         ("88.9", "deepseek-r1", "benchmark.mmlu", "match")],
    37: [("$2.50", "gpt-4o", "price.input", "match"),
         ("$10.00", "gpt-4o", "price.output", "match"),
         ("$0.15/1M", "gpt-4o-mini", "price.input", "match"),
         ("$0.60/1M", "gpt-4o-mini", "price.output", "match"),
         ("$21.00/1M", "gpt-5.2-pro", "price.input", "match"),
         ("$168.00/1M", "gpt-5.2-pro", "price.output", "match")],
    39: [("$0.00/1M", "llama-3-405b", "price.input", "match"),  # 事実上無料
         ("$0.00/1M", "llama-3-405b", "price.output", "match")],
    45: [("91.8", "gemini-3-pro", "benchmark.mmlu", "match"),
         ("88.7", "gpt-4o", "benchmark.mmlu", "match")],
    47: [("$0.15/1M", "gpt-4o-mini", "price.input", "match"),  # the それぞれ sentence
         ("$0.60/1M", "gpt-4o-mini", "price.output", "match"),
         ("$0.08/1M", "gemini-2.5-flash-lite", "price.input", "match"),
         ("$0.30/1M", "gemini-2.5-flash-lite", "price.output", "match")],
    49: [("$5.00/1M", "claude-opus-4.5", "price.input", "match"),
         ("$25.00/1M", "claude-opus-4.5", "price.output", "match"),
         ("$21.00/1M", "gpt-5.2-pro", "price.input", "match"),
         ("$168.00/1M", "gpt-5.2-pro", "price.output", "match")],
    51: [("$0.50/1M", "llama-3-70b-api経由", "price.input", "match"),
         ("$0.75/1M", "llama-3-70b-api経由", "price.output", "match"),
         ("$0.55/1M", "deepseek-r1", "price.input", "match"),
         ("$2.19/1M", "deepseek-r1", "price.output", "match")],
    61: [("$5", "claude-opus-4.5", "price.input", "match"),
         ("$25", "claude-opus-4.5", "price.output", "match"),
         ("$3", None, "price.input", "unverifiable"),  # Claude Sonnet 4.5: the file has Claude Sonnet 4 only
         ("$15", None, "price.output", "unverifiable"),
         ("$1", "claude-haiku-3.5", "price.input", "match"),
         ("$5", "claude-haiku-3.5", "price.output", "match")],
}


ANNOTATED = 31  # every price and MMLU claim of the seed (annotated by reading it)


def seed_records(reference: Path) -> list[dict]:  # type: ignore[type-arg]
    rt = FactsRuntime.load([str(reference)])
    return rt.records(Document.parse(read_source(str(SEED_000))))


def test_seed_claims_bound_and_checked() -> None:
    rows = seed_records(MARKET)
    got = {line: [(r["text"], r["entity"], r["attribute"], r["status"]) for r in rows if r["line"] == line]
           for line in EXPECTED}
    assert got == EXPECTED
    # 31 of 31 extracted and bound: 29 matched, the 2 of Claude Sonnet 4.5 bound to that name (not in the data)
    assert sum(len(claims) for claims in EXPECTED.values()) == ANNOTATED
    assert all(r["entity_text"] for line in EXPECTED for r in rows if r["line"] == line)
    bound = {(r["line"], r["text"], r["entity"]): r["binding"] for r in rows}
    assert all(bound[(line, text, entity)] == "certain"
               for line, claims in EXPECTED.items() for text, entity, _, status in claims if status == "match")
    assert not [r for r in rows if r["entity"] == "claude-sonnet-4"]  # Sonnet 4.5 is never Sonnet 4
    sonnet = [r for r in rows if r["line"] == 61 and r["entity_name"] == "Claude Sonnet 4.5"]
    assert [r["suggestion"] for r in sonnet] == ["Claude Sonnet 4", "Claude Sonnet 4"]
    assert all(r["expected"] is None for r in sonnet)  # never compared with Claude Sonnet 4


def test_one_changed_value_flags_exactly_that_claim(tmp_path: Path) -> None:
    ref = tmp_path / "market"
    shutil.copytree(MARKET, ref)
    pricing = ref / "pricing.yml"
    text = pricing.read_text(encoding="utf-8")
    old = '- name: "Gemini 2.5 Flash Lite"\n        input_per_1m_tokens: "0.08"'
    assert old in text
    pricing.write_text(text.replace(old, old.replace('"0.08"', '"0.10"')), encoding="utf-8")
    config = with_cli(Config(), all_meta(), select=("F201",), reference=(str(ref),))
    result = lint_paths([str(SEED_000)], config)
    assert not result.errors
    (f,) = result.findings
    assert (f.code, f.line + 1, f.column + 1) == ("F201", 47, 162)
    assert (f.data["entity"], f.data["attribute"], f.data["claimed"], f.data["expected"]) == (
        "gemini-2.5-flash-lite", "price.input", 0.08, 0.1)
    assert "本文は$0.08、参照データは$0.10" in f.message


# four values of the data changed: (file, old line, new line) → the seed line that must be flagged
CHANGES = [
    ("pricing.yml", '- name: "GPT-4o"\n        input_per_1m_tokens: "2.50"', '"2.50"', '"2.75"', 37),
    ("pricing.yml", '- name: "Gemini 2.5 Flash Lite"\n        input_per_1m_tokens: "0.08"', '"0.08"', '"0.10"', 47),
    ("pricing.yml", '- name: "DeepSeek R1"\n        input_per_1m_tokens: "0.55"\n        output_per_1m_tokens: "2.19"',
     '"2.19"', '"2.40"', 51),
    ("pricing.yml", '- name: "Claude Haiku 3.5"\n        input_per_1m_tokens: "1.00"', '"1.00"', '"0.80"', 61),
]


def test_four_changed_values_flag_exactly_those_four_lines(tmp_path: Path) -> None:
    ref = tmp_path / "market"
    shutil.copytree(MARKET, ref)
    for name, old, before, after, _ in CHANGES:
        path = ref / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, old.replace(before, after)), encoding="utf-8")
    config = with_cli(Config(), all_meta(), select=("F201",), reference=(str(ref),))
    result = lint_paths([str(SEED_000)], config)
    assert not result.errors
    assert sorted(f.line + 1 for f in result.findings) == [line for *_, line in CHANGES]
    assert all(f.data["binding"] == "certain" for f in result.findings)
    # and the unchanged data flags nothing
    config = with_cli(Config(), all_meta(), select=("F201", "F205"), reference=(str(MARKET),))
    assert [f for f in lint_paths([str(SEED_000)], config).findings] == []


def _declared_ids(node: object, top: bool = False) -> set[str]:
    """Every `id:` of the data, and the keys of nested maps (entities named by their key)."""
    out: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            out.add(node["id"])
        for k, v in node.items():
            if top and isinstance(v, dict):
                out.add(str(k))
                out.update(f"{k}.{k2}" for k2, v2 in v.items() if isinstance(v2, dict))
            out |= _declared_ids(v)
    elif isinstance(node, list):
        for item in node:
            out |= _declared_ids(item)
    return out


def test_one_entity_id_scheme_with_the_blogs_data_and_the_shipped_data() -> None:
    import yaml

    from lintkit.facts.normalize import slug
    from lintkit.facts.reference import default_reference_dir

    for data in (MARKET, default_reference_dir()):
        declared: set[str] = set()
        for path in sorted(data.glob("*.y*ml")):
            declared |= _declared_ids(yaml.safe_load(path.read_text(encoding="utf-8")), top=True)
        rt = FactsRuntime.load([str(data)])
        for eid, entity in rt.reference.entities.items():
            assert eid in declared or eid == slug(entity.names[0]), (data, eid, entity.names)
    # the seed's claims: the id of that scheme, the reference's name, the name as written
    rows = seed_records(MARKET)
    llama = [r for r in rows if r["line"] == 51 and r["entity"] == "llama-3-70b-api経由"]
    assert [(r["entity_name"], r["entity_text"]) for r in llama] == [("Llama 3 70B (API経由)", "Llama 3 70B（API経由）")] * 2
    assert {r["entity"] for r in rows if r["line"] == 39} == {"llama-3-405b"}  # benchmarks.yml + pricing.yml: one id
    entities = FactsRuntime.load([str(MARKET)]).reference.entities
    for r in rows:
        if r["entity"] is not None:
            assert r["entity_name"] == entities[r["entity"]].names[0]
    shipped = FactsRuntime.load().records(Document.parse(read_source(str(SEED_000))))
    assert {r["entity"] for r in shipped if r["entity"]} <= set(FactsRuntime.load().reference.entities)
