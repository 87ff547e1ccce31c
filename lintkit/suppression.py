"""Inline suppression comments in the Markdown, and M402 unused-suppression.

Four comment forms, written as HTML comments so that they are invisible when
the article is rendered::

    <!-- lintkit-disable S102 S104 -->     … until lintkit-enable or the end of the file
    <!-- lintkit-enable -->                 ends every disable (or only the named rules)
    <!-- lintkit-disable-next-line F201 --> the line right after the comment
    <!-- lintkit-disable-file -->           the whole file

Rules are named like ``--select`` does: codes, prefixes or names, separated
by spaces or commas; no rule at all means every rule. A justification may
follow ``--``: ``<!-- lintkit-disable S102 -- quoted on purpose -->``.

Comments are found in HTML blocks and in inline HTML of paragraphs and
headings (markdown-it's tokens), never inside code blocks, code spans or
front matter. A finding is suppressed when its first line is covered. A
comment (or a rule named in it) that suppresses nothing is reported as M402,
like ruff's unused-noqa, so that stale comments do not pile up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from lintkit.document import HTML, Document
from lintkit.finding import Finding
from lintkit.meta import RuleMeta
from lintkit.selection import specificity

if TYPE_CHECKING:  # the rules package imports every rule; suppression is imported by the S108 index
    from lintkit.rules.base import RuleContext

CODE = "M402"

DISABLE = "disable"
ENABLE = "enable"
NEXT_LINE = "disable-next-line"
FILE = "disable-file"

_DIRECTIVE = re.compile(
    r"<!--\s*lintkit-(?P<kind>disable-next-line|disable-file|disable|enable)(?![\w-])(?P<args>.*?)-->", re.S)
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment. Lines are 0-based; ``end_line`` is the line holding ``-->``."""

    kind: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the comment as written (for messages)
    selectors: tuple[str, ...]  # as written; empty = every rule
    codes: frozenset[str] | None  # the codes they name; None = every rule
    unknown: tuple[str, ...]  # selectors that name no rule


_SHORT_SCOPE = 64  # lines: scopes shorter than this are indexed line by line


@dataclass(slots=True)
class _Scope:
    """Where a disable directive applies: lines ``[start, end]`` for ``codes`` minus ``excluded``."""

    directive: int  # index into the directive list
    start: int
    end: int
    codes: frozenset[str] | None
    excluded: frozenset[str] = frozenset()

    def covers(self, f: Finding) -> bool:
        return (self.start <= f.line <= self.end and (self.codes is None or f.code in self.codes)
                and f.code not in self.excluded)


@dataclass
class Suppressions:
    """The directives of one document and what each of them suppressed.

    Short scopes (``disable-next-line``, a closed ``disable`` … ``enable`` of
    a few lines) are indexed by line. Long ones are looked up per code in the
    union of their line ranges (a binary search), and what each of them
    suppressed is worked out once, when ``used`` is first read: a file with
    thousands of unclosed ``disable`` comments, each over the rest of the
    file, costs n log n, not n².
    """

    directives: list[Directive]
    scopes: list[_Scope]
    unmatched_enables: list[int] = field(default_factory=list)

    _used: dict[int, set[str]] = field(default_factory=dict, repr=False, compare=False)
    _by_line: dict[int, list[_Scope]] | None = field(default=None, repr=False, compare=False)
    _wide: list[_Scope] = field(default_factory=list, repr=False, compare=False)
    _wide_ranges: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict, repr=False, compare=False)
    _wide_hits: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)  # code → lines

    def suppresses(self, f: Finding) -> bool:
        self._index()
        hit = False
        near = self._by_line.get(f.line) if self._by_line is not None else None
        for scope in near or ():
            if scope.covers(f):
                self._used.setdefault(scope.directive, set()).add(f.code)
                hit = True
        if self._wide and self._in_wide(f.code, f.line):
            self._wide_hits.setdefault(f.code, []).append(f.line)
            hit = True
        return hit

    @property
    def used(self) -> dict[int, set[str]]:
        """Directive index → the codes it suppressed (every scope that covers a suppressed finding)."""
        if self._wide_hits:
            for code, lines in self._wide_hits.items():
                lines.sort()
                for scope in self._wide:
                    if (scope.codes is None or code in scope.codes) and code not in scope.excluded:
                        k = bisect_left(lines, scope.start)
                        if k < len(lines) and lines[k] <= scope.end:
                            self._used.setdefault(scope.directive, set()).add(code)
            self._wide_hits = {}
        return self._used

    def _index(self) -> None:
        if self._by_line is not None:
            return
        self._by_line = {}
        self._wide = []
        for scope in self.scopes:
            if scope.end - scope.start < _SHORT_SCOPE:
                for n in range(scope.start, scope.end + 1):
                    self._by_line.setdefault(n, []).append(scope)
            else:
                self._wide.append(scope)

    def _in_wide(self, code: str, line: int) -> bool:
        """Whether a long scope that applies to ``code`` covers ``line``."""
        ranges = self._wide_ranges.get(code)
        if ranges is None:
            spans = sorted((s.start, s.end) for s in self._wide
                           if (s.codes is None or code in s.codes) and code not in s.excluded)
            starts: list[int] = []
            ends: list[int] = []
            for lo, hi in spans:  # merged: the union of the ranges
                if ends and lo <= ends[-1] + 1:
                    ends[-1] = max(ends[-1], hi)
                else:
                    starts.append(lo)
                    ends.append(hi)
            ranges = self._wide_ranges[code] = (starts, ends)
        starts, ends = ranges
        k = bisect_right(starts, line) - 1
        return k >= 0 and line <= ends[k]


