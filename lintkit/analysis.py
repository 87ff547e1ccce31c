"""Analyses of one document that several rules read, computed once per document.

- generation markers (``---END---``, ``<|endoftext|>``...: the patterns of
  S104's ``markers`` / ``standalone-markers`` options): S103, S104, S105 and
  the duplicate analysis of S101/S102/S108 read :attr:`DocumentAnalysis.markers`;
- non-prose inline source (a paragraph that is only links, images,
  attribute lists or template tags): :func:`non_prose` (S103, S105);
- end matter (the closing disclaimer and the end-matter sections:
  "あわせて読みたい", CTA, book lists): :meth:`DocumentAnalysis.end_matter` (S108);
- :meth:`DocumentAnalysis.memo`: a per-document store for the analyses a
  family of rules shares (S101/S102's duplicate analysis, the fact rules'
  checked claims), keyed by what they depend on.

The engine builds one :class:`DocumentAnalysis` per document and hands it
to every rule through ``RuleContext.analysis``; nothing is kept at module
level, so a long-running process (the language server) holds no document
after its check.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Any, Callable, Hashable, Mapping, NamedTuple, TypeVar

from lintkit.document import HEADING, Block, Document

T = TypeVar("T")

MARKER_CODE = "S104"  # whose options say what a generation marker is
OptionsOf = Callable[[str], Mapping[str, Any]]  # rule code → the run's options for it (defaults if not set)


# ---------------------------------------------------------------- generation markers


class MarkerLines(NamedTuple):
    """Where a document's generation markers are (0-based lines)."""

    own: frozenset[int]  # a marker on a line of its own
    glued: Mapping[int, "re.Match[str]"]  # a marker glued to the end of the line (match in that line)


@lru_cache(maxsize=32)
def _compile(markers: tuple[str, ...], standalone: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alts = "|".join(f"(?:{m})" for m in markers)
    own = "|".join(f"(?:{m})" for m in markers + standalone)
    line = re.compile(rf"^\s*(?:{own})\s*$")
    glued = re.compile(rf"(?:(?<=\s)|(?<=[^\x00-\x7f]))(?P<marker>{alts})\s*$")
    return line, glued


def marker_regexes(options: Mapping[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """S104's marker patterns from its options: (a whole-line marker, a marker glued to a line's end)."""
    return _compile(tuple(options["markers"]), tuple(options["standalone-markers"]))


def find_marker_lines(doc: Document, own: re.Pattern[str], glued: re.Pattern[str]) -> MarkerLines:
    """The lines of ``doc`` that ``own`` matches whole, and those ``glued`` finds a marker at the end of."""
    whole: set[int] = set()
    ends: dict[int, re.Match[str]] = {}
    for n, text in enumerate(doc.lines):
        if not text or text.isspace():
            continue
        if own.match(text):
            whole.add(n)
            continue
        m = glued.search(text)
        if m:
            ends[n] = m
    return MarkerLines(frozenset(whole), ends)


# ---------------------------------------------------------------- non-prose inline source

# links, images, autolinks, kramdown IALs, Liquid/GitBook tags, URLs
# (quantifiers are bounded so that hostile input such as 50,000 "[" stays linear)
_NON_PROSE_RE = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\]\n]{0,300}\]){0,300}\]\([^)\n]{0,2000}\)|!?\[[^\]\n]{0,300}\]\[[^\]\n]{0,300}\]"
    r"|<[^>\s]{1,2000}>|\{:[^}\n]{0,300}\}|\{%[^\n]{0,300}?%\}|\{\{[^\n]{0,300}?\}\}|(?:https?|ftp)://\S+"
)
_NON_PROSE_MAX = 10_000  # longer paragraphs are prose
_RESIDUE_RE = re.compile(r"[\s*_~|・/→←>\-–—:：,、.。()（）\[\]]+")


def non_prose(content: str) -> bool:
    """Link-only, image-only, attribute-list-only or template-only inline source."""
    if len(content) > _NON_PROSE_MAX:
        return False
    rest = _NON_PROSE_RE.sub("", content)
    return not _RESIDUE_RE.sub("", rest)


