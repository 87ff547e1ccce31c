"""S106 conflict-marker: git conflict markers left in the text."""

from __future__ import annotations

import re
from typing import Iterator

from lintkit.document import Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext

_OPEN = re.compile(r"^<{7}(?:\s.*)?$")
_BASE = re.compile(r"^\|{7}(?:\s.*)?$")
_SEP = re.compile(r"^={7}\s*$")
_CLOSE_LABELLED = re.compile(r"^>{7}\s+[^\s>].*$")
_CLOSE = re.compile(r"^>{7}(?:\s.*)?$")


class ConflictMarker:
    code = "S106"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        skip = doc.non_prose_lines
        region_start: int | None = None
        for n, text in enumerate(doc.lines):
            if n in skip:
                continue
            line = text.rstrip("\r")
            kind = None
            if _OPEN.match(line):
                kind, region_start = "open", n
            elif region_start is not None and (_BASE.match(line) or _SEP.match(line)):
                kind = "middle"
            elif _CLOSE_LABELLED.match(line) or (region_start is not None and _CLOSE.match(line)):
                kind = "close"
            if kind is None:
                continue
            marker = line.strip()
            related = []
            if kind != "open" and region_start is not None:
                related.append(ctx.related(doc.path, region_start, 0))
            yield ctx.report(doc, n, 0, n, len(line.rstrip()), args={"marker": marker[:40]}, related=related,
                             data={"marker": marker, "kind": kind,
                                   "region_start": None if region_start is None else region_start + 1})
            if kind == "close":
                region_start = None