# ---------------------------------------------------------------- finding the comments

def _parse(match: re.Match[str], doc: Document, metas: Mapping[str, RuleMeta]) -> Directive:
    args = match.group("args").split("--", 1)[0]
    selectors = tuple(s for s in _SPLIT.split(args.strip()) if s)
    codes: set[str] = set()
    unknown: list[str] = []
    for s in selectors:
        matched = [m.code for m in metas.values() if specificity(s, m) >= 0]
        if matched:
            codes.update(matched)
        else:
            unknown.append(s)
    line, column = doc.source.position(match.start())
    end_line, end_column = doc.source.position(match.end() - 1)
    text = " ".join(match.group().split())
    return Directive(match.group("kind"), line, column, end_line, end_column + 1, text, selectors,
                     frozenset(codes) if selectors else None, tuple(unknown))


def _inline_offsets(doc: Document) -> Iterable[int]:
    """Source offsets of inline HTML comments that hold a directive (paragraphs and headings)."""
    src = doc.source.text
    starts = doc.source.line_starts
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or "lintkit-" not in tok.content:
            continue
        lo = starts[tok.map[0]] if tok.map[0] < len(starts) else len(src)
        hi = starts[tok.map[1]] if tok.map[1] < len(starts) else len(src)
        cursor = lo
        for child in tok.children or ():
            piece = child.content
            if not piece:
                continue
            at = src.find(piece, cursor, hi)
            if at < 0:
                continue
            cursor = at + len(piece)
            if child.type == "html_inline" and _DIRECTIVE.match(piece):
                yield at


def find_directives(doc: Document, metas: Mapping[str, RuleMeta]) -> list[Directive]:
    """Every suppression comment of ``doc`` in source order."""
    src = doc.source.text
    if "lintkit-" not in src:  # the common case costs one substring search
        return []
    starts = doc.source.line_starts
    found: dict[int, Directive] = {}
    for block in doc.blocks:
        if block.kind != HTML:
            continue
        lo = starts[block.start] if block.start < len(starts) else len(src)
        hi = starts[block.end] if block.end < len(starts) else len(src)
        for match in _DIRECTIVE.finditer(src, lo, hi):
            found[match.start()] = _parse(match, doc, metas)
    for at in _inline_offsets(doc):
        inline = _DIRECTIVE.match(src, at)
        if inline is not None:
            found[at] = _parse(inline, doc, metas)
    return [found[k] for k in sorted(found)]


# ---------------------------------------------------------------- scopes

