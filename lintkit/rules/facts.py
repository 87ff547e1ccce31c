"""F201–F205: numeric claims checked against the reference data (see ``lintkit.facts``).

The five rules share one per-document result: the claims extracted and checked
once by the run's ``FactsRuntime`` (``ctx.run.resources["facts"]``). A disagreement is
F201 (error) only when its binding is certain (``lintkit.facts.binding``); otherwise it is
F205 (warning, not selected by default), whose message names the doubts.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, Iterator, Sequence

from lintkit.document import Document
from lintkit.facts import binding as B
from lintkit.facts.check import MATCH, MISMATCH, UNVERIFIABLE, agrees, format_amount, format_fact
from lintkit.facts.claims import Claim
from lintkit.facts.reference import Fact
from lintkit.facts.binding import explain_doubts
from lintkit.facts.runtime import RESOURCE, CheckedClaim, FactsRuntime, article_date, shared_claims
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext


def runtime(ctx: RuleContext) -> FactsRuntime:
    """The run's fact runtime; the shipped reference data when the engine did not load one."""
    rt = ctx.run.resources.get(RESOURCE)
    if rt is None:
        rt = FactsRuntime.load()
        ctx.run.resources[RESOURCE] = rt
    return rt


def checked_claims(ctx: RuleContext, doc: Document, rt: FactsRuntime) -> list[CheckedClaim]:
    return shared_claims(ctx.shared(doc), rt)


def _value(value: float, high: float | None) -> Any:
    return value if high is None else [value, high]


def _data(rt: FactsRuntime, c: Claim, fact: Fact | None) -> dict[str, Any]:
    return {
        "entity": c.entity,
        "entity_name": rt.entity_name(c),
        "entity_text": c.entity_name,
        "attribute": c.attribute,
        "claimed": _value(c.value, c.high),
        "expected": _value(fact.value, fact.high) if fact else None,
        "unit": rt.unit_label(c),
        "source": fact.source if fact else None,
        "as_of": fact.as_of.isoformat() if fact and fact.as_of else None,
        "qualifiers": c.qualifiers(),
        "year": c.year,
    }


def _args(rt: FactsRuntime, ctx: RuleContext, c: Claim, fact: Fact | None) -> dict[str, Any]:
    spec = rt.reference.vocabulary.attributes.get(c.attribute or "")
    unknown = "不明" if ctx.lang == "ja" else "unknown"
    return {
        "entity": rt.entity_name(c) or c.entity or "",
        "attribute": spec.display(ctx.lang) if spec else (c.attribute or ""),
        "claimed": claimed_text(c, spec, ctx.lang, fact),
        "expected": format_fact(fact, spec, ctx.lang) if fact else "",
        "source": _source(fact, unknown),
        "as_of": fact.as_of.isoformat() if fact and fact.as_of else unknown,
        "year": c.year if c.year is not None else "",
        "unit": fact.unit if fact else "",
    }


def _source(fact: Fact | None, unknown: str) -> str:
    """The fact's ``source`` (a name or a URL), else the reference file's name: never a path on disk."""
    if fact is None:
        return unknown
    return fact.source or PurePath(fact.path).name or unknown


def claimed_text(c: Claim, spec: Any, lang: str, fact: Fact | None = None) -> str:
    """The claim's value written the way the reference value is (``$0.75``, ``2440億ドル``, ``28%``), with its
    range, bound and year."""
    unit = c.unit if c.unit in ("USD", "JPY", "%") else (fact.unit if fact is not None else c.unit)
    text = format_amount(c.value, unit, spec, lang)
    if c.high is not None:
        text += "〜" + format_amount(c.high, unit, spec, lang)
    if c.bound == "min":
        text += "以上" if lang == "ja" else "+"
    elif c.bound == "max":
        text += "以下" if lang == "ja" else " or less"
    if c.approx:
        text = ("約" + text) if lang == "ja" else ("about " + text)
    if c.year is not None:
        text += f"（{c.year}年）" if lang == "ja" else f" ({c.year})"
    return text


def _report(ctx: RuleContext, doc: Document, rt: FactsRuntime, c: Claim, fact: Fact | None, key: str = "default",
            **extra: Any) -> Finding:
    args = _args(rt, ctx, c, fact)
    args.update(extra.pop("args", {}))
    return ctx.report(doc, c.line, c.column, c.end_line, c.end_column, message=key, args=args,
                      data={**_data(rt, c, fact), **extra.pop("data", {})}, **extra)


