"""Comparing a claim with the reference: units, years, tolerances → match | mismatch | unverifiable | unbound."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lintkit.facts import binding as B
from lintkit.facts.claims import Claim
from lintkit.facts.entities import NameIndex
from lintkit.facts.reference import Fact, ReferenceIndex
from lintkit.facts.vocabulary import AttributeSpec

MATCH, MISMATCH, UNVERIFIABLE, UNBOUND = "match", "mismatch", "unverifiable", "unbound"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    fact: Fact | None = None  # the fact compared with (match, mismatch)
    reason: str | None = None  # unverifiable: entity | attribute | year | ambiguous-year | unit;
    # unbound: no-attribute | no-entity | scope
    suggestion: str | None = None  # a similar known name (never used for binding)
    doubts: tuple[str, ...] = ()  # what makes the binding or the comparison uncertain (binding.D_*)

    @property
    def binding(self) -> str | None:
        """``certain`` | ``possible`` for a bound claim (match, mismatch, unverifiable), None when unbound: whether
        the entity and the attribute were bound with no doubt (comparison doubts such as a newer reference stay
        in ``doubts`` and do not make the binding possible)."""
        if self.status == UNBOUND:
            return None
        return B.certainty(self.doubts)

    @property
    def certain_mismatch(self) -> bool:
        return self.status == MISMATCH and not self.doubts


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
    """Whether a stated value (or range, or bound) agrees with a reference value (or range).

    The rounding of the written number counts up to 5% of it ("1兆ドル" is not 0.5-1.5兆), and not at all for a
    bound ("1兆ドル超" means more than 1兆)."""
    half = 0.0 if bound else min(half, 0.05 * abs(value))
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


def _candidates(claim: Claim, facts: tuple[Fact, ...], spec: AttributeSpec,
                date: dt.date | None) -> tuple[list[Fact], str | None, tuple[str, ...]]:
    """Facts of the claim's unit and year; or the reason there are none; and the doubts of the comparison.

    A claim about year X is compared only with a value for year X (an undated value counts as a value for
    the year of its ``as_of``); a claim without a year is compared with a dated series at the post's date.
    A horizon ("5年で") names a year the reference cannot have."""
    facts_u = [f for f in facts if _same_unit(claim.unit, f)]
    if not facts_u:
        return [], "unit", ()
    if claim.horizon and claim.year is None and spec.kind in ("money", "percent"):
        return [], "year", ()
    dated = [f for f in facts_u if f.year is not None]
    undated = in_force([f for f in facts_u if f.year is None],
                       dt.date(claim.year, 12, 31) if claim.year is not None else date)
    if claim.year is not None:
        same = [f for f in dated if f.year == claim.year]
        if same:
            return same, None, ()
        if not undated:
            return [], "year", ()
        # an undated value is the value of its as_of's year (or the year before: "current" data describes the
        # last full year); another year is compared only as a possibility, and never for amounts far from it
        fitting = [f for f in undated if f.as_of is None or f.as_of.year == claim.year]
        if fitting:
            return fitting, None, ()
        near = [f for f in undated if f.as_of is not None and f.as_of.year - 1 <= claim.year <= f.as_of.year]
        if spec.kind == "money" and not near:
            return [], "year", ()
        return undated, None, (B.D_YEAR_ASSUMED,)
    if not dated:
        return undated, None, ()
    if undated:
        return undated, None, ()
    if date is not None:  # a dated series at the post's date; a difference is only possible (the text may
        at = [f for f in dated if f.year == date.year]  # mean another year than the post's)
        if at:
            series = len({f.year for f in dated}) > 1
            return sorted(dated, key=lambda f: f.year != date.year), None, (B.D_YEAR_ASSUMED,) if series else ()
    years = {f.year for f in dated}
    if len(years) == 1:
        return dated, None, (B.D_YEAR_ASSUMED,) if date is not None else ()
    return dated, "ambiguous-year", ()


def in_force(facts: list[Fact], date: dt.date | None) -> list[Fact]:
    """Undated values that differ only by their ``as_of`` are a series in time: the value in force at ``date``
    (the latest ``as_of`` on or before it; a value without ``as_of`` holds from the start). When every value is
    newer than ``date`` the reference holds none for that time: the earliest is returned (a difference with it
    is the reference having moved on, see ``_moved_on``). Without a date, the latest value."""
    if len({f.as_of for f in facts}) <= 1:
        return facts
    start = dt.date.min

    def when(f: Fact) -> dt.date:
        return f.as_of or start

    if date is None:
        at = max(map(when, facts))
    else:
        before = [when(f) for f in facts if when(f) <= date]
        at = max(before) if before else min(map(when, facts))
    return [f for f in facts if when(f) == at]


def _moved_on(fact: Fact, spec: AttributeSpec, date: dt.date | None) -> bool:
    """The reference value is newer than the post and the attribute moves over time (a valuation)."""
    return spec.volatile and date is not None and fact.as_of is not None and fact.as_of > date and \
        (fact.year is None or fact.year >= date.year)


def check_claim(claim: Claim, reference: ReferenceIndex, names: NameIndex, date: dt.date | None = None) -> Verdict:
    """Compare one claim with the reference. ``date``: the post's front-matter date (None: unknown)."""
    if claim.attribute is None or claim.entity_key is None:
        return Verdict(UNBOUND, reason=claim.unbound_reason)
    doubts = claim.binding.doubts
    if claim.entity is None:
        return Verdict(UNVERIFIABLE, reason="entity", suggestion=names.suggest(claim.entity_name or ""), doubts=doubts)
    spec = reference.vocabulary.attributes[claim.attribute]
    facts = reference.facts(claim.entity, claim.attribute)
    if not facts:
        return Verdict(UNVERIFIABLE, reason="attribute", doubts=doubts)
    candidates, reason, more = _candidates(claim, facts, spec, date)
    doubts = tuple(dict.fromkeys((*doubts, *more)))
    if reason == "ambiguous-year":
        for f in candidates:
            if agrees(spec, claim.value, claim.high, claim.bound, claim.half, claim.approx, f.value, f.high, f.bound):
                return Verdict(MATCH, f, doubts=doubts)
        return Verdict(UNVERIFIABLE, reason=reason, doubts=doubts)
    if not candidates:
        return Verdict(UNVERIFIABLE, reason=reason or "attribute",
                       fact=facts[0] if reason == "unit" else None, doubts=doubts)
    for f in candidates:
        if agrees(spec, claim.value, claim.high, claim.bound, claim.half, claim.approx, f.value, f.high, f.bound):
            return Verdict(MATCH, f, doubts=doubts)
    closest = min(candidates, key=lambda f: abs(f.value - claim.value))
    if _moved_on(closest, spec, date):
        doubts = (*doubts, B.D_NEWER)
    return Verdict(MISMATCH, closest, doubts=doubts)


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
