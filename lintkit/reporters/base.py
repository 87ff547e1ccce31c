"""What every reporter gets besides the results, and the 0-based → 1-based edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from lintkit import __version__
from lintkit.finding import Finding
from lintkit.errors import LintkitError
from lintkit.escape import finite  # noqa: F401  (re-exported for the reporters)
from lintkit.meta import RuleMeta
from lintkit.source import SourceText, read_source

TOOL = {"name": "lintkit", "version": __version__}


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "ja"
    metas: Mapping[str, RuleMeta] = field(default_factory=dict)
    color: bool = False
    show_info: bool = True  # the text report folds info findings into one line when False (--show-info)
    extra: Mapping[str, Any] = field(default_factory=dict)
    # texts that were checked without being read from disk (standard input, by its --stdin-filename):
    # excerpts of these come from here, never from a file of the same name
    texts: Mapping[str, SourceText] = field(default_factory=dict)

    def source(self, path: str) -> SourceText | None:
        """A checked file: the checked text itself when it came from memory, else read again from disk
        (None when it cannot be read)."""
        if path in self.texts:
            return self.texts[path]
        try:
            return read_source(path)
        except (LintkitError, OSError, ValueError):
            return None


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as the JSON contract of DESIGN.md (1-based lines and columns, end column exclusive)."""
    return {
        "path": f.path,
        "code": f.code,
        "rule": f.rule,
        "severity": f.severity.value,
        "line": f.line + 1,
        "column": f.column + 1,
        "end_line": f.end_line + 1,
        "end_column": f.end_column + 1,
        "message": f.message,
        "related": [
            {"path": r.path, "line": r.line + 1, "column": r.column + 1, "message": r.message} for r in f.related
        ],
        "fix": None if f.fix is None else {
            "safe": f.fix.safe,
            "description": f.fix.description,
            "edits": [
                {"start_line": e.start_line + 1, "end_line": e.end_line, "replacement": e.replacement,
                 "delete": e.delete}
                for e in f.fix.edits
            ],
        },
        "data": dict(f.data),
    }
