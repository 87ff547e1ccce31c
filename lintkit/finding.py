"""The one violation type (``Finding``) and its parts.

Positions are 0-based inside lintkit (line, column in Unicode code points,
end column exclusive) and become 1-based only in reporters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

from lintkit.messages import msg


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value)
        except ValueError:
            raise ValueError(msg("severity.unknown", value=repr(value))) from None


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding refers to (the first occurrence of a duplicate...)."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace whole lines ``[start_line, end_line)`` (0-based) with ``replacement``.

    ``replacement`` is text without the final line terminator of the last
    line; an empty string with ``delete=True`` removes the lines entirely.
    """

    start_line: int
    end_line: int
    replacement: str = ""
    delete: bool = True


@dataclass(frozen=True, slots=True)
class Fix:
    safe: bool
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    code: str
    rule: str
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
