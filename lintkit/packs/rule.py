"""The document rule that runs one pack rule's patterns (one instance per pack code)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

from lintkit.document import Document
from lintkit.finding import Finding
from lintkit.packs.match import find_hits
from lintkit.packs.packset import PackSet, load_packs

if TYPE_CHECKING:
    from lintkit.rules.base import RuleContext

RESOURCE = "packs"  # RunContext.resources key: the run's PackSet (built by engine.Plan)
MAX_SHOWN = 40


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


class PatternRule:
    """Reports every match of the patterns of the pack rule ``code``."""

    def __init__(self, code: str) -> None:
        self.code = code

    def check(self, doc: Document, ctx: "RuleContext") -> Iterator[Finding]:
        packs = ctx.run.resources.get(RESOURCE)
        if not isinstance(packs, PackSet):
            packs = load_packs()
        rule = packs.get(self.code)
        if rule is None:
            return
        for hit in find_hits(rule, doc, ctx.shared(doc)):
            shown = _shown(hit.text)
            yield ctx.report(doc, hit.line, hit.column, hit.end_line, hit.end_column,
                             message=hit.pattern.message, args={"match": shown},
                             data={"match": hit.text, "pattern": hit.pattern.matcher.source,
                                   "pack": os.path.basename(hit.pattern.path), "key": hit.pattern.key})