# ---------------------------------------------------------------- end matter

_GAP_HEADINGS = 1  # a gap of at most one section between two pieces of end matter is end matter too (a CTA)
_GAP_LENGTH = 400  # ... if its text is short (normalized characters)


def end_matter(doc: Document, markers: tuple[str, ...], section_markers: tuple[str, ...]) -> frozenset[int]:
    """Block indexes of the end matter.

    End matter is: a block holding a disclaimer marker (``markers``); a
    section whose heading holds a section marker, down to the next heading
    of its level or above or to a nested heading that is not a link (book
    lists put each book in a linked heading; a pipeline's "continuation"
    after the footer starts with a plain one); and a short gap (one section
    at most, such as a contact CTA) between two of those.
    """
    if not markers and not section_markers:
        return frozenset()
    blocks = doc.blocks
    marked: set[int] = set()
    for section in doc.sections:
        if section.heading is None or section.heading in marked:
            continue
        if not _contains_any(blocks[section.heading].text, section_markers):
            continue
        marked.add(section.heading)
        for i in section.blocks:
            b = blocks[i]
            if b.kind == HEADING and b.parent is None and not _is_link_heading(b.content):
                break
            marked.add(i)
            if _is_disclaimer(b, markers):
                marked.update(_descendants(doc, i))
                break  # the disclaimer closes the end matter
    for b in blocks:
        if _is_disclaimer(b, markers):
            marked.add(b.index)
    if not marked:
        return frozenset()
    # join pieces of end matter separated by a short gap (top-level blocks only)
    top = [b for b in blocks if b.parent is None]
    previous: int | None = None  # position in ``top`` of the last marked block
    for k, b in enumerate(top):
        if b.index not in marked:
            continue
        if previous is not None and k > previous + 1:
            gap = top[previous + 1 : k]
            headings = sum(1 for g in gap if g.kind == HEADING)
            length = sum(len(g.text) for g in gap)
            if headings <= _GAP_HEADINGS and length <= _GAP_LENGTH:
                for g in gap:
                    marked.add(g.index)
                    marked.update(_descendants(doc, g.index))
        previous = k
    return frozenset(marked)


def _is_disclaimer(b: Block, markers: tuple[str, ...]) -> bool:
    return b.kind != HEADING and b.prose is not None and _contains_any(b.text, markers)


def _contains_any(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``phrases`` (one regex search in C, not a Python loop per phrase)."""
    pattern = _phrase_pattern(phrases)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> "re.Pattern[str] | None":
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


def _is_link_heading(content: str) -> bool:
    """A heading whose text is a link: ``### [書名](https://...)``."""
    text = content.strip().strip("*_")
    return text.startswith("[") and "](" in text and text.endswith(")")


def _descendants(doc: Document, index: int) -> list[int]:
    out: list[int] = []
    stack = list(doc.blocks[index].children)
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(doc.blocks[i].children)
    return out


# ---------------------------------------------------------------- the per-document object


class DocumentAnalysis:
    """The shared analyses of one document under one run's options (built once per document check)."""

    def __init__(self, doc: Document, options_of: OptionsOf) -> None:
        self.doc = doc
        self.options_of = options_of
        self._memo: dict[Hashable, object] = {}

    @cached_property
    def marker_patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """(a whole-line marker, a marker glued to a line's end), from S104's options."""
        return marker_regexes(self.options_of(MARKER_CODE))

    @cached_property
    def markers(self) -> MarkerLines:
        """The document's generation markers under S104's options."""
        own, glued = self.marker_patterns
        return find_marker_lines(self.doc, own, glued)

    def end_matter(self, markers: tuple[str, ...], section_markers: tuple[str, ...]) -> frozenset[int]:
        """:func:`end_matter` of this document for these markers (computed once for each)."""
        return self.memo(("end-matter", markers, section_markers),
                         lambda: end_matter(self.doc, markers, section_markers))

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per key for this document: for analyses a family of rules shares.

        The key must say everything the result depends on besides the document (settings, the
        runtime object that computes it), since each rule of the family asks with its own.
        """
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        value = self._memo[key] = build()
        return value
