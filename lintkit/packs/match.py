"""Run a pack rule's patterns over a document, scope by scope.

Only prose is searched: the text of headings, paragraphs and table cells as
``Document`` gives it (code spans, URLs, images and HTML comments are one
U+FFFC each; fenced and indented code, HTML blocks are not prose at all),
plus the value part of front-matter lines for the ``front-matter`` scope.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from lintkit.document import BLOCKQUOTE, HEADING, PARAGRAPH, TABLE, Block, Document
from lintkit.packs import normalize
from lintkit.packs.model import (
    FRONT_MATTER, HEADING as HEADING_SCOPE, LINE, SENTENCE, WITHIN_BLOCK, WITHIN_MATCH, Matcher, PackRule, Pattern,
    ScopePlan,
)
from lintkit.packs.regex import Regex

if TYPE_CHECKING:
    from lintkit.analysis import DocumentAnalysis

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
    """A searchable stretch of text and its width-folded form (the one patterns see)."""

    __slots__ = ("raw", "folded")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.folded = normalize.width(raw)


def _search(m: Matcher, text: _Text, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    s = text.folded
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


@dataclass(frozen=True, slots=True)
class _Target:
    """One searchable stretch: a block's prose, or the value of a front-matter line."""

    text: str
    block: Block | None  # None for front matter
    line: int = 0  # front matter: the document line
    offset: int = 0  # front matter: the column where ``text`` starts


_JOIN = "\n\n"


@dataclass(frozen=True, slots=True)
class _View:
    """The targets of one scope, and their width-folded texts joined for the combined filter."""

    targets: list[_Target]
    starts: list[int]  # where each target starts in ``joined``
    joined: str


def _view(targets: list[_Target]) -> _View:
    starts: list[int] = []
    pos = 0
    for t in targets:
        starts.append(pos)
        pos += len(t.text) + len(_JOIN)
    return _View(targets, starts, normalize.width(_JOIN.join(t.text for t in targets)))


def _prefiltered(prefilter: Regex | None, view: _View) -> set[int]:
    """Indices of the targets in which the combined filter matches.

    One search over all targets joined, resumed after each hit at the next
    target's start: a match wholly inside a target starts no earlier than
    that target, and RE2 returns the leftmost match, so no target with a match
    is missed; the number of searches is the number of hit targets plus one.
    """
    if prefilter is None:
        return set(range(len(view.targets)))
    starts, joined = view.starts, view.joined
    hits: set[int] = set()
    pos = 0
    while pos < len(joined):
        m = prefilter.search(joined, pos)
        if m is None:
            break
        k = bisect_right(starts, m.start()) - 1
        hits.add(k)
        if k + 1 >= len(starts):
            break
        pos = starts[k + 1]
    return hits


class _Checker:
    def __init__(self, rule: PackRule, doc: Document, shared: "DocumentAnalysis | None" = None) -> None:
        self.rule = rule
        self.doc = doc
        self.shared = shared

    def hits(self) -> Iterator[Hit]:
        for plan in self.rule.plans:
            view = self._front_matter_view() if plan.scope == FRONT_MATTER else self._blocks_view(plan.scope)
            targets = view.targets
            if not targets:
                continue
            hit = _prefiltered(plan.prefilter, view) if plan.free else set()
            for k, target in enumerate(targets):
                patterns = (plan.free if k in hit else ()) + plan.anchored
                if patterns:
                    yield from self._target(plan, target, patterns)

    def _blocks_view(self, scope: str) -> _View:
        """The blocks searched in ``scope``: built once per document (``DocumentAnalysis.memo``) for every
        pack rule; a rule that skips block quotes gets them without the quoted ones, the same view when the
        document quotes none of them."""
        headings = scope == HEADING_SCOPE
        view = self._memo(("pack-targets", headings), lambda: self._build_view(headings))
        if not self.rule.skip_blockquotes:
            return view
        if not any(self._quoted(t.block) for t in view.targets if t.block is not None and t.block.parent is not None):
            return view
        return self._memo(("pack-targets-unquoted", headings),
                          lambda: _view([t for t in view.targets if t.block is None or not self._quoted(t.block)]))

    def _memo(self, key: tuple[str, bool], build: Callable[[], _View]) -> _View:
        return build() if self.shared is None else self.shared.memo(key, build)

    def _build_view(self, headings: bool) -> _View:
        kinds = (HEADING,) if headings else _BODY_KINDS
        return _view([_Target(b.text, b) for b in self.doc.blocks
                      if b.kind in kinds and b.prose is not None and b.text.strip()])

    def _front_matter_view(self) -> _View:
        return _view(self._front_matter())

    def _front_matter(self) -> list[_Target]:
        fm = self.doc.front_matter
        if fm is None:
            return []
        last = fm.end - 1 if fm.closed else fm.end
        out: list[_Target] = []
        for n in range(fm.start + 1, min(last, len(self.doc.lines))):
            raw = self.doc.lines[n]
            key = _FM_KEY.match(raw)
            offset = key.end() if key else len(raw) - len(raw.lstrip())
            value = raw[offset:].rstrip()
            if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
                value, offset = value[1:-1], offset + 1  # the YAML quotes are not part of the text
            if value.strip() and not value.lstrip().startswith("#"):
                out.append(_Target(value, None, n, offset))
        return out

    def _quoted(self, block: Block) -> bool:
        parent = block.parent
        while parent is not None:
            if self.doc.blocks[parent].kind == BLOCKQUOTE:
                return True
            parent = self.doc.blocks[parent].parent
        return False

    def _target(self, plan: ScopePlan, target: _Target, patterns: tuple[Pattern, ...]) -> Iterator[Hit]:
        text = _Text(target.text)
        block = target.block
        if block is None:
            units = [(0, len(target.text))]
            sentence_of = lambda off: (0, len(target.text))  # noqa: E731
        else:
            units = _units(self.doc, block, plan.scope)
            sentence_of = lambda off: _sentence_of(self.doc, block, off)  # noqa: E731
        found: list[tuple[int, int, Pattern]] = []
        for a, b in units:
            for p in patterns:
                for s, e in _search(p.matcher, text, a, b):
                    if not self._excepted(p, text, s, e, sentence_of):
                        found.append((s, e, p))
        for s, e, p in _non_overlapping(found):
            if block is None:
                yield Hit(p, target.line, target.offset + s, target.line, target.offset + e, target.text[s:e])
            else:
                line, col = self.doc.position(block, s)
                end_line, end_col = self.doc.end_position(block, e)
                yield Hit(p, line, col, end_line, end_col, target.text[s:e])

    # ---------------------------------------------------------- exceptions

    def _excepted(self, p: Pattern, text: _Text, s: int, e: int,
                  sentence_of: Callable[[int], tuple[int, int]]) -> bool:
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


def find_hits(rule: PackRule, doc: Document, shared: "DocumentAnalysis | None" = None) -> list[Hit]:
    """Every match of ``rule``'s patterns in ``doc``, in document order (``shared``: the document's shared
    analyses, where the searched blocks are kept for the other pack rules)."""
    return sorted(_Checker(rule, doc, shared).hits(), key=lambda h: (h.line, h.column))