def build(directives: list[Directive], nlines: int) -> Suppressions:
    """Turn directives into line scopes (disable … enable, next line, whole file)."""
    last = max(nlines - 1, 0)
    scopes: list[_Scope] = []
    open_scopes: list[_Scope] = []
    unmatched: list[int] = []
    for i, d in enumerate(directives):
        if d.kind == FILE:
            scopes.append(_Scope(i, 0, last, d.codes))
        elif d.kind == NEXT_LINE:
            scopes.append(_Scope(i, d.end_line + 1, d.end_line + 1, d.codes))
        elif d.kind == DISABLE:
            scope = _Scope(i, d.line, last, d.codes)
            scopes.append(scope)
            open_scopes.append(scope)
        else:  # enable
            closed = False
            still_open: list[_Scope] = []
            for scope in open_scopes:
                if d.codes is None:  # enable everything
                    scope.end, closed = d.line, True
                    continue
                if scope.codes is None:  # disable-all, enable some: the rest stays disabled
                    if d.codes - scope.excluded:
                        scope.end, closed = d.line, True
                        rest = _Scope(scope.directive, d.line, last, None, scope.excluded | d.codes)
                        scopes.append(rest)
                        still_open.append(rest)
                    else:
                        still_open.append(scope)
                    continue
                hit = scope.codes & d.codes
                if not hit:
                    still_open.append(scope)
                    continue
                scope.end, closed = d.line, True
                remaining = scope.codes - d.codes
                if remaining:
                    rest = _Scope(scope.directive, d.line, last, frozenset(remaining))
                    scopes.append(rest)
                    still_open.append(rest)
            open_scopes = still_open
            if not closed:
                unmatched.append(i)
    return Suppressions(directives, scopes, unmatched)


# ---------------------------------------------------------------- applying them

def apply(
    doc: Document,
    findings: list[Finding],
    metas: Mapping[str, RuleMeta],
    *,
    checked: frozenset[str] | set[str],
    enabled: Callable[[RuleMeta], bool],
    report: RuleContext | None,
) -> list[Finding]:
    """Drop suppressed findings; add M402 for comments that suppressed nothing.

    ``checked``: codes of the rules that ran on ``doc`` (only they can be
    judged unused); ``enabled``: whether a rule is enabled for this file (a
    comment naming a disabled rule is reported, as ruff reports non-enabled
    codes in noqa); ``report``: the M402 rule context, None when M402 is off.
    """
    directives = find_directives(doc, metas)
    if not directives:
        return findings
    sup = build(directives, len(doc.lines))
    kept = [f for f in findings if not sup.suppresses(f)]
    if report is not None:
        kept.extend(unused(doc, sup, metas, checked, enabled, report))
    return kept


def unused(
    doc: Document,
    sup: Suppressions,
    metas: Mapping[str, RuleMeta],
    checked: frozenset[str] | set[str],
    enabled: Callable[[RuleMeta], bool],
    ctx: RuleContext,
) -> list[Finding]:
    """M402 findings, one per problem of a comment."""
    out: list[Finding] = []
    unmatched = set(sup.unmatched_enables)

    def emit(d: Directive, key: str, codes: Iterable[str] = ()) -> None:
        names = sorted(codes)
        out.append(ctx.report(doc, d.line, d.column, d.end_line, d.end_column, message=key,
                              args={"comment": d.text, "codes": ", ".join(names)},
                              data={"directive": d.kind, "codes": names}))

    for i, d in enumerate(sup.directives):
        if d.unknown:
            emit(d, "unknown", d.unknown)
        if d.kind == ENABLE:
            if i in unmatched:
                emit(d, "enable")
            continue
        used = sup.used.get(i, set())
        if d.codes is None:
            if not used:
                emit(d, "default")
            continue
        idle: list[str] = []  # selectors whose rules ran here and suppressed nothing
        disabled: list[str] = []  # selectors whose rules are all disabled for this file
        any_used = False
        for sel in d.selectors:
            codes = [m.code for m in metas.values() if specificity(sel, m) >= 0]
            if not codes:
                continue  # unknown: reported above
            if used.intersection(codes):
                any_used = True
            elif not any(enabled(metas[c]) for c in codes):
                disabled.append(sel)
            elif any(c in checked for c in codes):
                idle.append(sel)
            # else: rules that do not run per document (cross-file ones): cannot be judged here
        if not any_used and idle and len(idle) + len(disabled) + len(d.unknown) == len(d.selectors):
            emit(d, "default")
            continue
        if idle:
            emit(d, "partial", idle)
        if disabled:
            emit(d, "disabled", disabled)
    return out