class ClaimMismatch:
    code = "F201"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        rt = runtime(ctx)
        for c, v in checked_claims(ctx, doc, rt):
            if v.certain_mismatch:
                yield _report(ctx, doc, rt, c, v.fact, data={"binding": v.binding})


class ClaimPossibleMismatch:
    """F205: a disagreement whose binding (or comparison) is not certain; the message says why. A certain
    binding whose only doubt is a reference newer than the post is F204's (the reference moved on)."""

    code = "F205"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        rt = runtime(ctx)
        date = article_date(doc)
        for c, v in checked_claims(ctx, doc, rt):
            if v.status != MISMATCH or not v.doubts or moved_on_only(v.doubts):
                continue
            fact = v.fact
            text = explain_doubts(v.doubts, ctx.lang, article_date=date.isoformat() if date else None,
                                  as_of=fact.as_of.isoformat() if fact and fact.as_of else None,
                                  year=fact.year if fact else None, meta=ctx.meta)
            yield _report(ctx, doc, rt, c, fact, args={"doubts": text},
                          data={"binding": v.binding, "doubts": list(v.doubts),
                                "article_date": date.isoformat() if date else None})


def moved_on_only(doubts: Sequence[str]) -> bool:
    """The binding is certain and only the reference's date makes the difference doubtful: the reference moved
    on since the post (reported by F204, selected by default, not by the opt-in F205)."""
    return B.mismatch_code(doubts) == "F204"


class ClaimUnverifiable:
    code = "F202"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        rt = runtime(ctx)
        for c, v in checked_claims(ctx, doc, rt):
            if v.status != UNVERIFIABLE:
                continue
            if v.reason == "entity":
                if not ctx.options.get("unknown-entities", True):
                    continue
                key = "suggest" if v.suggestion else "default"
            else:
                key = {"attribute": "no-attribute", "year": "no-year", "ambiguous-year": "ambiguous-year",
                       "unit": "unit"}.get(v.reason or "", "no-attribute")
            yield _report(ctx, doc, rt, c, v.fact if v.reason == "unit" else None, key,
                          args={"suggestion": v.suggestion or ""},
                          data={"reason": v.reason, "suggestion": v.suggestion})


class ClaimInconsistent:
    code = "F203"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        rt = runtime(ctx)
        first: dict[tuple[Any, ...], CheckedClaim] = {}
        for cc in checked_claims(ctx, doc, rt):
            c = cc.claim
            if c.attribute is None or c.entity_key is None or c.bound is not None:
                continue
            spec = rt.reference.vocabulary.attributes[c.attribute]
            key = (c.entity or c.entity_key, c.attribute, c.year, c.unit)
            prior = first.get(key)
            if prior is None:
                first[key] = cc
                continue
            p = prior.claim
            if agrees(spec, c.value, c.high, None, max(c.half, p.half), c.approx or p.approx, p.value, p.high):
                continue
            yield _report(ctx, doc, rt, c, None, args={"other": p.text, "other_line": p.line + 1},
                          related=[ctx.related(doc.path, p.line, p.column)],
                          data={"other": _value(p.value, p.high), "other_line": p.line + 1})


class StaleReference:
    code = "F204"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        date = article_date(doc)
        if date is None:
            return
        rt = runtime(ctx)
        max_age = int(ctx.options.get("max-age", 180))
        for c, v in checked_claims(ctx, doc, rt):
            fact = v.fact
            if v.status not in (MATCH, MISMATCH) or fact is None or fact.as_of is None:
                continue
            if v.status == MISMATCH and moved_on_only(v.doubts):
                # the reference is newer than the post and holds no value for its time: not F201, but said here
                yield _report(ctx, doc, rt, c, fact, "moved-on", args={"date": date.isoformat()},
                              data={"article_date": date.isoformat(), "age_days": (date - fact.as_of).days,
                                    "moved_on": True, "binding": v.binding, "doubts": list(v.doubts)})
                continue
            days = (date - fact.as_of).days
            if days > max_age:
                yield _report(ctx, doc, rt, c, fact,
                              args={"date": date.isoformat(), "days": days, "max_age": max_age},
                              data={"article_date": date.isoformat(), "age_days": days})
