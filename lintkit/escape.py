"""Control characters made visible wherever a file name or article text is printed.

A file name or a line of an article can hold a newline (``x\\n::error file=README.md::injected\\n.md``
forges a workflow command in a CI log), ESC and BEL sequences (they move the cursor, recolour or
retitle a terminal) or bidirectional overrides (text that displays in another order than it reads).
``printable`` shows each as an escape (``\\n``, ``\\x1b``, ``\\u202e``); every other character,
Japanese text included, is kept. JSON, SARIF, JUnit and HTML escape by their own grammar, but
JSON has no Infinity: ``finite`` turns a non-finite float into null before anything is dumped.
"""

from __future__ import annotations

import math
from typing import Any

_CONTROLS = [c for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c != 0x09]  # C0 but TAB, DEL, C1
_FORMATS = [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # line breaks, bidi controls
_TABLE: dict[int, str] = {c: f"\\x{c:02x}" for c in _CONTROLS}
_TABLE.update({0x0A: "\\n", 0x0D: "\\r"})
_TABLE.update({c: f"\\u{c:04x}" for c in _FORMATS})


def printable(text: str, keep: str = "") -> str:
    """``text`` with control characters (but those in ``keep``) shown as escapes."""
    if text.isascii() and text.isprintable():
        return text
    table = _TABLE if not keep else {c: e for c, e in _TABLE.items() if chr(c) not in keep}
    return text.translate(table)


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (inf, nan) as None: JSON has no Infinity, and a SARIF upload
    or a JSON parser refuses the document that holds one."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value
