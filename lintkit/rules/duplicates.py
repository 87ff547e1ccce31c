"""S101 duplicate-section and S102 duplicate-paragraph.

Both rules read one analysis of the document, computed once and cached on
the document (keyed by the options of both rules), so that a section that S101
reports as a duplicate is not reported again paragraph by paragraph by S102:
one finding per defect.

Units compared by S102: top-level paragraphs (a paragraph that a glued
``---`` made a setext heading included), list items (the whole item with its
nested content), tables and blockquotes; never code, HTML, separators or
headings. A unit is skipped when it is too short after normalization, when
it holds only links (``[Amazonで詳しく見る →](url)`` under every book), and
generation markers (S104's business) and kramdown attribute lists
(``{: .class}``) are removed from its text first.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Mapping

from lintkit.document import BLOCKQUOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, Document, Section
from lintkit.edits import delete_lines
from lintkit.finding import Finding, Fix
from lintkit.meta import builtin_meta
from lintkit.rules.base import RuleContext
from lintkit.similarity import find_duplicates, normalize

SECTION_CODE = "S101"
PARAGRAPH_CODE = "S102"
MARKER_CODE = "S104"  # whose options say what a generation marker is

_UNIT_KINDS = (PARAGRAPH, LIST_ITEM, TABLE, BLOCKQUOTE)
_IAL = re.compile(r"\{:[^{}\n]*\}")
_LINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]"  # [text] or ![alt], one level of nested brackets
    r"(?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\[\]\n]*\])"  # (url "title") or [ref]
    r"|<(?:https?|ftp|mailto):[^>\s]*>"
    r"|(?:https?|ftp)://\S+"
)
_LINE_MARKUP = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?=[ \t]|$))?", re.M)


# settings and analysis ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    section_threshold: float
    section_min_length: int
    paragraph_threshold: float
    paragraph_min_length: int
    markers: tuple[str, ...]
    standalone_markers: tuple[str, ...]

    @classmethod
    def of(cls, ctx: RuleContext) -> "Settings":
        """Both rules' options (and S104's marker patterns), from the run whichever rule asks."""

        def options(code: str) -> Mapping[str, Any]:
            if code == ctx.meta.code:
                return ctx.options
            found = ctx.run.options.get(code)
            return found if found is not None else builtin_meta()[code].default_options()

        s101, s102, s104 = options(SECTION_CODE), options(PARAGRAPH_CODE), options(MARKER_CODE)
        return cls(
            float(s101["threshold"]), int(s101["min-length"]),
            float(s102["threshold"]), int(s102["min-length"]),
            tuple(s104.get("markers", ())), tuple(s104.get("standalone-markers", ())),
        )


@dataclass(frozen=True, slots=True)
class Unit:
    """A block compared by S102; lines are 0-based, ``last`` inclusive."""

    block: int
    start: int
    last: int
    text: str  # normalized


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``later`` repeats ``first`` (unit or section indexes, depending on the list holding it)."""

    later: int
    first: int
    similarity: float
    exact: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    units: tuple[Unit, ...]
    paragraphs: tuple[Duplicate, ...]  # S102, units inside reported sections already left out
    sections: tuple[Duplicate, ...]  # S101 repeated sections (indexes into doc.sections)
    headings: tuple[Duplicate, ...]  # S101 sibling headings repeated (with different bodies)


_CACHE: "weakref.WeakKeyDictionary[Document, tuple[Settings, Analysis]]" = weakref.WeakKeyDictionary()


def analyze(doc: Document, settings: Settings) -> Analysis:
    """The duplicate analysis of ``doc``, computed once per document and settings."""
    cached = _CACHE.get(doc)
    if cached is not None and cached[0] == settings:
        return cached[1]
    result = _Analyzer(doc, settings).run()
    _CACHE[doc] = (settings, result)
    return result


