"""S106 conflict-marker: git conflict markers left in the text."""

from __future__ import annotations

import re
from typing import Iterator

from lintkit.document import Document
from lintkit.edits import delete_lines
from lintkit.finding import Edit, Finding, Fix
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
        fixes = _resolutions(doc, ctx, skip)
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
                             fix=fixes.get(n) if kind == "open" else None,
                             data={"marker": marker, "kind": kind,
                                   "region_start": None if region_start is None else region_start + 1})
            if kind == "close":
                region_start = None


def _resolutions(doc: Document, ctx: RuleContext, skip: frozenset[int]) -> dict[int, Fix]:
    """Safe fixes by opening-marker line, for complete conflicts whose choice is unambiguous.

    Both sides identical, or one side empty (blank lines only): keep the
    side with the text and delete the markers (and a diff3 base section).
    """
    fixes: dict[int, Fix] = {}
    if "<<<<<<<" not in doc.source.text:
        return fixes
    opened = base = sep = None
    for n, text in enumerate(doc.lines):
        if n in skip:
            opened = base = sep = None
            continue
        line = text.rstrip("\r")
        if _OPEN.match(line):
            opened, base, sep = n, None, None
        elif opened is not None and sep is None and base is None and _BASE.match(line):
            base = n
        elif opened is not None and sep is None and _SEP.match(line):
            sep = n
        elif opened is not None and sep is not None and _CLOSE.match(line):
            ours = doc.lines[opened + 1 : base if base is not None else sep]
            theirs = doc.lines[sep + 1 : n]
            blank_ours = not any(t.strip() for t in ours)
            blank_theirs = not any(t.strip() for t in theirs)
            edits: tuple[Edit, ...] | None = None
            if blank_ours and blank_theirs:
                edits = (delete_lines(doc, opened, n + 1),)
            elif list(ours) == list(theirs) or blank_theirs:  # keep ours
                edits = (Edit(opened, opened + 1), Edit(base if base is not None else sep, n + 1))
            elif blank_ours:  # keep theirs
                edits = (Edit(opened, sep + 1), Edit(n, n + 1))
            if edits is not None:
                fixes[opened] = Fix(True, ctx.msg("fix"), edits)
            opened = base = sep = None
    return fixes
