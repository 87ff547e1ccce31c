"""Helpers for the fact tests: a runtime on the fixture reference, claims of a Markdown string."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lintkit.document import Document
from lintkit.facts.runtime import FactsRuntime
from lintkit.source import decode
from tests.conftest import FIXTURES

REFERENCE = FIXTURES / "facts" / "reference"
RECORDS = FIXTURES / "facts" / "records"


@lru_cache(maxsize=1)
def runtime() -> FactsRuntime:
    return FactsRuntime.load([str(REFERENCE)])


def doc(text: str, path: str = "t.md") -> Document:
    return Document.parse(decode(path, text.encode("utf-8")))


def records(text: str, rt: FactsRuntime | None = None) -> list[dict[str, Any]]:
    return (rt or runtime()).records(doc(text))


def bound(text: str, rt: FactsRuntime | None = None) -> list[tuple[Any, ...]]:
    """(text, entity id or ?name, attribute, value) of every claim of ``text``."""
    out = []
    for r in records(text, rt):
        entity = r["entity"] or (f"?{r['entity_name']}" if r["entity_name"] else None)
        out.append((r["text"], entity, r["attribute"], r["value"]))
    return out