@lru_cache(maxsize=32)
def _marker_patterns(markers: tuple[str, ...], standalone: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """S104's generation markers: a whole line, or glued to a line's end (after a space or non-ASCII)."""
    alts = "|".join(f"(?:{m})" for m in markers) or r"(?!)"
    own = "|".join(f"(?:{m})" for m in markers + standalone) or r"(?!)"
    return re.compile(rf"^\s*(?:{own})\s*$"), re.compile(rf"(?:(?<=\s)|(?<=[^\x00-\x7f]))(?:{alts})\s*$")


class _Analyzer:
    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self.own_marker, self.glued_marker = _marker_patterns(settings.markers, settings.standalone_markers)
        self.clean: dict[int, str] = {}  # block index → normalized text (markers and IALs removed)
        self.link_only: set[int] = set()

    def run(self) -> Analysis:
        doc = self.doc
        for block in doc.blocks:
            if block.kind == HEADING or block.kind in _UNIT_KINDS:
                self.clean[block.index] = self._normalized(block)
                if block.kind != HEADING and self._is_link_only(block):
                    self.link_only.add(block.index)
        sections, headings = self._sections()
        reported_lines = [(doc.sections[d.later].start, doc.sections[d.later].end) for d in sections]
        units, paragraphs = self._paragraphs(reported_lines)
        return Analysis(units, paragraphs, sections, headings)

    # text of a block ------------------------------------------------------

    def _normalized(self, block: Block) -> str:
        text = block.text
        if "{:" in text:
            text = _IAL.sub("", text)
        if self.settings.markers or self.settings.standalone_markers:
            kept = []
            for line in text.split("\n"):
                if self.own_marker.match(line):
                    continue
                kept.append(self.glued_marker.sub("", line))
            text = "\n".join(kept)
        return normalize(text)

    def _is_link_only(self, block: Block) -> bool:
        """Whether the block's source holds nothing but links, images, URLs and markup."""
        raw = "\n".join(self.doc.lines[block.start : _last_line(self.doc, block) + 1])
        rest = _LINE_MARKUP.sub("", _LINK.sub("", _IAL.sub("", raw)))
        return not normalize(rest) and bool(self.clean.get(block.index))

    # S102 ---------------------------------------------------------------

    def _paragraphs(self, reported: list[tuple[int, int]]) -> tuple[tuple[Unit, ...], tuple[Duplicate, ...]]:
        doc = self.doc
        min_length = self.settings.paragraph_min_length
        units: list[Unit] = []
        position: dict[int, int] = {}  # block index → unit index
        for block in doc.blocks:
            if block.kind not in _UNIT_KINDS or (block.kind == PARAGRAPH and block.parent is not None):
                continue
            if block.index in self.link_only:
                continue
            text = self.clean.get(block.index, "")
            if len(text) < min_length:
                continue
            position[block.index] = len(units)
            units.append(Unit(block.index, block.start, _last_line(doc, block), text))
        ancestors = [self._unit_ancestors(doc.blocks[u.block], position) for u in units]

        def nested(i: int, j: int) -> bool:
            return j in ancestors[i]

        found = find_duplicates([u.text for u in units], self.settings.paragraph_threshold,
                                min_length=min_length, exclude=nested)
        result: list[Duplicate] = []
        flagged: set[int] = set()
        for m in found:
            unit = units[m.index]
            if ancestors[m.index] & flagged or any(lo <= unit.start < hi for lo, hi in reported):
                continue  # one finding per defect: the enclosing item or section is reported
            flagged.add(m.index)
            result.append(Duplicate(m.index, m.other, m.similarity, m.exact))
        return tuple(units), tuple(result)

    def _unit_ancestors(self, block: Block, position: dict[int, int]) -> frozenset[int]:
        result = []
        parent = block.parent
        while parent is not None:
            if parent in position:
                result.append(position[parent])
            parent = self.doc.blocks[parent].parent
        return frozenset(result)

    # S101 ---------------------------------------------------------------

    def _body(self, section: Section) -> str:
        blocks = self.doc.blocks
        return "".join(self.clean.get(b, "") for b in section.blocks
                       if blocks[b].parent is None and b not in self.link_only)

    def _sections(self) -> tuple[tuple[Duplicate, ...], tuple[Duplicate, ...]]:
        sections = self.doc.sections
        bodies = [self._body(s) for s in sections]
        lineage = [_section_ancestors(sections, s) for s in sections]

        def nested(i: int, j: int) -> bool:
            return j in lineage[i]

        found = find_duplicates(bodies, self.settings.section_threshold,
                                min_length=self.settings.section_min_length, exclude=nested)
        repeated: list[Duplicate] = []
        flagged: set[int] = set()
        for m in found:
            if sections[m.index].heading is None or lineage[m.index] & flagged:
                continue
            flagged.add(m.index)
            repeated.append(Duplicate(m.index, m.other, m.similarity, m.exact))
        headings: list[Duplicate] = []
        first_by_parent: dict[tuple[int | None, str], int] = {}
        for section in sections:
            if section.heading is None:
                continue
            title = self.clean.get(section.heading, "")
            if not title:
                continue
            key = (section.parent, title)
            first = first_by_parent.setdefault(key, section.index)
            if first != section.index and section.index not in flagged and not lineage[section.index] & flagged:
                headings.append(Duplicate(section.index, first, 1.0, True))
        return tuple(repeated), tuple(headings)


def _section_ancestors(sections: list[Section], section: Section) -> frozenset[int]:
    result = []
    parent = section.parent
    while parent is not None:
        result.append(parent)
        parent = sections[parent].parent
    return frozenset(result)


def _last_line(doc: Document, block: Block) -> int:
    """0-based last line of a block's text (no setext underline, no trailing blank lines)."""
    last = block.last_line
    while last > block.start and not doc.lines[last].strip():
        last -= 1
    return last


def _section_last_line(doc: Document, section: Section) -> int:
    last = max(section.start, section.end - 1)
    while last > section.start and not doc.lines[last].strip():
        last -= 1
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# the rules --------------------------------------------------------------


class DuplicateSection:
    code = SECTION_CODE

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        analysis = analyze(doc, Settings.of(ctx))
        sections = doc.sections
        for dup, key in [(d, "default") for d in analysis.sections] + [(d, "heading") for d in analysis.headings]:
            later, first = sections[dup.later], sections[dup.first]
            first_line = first.start if first.heading is not None else _first_body_line(doc, first)
            last = _section_last_line(doc, later)
            heading = doc.blocks[later.heading].text.strip() if later.heading is not None else ""
            args: dict[str, Any] = {"other_line": first_line + 1, "similarity": dup.similarity, "heading": heading}
            data: dict[str, Any] = {"other_line": first_line + 1}
            if key == "default":
                data["similarity"] = round(dup.similarity, 4)
            else:
                data["heading"] = heading
            yield ctx.report(doc, later.start, _indent(doc.lines[later.start]), last, len(doc.lines[last]),
                             message=key, args=args, data=data,
                             related=[ctx.related(doc.path, first_line, _indent(doc.lines[first_line]))])


def _first_body_line(doc: Document, section: Section) -> int:
    for b in section.blocks:
        return doc.blocks[b].start
    return section.start


class DuplicateParagraph:
    code = PARAGRAPH_CODE

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        analysis = analyze(doc, Settings.of(ctx))
        units = analysis.units
        lines = doc.lines
        for dup in analysis.paragraphs:
            later, first = units[dup.later], units[dup.first]
            fix = None
            if dup.exact and lines[later.start : later.last + 1] == lines[first.start : first.last + 1]:
                fix = Fix(True, ctx.msg("fix"), (delete_lines(doc, later.start, later.last + 1),))
            yield ctx.report(
                doc, later.start, _indent(lines[later.start]), later.last, len(lines[later.last]),
                args={"other_line": first.start + 1, "similarity": dup.similarity},
                related=[ctx.related(doc.path, first.start, _indent(lines[first.start]))],
                fix=fix,
                data={"other_line": first.start + 1, "similarity": round(dup.similarity, 4)},
            )
