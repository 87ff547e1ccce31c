"""Reference data: the native ``lintkit: reference/1`` format and the writers' own YAML records.

Two shapes, detected per file (a directory means every ``*.yml``/``*.yaml`` in it):

1. Native: ``lintkit: reference/1`` with ``entities`` (id, names, facts) and optional ``attributes``.
2. Records, as writers keep them (a Jekyll ``_data/`` file): any list of mappings that have a
   ``name`` or ``model`` key, at any depth; known field names map to attributes
   (``input_per_1m_tokens`` → ``price.input``...), string values (``"2.50"``, ``"244B"``,
   ``"2.3兆円"``, ``"28%"``, ``"$30,000-40,000"``) are parsed. A top-level key whose value is a
   mapping (``market_sizes.yml``) is an entity named by that key; Japanese names come from the
   configuration's ``aliases``. ``# 更新: 2026-02-12`` / ``updated:`` give ``as_of``.

Entities with the same name in several files merge; fields that map to no attribute are ignored.
Errors name the file, the line and the key (ReferenceDataError, exit code 2).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from lintkit import yamlsafe
from lintkit.errors import ConfigError, ReferenceDataError
from lintkit.facts.normalize import name_key, slug
from lintkit.messages import msg
from lintkit.facts.numbers import RefValue, parse_reference_value
from lintkit.facts.vocabulary import (
    UNITS, AttributeSpec, FieldMap, Vocabulary, builtin_vocabulary, infer_kind,
)
from lintkit.resources import rules_dir
from lintkit.source import read_data

NATIVE_TAG = "reference/1"
_HEADER_DATE = re.compile(r"^#\s*(?:更新日?|最終更新|updated|last[ _-]updated|as[ _]of)\s*[:：]\s*(\d{4}-\d{1,2}-\d{1,2})",
                          re.IGNORECASE | re.MULTILINE)
_HEADER_SOURCE = re.compile(r"^#\s*(?:ソース|出典|source|sources)\s*[:：]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_SLICE = re.compile(r"^(?:current|latest|actual|now|forecast|estimate|projection|outlook|previous|prev|last_year|"
                         r"next_year)(?:_\d{4})?$|^(?:19|20)\d{2}$", re.IGNORECASE)
_YEAR_KEY = re.compile(r"^(?:forecast|estimate|projection|outlook|actual|current)_((?:19|20)\d{2})$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(CAGR|YoY)\s*[:：]?\s*", re.IGNORECASE)
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_META_KEYS = ("updated", "as_of", "source", "sources", "year", "lintkit", "id", "name", "model", "names",
              "aliases", "provider", "date")


@dataclass(frozen=True, slots=True)
class Fact:
    """One reference value of an entity's attribute (values in the attribute's canonical unit)."""

    entity: str
    attribute: str
    value: float
    high: float | None
    unit: str
    year: int | None = None
    hedged: bool = False
    bound: str | None = None
    as_of: dt.date | None = None
    source: str | None = None
    path: str = ""
    line: int | None = None  # 1-based
    key: str = ""

    def same_value(self, other: "Fact") -> bool:
        return abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value)) and \
            (self.high is None) == (other.high is None) and \
            (self.high is None or abs(self.high - (other.high or 0.0)) <= 1e-9 * max(1.0, abs(self.high)))


@dataclass(frozen=True)
class Entity:
    id: str
    names: tuple[str, ...]
    facts: Mapping[str, tuple[Fact, ...]]
    path: str = ""

    @property
    def display(self) -> str:
        return self.names[0] if self.names else self.id


@dataclass(frozen=True)
class ReferenceIndex:
    """Every entity of the reference data, by id, and the vocabulary they were read with."""

    entities: Mapping[str, Entity]
    vocabulary: Vocabulary
    paths: tuple[str, ...] = ()
    weak_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id → names used only if unclaimed

    def facts(self, entity: str, attribute: str) -> tuple[Fact, ...]:
        e = self.entities.get(entity)
        return e.facts.get(attribute, ()) if e else ()


# ------------------------------------------------------------------ helpers

def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


_QUOTES = "\"'"
_NAME_KEY = re.compile(r"(?:name|model|id)\s*:\s*")


def _plain(needle: str, key: bool) -> bool:
    """A needle the line index answers exactly: no surrounding space or quotes, no '#' inside
    (a key: no ':' inside, not starting with '-')."""
    return (bool(needle) and needle == needle.strip() and needle[0] not in _QUOTES and needle[-1] not in _QUOTES
            and "#" not in needle and not (key and (":" in needle or needle[0] == "-")))


class _Locator:
    """Finds the 1-based line of a key in a YAML text by following its path (no second parser).

    Needles are ``"key:"`` (a mapping key on its own line) or a record's name (the line
    ``name: X`` / ``model: "X"``), searched in order, each after the previous one.

    The lines are indexed once (the key and the record name each line can match, with the
    numbers of the lines that have them), so each search is a dictionary look-up and a
    bisection, not a scan: a reference with thousands of entities loads in linear time.
    A needle the index cannot answer exactly (quotes, ``:`` or ``#`` in it) is searched
    line by line with the pattern, as before.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._keys: dict[str, list[int]] | None = None
        self._names: dict[str, list[int]] = {}

    @staticmethod
    def _pattern(needle: str) -> re.Pattern[str]:
        if needle.endswith(":"):
            return re.compile(rf"^\s*(?:-\s+)?[\"']?{re.escape(needle[:-1])}[\"']?\s*:")
        return re.compile(rf"^\s*(?:-\s+)?(?:name|model|id)\s*:\s*[\"']?{re.escape(needle)}[\"']?\s*(?:#.*)?$")

    def _index(self) -> dict[str, list[int]]:
        """Key index ("key:" → lines) and name index (record name → lines), built on first use."""
        if self._keys is None:
            keys: dict[str, list[int]] = {}
            names: dict[str, list[int]] = {}
            for i, line in enumerate(self.lines):
                body = line.lstrip()
                if body[:1] == "-" and body[1:2].isspace():
                    body = body[1:].lstrip()
                named = _NAME_KEY.match(body)
                if named:
                    rest = body[named.end():]
                    if rest[:1] in _QUOTES and rest:
                        rest = rest[1:]
                    rest = rest.split("#", 1)[0].rstrip()
                    if rest[-1:] in _QUOTES and rest:
                        rest = rest[:-1]
                    names.setdefault(rest, []).append(i)
                if body[:1] in _QUOTES and body:
                    body = body[1:]
                colon = body.find(":")
                if colon >= 0:
                    key = body[:colon].rstrip()
                    if key[-1:] in _QUOTES and key:
                        key = key[:-1]
                    keys.setdefault(key + ":", []).append(i)
            self._keys, self._names = keys, names
        return self._keys

    def _first(self, needle: str, start: int) -> int | None:
        """The first line at or after ``start`` that ``needle`` matches."""
        is_key = needle.endswith(":")
        if _plain(needle[:-1] if is_key else needle, is_key):
            keys = self._index()
            lines = (keys if is_key else self._names).get(needle, ())
            j = bisect_left(lines, start)
            return lines[j] if j < len(lines) else None
        pat = self._pattern(needle)
        for i in range(start, len(self.lines)):
            if pat.search(self.lines[i]):
                return i
        return None

    def find(self, *needles: str) -> int | None:
        line = 0
        found: int | None = None
        for needle in needles:
            if not needle:
                continue
            i = self._first(needle, line)
            if i is not None:
                found, line = i, i
        return None if found is None else found + 1


@dataclass
class _Draft:
    id: str
    names: list[str]
    path: str
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    weak: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Ctx:
    path: str
    locator: _Locator
    as_of: dt.date | None
    source: str | None
    native: bool = False
    parent: str | None = None  # enclosing record's name (provider of a model)
    parent_id: str | None = None
    trail: tuple[str, ...] = ()  # needles to locate the current node


class _Builder:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary
        self.drafts: dict[str, _Draft] = {}
        self.by_key: dict[str, str] = {}  # name key → draft id

    # entities ----------------------------------------------------------

    def entity(self, eid: str, names: Sequence[str], path: str, weak: Sequence[str] = ()) -> _Draft:
        draft: _Draft | None = None
        for n in names:
            existing = self.by_key.get(name_key(n))
            if existing is not None:
                draft = self.drafts[existing]
                break
        else:
            draft = self.drafts.get(eid) or self.drafts.get(self.by_key.get(name_key(eid), ""))
        if draft is None:
            base, k = eid, 2
            while eid in self.drafts:
                eid, k = f"{base}-{k}", k + 1
            draft = _Draft(eid, [], path)
            self.drafts[eid] = draft
        for n in names:
            if name_key(n) and name_key(n) not in self.by_key:
                self.by_key[name_key(n)] = draft.id
                draft.names.append(n)
        for w in weak:
            if w not in draft.weak:
                draft.weak.append(w)
        return draft

    def attach(self, eid: str, names: Sequence[str]) -> None:
        """Give entity ``eid`` more names (config aliases); an entity already holding one of them merges in."""
        target = self.drafts[eid]
        for n in names:
            k = name_key(n)
            if not k:
                continue
            owner = self.by_key.get(k)
            if owner is None:
                self.by_key[k] = target.id
                target.names.append(n)
            elif owner != target.id:
                other = self.drafts.pop(owner)
                for on in other.names:
                    self.by_key[name_key(on)] = target.id
                    target.names.append(on)
                for facts in other.facts.values():
                    for f in facts:
                        self.add(target, Fact(**{**{s: getattr(f, s) for s in Fact.__slots__}, "entity": target.id}))
                target.weak.extend(w for w in other.weak if w not in target.weak)

    def add(self, draft: _Draft, fact: Fact) -> None:
        facts = draft.facts.setdefault(fact.attribute, [])
        for old in facts:  # values that differ by their as_of are a series in time (check.in_force), not a clash
            if old.unit == fact.unit and old.year == fact.year:
                if old.same_value(fact):
                    return
                if old.as_of != fact.as_of:
                    continue
                where = f"{old.path}:{old.line}" if old.line else old.path
                raise ReferenceDataError(
                    fact.path,
                    msg("reference.conflict", entity=draft.names[0] if draft.names else draft.id,
                        attribute=fact.attribute + (f" ({fact.year})" if fact.year else ""),
                        value=_fmt(fact), other=_fmt(old), where=where),
                    line=fact.line, key=fact.key)
        facts.append(fact)

    # values ------------------------------------------------------------

    def facts_from(self, ctx: _Ctx, draft: _Draft, attribute: str, raw: Any, *, key: str, line: int | None,
                   fm: FieldMap | None = None, year: int | None = None, as_of: dt.date | None = None,
                   source: str | None = None, strict: bool) -> None:
        """Add the fact(s) a raw YAML value gives (number, string, mapping with value, list of those)."""
        if isinstance(raw, list) and ctx.native:
            for i, item in enumerate(raw):
                self.facts_from(ctx, draft, attribute, item, key=f"{key}[{i}]", line=line, fm=fm, year=year,
                                as_of=as_of, source=source, strict=strict)
            return
        unit_hint = fm.unit if fm else None
        if isinstance(raw, Mapping):
            if "value" not in raw:
                raise ReferenceDataError(ctx.path, msg("reference.fact-needs-value"), line=line, key=key)
            y = raw.get("year", year)
            if y is not None and (isinstance(y, bool) or not isinstance(y, int)):
                raise ReferenceDataError(ctx.path, msg("value.int"), line=line, key=f"{key}.year")
            u = raw.get("unit", unit_hint)
            if u is not None and u not in UNITS and u != "USD/1M tokens":
                raise ReferenceDataError(ctx.path, msg("reference.unknown-unit", unit=repr(u), allowed=UNITS), line=line,
                                         key=f"{key}.unit")
            src = raw.get("source", source)
            self.facts_from(ctx, draft, attribute, raw["value"], key=key, line=line,
                            fm=FieldMap(attribute, "USD" if u == "USD/1M tokens" else u,
                                        fm.per_tokens if fm else None),
                            year=y, as_of=_as_date(raw.get("as_of")) or as_of, source=str(src) if src else None,
                            strict=True)
            return
        spec = self.vocab.attributes.get(attribute)
        if spec is None:
            raise ReferenceDataError(ctx.path, msg("reference.unknown-attribute", attribute=repr(attribute),
                                                   known=sorted(self.vocab.attributes)), line=line, key=key)
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ReferenceDataError(ctx.path, msg("reference.not-number", type=type(raw).__name__),
                                     line=line, key=key)
        if isinstance(raw, str):
            text = raw
            label = _LABEL.match(text)
            if label:
                text = text[label.end():]
                if label.group(1).upper() == "CAGR" and "market.cagr" in self.vocab.attributes:
                    attribute, spec = "market.cagr", self.vocab.attributes["market.cagr"]
            values = parse_reference_value(text)
            if values is None:
                if strict:
                    raise ReferenceDataError(ctx.path, msg("reference.no-number", value=repr(raw)), line=line, key=key)
                return  # prose in a writer's file (a note, not data)
        else:
            values = [RefValue(float(raw))]
        for rv in values:
            if not all(math.isfinite(v) for v in (rv.value, rv.high if rv.high is not None else 0.0)):
                # .inf, .nan, 1e999: no claim can agree with it, and JSON cannot hold it
                raise ReferenceDataError(ctx.path, msg("reference.not-finite", value=repr(raw)), line=line, key=key)
            unit = _resolve_unit(ctx, spec, rv.unit, unit_hint, line, key)
            scale = 1e6 / fm.per_tokens if fm and fm.per_tokens else 1.0
            self.add(draft, Fact(
                entity=draft.id, attribute=attribute, value=rv.value * scale,
                high=rv.high * scale if rv.high is not None else None, unit=unit,
                year=rv.year if rv.year is not None else year, hedged=rv.hedged, bound=rv.bound,
                as_of=rv.as_of or as_of or ctx.as_of, source=source or ctx.source, path=ctx.path, line=line, key=key))


def _resolve_unit(ctx: _Ctx, spec: AttributeSpec, parsed: str | None, hint: str | None, line: int | None,
                  key: str) -> str:
    unit = hint or parsed or spec.unit
    if hint and parsed and hint != parsed:
        raise ReferenceDataError(ctx.path, msg("reference.unit-clash", parsed=parsed, hint=hint), line=line, key=key)
    allowed = {"price": ("USD", "JPY"), "money": ("USD", "JPY"), "percent": ("%",)}.get(spec.kind)
    if allowed is None:
        allowed = ("%", "score") if spec.unit == "%" else ("score",)
        if unit == "%" and spec.unit == "score":
            allowed = ("score",)
    if unit not in allowed:
        raise ReferenceDataError(ctx.path, msg("reference.unit-misfit", unit=unit, attribute=spec.name, allowed=allowed),
                                 line=line, key=key)
    return "%" if spec.unit == "%" and unit == "score" else unit


def _fmt(f: Fact) -> str:
    return f"{f.value:g}" if f.high is None else f"{f.value:g}-{f.high:g}"


# ------------------------------------------------------------------ the two shapes

def _native(b: _Builder, ctx: _Ctx, data: Mapping[str, Any]) -> None:
    entities = data.get("entities", [])
    if not isinstance(entities, list):
        raise ReferenceDataError(ctx.path, msg("reference.entities-list"), line=ctx.locator.find("entities:"),
                                 key="entities")
    for i, raw in enumerate(entities):
        key = f"entities[{i}]"
        if not isinstance(raw, Mapping):
            raise ReferenceDataError(ctx.path, msg("value.mapping"), key=key)
        eid = raw.get("id")
        if not isinstance(eid, str) or not eid:
            raise ReferenceDataError(ctx.path, msg("reference.entity-needs-id"), key=key,
                                     line=ctx.locator.find("entities:"))
        line0 = ctx.locator.find("entities:", eid)
        names = raw.get("names", [])
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise ReferenceDataError(ctx.path, msg("value.list-of-strings"), line=line0, key=f"{key}.names")
        facts = raw.get("facts", {})
        if not isinstance(facts, Mapping):
            raise ReferenceDataError(ctx.path, msg("reference.facts-map"), line=line0,
                                     key=f"{key}.facts")
        draft = b.entity(eid, list(names) or [eid], ctx.path)
        as_of = _as_date(raw.get("as_of")) or ctx.as_of
        source = str(raw["source"]) if raw.get("source") else ctx.source
        for attr, value in facts.items():
            line = ctx.locator.find("entities:", eid, f"{attr}:") or line0
            b.facts_from(ctx, draft, str(attr), value, key=f"{eid}.facts.{attr}", line=line, year=None,
                         as_of=as_of, source=source, strict=True)


def _record_name(item: Mapping[str, Any]) -> str | None:
    for k in ("model", "name"):
        v = item.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _field(b: _Builder, name: str) -> FieldMap | None:
    return b.vocab.fields.get(name) or b.vocab.fields.get(name.lower())


def _record(b: _Builder, ctx: _Ctx, item: Mapping[str, Any], key: str) -> None:
    name = _record_name(item)
    assert name is not None
    # one id scheme for every entity: the reference's own id, else the slug of the record's first name (never
    # the provider, the file or a name matched in a post: a model listed by two files has one id)
    eid = item["id"] if isinstance(item.get("id"), str) and item["id"] else slug(name)
    extra = [n for n in (item.get("names") or item.get("aliases") or []) if isinstance(n, str)]
    weak = [_PAREN.sub("", name)] if _PAREN.search(name) else []
    draft = b.entity(eid, [name, *extra], ctx.path, weak=[w for w in weak if w])
    line0 = ctx.locator.find(*ctx.trail, name)
    as_of = _as_date(item.get("updated")) or _as_date(item.get("as_of")) or ctx.as_of
    source = item.get("source") if isinstance(item.get("source"), str) else ctx.source
    year = item.get("year") if isinstance(item.get("year"), int) and not isinstance(item.get("year"), bool) else None
    inner = _Ctx(ctx.path, ctx.locator, as_of, source, False, name, draft.id, (*ctx.trail, name))
    # "forecast_2030: 52B" next to "size_usd: 7.8B": the value of the record's money field for that year; an
    # undated CAGR of a record with one forecast year runs to that year ("CAGR 46%" from 7.8B to 52B by 2030)
    slices = {str(k): int(m.group(1)) for k, m in ((k, _YEAR_KEY.match(str(k))) for k in item) if m}
    horizon = next(iter(set(slices.values()))) if len(set(slices.values())) == 1 else None
    for k, v in item.items():
        k = str(k)
        if k in _META_KEYS:
            continue
        fm = _field(b, k)
        if fm is not None:
            line = ctx.locator.find(*ctx.trail, name, f"{k}:") or line0
            label = _LABEL.match(v) if isinstance(v, str) else None
            cagr = fm.attribute == "market.cagr" or (label is not None and label.group(1).upper() == "CAGR")
            y = horizon if year is None and cagr and horizon is not None else year
            b.facts_from(inner, draft, fm.attribute, v, key=f"{key}.{k}", line=line, fm=fm, year=y,
                         as_of=as_of, source=source, strict=False)
        elif k in slices and isinstance(v, (str, int, float)) and not isinstance(v, bool):
            fm = _slice_field(b, item, v)
            if fm is not None:
                line = ctx.locator.find(*ctx.trail, name, f"{k}:") or line0
                b.facts_from(inner, draft, fm.attribute, v, key=f"{key}.{k}", line=line, fm=fm, year=slices[k],
                             as_of=as_of, source=source, strict=False)
        elif isinstance(v, (list, Mapping)):
            _walk(b, inner, v, f"{key}.{k}")


def _slice_field(b: _Builder, item: Mapping[str, Any], raw: str | int | float) -> FieldMap | None:
    """The field a year's value (``forecast_2030: "52B"``) belongs to: the record's one field of the same kind
    (money or percent) as the value."""
    values = parse_reference_value(str(raw)) if isinstance(raw, str) else [RefValue(float(raw))]
    if not values:
        return None
    kind = "percent" if values[0].unit == "%" else "money"
    found = {}
    for k in item:
        fm = _field(b, str(k))
        spec = b.vocab.attributes.get(fm.attribute) if fm else None
        if fm is not None and spec is not None and spec.kind == kind:
            found[fm.attribute] = fm
    return next(iter(found.values())) if len(found) == 1 else None


def _walk(b: _Builder, ctx: _Ctx, node: Any, key: str) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, Mapping) and _record_name(item) is not None:
                _record(b, ctx, item, f"{key}[{i}]")
            elif isinstance(item, (list, Mapping)):
                _walk(b, ctx, item, f"{key}[{i}]")
    elif isinstance(node, Mapping):
        if _record_name(node) is not None:
            _record(b, ctx, node, key)
            return
        for k, v in node.items():
            if isinstance(v, (list, Mapping)):
                _walk(b, ctx, v, f"{key}.{k}")


