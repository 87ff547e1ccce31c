"""The name index: variants, longest match first, unknown model names, suggestions."""

from __future__ import annotations

from lintkit.facts.entities import NameIndex
from lintkit.facts.normalize import fold
from tests.facts.helpers import runtime


def names(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity) for m in runtime().names.find(fold(text))]


def test_variants_of_one_name() -> None:
    for text in ("GPT-4o Mini", "GPT-4o mini", "GPT‑4o-mini", "gpt-4o-mini", "ＧＰＴ－４ｏ　Ｍｉｎｉ", "GPT4o mini"):
        assert names(f"{text}は安い") == [(fold(text), "openai/gpt-4o-mini")], text


def test_longest_name_wins() -> None:
    assert names("GPT-4o MiniとGPT-4o") == [("GPT-4o Mini", "openai/gpt-4o-mini"), ("GPT-4o", "openai/gpt-4o")]


def test_a_longer_version_is_another_model() -> None:
    # Claude Sonnet 4 is known, Claude Sonnet 4.5 is not: never bound to it
    assert names("Claude Sonnet 4.5が") == [("Claude Sonnet 4.5", None)]
    assert names("Claude Sonnet 4が") == [("Claude Sonnet 4", "anthropic/claude-sonnet-4")]
    assert names("GPT-4o-2024-08-06では") == [("GPT-4o-2024-08-06", None)]
    assert names("GPT-4o Turboは") == [("GPT-4o Turbo", None)]


def test_model_like_names_outside_the_reference() -> None:
    assert names("Llama 4 ScoutとQwen3-235Bを比べる") == [("Llama 4 Scout", None), ("Qwen3-235B", None)]


def test_japanese_names_are_not_matched_inside_compounds() -> None:
    assert names("世界のAI市場と日本のAI市場") == [("世界のAI市場", "market/global-ai"), ("日本のAI市場", "market/japan-ai")]
    assert names("生成AI市場") == []  # not the AI market
    assert names("アフリカのAI市場") == []  # a qualified market is another market


def test_suggestion_is_only_a_hint() -> None:
    rt = runtime()
    assert rt.names.suggest("Claude Sonnet 4.5") == "Claude Sonnet 4"
    assert rt.names.suggest("Mistral Large 3") is None


def test_one_combined_pattern_per_run() -> None:
    index = NameIndex(runtime().reference)
    assert index.known.pattern.count("gpt") == 1  # a token trie, not one alternative per name
