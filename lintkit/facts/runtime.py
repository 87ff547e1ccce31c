"""What a run holds once for the fact rules, and the claim records of each document.

``FactsRuntime`` is built once per run (per worker) by the engine when a fact rule
is enabled and stored in ``RunContext.resources[RESOURCE]``; the four fact rules
and the ``claims`` command share its per-document result (computed once).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Mapping, NamedTuple, Sequence

from lintkit.analysis import DocumentAnalysis
from lintkit.document import Document
from lintkit.facts.check import MATCH, MISMATCH, Verdict, check_claim
from lintkit.facts.claims import Claim, ClaimExtractor
from lintkit.facts.entities import NameIndex
from lintkit.facts.reference import ReferenceIndex, load_reference
from lintkit.facts.vocabulary import FieldMap

RESOURCE = "facts"
FACT_CODES = ("F201", "F202", "F203", "F204", "F205")


class CheckedClaim(NamedTuple):
    claim: Claim
    verdict: Verdict


class FactsRuntime:
    def __init__(self, reference: ReferenceIndex) -> None:
        self.reference = reference

    # the name and keyword regexes are compiled when the first document is read: a run whose files all come
    # from the cache never needs them (the reference data itself is loaded and validated up front)
    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.reference)

    @cached_property
    def extractor(self) -> ClaimExtractor:
        return ClaimExtractor(self.names, self.reference.vocabulary)

    @classmethod
    def load(cls, paths: Sequence[str] = (), *, aliases: Mapping[str, Sequence[str]] | None = None,
             fields: Mapping[str, FieldMap] | None = None, config_path: str = "<configuration>") -> "FactsRuntime":
        return cls(load_reference(list(paths), aliases=aliases, fields=fields, config_path=config_path))

    def checked(self, doc: Document) -> list[CheckedClaim]:
        """Every claim of ``doc`` with its verdict (computed on each call: the rules share one list per
        document through :func:`shared_claims`)."""
        date = article_date(doc)
        return [CheckedClaim(c, check_claim(c, self.reference, self.names, date))
                for c in self.extractor.extract(doc)]

    def entity_name(self, claim: Claim) -> str | None:
        """The reference's name of the claim's entity (not the alias or spelling matched); the name as written
        for a name the reference lacks."""
        if claim.entity is not None and claim.entity in self.reference.entities:
            return self.reference.entities[claim.entity].display
        return claim.entity_name

    def unit_label(self, claim: Claim) -> str | None:
        spec = self.reference.vocabulary.attributes.get(claim.attribute or "")
        if spec is not None and spec.kind == "price" and claim.unit:
            return f"{claim.unit}/1M tokens"
        return claim.unit

    def records(self, doc: Document, checked: list[CheckedClaim] | None = None) -> list[dict[str, Any]]:
        """Claim records as in DESIGN.md (``lintkit claims --format json``), 1-based positions
        (``checked``: the document's checked claims when they are at hand)."""
        out = []
        date = article_date(doc)
        for c, v in (self.checked(doc) if checked is None else checked):
            fact = v.fact if v.status in (MATCH, MISMATCH) else None
            out.append({
                "path": doc.path,
                "line": c.line + 1,
                "column": c.column + 1,
                "end_line": c.end_line + 1,
                "end_column": c.end_column + 1,
                "text": c.text,
                "entity": c.entity,
                "entity_name": self.entity_name(c),
                "entity_text": c.entity_name,
                "attribute": c.attribute,
                "value": c.value if c.high is None else [c.value, c.high],
                "unit": self.unit_label(c),
                "qualifiers": c.qualifiers(),
                "status": v.status,
                "binding": v.binding,
                "reason": v.reason if v.status not in (MATCH, MISMATCH) else None,
                "doubts": list(v.doubts),
                "year": c.year,
                "expected": None if fact is None else (fact.value if fact.high is None else [fact.value, fact.high]),
                "source": fact.source if fact else None,
                "as_of": fact.as_of.isoformat() if fact and fact.as_of else None,
                "expected_year": fact.year if fact else None,
                "article_date": date.isoformat() if date else None,
                "suggestion": v.suggestion,
                "sentence": c.sentence,
            })
        return out


def article_date(doc: Document) -> dt.date | None:
    """The front matter's ``date`` (``2026-02-25 22:14:09 +0900``, a YAML date or datetime)."""
    fm = doc.front_matter
    data = fm.data if fm is not None and isinstance(fm.data, dict) else {}
    value = data.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def shared_claims(shared: DocumentAnalysis, rt: FactsRuntime) -> list[CheckedClaim]:
    """The claims of ``shared.doc`` with their verdicts, extracted and checked once per document
    (for the five fact rules and the engine's claim records)."""
    return shared.memo((RESOURCE, rt), lambda: rt.checked(shared.doc))