def _nested(b: _Builder, ctx: _Ctx, eid: str, node: Mapping[str, Any], key: str, trail: tuple[str, ...],
            year: int | None = None) -> None:
    """A top-level key whose value is a mapping: an entity named by the key (``global_ai_market``)."""
    draft = b.entity(eid, [], ctx.path)
    as_of = _as_date(node.get("updated")) or _as_date(node.get("as_of")) or ctx.as_of
    source = node.get("source") if isinstance(node.get("source"), str) else ctx.source
    inner = _Ctx(ctx.path, ctx.locator, as_of, source, trail=trail)
    y = node.get("year")
    if isinstance(y, int) and not isinstance(y, bool):
        year = y
    for k, v in node.items():
        k = str(k)
        if k in _META_KEYS:
            continue
        fm = _field(b, k)
        if fm is not None and not isinstance(v, Mapping):
            line = ctx.locator.find(*trail, f"{k}:")
            b.facts_from(inner, draft, fm.attribute, v, key=f"{key}.{k}", line=line, fm=fm, year=year,
                         as_of=as_of, source=source, strict=False)
        elif isinstance(v, Mapping) and _record_name(v) is None:
            if _TIME_SLICE.match(k):
                _nested(b, inner, eid, v, f"{key}.{k}", (*trail, f"{k}:"), year)
            else:
                _nested(b, inner, f"{eid}.{k}", v, f"{key}.{k}", (*trail, f"{k}:"))
        elif isinstance(v, (list, Mapping)):
            _walk(b, _Ctx(ctx.path, ctx.locator, as_of, source, trail=(*trail, f"{k}:")), v, f"{key}.{k}")


