"""Run a pack rule's patterns over a document, scope by scope.

Only prose is searched: the text of headings, paragraphs and table cells as
``Document`` gives it (code spans, URLs, images and HTML comments are one
U+FFFC each; fenced and indented code, HTML blocks are not prose at all),
plus the value part of front-matter lines for the ``front-matter`` scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from lintkit.document import BLOCKQUOTE, HEADING, PARAGRAPH, TABLE, Block, Document
from lintkit.packs import normalize
from lintkit.packs.model import (
    FRONT_MATTER, LINE, PHRASE, SENTENCE, WITHIN_BLOCK, WITHIN_MATCH, Matcher, PackRule, Pattern, ScopePlan,
)

_FM_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:#][^:#]*:\s+")
_BODY_KINDS = (PARAGRAPH, TABLE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a pattern: 0-based document positions, end column exclusive."""

    pattern: Pattern
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the matched original text


class _Text:
    """A searchable stretch of text with its two normalized forms, made on demand."""

    __slots__ = ("raw", "_fold", "_width")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._fold: str | None = None
        self._width: str | None = None

    def form(self, kind: str) -> str:
        if kind == PHRASE:
            if self._fold is None:
                self._fold = normalize.fold(self.raw)
            return self._fold
        if self._width is None:
            self._width = normalize.width(self.raw)
        return self._width


def _search(m: Matcher, text: _Text, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    s = text.form(m.kind)
    if start or end is not None:
        s = s[start:end]
    for match in m.regex.finditer(s):
        a, b = match.span()
        if b > a:
            yield start + a, start + b


def _units(doc: Document, block: Block, scope: str) -> list[tuple[int, int]]:
    text = block.text
    if scope == SENTENCE:
        return [(s.start, s.end) for s in doc.sentences(block)]
    if scope == LINE:
        out, pos = [], 0
        for part in text.split("\n"):
            if part.strip():
                out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out
    return [(0, len(text))]


def _sentence_of(doc: Document, block: Block, offset: int) -> tuple[int, int]:
    for s in doc.sentences(block):
        if s.start <= offset < s.end:
            return s.start, s.end
    return 0, len(block.text)


class _Checker:
    def __init__(self, rule: PackRule, doc: Document) -> None:
        self.rule = rule
        self.doc = doc

    def hits(self) -> Iterator[Hit]:
        for plan in self.rule.plans:
            if plan.scope == FRONT_MATTER:
                yield from self._front_matter(plan)
            else:
                kinds = (HEADING,) if plan.scope == "heading" else _BODY_KINDS
                for block in self.doc.blocks:
                    if block.kind in kinds and block.prose is not None and block.text.strip() \
                            and not (self.rule.skip_blockquotes and self._quoted(block)):
                        yield from self._block(plan, block)

    def _quoted(self, block: Block) -> bool:
        parent = block.parent
        while parent is not None:
            if self.doc.blocks[parent].kind == BLOCKQUOTE:
                return True
            parent = self.doc.blocks[parent].parent
        return False

    # ---------------------------------------------------------------- body

    def _block(self, plan: ScopePlan, block: Block) -> Iterator[Hit]:
        text = _Text(block.text)
        patterns: list[Pattern] = []
        if plan.free:
            if not plan.prefiltered or any(
                f is not None and f.search(text.form(kind)) is not None
                for f, kind in ((plan.phrase_filter, PHRASE), (plan.regex_filter, "regex"))
            ):
                patterns.extend(plan.free)
        patterns.extend(plan.anchored)
        if not patterns:
            return
        found: list[tuple[int, int, Pattern]] = []
        for a, b in _units(self.doc, block, plan.scope):
            for p in patterns:
                for s, e in _search(p.matcher, text, a, b):
                    if not self._excepted(p, text, s, e, lambda off: _sentence_of(self.doc, block, off)):
                        found.append((s, e, p))
        for s, e, p in _non_overlapping(found):
            line, col = self.doc.position(block, s)
            end_line, end_col = self.doc.end_position(block, e)
            yield Hit(p, line, col, end_line, end_col, block.text[s:e])

    # -------------------------------------------------------- front matter

    def _front_matter(self, plan: ScopePlan) -> Iterator[Hit]:
        fm = self.doc.front_matter
        if fm is None:
            return
        last = fm.end - 1 if fm.closed else fm.end
        patterns = plan.free + plan.anchored
        for n in range(fm.start + 1, min(last, len(self.doc.lines))):
            raw = self.doc.lines[n]
            key = _FM_KEY.match(raw)
            offset = key.end() if key else len(raw) - len(raw.lstrip())
            value = raw[offset:].rstrip()
            if not value.strip() or value.lstrip().startswith("#"):
                continue
            text = _Text(value)
            found: list[tuple[int, int, Pattern]] = []
            for p in patterns:
                for s, e in _search(p.matcher, text):
                    if not self._excepted(p, text, s, e, lambda off: (0, len(value))):
                        found.append((s, e, p))
            for s, e, p in _non_overlapping(found):
                yield Hit(p, n, offset + s, n, offset + e, value[s:e])

    # ---------------------------------------------------------- exceptions

    def _excepted(self, p: Pattern, text: _Text, s: int, e: int, sentence_of) -> bool:  # type: ignore[no-untyped-def]
        for exc in p.exceptions + self.rule.exceptions:
            if exc.within == WITHIN_MATCH:
                if any(a < e and s < b for a, b in _search(exc.matcher, text)):
                    return True
            elif exc.within == WITHIN_BLOCK:
                if next(_search(exc.matcher, text), None) is not None:
                    return True
            else:
                a, b = sentence_of(s)
                if next(_search(exc.matcher, text, a, b), None) is not None:
                    return True
        return False


def _non_overlapping(found: list[tuple[int, int, Pattern]]) -> list[tuple[int, int, Pattern]]:
    """Earliest match first, the longest on a tie; later matches overlapping a kept one are dropped."""
    kept: list[tuple[int, int, Pattern]] = []
    end = -1
    for s, e, p in sorted(found, key=lambda t: (t[0], -(t[1] - t[0]))):
        if s >= end:
            kept.append((s, e, p))
            end = e
    return kept


def find_hits(rule: PackRule, doc: Document) -> list[Hit]:
    """Every match of ``rule``'s patterns in ``doc``, in document order."""
    return sorted(_Checker(rule, doc).hits(), key=lambda h: (h.line, h.column))
