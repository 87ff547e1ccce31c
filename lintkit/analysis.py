"""Analyses of one document that several rules read, computed once per document.

- generation markers (``---END---``, ``<|endoftext|>``...: the patterns of
  S104's ``markers`` / ``standalone-markers`` options): S103, S104, S105 and
  the duplicate analysis of S101/S102/S108 read :attr:`DocumentAnalysis.markers`;
- non-prose inline source (a paragraph that is only links, images,
  attribute lists or template tags): :func:`non_prose` (S103, the end matter);
- end matter (the closing disclaimer and the end-matter sections:
  "あわせて読みたい", CTA, book lists) and the article body that follows it:
  :meth:`DocumentAnalysis.end_matter` (S105 reports the body after it, S108
  leaves the end matter out of its comparison);
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
from bisect import bisect_right
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import Any, Callable, Hashable, Mapping, NamedTuple, TypeVar

from lintkit.document import BLOCKQUOTE, HEADING, HR, HTML, LIST_ITEM, PARAGRAPH, TABLE, Block, Document

T = TypeVar("T")

MARKER_CODE = "S104"  # whose options say what a generation marker is
OptionsOf = Callable[[str], Mapping[str, Any]]  # rule code → the run's options for it (defaults if not set)


# ---------------------------------------------------------------- generation markers


class MarkerLines(NamedTuple):
    """Where a document's generation markers are (0-based lines)."""

    own: frozenset[int]  # a marker on a line of its own
    glued: Mapping[int, "re.Match[str]"]  # a marker glued to the end of the line (match in that line)


_GLUE = r"(?:(?<=\s)|(?<=[^\x00-\x7f]))"  # a glued marker follows a space or a non-ASCII character
_GLUE_BEFORE = re.compile(r"\s|[^\x00-\x7f]")  # ... the same test on the character before it