def _records(b: _Builder, ctx: _Ctx, data: Any) -> None:
    if isinstance(data, Mapping) and _record_name(data) is None:
        for k, v in data.items():
            k = str(k)
            if isinstance(v, list):
                _walk(b, _Ctx(ctx.path, ctx.locator, ctx.as_of, ctx.source, trail=(f"{k}:",)), v, k)
            elif isinstance(v, Mapping):
                if _record_name(v) is not None:
                    _record(b, _Ctx(ctx.path, ctx.locator, ctx.as_of, ctx.source, trail=(f"{k}:",)), v, k)
                else:
                    _nested(b, ctx, k, v, k, (f"{k}:",))
    else:
        _walk(b, ctx, data, "")


# ------------------------------------------------------------------ loading

def expand(paths: Iterable[str]) -> list[Path]:
    """Reference files: each path, or every ``*.yml``/``*.yaml`` of a directory (sorted)."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(f for f in path.iterdir() if f.suffix in (".yml", ".yaml") and f.is_file()))
        elif path.exists():
            files.append(path)  # a regular file, or something _read refuses by name (a FIFO, a device)
        else:
            raise ReferenceDataError(str(p), msg("reference.not-found"))
    return files


def default_reference_dir() -> Path:
    return rules_dir() / "reference"


def _read(path: Path) -> tuple[str, Any]:
    try:
        text = read_data(str(path), ReferenceDataError).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(str(path), msg("file.cannot-read", detail=exc)) from None
    return text, yamlsafe.load_file_text(str(path), text, ReferenceDataError)


def _attributes(path: str, raw: Any, locator: _Locator) -> dict[str, AttributeSpec]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ReferenceDataError(path, msg("value.mapping"), line=locator.find("attributes:"),
                                 key="attributes")
    out: dict[str, AttributeSpec] = {}
    for name, spec in raw.items():
        key = f"attributes.{name}"
        line = locator.find("attributes:", f"{name}:")
        if not isinstance(spec, Mapping):
            raise ReferenceDataError(path, msg("value.mapping"), line=line, key=key)
        unit = spec.get("unit", "%")
        if unit not in UNITS:
            raise ReferenceDataError(path, msg("reference.unknown-unit", unit=repr(unit), allowed=UNITS), line=line,
                                     key=f"{key}.unit")
        names = spec.get("names", spec.get("keywords", []))
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise ReferenceDataError(path, msg("value.list-of-strings"), line=line, key=f"{key}.names")
        nums = {}
        for opt, default in (("tolerance", 0.0), ("relative", 0.0), ("approx", 0.1)):
            v = spec.get(opt, default)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                raise ReferenceDataError(path, msg("value.number-ge0"), line=line, key=f"{key}.{opt}")
            nums[opt] = float(v)
        kind = spec.get("kind") or infer_kind(str(name), unit)
        given = spec.get("label")
        label = {str(k): str(v) for k, v in given.items()} if isinstance(given, Mapping) else \
            {"ja": str(names[0] if names else name)}
        out[str(name)] = AttributeSpec(str(name), kind, unit, label, tolerance=nums["tolerance"],
                                       relative=nums["relative"], approx=nums["approx"], keywords=tuple(names),
                                       volatile=bool(spec.get("volatile", False)))
    return out


@dataclass
class _Registry:
    files: set[Path] = field(default_factory=set)  # the registry files themselves (no entities in them)
    as_of: dict[Path, dt.date] = field(default_factory=dict)
    source: dict[Path, str] = field(default_factory=dict)


def _registries(loaded: Sequence[tuple[Path, str, Any]]) -> _Registry:
    """A file whose top-level keys are the names (without extension) of the other reference files and whose values
    say when each was updated and where it comes from (the blog's ``_last_updated.yml``: ``companies: {updated:
    '2026-04-13', source: ...}``) gives those files their ``as_of`` and ``source`` when their own header has none."""
    stems = {f.stem: f for f, _, _ in loaded}
    out = _Registry()
    for f, _, data in loaded:
        if not isinstance(data, Mapping) or not data or "lintkit" in data:
            continue
        if not all(str(k) in stems and stems[str(k)] != f and isinstance(v, Mapping) and
                   ("updated" in v or "source" in v) for k, v in data.items()):
            continue
        out.files.add(f)
        for k, v in data.items():
            target = stems[str(k)]
            when = _as_date(v.get("updated")) or _as_date(v.get("as_of"))
            if when is not None:
                out.as_of[target] = when
            if isinstance(v.get("source"), str) and v["source"].strip():
                out.source[target] = v["source"].strip()
    return out


def load_reference(paths: Sequence[str] | None = None, *, aliases: Mapping[str, Sequence[str]] | None = None,
                   fields: Mapping[str, FieldMap] | None = None, config_path: str = "<configuration>",
                   vocabulary: Vocabulary | None = None) -> ReferenceIndex:
    """Load reference data from files and directories (the shipped ``rules/reference/`` when ``paths`` is empty).

    The cyclic garbage collector is paused meanwhile: loading makes hundreds of thousands of small
    objects and no cycles, and the collector's passes over the growing heap made a large reference
    take more than twice as long as one half its size (reference counting still frees everything).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(paths, aliases=aliases, fields=fields, config_path=config_path, vocabulary=vocabulary)
    finally:
        if paused:
            gc.enable()


