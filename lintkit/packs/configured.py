"""The user packs a configuration file lists under ``extend-packs``, read before the rest of it.

Rule selectors in the same file (``select: [X901]``) may name rules that
only those packs define, so the packs must be known before the configuration
is validated against the rule metadata. Paths are relative to the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from lintkit.config import find_config, read_config_file
from lintkit.errors import ConfigError
from lintkit.messages import msg

KEY = "extend-packs"


def configured_packs(explicit: str | None = None, start: Path | None = None) -> tuple[str, ...]:
    """``extend-packs`` of the configuration in effect (``--config`` or found by walking up)."""
    path = Path(explicit) if explicit is not None else find_config(start or Path.cwd())
    if path is None or not path.exists() or path.is_dir():
        return ()  # a missing --config file is reported by load_config
    data = read_config_file(path)
    if not isinstance(data, Mapping) or KEY not in data:
        return ()
    raw = data[KEY]
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(p, str) and p for p in raw):
        raise ConfigError(str(path), msg("value.list-of-strings"), key=KEY)
    base = path.resolve().parent
    return tuple(p if os.path.isabs(p) else str(base / p) for p in raw)
