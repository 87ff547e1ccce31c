"""Configuration keys owned by the fact checker (registered in ``lintkit.config.EXTRA_KEYS``).

- ``aliases``: entity id or name → list of extra names (the Japanese names of the
  entities of a nested-map file: ``global_ai_market: [AI市場, 世界のAI市場]``)
- ``reference-fields``: record field name → attribute, or ``{attribute, unit, per-tokens}``
  (extends the built-in mapping ``input_per_1m_tokens`` → ``price.input`` ...)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from lintkit.errors import ConfigError
from lintkit.facts.vocabulary import FieldMap, parse_field_map
from lintkit.messages import msg


def validate_aliases(path: str, key: str, value: Any, base: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ConfigError(path, msg("config.aliases"), key=key)
    out: dict[str, tuple[str, ...]] = {}
    for target, names in value.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(path, msg("config.alias-names"), key=f"{key}.{target}")
        out[str(target)] = tuple(n.strip() for n in names)
    return out


def validate_fields(path: str, key: str, value: Any, base: Path) -> dict[str, FieldMap]:
    if not isinstance(value, Mapping):
        raise ConfigError(path, msg("config.fields"), key=key)
    out: dict[str, FieldMap] = {}
    for name, target in value.items():
        fm = parse_field_map(target)
        if fm is None:
            raise ConfigError(path, msg("config.field-target"), key=f"{key}.{name}")
        out[str(name)] = fm
    return out