def _load(paths: Sequence[str] | None, *, aliases: Mapping[str, Sequence[str]] | None,
          fields: Mapping[str, FieldMap] | None, config_path: str, vocabulary: Vocabulary | None) -> ReferenceIndex:
    vocab = vocabulary or builtin_vocabulary()
    files = expand(paths) if paths else expand([str(default_reference_dir())])
    loaded = [(f, *_read(f)) for f in files]
    extra_attrs: dict[str, AttributeSpec] = {}
    for f, text, data in loaded:
        if isinstance(data, Mapping) and "lintkit" in data:
            extra_attrs.update(_attributes(str(f), data.get("attributes"), _Locator(text)))
    vocab = vocab.with_attributes(extra_attrs)
    if fields:
        for fname, fm in fields.items():
            if fm.attribute not in vocab.attributes:
                raise ConfigError(config_path, msg("config.unknown-attribute", attribute=repr(fm.attribute),
                                                   known=sorted(vocab.attributes)), key=f"reference-fields.{fname}")
        vocab = vocab.with_fields(fields)
    b = _Builder(vocab)
    registry = _registries(loaded)
    for f, text, data in loaded:
        if data is None or f in registry.files:
            continue
        locator = _Locator(text)
        m = _HEADER_DATE.search(text)
        s = _HEADER_SOURCE.search(text)
        as_of = _as_date(m.group(1)) if m else registry.as_of.get(f)
        source = s.group(1) if s else registry.source.get(f)
        if isinstance(data, Mapping):
            as_of = _as_date(data.get("as_of")) or _as_date(data.get("updated")) or as_of
            if isinstance(data.get("source"), str):
                source = data["source"]
        if isinstance(data, Mapping) and "lintkit" in data:
            if data["lintkit"] != NATIVE_TAG:
                raise ReferenceDataError(str(f), msg("reference.format", given=repr(data["lintkit"]), expected=NATIVE_TAG),
                                         line=locator.find("lintkit:"), key="lintkit")
            _native(b, _Ctx(str(f), locator, as_of, source, native=True), data)
        elif isinstance(data, (Mapping, list)):
            _records(b, _Ctx(str(f), locator, as_of, source), data)
        else:
            raise ReferenceDataError(str(f), msg("reference.shape"))
    for target, names in (aliases or {}).items():
        eid = target if target in b.drafts else b.by_key.get(name_key(target))
        if eid is None:
            continue  # an alias for data this run does not load
        b.attach(eid, list(names))
    entities: dict[str, Entity] = {}
    weak: dict[str, tuple[str, ...]] = {}
    for d in b.drafts.values():
        if not d.names and not d.facts:
            continue
        entities[d.id] = Entity(d.id, tuple(d.names), {a: tuple(fs) for a, fs in d.facts.items()}, d.path)
        if d.weak:
            weak[d.id] = tuple(d.weak)
    return ReferenceIndex(entities, vocab, tuple(str(f) for f in files), weak)
