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
    31: [("91.8", "google/gemini-3-pro", "benchmark.mmlu", "match"),
         ("88.7", "openai/gpt-4o", "benchmark.mmlu", "match"),
         ("88.9", "deepseek/deepseek-r1", "benchmark.mmlu", "match")],
    37: [("$2.50", "openai/gpt-4o", "price.input", "match"),
         ("$10.00", "openai/gpt-4o", "price.output", "match"),
         ("$0.15/1M", "openai/gpt-4o-mini", "price.input", "match"),
         ("$0.60/1M", "openai/gpt-4o-mini", "price.output", "match"),
         ("$21.00/1M", "openai/gpt-5.2-pro", "price.input", "match"),
         ("$168.00/1M", "openai/gpt-5.2-pro", "price.output", "match")],
    45: [("91.8", "google/gemini-3-pro", "benchmark.mmlu", "match"),
         ("88.7", "openai/gpt-4o", "benchmark.mmlu", "match")],
    47: [("$0.15/1M", "openai/gpt-4o-mini", "price.input", "match"),  # the それぞれ sentence
         ("$0.60/1M", "openai/gpt-4o-mini", "price.output", "match"),
         ("$0.08/1M", "google/gemini-2.5-flash-lite", "price.input", "match"),
         ("$0.30/1M", "google/gemini-2.5-flash-lite", "price.output", "match")],
    49: [("$5.00/1M", "anthropic/claude-opus-4.5", "price.input", "match"),
         ("$25.00/1M", "anthropic/claude-opus-4.5", "price.output", "match"),
         ("$21.00/1M", "openai/gpt-5.2-pro", "price.input", "match"),
         ("$168.00/1M", "openai/gpt-5.2-pro", "price.output", "match")],
    51: [("$0.50/1M", "meta-llama/llama-3-70b-api経由", "price.input", "match"),
         ("$0.75/1M", "meta-llama/llama-3-70b-api経由", "price.output", "match"),
         ("$0.55/1M", "deepseek/deepseek-r1", "price.input", "match"),
         ("$2.19/1M", "deepseek/deepseek-r1", "price.output", "match")],
    61: [("$5", "anthropic/claude-opus-4.5", "price.input", "match"),
         ("$25", "anthropic/claude-opus-4.5", "price.output", "match"),
         ("$3", None, "price.input", "unverifiable"),  # Claude Sonnet 4.5: the file has Claude Sonnet 4 only
         ("$15", None, "price.output", "unverifiable"),
         ("$1", "anthropic/claude-haiku-3.5", "price.input", "match"),
         ("$5", "anthropic/claude-haiku-3.5", "price.output", "match")],
}


def seed_records(reference: Path) -> list[dict]:  # type: ignore[type-arg]
    rt = FactsRuntime.load([str(reference)])
    return rt.records(Document.parse(read_source(str(SEED_000))))


def test_seed_claims_bound_and_checked() -> None:
    rows = seed_records(MARKET)
    got = {line: [(r["text"], r["entity"], r["attribute"], r["status"]) for r in rows if r["line"] == line]
           for line in EXPECTED}
    assert got == EXPECTED
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
        "google/gemini-2.5-flash-lite", "price.input", 0.08, 0.1)
    assert "$0.08/1M" in f.message and "$0.10" in f.message
