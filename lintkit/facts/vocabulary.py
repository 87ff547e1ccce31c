"""The fact vocabulary: attributes (units, tolerances, keywords), word lists and record field names.

Read once from the ``vocabulary`` section of ``rules/facts.yaml``; reference
files (``attributes:``) and the configuration (``reference-fields``) extend it.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Mapping

from lintkit import yamlsafe
from lintkit.errors import PackError
from lintkit.resources import rules_dir

KINDS = ("price", "score", "money", "percent")
UNITS = ("USD", "JPY", "%", "score")


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    name: str
    kind: str  # price | score | money | percent
    unit: str  # canonical unit of the values (price: USD per 1M tokens)
    label: Mapping[str, str] = field(default_factory=dict)
    tolerance: float = 0.0  # absolute, in the unit
    relative: float = 0.0  # fraction of the reference value
    approx: float = 0.1  # relative tolerance of a hedged claim (約)
    keywords: tuple[str, ...] = ()
    volatile: bool = False  # values move over time (a valuation): a newer reference does not refute an older post

    def display(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("ja") or self.name

    def accepts(self, unit: str | None) -> bool:
        """Whether a claimed number with ``unit`` can be a value of this attribute."""
        if self.kind in ("price", "money"):
            return unit in ("USD", "JPY")
        if self.kind == "percent":
            return unit == "%"
        if self.unit == "score":
            return unit is None
        return unit in (None, "%")


@dataclass(frozen=True, slots=True)
class FieldMap:
    attribute: str
    unit: str | None = None
    per_tokens: float | None = None  # values given per this many tokens (normalized to 1M)


@dataclass(frozen=True)
class Vocabulary:
    attributes: Mapping[str, AttributeSpec]
    fields: Mapping[str, FieldMap]
    blockers: tuple[str, ...] = ()
    scope_blockers: tuple[str, ...] = ()
    price_context: tuple[str, ...] = ()
    respectively: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    weak_keywords: tuple[str, ...] = ()  # cues that name more than one attribute (成長率: YoY or CAGR)
    comparisons: tuple[str, ...] = ()  # 上回る, 比べ: the number next to them may be another entity's
    regions: tuple[str, ...] = ()  # 中国, 国内: a market qualifier the entity's names must cover
    brands: tuple[str, ...] = ()  # Claude: "Haiku 3.5" is "Claude Haiku 3.5" when only one model fits
    earlier: tuple[str, ...] = ()  # 前年, 従来: the number after them is an earlier value
    per_unit: tuple[str, ...] = ()  # 稼ぐごとに: "1ドル稼ぐごとに3.14ドル" is a ratio, not two amounts

    def with_attributes(self, extra: Mapping[str, AttributeSpec]) -> "Vocabulary":
        if not extra:
            return self
        merged = dict(self.attributes)
        merged.update(extra)
        return replace(self, attributes=merged)

    def with_fields(self, extra: Mapping[str, FieldMap]) -> "Vocabulary":
        if not extra:
            return self
        merged = dict(self.fields)
        merged.update(extra)
        return replace(self, fields=merged)


def infer_kind(name: str, unit: str) -> str:
    if unit in ("USD", "JPY"):
        return "price" if name in ("price.input", "price.output") else "money"
    if unit == "%" and not name.startswith("benchmark."):
        return "percent"
    return "score"


def parse_field_map(value: Any) -> FieldMap | None:
    """``price.input`` or ``{attribute: market.size, unit: JPY, per-tokens: 1000}``; None if malformed."""
    if isinstance(value, str) and value:
        return FieldMap(value)
    if isinstance(value, Mapping) and isinstance(value.get("attribute"), str):
        unit = value.get("unit")
        per = value.get("per-tokens")
        if unit is not None and unit not in UNITS:
            return None
        if per is not None and (isinstance(per, bool) or not isinstance(per, (int, float)) or not per > 0
                                or not math.isfinite(per)):
            return None
        return FieldMap(value["attribute"], unit, float(per) if per is not None else None)
    return None


def _strs(path: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PackError(path, "expected a list of strings", key=key)
    return tuple(value)


def _number(path: str, key: str, value: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise PackError(path, "expected a number >= 0", key=key)
    return float(value)


def parse_vocabulary(path: str, raw: Any) -> Vocabulary:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("attributes"), Mapping):
        raise PackError(path, "the facts vocabulary needs an 'attributes' mapping", key="vocabulary")
    attrs: dict[str, AttributeSpec] = {}
    for name, spec in raw["attributes"].items():
        key = f"vocabulary.attributes.{name}"
        if not isinstance(spec, Mapping):
            raise PackError(path, "expected a mapping", key=key)
        kind, unit = spec.get("kind"), spec.get("unit")
        if kind not in KINDS:
            raise PackError(path, f"kind must be one of: {', '.join(KINDS)}", key=f"{key}.kind")
        if unit not in UNITS:
            raise PackError(path, f"unit must be one of: {', '.join(UNITS)}", key=f"{key}.unit")
        label = spec.get("label") or {}
        if not isinstance(label, Mapping):
            raise PackError(path, "expected {ja: ..., en: ...}", key=f"{key}.label")
        attrs[str(name)] = AttributeSpec(
            name=str(name), kind=kind, unit=unit, label=dict(label),
            tolerance=_number(path, f"{key}.tolerance", spec.get("tolerance"), 0.0),
            relative=_number(path, f"{key}.relative", spec.get("relative"), 0.0),
            approx=_number(path, f"{key}.approx", spec.get("approx"), 0.1),
            keywords=_strs(path, f"{key}.keywords", spec.get("keywords", [])),
            volatile=bool(spec.get("volatile", False)),
        )
    fields: dict[str, FieldMap] = {}
    for fname, target in (raw.get("fields") or {}).items():
        fm = parse_field_map(target)
        if fm is None or fm.attribute not in attrs:
            raise PackError(path, "expected a known attribute or {attribute, unit, per-tokens}",
                            key=f"vocabulary.fields.{fname}")
        fields[str(fname)] = fm
    names = ("blockers", "scope-blockers", "price-context", "respectively", "hedges", "model-families",
             "model-suffixes", "weak-keywords", "comparisons", "regions", "brands", "per-unit", "earlier")
    lists = {k: _strs(path, f"vocabulary.{k}", raw.get(k, [])) for k in names}
    return Vocabulary(
        attributes=attrs, fields=fields, blockers=lists["blockers"], scope_blockers=lists["scope-blockers"],
        price_context=lists["price-context"],
        respectively=lists["respectively"], hedges=lists["hedges"], families=lists["model-families"],
        suffixes=lists["model-suffixes"], weak_keywords=lists["weak-keywords"], comparisons=lists["comparisons"],
        regions=lists["regions"], brands=lists["brands"], per_unit=lists["per-unit"], earlier=lists["earlier"],
    )


@lru_cache(maxsize=1)
def builtin_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``rules/facts.yaml``."""
    path = rules_dir() / "facts.yaml"
    data = yamlsafe.load_file_text(str(path), path.read_text(encoding="utf-8"), PackError)
    if not isinstance(data, Mapping):
        raise PackError(str(path), "expected a mapping")
    return parse_vocabulary(str(path), data.get("vocabulary"))
