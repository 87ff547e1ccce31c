"""Comparing a claim with the reference: units, years, tolerances → match | mismatch | unverifiable | unbound."""

from __future__ import annotations

from dataclasses import dataclass

from lintkit.facts.claims import Claim
from lintkit.facts.entities import NameIndex
from lintkit.facts.reference import Fact, ReferenceIndex
from lintkit.facts.vocabulary import AttributeSpec

MATCH, MISMATCH, UNVERIFIABLE, UNBOUND = "match", "mismatch", "unverifiable", "unbound"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    fact: Fact | None = None  # the fact compared with (match, mismatch)
    reason: str | None = None  # unverifiable: entity | attribute | year | ambiguous-year | unit
    suggestion: str | None = None  # a similar known name (never used for binding)


def _same_unit(claim_unit: str | None, fact: Fact) -> bool:
    if fact.unit in ("%", "score"):
        return claim_unit in (None, "%", "score")
    return claim_unit == fact.unit


def tolerance(spec: AttributeSpec, expected: float, claim_half: float, approx: bool) -> float:
    tol = max(spec.tolerance, spec.relative * abs(expected), claim_half)
    if approx:
        tol = max(tol, spec.approx * abs(expected))
    return tol + 1e-9 * max(1.0, abs(expected))


def agrees(spec: AttributeSpec, value: float, high: float | None, bound: str | None, half: float, approx: bool,
           fact_value: float, fact_high: float | None, fact_bound: str | None = None) -> bool:
    """Whether a stated value (or range, or bound) agrees with a reference value (or range)."""
    tol = tolerance(spec, fact_value, half, approx)
    if bound == "min":
        return (fact_high if fact_high is not None else fact_value) >= value - tol
    if bound == "max":
        return fact_value <= value + tol
    if fact_bound == "min" and high is None:
        return value >= fact_value - tol
    if high is None and fact_high is None:
        return abs(value - fact_value) <= tol
    if high is not None and fact_high is None:
        return value - tol <= fact_value <= high + tol
    if high is None and fact_high is not None:
        return fact_value - tol <= value <= fact_high + tol
    assert high is not None and fact_high is not None
    return abs(value - fact_value) <= tol and abs(high - fact_high) <= tolerance(spec, fact_high, half, approx)


def _candidates(claim: Claim, facts: tuple[Fact, ...]) -> tuple[list[Fact], str | None]:
    """Facts of the claim's unit and year; or the reason there are none."""
    facts_u = [f for f in facts if _same_unit(claim.unit, f)]
    if not facts_u:
        return [], "unit"
    dated = [f for f in facts_u if f.year is not None]
    undated = [f for f in facts_u if f.year is None]
    if claim.year is not None and dated:
        same = [f for f in dated if f.year == claim.year]
        if same:
            return same, None
        return (undated, None) if undated else ([], "year")
    if not dated:
        return undated, None
    if undated:
        return undated, None
    years = {f.year for f in dated}
    if len(years) == 1:
        return dated, None
    return dated, "ambiguous-year"


def check_claim(claim: Claim, reference: ReferenceIndex, names: NameIndex) -> Verdict:
    if claim.attribute is None or claim.entity_key is None:
        return Verdict(UNBOUND)
    if claim.entity is None:
        return Verdict(UNVERIFIABLE, reason="entity", suggestion=names.suggest(claim.entity_name or ""))
    spec = reference.vocabulary.attributes[claim.attribute]
    facts = reference.facts(claim.entity, claim.attribute)
    if not facts:
        return Verdict(UNVERIFIABLE, reason="attribute")
    candidates, reason = _candidates(claim, facts)
    if reason == "ambiguous-year":
        for f in candidates:
            if agrees(spec, claim.value, claim.high, claim.bound, claim.half, claim.approx, f.value, f.high, f.bound):
                return Verdict(MATCH, f)
        return Verdict(UNVERIFIABLE, reason=reason)
    if not candidates:
        return Verdict(UNVERIFIABLE, reason=reason or "attribute",
                       fact=facts[0] if reason == "unit" else None)
    for f in candidates:
        if agrees(spec, claim.value, claim.high, claim.bound, claim.half, claim.approx, f.value, f.high, f.bound):
            return Verdict(MATCH, f)
    closest = min(candidates, key=lambda f: abs(f.value - claim.value))
    return Verdict(MISMATCH, closest)


# ------------------------------------------------------------------ display

def _trim(x: float, decimals: int) -> str:
    s = f"{x:,.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def format_amount(value: float, unit: str | None, spec: AttributeSpec | None, lang: str = "ja") -> str:
    """A value for messages: ``$2.50``, ``2440億ドル`` / ``$244B``, ``2.3兆円``, ``28%``, ``1501``."""
    if unit in ("USD", "JPY") and spec is not None and spec.kind == "price":
        return f"${value:,.2f}" if unit == "USD" else f"{_trim(value, 2)}円"
    if unit in ("USD", "JPY"):
        if lang == "ja" and abs(value) >= 1e4:
            for mult, word in ((1e12, "兆"), (1e8, "億"), (1e4, "万")):
                if abs(value) >= mult:
                    return f"{_trim(value / mult, 2)}{word}{'ドル' if unit == 'USD' else '円'}"
        if unit == "USD":
            for mult, word in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
                if abs(value) >= mult:
                    return f"${_trim(value / mult, 2)}{word}"
            return f"${_trim(value, 2)}"
        return f"¥{_trim(value, 0)}" if lang != "ja" else f"{_trim(value, 0)}円"
    if unit == "%":
        return f"{_trim(value, 2)}%"
    return _trim(value, 2)


def format_fact(fact: Fact, spec: AttributeSpec | None, lang: str = "ja") -> str:
    text = format_amount(fact.value, fact.unit, spec, lang)
    if fact.high is not None:
        text += "〜" + format_amount(fact.high, fact.unit, spec, lang)
    if fact.bound == "min":
        text += "以上" if lang == "ja" else "+"
    if fact.year is not None:
        text += f"（{fact.year}年）" if lang == "ja" else f" ({fact.year})"
    return text