@lru_cache(maxsize=32)
def _compile(markers: tuple[str, ...], standalone: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alts = "|".join(f"(?:{m})" for m in markers)
    own = "|".join(f"(?:{m})" for m in markers + standalone)
    line = re.compile(rf"^\s*(?:{own})\s*$")
    glued = re.compile(rf"{_GLUE}(?P<marker>{alts})\s*$")
    return line, glued


@lru_cache(maxsize=32)
def _unglued(glued: re.Pattern[str]) -> re.Pattern[str] | None:
    """``glued`` without its look-behind (None for a pattern not made by :func:`_compile`)."""
    if not glued.pattern.startswith(_GLUE):
        return None
    return re.compile(glued.pattern[len(_GLUE):], glued.flags)


def _search_glued(glued: re.Pattern[str], text: str, bare: "re.Pattern[str] | None" = None) -> "re.Match[str] | None":
    """``glued.search(text)``, the same match, 2-3x faster on Japanese lines: the marker is searched without the
    look-behind that re would try at every position (``bare``: :func:`_unglued` of ``glued``, looked up when not
    given), and the character before each match is tested after it (the leftmost match whose start passes the
    test is the one ``glued`` finds)."""
    if bare is None:
        bare = _unglued(glued)
        if bare is None:
            return glued.search(text)
    pos = 0
    while pos <= len(text):  # (re clamps a start beyond the end: an empty match there would come back forever)
        m = bare.search(text, pos)
        if m is None or (m.start() > 0 and _GLUE_BEFORE.match(text, m.start() - 1)):
            return m
        pos = m.start() + 1
    return None


def marker_regexes(options: Mapping[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """S104's marker patterns from its options: (a whole-line marker, a marker glued to a line's end)."""
    return _compile(tuple(options["markers"]), tuple(options["standalone-markers"]))


def find_marker_lines(doc: Document, own: re.Pattern[str], glued: re.Pattern[str]) -> MarkerLines:
    """The lines of ``doc`` that ``own`` matches whole, and those ``glued`` finds a marker at the end of."""
    whole: set[int] = set()
    ends: dict[int, re.Match[str]] = {}
    bare = _unglued(glued)
    for n, text in enumerate(doc.lines):
        if not text or text.isspace():
            continue
        if own.match(text):
            whole.add(n)
            continue
        m = _search_glued(glued, text, bare) if bare is not None else glued.search(text)
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

_CONFLICT_RE = re.compile(r"^(?:<{7}|>{7}|={7}|\|{7})")
_SENTENCE_END_RE = re.compile(r"[。！？!?]")

# states of the end-matter scan
_BODY = 0
_DISCLAIMER = 1
_SECTION = 2
_CLOSED = 3  # a separator after an end-matter section


class Continuation(NamedTuple):
    """Article body after the end matter (top-level block indexes)."""

    footer: int  # the end-matter block it follows (a disclaimer or an end-matter heading)
    phrase: str  # the marker phrase found in ``footer``
    first: int  # the continuation's first block
    last: int  # its last substantive block (a trailing separator, link or marker is left out)


class EndMatter(NamedTuple):
    """A document's end matter under one set of markers (:func:`end_matter`)."""

    blocks: frozenset[int]  # block indexes of the end matter, nested blocks included
    continuations: tuple[Continuation, ...]  # body after it, in document order


NO_END_MATTER = EndMatter(frozenset(), ())


def end_matter(doc: Document, markers: tuple[str, ...], section_markers: tuple[str, ...],
               own_marker: re.Pattern[str]) -> EndMatter:
    """The end matter of ``doc`` and the article body that follows it.

    End matter is found from two kinds of markers: phrases of the closing
    disclaimer (``markers``: "アフィリエイトリンクが含まれ"...) and phrases of
    end-matter section headings (``section_markers``: "あわせて読みたい",
    "おすすめ書籍", CTA headings...). The top-level blocks are scanned once:

    - a disclaimer or an end-matter heading starts the end matter once article
      prose has been seen (a sentence in a paragraph or list item), so a
      "本記事はプロモーションを含みます" notice at the top of a post is no footer;
    - after a closing disclaimer, anything substantive is a continuation;
    - inside an end-matter section, its lists, captions, CTA text and linked
      sub-headings (book titles) belong to it; a heading of the same or a
      higher level, or a sub-heading that is not a link, is a continuation;
    - after a separator that closes an end-matter section, anything
      substantive that is not end matter again is a continuation;
    - a heading whose section is shaped like a call to action (a link or a
      list of links and at most two short paragraphs) is end matter too, so
      CTA headings missing from ``section_markers`` do not read as body;
    - separators, HTML, link-only paragraphs, conflict markers and
      generation markers (``own_marker``: S104's whole-line pattern) are never
      a continuation.

    A continuation runs to the next disclaimer or end-matter heading (a
    pipeline appends a whole "completion", often with a footer of its own,
    after which another may follow). :attr:`EndMatter.blocks` holds the end
    matter's blocks with their nested blocks, and every block holding a
    disclaimer phrase wherever it stands (the notice at the top included);
    continuations are not end matter.
    """
    if not markers and not section_markers:
        return NO_END_MATTER
    top = [b for b in doc.blocks if b.parent is None]
    # which blocks hold a phrase: one search over the document's texts, not one per block
    holding = _holding([b for b in doc.blocks if b.kind != HEADING and b.prose is not None], markers)
    titled = _holding([b for b in top if b.kind == HEADING], section_markers)

    def section_marker(b: Block) -> str:
        """The first of ``section_markers`` in a heading ("" for other blocks or none)."""
        return next(p for p in section_markers if p in b.text) if b.index in titled else ""

    def disclaimer(b: Block) -> str:
        """The first of ``markers`` in a paragraph or quote ("" for other blocks or none)."""
        return next(p for p in markers if p in b.text) if b.index in holding and b.kind in (PARAGRAPH, BLOCKQUOTE) \
            else ""

    ends: list[int] = []  # top-level end-matter blocks
    found: list[Continuation] = []
    state = _BODY
    level = 0
    body_seen = False
    footer: Block | None = None
    phrase = ""
    k = 0
    while k < len(top):
        b = top[k]
        found_section = section_marker(b)
        found_disclaimer = disclaimer(b)
        k += 1
        if state == _BODY:
            if body_seen and (found_section or found_disclaimer):
                footer, phrase = b, found_section or found_disclaimer
                state, level = (_SECTION, b.level) if found_section else (_DISCLAIMER, 0)
                ends.append(b.index)
            elif b.kind in (PARAGRAPH, LIST_ITEM) and _SENTENCE_END_RE.search(b.text):
                body_seen = True
            continue
        if found_section or (b.kind == HEADING and _cta_shaped(doc, top, k - 1, own_marker)):
            state, level = _SECTION, b.level
            ends.append(b.index)
            continue
        if found_disclaimer:
            state = _DISCLAIMER
            ends.append(b.index)
            continue
        if b.kind == HR:
            if state == _SECTION:
                state = _CLOSED
            ends.append(b.index)
            continue
        if _transparent(doc, b, own_marker) or (state == _SECTION and not _leaves_section(b, level)):
            ends.append(b.index)
            continue
        assert footer is not None
        first = last = b
        while k < len(top):
            nxt = top[k]
            if section_marker(nxt) or disclaimer(nxt):
                break
            if nxt.kind != HR and not _transparent(doc, nxt, own_marker):
                last = nxt
            k += 1
        found.append(Continuation(footer.index, phrase, first.index, last.index))
        if k < len(top):  # the end matter that closes this continuation is the footer of the next one
            footer = top[k]
            phrase = section_marker(footer) or disclaimer(footer)
    blocks: set[int] = set()
    for i in ends:
        blocks.add(i)
        blocks.update(_descendants(doc, i))
    blocks.update(holding)
    return EndMatter(frozenset(blocks), tuple(found))


def _holding(blocks: list[Block], phrases: tuple[str, ...]) -> set[int]:
    """The indexes of ``blocks`` whose text holds one of ``phrases``: one regex pass over their texts joined
    by a character no phrase holds (each block apart when one does), the matches mapped back by offset."""
    pattern = _phrase_pattern(phrases)
    if pattern is None or not blocks:
        return set()
    texts = [b.text for b in blocks]
    if any(_JOIN in p for p in phrases):
        return {b.index for b, t in zip(blocks, texts) if pattern.search(t)}
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    return {blocks[bisect_right(starts, m.start()) - 1].index for m in pattern.finditer(_JOIN.join(texts))}


_JOIN = "\x00"


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> "re.Pattern[str] | None":
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


def _transparent(doc: Document, b: Block, own_marker: re.Pattern[str]) -> bool:
    """Blocks that are never a continuation: HTML, links, conflict markers, generation markers."""
    if b.kind == HTML:
        return True
    line = doc.lines[b.start] if b.start < len(doc.lines) else ""
    if _CONFLICT_RE.match(line.lstrip()):
        return True
    if b.kind in (PARAGRAPH, HEADING):
        lines = doc.lines[b.start : b.last_line + 1]
        return non_prose(b.content) or all(own_marker.match(t) or not t.strip() for t in lines)
    if b.kind in (LIST_ITEM, BLOCKQUOTE):
        kids = [doc.blocks[c] for c in b.children if doc.blocks[c].kind in (PARAGRAPH, HEADING)]
        return all(non_prose(c.content) for c in kids)
    return b.kind == TABLE and not b.text.strip()


def _cta_shaped(doc: Document, top: list[Block], k: int, own_marker: re.Pattern[str]) -> bool:
    """A heading after the end matter whose section is a call to action: a link (list) and at most
    two short paragraphs ("## 地域別ガイド" + "[ガイドを見る →](...)"), not article body."""
    heading = top[k]
    links = prose = 0
    for b in top[k + 1 :]:
        if b.kind == HR or (b.kind == HEADING and b.level <= heading.level):
            break
        if b.kind == HEADING:
            return False
        if _transparent(doc, b, own_marker):
            links += b.kind != HTML
        elif b.kind == PARAGRAPH and len(b.text) <= 200:
            prose += 1
        else:
            return False
        if prose > 2:
            return False
    return links > 0


def _leaves_section(b: Block, level: int) -> bool:
    """Inside an end-matter section: does ``b`` belong to the article body instead?"""
    if b.kind != HEADING:
        return False  # the section's own lists, captions, CTA text
    if b.level <= level:
        return True  # a sibling or parent heading that is not end matter
    return not non_prose(b.content)  # book titles are linked sub-headings; "### 6. 〜" is body


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

    def end_matter(self, markers: tuple[str, ...], section_markers: tuple[str, ...]) -> EndMatter:
        """:func:`end_matter` of this document for these markers (computed once for each), with
        S104's whole-line generation marker as the marker that is never a continuation."""
        return self.memo(("end-matter", markers, section_markers),
                         lambda: end_matter(self.doc, markers, section_markers, self.marker_patterns[0]))

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per key for this document: for analyses a family of rules shares.

        The key must say everything the result depends on besides the document (settings, the
        runtime object that computes it), since each rule of the family asks with its own.
        """
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        value = self._memo[key] = build()
        return value
