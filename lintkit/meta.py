"""Rule metadata (codes, names, severities, messages, docs, options) read from ``rules/*.yaml``.

A family file looks like::

    family: structure
    rules:
      - code: S102
        name: duplicate-paragraph
        severity: error
        summary: {ja: ..., en: ...}
        messages:
          default: {ja: "段落が{other_line}行目と重複しています", en: "..."}
        options:
          threshold: {type: float, default: 0.9, min: 0.5, max: 1.0, doc: {ja: ..., en: ...}}
        docs: {ja: "...", en: "..."}
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from lintkit import yamlsafe
from lintkit.errors import PackError
from lintkit.finding import Severity
from lintkit.messages import msg
from lintkit.resources import rules_dir

LANGS = ("ja", "en")
OPTION_TYPES = ("int", "float", "bool", "str", "list[str]", "list[int]", "map")


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: str
    default: Any
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    doc: Mapping[str, str] = field(default_factory=dict)

    def validate(self, value: Any) -> Any:
        """Return the value coerced to the option's type, or raise ValueError saying what is allowed."""
        t = self.type
        if t == "bool":
            if isinstance(value, bool):
                return value
            raise ValueError(msg("value.bool"))
        if t in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (t == "int" and not isinstance(value, int)):
                raise ValueError(msg("value.int" if t == "int" else "value.number"))
            if not math.isfinite(value):  # .nan passes every comparison, .inf disables a threshold
                raise ValueError(msg("value.finite"))
            if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
                raise ValueError(msg("value.range", min=self.min, max=self.max))
            return float(value) if t == "float" else value
        if t == "str":
            if not isinstance(value, str):
                raise ValueError(msg("value.string"))
            if self.choices and value not in self.choices:
                raise ValueError(msg("value.one-of", allowed=self.choices))
            return value
        if t in ("list[str]", "list[int]"):
            want = str if t == "list[str]" else int
            if not isinstance(value, list) or not all(isinstance(v, want) and not isinstance(v, bool) for v in value):
                raise ValueError(msg("value.list-of-strings" if want is str else "value.list-of-integers"))
            return tuple(value)
        if t == "map":
            if not isinstance(value, dict):
                raise ValueError(msg("value.mapping"))
            if _non_finite(value):
                raise ValueError(msg("value.finite"))
            return dict(value)
        raise ValueError(f"unknown option type {t}")


def _non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_non_finite(v) for v in value)
    return False


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    family: str
    severity: Severity
    summary: Mapping[str, str]
    messages: Mapping[str, Mapping[str, str]]
    docs: Mapping[str, str]
    options: Mapping[str, OptionSpec]
    fixable: bool = False
    opt_in: bool = False  # not in the default selection: only a selector naming the rule (code or name) enables it

    def message(self, key: str, lang: str, **args: Any) -> str:
        variants = self.messages.get(key) or self.messages["default"]
        template = variants.get(lang) or variants["ja"]
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):
            return template

    def default_options(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.options.items()}


def _bilingual(path: str, key: str, value: Any, line: int | None) -> dict[str, str]:
    if isinstance(value, str):
        return {"ja": value, "en": value}
    if not isinstance(value, dict) or "ja" not in value or not all(isinstance(v, str) for v in value.values()):
        raise PackError(path, "expected {ja: ..., en: ...}", line=line, key=key)
    return {lang: str(value.get(lang, value["ja"])) for lang in LANGS}


def parse_options(path: str, code: str, raw: Any) -> dict[str, OptionSpec]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PackError(path, "options must be a mapping", key=f"{code}.options")
    specs: dict[str, OptionSpec] = {}
    for name, spec in raw.items():
        key = f"{code}.options.{name}"
        if not isinstance(spec, dict) or spec.get("type") not in OPTION_TYPES or "default" not in spec:
            raise PackError(path, f"option needs type ({', '.join(OPTION_TYPES)}) and default", key=key)
        default = spec["default"]
        if isinstance(default, list):
            default = tuple(default)
        specs[name] = OptionSpec(
            name, spec["type"], default, spec.get("min"), spec.get("max"),
            tuple(spec["choices"]) if spec.get("choices") else None,
            _bilingual(path, key + ".doc", spec.get("doc", ""), None),
        )
    return specs


def parse_rule(path: str, family: str, raw: Any) -> RuleMeta:
    if not isinstance(raw, dict):
        raise PackError(path, "each rule must be a mapping", key="rules")
    code = raw.get("code")
    if not isinstance(code, str) or not code:
        raise PackError(path, "rule without a code", key="rules")
    for req in ("name", "severity", "messages", "docs", "summary"):
        if req not in raw:
            raise PackError(path, f"missing {req}", key=f"{code}.{req}")
    try:
        severity = Severity.parse(raw["severity"])
    except ValueError as exc:
        raise PackError(path, str(exc), key=f"{code}.severity") from None
    messages_raw = raw["messages"]
    if not isinstance(messages_raw, dict) or "default" not in messages_raw:
        raise PackError(path, "messages must be a mapping with a 'default' entry", key=f"{code}.messages")
    messages = {k: _bilingual(path, f"{code}.messages.{k}", v, None) for k, v in messages_raw.items()}
    return RuleMeta(
        code=code,
        name=str(raw["name"]),
        family=family,
        severity=severity,
        summary=_bilingual(path, f"{code}.summary", raw["summary"], None),
        messages=messages,
        docs=_bilingual(path, f"{code}.docs", raw["docs"], None),
        options=parse_options(path, code, raw.get("options")),
        fixable=bool(raw.get("fixable", False)),
        opt_in=bool(raw.get("opt-in", False)),
    )


def load_family(path: Path) -> list[RuleMeta]:
    text = path.read_text(encoding="utf-8")
    data = yamlsafe.load_file_text(str(path), text, PackError)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise PackError(str(path), "a rule family file needs 'family' and a 'rules' list")
    return [parse_rule(str(path), str(data.get("family", path.stem)), r) for r in data["rules"]]


FAMILY_FILES = ("structure.yaml", "facts.yaml", "artifacts.yaml", "meta.yaml")


@lru_cache(maxsize=1)
def builtin_meta() -> dict[str, RuleMeta]:
    """Metadata of every built-in rule, by code."""
    result: dict[str, RuleMeta] = {}
    base = rules_dir()
    for name in FAMILY_FILES:
        path = base / name
        if path.is_file():
            for meta in load_family(path):
                result[meta.code] = meta
    return result
