"""Configuration: ``[tool.lintkit]`` in pyproject.toml or ``.lintkit.yaml``, found by walking up.

Every key is declared in ``KEYS`` with its validator; unknown keys and bad
values raise ConfigError naming the file, the key and what is allowed.
Paths in a configuration file are relative to that file's directory.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from lintkit import baseline as baseline_settings
from lintkit import yamlsafe
from lintkit.errors import ConfigError
from lintkit.messages import msg, text_of
from lintkit.facts import settings as fact_settings
from lintkit.finding import Severity
from lintkit.meta import OptionSpec, RuleMeta
from lintkit import links
from lintkit.selection import Selection, SelectorError, validate_selectors
from lintkit.source import read_data

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".lintkit.yaml", ".lintkit.yml", "pyproject.toml")
LANGS = ("ja", "en")


@dataclass(frozen=True)
class Config:
    """The resolved configuration of one run (file values, then command-line overrides)."""

    path: str | None = None  # the configuration file, if any
    root: Path = field(default_factory=Path.cwd)
    selection: Selection = field(default_factory=Selection)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by code, validated
    reference: tuple[str, ...] = ()
    extend_packs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lang: str = "ja"
    fail_on: Severity = Severity.ERROR
    extra: Mapping[str, Any] = field(default_factory=dict)  # validated keys owned by other modules

    def options_for(self, meta: RuleMeta) -> dict[str, Any]:
        opts = meta.default_options()
        opts.update(self.rule_options.get(meta.code, {}))
        return opts


# ---------------------------------------------------------------- validation

def _str_list(path: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, msg("value.list-of-strings"), key=key)
    return tuple(value)


def _selectors(path: str, key: str, value: Any, metas: Mapping[str, RuleMeta]) -> tuple[str, ...]:
    items = _str_list(path, key, value)
    try:
        validate_selectors(items, metas)
    except SelectorError as exc:
        raise ConfigError(path, text_of(exc), key=key) from None
    return items


def _paths(path: str, key: str, value: Any, base: Path) -> tuple[str, ...]:
    return tuple(str(base / p) if not os.path.isabs(p) else p for p in _str_list(path, key, value))


def _describe(spec: OptionSpec) -> str:
    """What an option accepts, for error messages: ``float from 0.5 to 1.0``, ``str: a, b``."""
    text = spec.type
    if spec.choices:
        text += f" ({', '.join(spec.choices)})"
    if spec.min is not None and spec.max is not None:
        text += f" from {spec.min:g} to {spec.max:g}"
    elif spec.min is not None:
        text += f" >= {spec.min:g}"
    elif spec.max is not None:
        text += f" <= {spec.max:g}"
    return text


# Keys owned by other modules (facts: aliases, attribute maps...) register a
# validator here: name -> function(config_path, key, value) -> validated value.
EXTRA_KEYS: dict[str, Callable[[str, str, Any, Path], Any]] = {
    "aliases": fact_settings.validate_aliases,
    "reference-fields": fact_settings.validate_fields,
    "baseline": baseline_settings.validate_config,
    links.KEY: links.validate_config,  # the HTML report's links to a finding's line
}

KNOWN_KEYS = (
    "select", "ignore", "per-file-ignores", "severity", "reference", "rules",
    "extend-packs", "lang", "exclude", "fail-on",
)


def from_mapping(data: Mapping[str, Any], path: str, base: Path, metas: Mapping[str, RuleMeta]) -> Config:
    """Validate a raw configuration mapping into a Config."""
    if not isinstance(data, Mapping):
        raise ConfigError(path, msg("config.not-mapping"))
    allowed = KNOWN_KEYS + tuple(EXTRA_KEYS)
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = msg("hint.did-you-mean", name=repr(close[0])) if close else ""
            raise ConfigError(path, msg("key.unknown", hint=hint, allowed=allowed), key=str(key))
    by_name = {m.name: m for m in metas.values()}
    select = _selectors(path, "select", data["select"], metas) if "select" in data else ("ALL",)
    ignore = _selectors(path, "ignore", data["ignore"], metas) if "ignore" in data else ()
    pfi: list[tuple[str, tuple[str, ...]]] = []
    raw_pfi = data.get("per-file-ignores", {})
    if not isinstance(raw_pfi, Mapping):
        raise ConfigError(path, msg("config.per-file-ignores"), key="per-file-ignores")
    for glob, sels in raw_pfi.items():
        pfi.append((str(glob), _selectors(path, f"per-file-ignores.{glob}", sels, metas)))
    severity: list[tuple[str, Severity]] = []
    raw_sev = data.get("severity", {})
    if not isinstance(raw_sev, Mapping):
        raise ConfigError(path, msg("config.severity-map"), key="severity")
    for sel, sev in raw_sev.items():
        _selectors(path, f"severity.{sel}", [str(sel)], metas)
        try:
            severity.append((str(sel), Severity.parse(str(sev))))
        except ValueError as exc:
            raise ConfigError(path, text_of(exc), key=f"severity.{sel}") from None
    options: dict[str, dict[str, Any]] = {}
    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, Mapping):
        raise ConfigError(path, msg("config.rules-map"), key="rules")
    for rule_key, opts in raw_rules.items():
        meta = by_name.get(str(rule_key)) or metas.get(str(rule_key).upper())
        if meta is None:
            raise ConfigError(path, msg("config.unknown-rule", known=sorted(by_name)), key=f"rules.{rule_key}")
        if not isinstance(opts, Mapping):
            raise ConfigError(path, msg("config.options-map"), key=f"rules.{rule_key}")
        for opt, value in opts.items():
            spec = meta.options.get(str(opt))
            if spec is None:
                allowed_opts = tuple(meta.options) or msg("word.none")
                raise ConfigError(path, msg("config.unknown-option", allowed=allowed_opts),
                                  key=f"rules.{rule_key}.{opt}")
            try:
                options.setdefault(meta.code, {})[spec.name] = spec.validate(value)
            except ValueError as exc:
                raise ConfigError(path, msg("config.bad-option", detail=text_of(exc), allowed=_describe(spec)),
                                  key=f"rules.{rule_key}.{opt}") from None
    lang = data.get("lang", "ja")
    if lang not in LANGS:
        raise ConfigError(path, msg("value.one-of", allowed=LANGS), key="lang")
    fail_on = Severity.ERROR
    if "fail-on" in data:
        try:
            fail_on = Severity.parse(str(data["fail-on"]))
        except ValueError as exc:
            raise ConfigError(path, text_of(exc), key="fail-on") from None
    extra = {k: EXTRA_KEYS[k](path, k, data[k], base) for k in EXTRA_KEYS if k in data}
    return Config(
        path=path,
        root=base,
        selection=Selection(select=select, ignore=ignore, per_file_ignores=tuple(pfi), severity=tuple(severity)),
        rule_options=options,
        reference=_paths(path, "reference", data["reference"], base) if "reference" in data else (),
        extend_packs=_paths(path, "extend-packs", data["extend-packs"], base) if "extend-packs" in data else (),
        exclude=_str_list(path, "exclude", data["exclude"]) if "exclude" in data else (),
        lang=lang,
        fail_on=fail_on,
        extra=extra,
    )


# ---------------------------------------------------------------- discovery

def read_config_file(path: Path) -> Mapping[str, Any] | None:
    """The lintkit table of a config file; None for a pyproject.toml without [tool.lintkit]."""
    try:
        text = read_data(str(path), ConfigError).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), msg("config.not-utf8", byte=f"0x{exc.object[exc.start]:02x}",
                                         offset=exc.start)) from None
    except OSError as exc:
        raise ConfigError(str(path), msg("file.cannot-read", detail=exc.strerror or exc)) from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), msg("config.invalid-toml", detail=exc)) from None
        tool = doc.get("tool", {})
        if not isinstance(tool, Mapping):
            raise ConfigError(str(path), msg("config.tool-table"), key="tool")
        table = tool.get("lintkit")
        if table is None and path.name == "pyproject.toml":
            return None
        return table if table is not None else {}
    data = yamlsafe.load_file_text(str(path), text, ConfigError)
    return {} if data is None else data


def find_config(start: Path) -> Path | None:
    """Walk up from ``start``: the first .lintkit.yaml / .lintkit.yml / pyproject.toml with [tool.lintkit]."""
    here = start.resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and read_config_file(candidate) is None:
                    continue
                return candidate
    return None


def load_config(metas: Mapping[str, RuleMeta], explicit: str | None = None, start: Path | None = None) -> Config:
    """The configuration from ``explicit`` (--config) or found by walking up from ``start``."""
    if explicit is not None:
        path = Path(explicit)
        if not path.exists() or path.is_dir():
            raise ConfigError(explicit, msg("config.not-found"))
    else:
        found = find_config(start or Path.cwd())
        if found is None:
            return Config()
        path = found
    data = read_config_file(path)
    return from_mapping(data or {}, str(path), path.resolve().parent, metas)


def with_cli(
    config: Config,
    metas: Mapping[str, RuleMeta],
    *,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] = (),
    reference: tuple[str, ...] = (),
    lang: str | None = None,
    fail_on: str | None = None,
) -> Config:
    """Layer command-line flags over the configuration (flags win)."""
    try:
        if select is not None:
            validate_selectors(select, metas)
        validate_selectors(ignore, metas)
    except SelectorError as exc:
        raise ConfigError("<command line>", text_of(exc)) from None
    selection = replace(config.selection, cli_select=select, cli_ignore=ignore)
    changes: dict[str, Any] = {"selection": selection}
    if reference:
        changes["reference"] = tuple(reference)
    if lang is not None:
        changes["lang"] = lang
    if fail_on is not None:
        changes["fail_on"] = Severity.parse(fail_on)
    return replace(config, **changes)
