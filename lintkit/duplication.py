"""The duplicate analysis of one document: what S101, S102 and S108 read.

One analysis of the document (:func:`analyze`), computed once and cached on
the document's shared analysis, so that a section S101 reports as a duplicate
is not reported again paragraph by paragraph by S102 (one finding per
defect), and S108 compares across files the very units S102 compares within
one. The rules themselves (messages, positions, fixes) are
``lintkit.rules.duplicates``.

What is compared (all texts go through :func:`lintkit.similarity.normalize`):

- S102 units are the top-level blocks a reader sees as one piece of text:
  paragraphs (including one that a glued ``---`` made a setext heading), list
  items (the whole item, nested lists included), tables and blockquotes;
  never code, HTML, separators or headings. A unit is skipped when it is
  shorter than ``min-length`` or holds only links (``[Amazonで詳しく見る →](url)``
  under every book). Texts come from the Markdown source, so code spans count
  ("`Map`を配列に" differs from "`Set`を配列に") and link targets, URLs,
  HTML tags, template tags and kramdown attribute lists (``{: .class}``) do
  not; generation markers (S104's business) are removed first.
- A lead-in ("次のコードでは…", "以下の通りです:") is compared together with the
  block it introduces: the same sentence before different code is not a
  duplicate.
- A blockquote that repeats a paragraph is a quotation, not a duplicate; two
  items of one list are not compared as near duplicates (parallel wording
  such as "ES5なら…" / "ES6なら…"), only as exact ones.
- Consecutive duplicated units that repeat consecutive units (a pasted run of
  paragraphs) are one finding spanning the run.
- S101 compares sections (heading + everything under it, code included) and
  repeated sibling headings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from os.path import commonprefix
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, NamedTuple, Sequence

from lintkit.analysis import DocumentAnalysis
from lintkit.document import (BLOCKQUOTE, CODE, HEADING, HR, HTML, LIST_ITEM, PARAGRAPH, TABLE, Block,
                              Document, Section)
from lintkit.prose import OBJECT
from lintkit.similarity import Match, find_duplicates, normalize, similarity

if TYPE_CHECKING:  # the rules' context, read duck-typed (the analysis sits below the rules)
    from lintkit.rules.base import RuleContext

SECTION_CODE = "S101"
PARAGRAPH_CODE = "S102"

_UNIT_KINDS = frozenset((PARAGRAPH, LIST_ITEM, TABLE, BLOCKQUOTE))
_ATTRIBUTES = re.compile(r"\{[:#][^{}\n]*\}")  # kramdown IALs {: .class}, heading ids {#id}
# Liquid / GitBook tags: {% include x %}, {{book.console}}. An opener never spans another opener, so
# unclosed ones ("{{{{{{..." in a hostile file) fail at once instead of each rescanning the line.
_TEMPLATE = re.compile(r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}")
_HTML = re.compile(r"<!--(?:(?!<!--).)*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);",
                   re.S)
_URL = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>|(?:https?|ftp)://[^\s)\]>]+|www\.[A-Za-z0-9-]+\.[^\s)\]>]+")
_LINK = re.compile(
    r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # [text] or ![alt], one level of nested brackets
    r"(?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\[\]\n]*\])"  # (url "title") or [ref]
)
_LINE_MARKUP = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?=[ \t]|$)|#{1,6}(?=[ \t]|$))?", re.M)
_MARKUP_FIRST = frozenset(" \t>-*+#")  # what a match of _LINE_MARKUP on one line starts with (or a digit, \d)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.M)
_COLON_END = re.compile(r"[:：][*_]*\s*$")  # "以下の3点です:", "**技術者として見るべきこと：**"
# a labelled field of structured notes: "目的: …", "**注意**：…" (a short label, a colon, then text)
_FIELD = re.compile(r"^[ \t]*(?:\*\*|__)?[^\s:：*_。、！？!?「」『』（）()\[\]]{1,10}(?:\*\*|__)?[ \t]*[:：](?!//)[ \t]*(?:\*\*|__)?[ \t]*[^\s*_]")
FIELD = "field"  # a paragraph that is a labelled field (a unit kind of its own here)
_SENTENCE_ENDS = "。．！？!?…"
_SEAM_SENTENCES = 3  # sentences a seam repeats at most
_SEAM_MIN = 10  # normalized characters of a repeated sentence at a seam ("はい。" repeats by chance)
_BOLD_ONLY = re.compile(r"^\s*(\*\*|__)[^\n]*\1\s*$")
_PSEUDO_HEADING = re.compile(r"^\s*(?:(\*\*|__)[^\n]*\1|【[^】\n]*】)\s*$")  # a line in bold or in 【】 alone
_SEAM_PROBE = 4  # word characters the cheap seam test looks for
_NOT_WORD = re.compile(r"[\W_]+")
_SEAM_RESTART_MIN = 4  # characters of a short one-sentence cut paragraph's end that the next paragraph restarts with ("…を求める" + "を求める本能は…")
_SEAM_PART_MIN = 15  # ... of the repeated end of a sentence
_SEAM_LEAD_MIN = 2  # ... that a restart after a continuation mark ("...", "と、") repeats, or any restart of
# the cut last sentence of a paragraph of prose (a finished sentence before it, or a long one)
_SEAM_PROSE = 30  # normalized characters of a cut sentence that is prose, not a label or a title
_SEAM_INFLECTION = 2  # characters at the end of a cut sentence its restart may inflect otherwise ("狙い" / "狙っ")
_CONTINUATION = re.compile(r"^[ \u3000]*(?:\.{2,}|…+|‥+|[\u3041-\u3093][、,])[ \u3000]*")  # "...", "と、"
_CLAUSE = re.compile(r"[、，,:：]")
_FLAT_MIN_SENTENCES = 3  # repeated sentences a flattened re-paste holds at least
_FLAT_SENTENCE_MIN = 12  # normalized characters of a sentence that counts as repeated
# a closing tag (group 1) or an opening one (group 2) of an HTML/JSX element
_TAG = re.compile(r"</([A-Za-z][\w.:-]*)\s*>|<([A-Za-z][\w.:-]*)(?:\s[^<>]*)?/?>")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)  # an HTML comment (book-ja keeps the English original in them)
# a paragraph that is one inline HTML element: a listing caption (<span class="filename">ファイル名: …</span>)
_CAPTION = re.compile(r"\s*<([A-Za-z][\w-]*)(?:\s[^<>]*)?>[^\n]*</\1\s*>\s*")
_CLOSING_ONLY = re.compile(r"\s*(?:</[A-Za-z][\w.:-]*\s*>\s*)+")
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed",
                        "param", "track", "!--"})
# what differs between templated reference headings: a code span, a lowerCamel or snake_case name,
# or a name with type arguments or call parentheses ("onMounted", "Ref<T>", "useState()", "max_tokens")
# ("OpenAI", "Google" are names, not identifiers: "OpenAIの戦略" / "Googleの戦略" are two topics)
_IDENTIFIER = re.compile(r"`[^`\n]+`|\b[a-z_$][\w$]*[A-Z][\w$]*(?:\(\))?|\b[A-Za-z_$][\w$.]*(?:<[^<>\n]*>|\(\))"
                         r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# a sentence runs across the line breaks inside a paragraph (book-ja wraps lines mid-sentence; a label line
# ending in a colon joins the next one as well: the same on both sides of a comparison)
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[」』）)]*)?|[。！？!?]+")
_WRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_FLAT_DROP = re.compile(r"[\s*_]+")
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
_NEGATIONS = ("ない", "ません", "なかった")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_SPACES = re.compile(r"[ \u3000]+")
_GLUED_HEADING_MAX = 60  # characters of a sentence start that may be a heading glued to it
_FLAT_COVERAGE = 0.6  # share of a block's text that must repeat earlier sentences
_PART_SENTENCES = 2  # sentences of an earlier paragraph a paragraph holds whole, or repeats as a fragment
_PART_MIN = 40  # ... and their characters (a one-sentence lead-in repeated is not a fragment)
_SHORT_WINDOW = 64  # earlier members of a group of short texts a short text is compared with
_CONTAINED_WORK = 1_000_000  # substring tests one block's containment check may make
_INLINE_HEADING = re.compile(r"^[ \t\u3000]*#{1,6}[ \t]+")  # "### " of a heading flattened into a line
_FLAT_JOIN_COVERAGE = 0.9  # share of a short line that two or more whole earlier blocks joined must cover
_FLAT_CUT_PREFIX = 20  # normalized characters of a cut last sentence that may be the start of an earlier one
_FLAT_RUN_MIN = 60  # characters of a sentence that may be several earlier ones run together (list items)


# settings ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """What the analysis depends on besides the document: both rules' options.

    (Generation markers, removed from the texts first, come from the document's shared analysis.)"""

    section_threshold: float
    section_min_length: int
    paragraph_threshold: float
    paragraph_min_length: int
    paragraph_near_min_length: int
    lead_ins: tuple[str, ...]  # normalized
    sections_reported: bool  # S101 runs on this document, so S102 leaves its sections to it

    @classmethod
    def of(cls, ctx: RuleContext) -> "Settings":
        """The settings of a run, the same whichever of the two rules asks."""

        def options(code: str) -> Mapping[str, Any]:
            return ctx.options if code == ctx.meta.code else ctx.run.rule_options(code)

        s101, s102 = options(SECTION_CODE), options(PARAGRAPH_CODE)
        return cls(
            float(s101["threshold"]), int(s101["min-length"]),
            float(s102["threshold"]), int(s102["min-length"]), int(s102.get("near-min-length", 0)),
            _normalized_phrases(tuple(s102.get("lead-in-phrases", ()))),
            SECTION_CODE in ctx.active or not ctx.active,
        )


@lru_cache(maxsize=8)
def _normalized_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The lead-in phrases of a configuration, normalized (once, not for every document and rule)."""
    return tuple(p for p in map(normalize, phrases) if p)


# analysis ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A block compared by S102; lines are 0-based, ``last`` inclusive."""

    block: int
    start: int
    last: int
    text: str  # normalized, with the introduced block for a lead-in


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Section ``later`` repeats section ``first`` (indexes into ``doc.sections``)."""

    later: int
    first: int
    similarity: float
    exact: bool


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive units ``later`` repeating consecutive units ``first`` (indexes into ``Analysis.units``)."""

    later: tuple[int, ...]
    first: tuple[int, ...]
    similarity: float  # the lowest of the run
    exact: bool  # every unit an exact (normalized) repeat
    structured: bool  # only list items and labelled fields ("目的: …"): may repeat on purpose (a warning)


@dataclass(frozen=True, slots=True)
class Seam:
    """A paragraph that starts by repeating the last sentence of the paragraph before it (S102).

    Prose offsets: ``start``/``end`` of the repeated sentence in block ``block``; ``first`` is the
    previous paragraph, ``first_start`` where its last sentence begins. ``kind``: ``exact`` (the
    same sentence), ``after-cut`` (the previous one stops mid-sentence and this one restarts and
    completes it) or ``part`` (this one repeats the end of the previous sentence).
    """

    block: int
    start: int
    end: int
    first: int
    first_start: int
    kind: str


@dataclass(frozen=True, slots=True)
class Flat:
    """A block made mostly of sentences of two or more earlier blocks (a flattened re-paste, S102)."""

    block: int
    sources: tuple[int, ...]  # block indexes of the earlier blocks its sentences come from, in order
    coverage: float  # share of the block's (normalized) text found in earlier blocks
    sentences: int  # how many of its sentences repeat earlier ones
    start: int = 0  # prose offsets of the reported text: from the first repeated sentence on the line
    end: int = 0  # holding the most repeated text to the end of the last repeated sentence
    origins: tuple[int, ...] = ()  # per source, the prose offset of the first sentence repeated from it


@dataclass(frozen=True, slots=True)
class Part:
    """Paragraph ``block`` holds the whole earlier paragraph ``other`` word for word and adds to it
    (``kind`` ``contains``), or is made of some of its sentences (``part``); ``sentences``: how many
    sentences repeat."""

    block: int
    other: int
    kind: str
    sentences: int


@dataclass(frozen=True, slots=True)
class Analysis:
    units: tuple[Unit, ...]
    paragraphs: tuple[Run, ...]  # S102; units inside sections S101 reports are left out
    sections: tuple[Duplicate, ...]  # S101: repeated sections
    headings: tuple[Duplicate, ...]  # S101: a heading repeated among its siblings (the sections differ)
    seams: tuple[Seam, ...] = ()  # S102: a paragraph's first sentence repeating the previous one's last
    flats: tuple[Flat, ...] = ()  # S102: earlier blocks pasted again run together
    parts: tuple[Part, ...] = ()  # S102: a paragraph holding a whole earlier one, or made of part of one


def analyze(shared: DocumentAnalysis, settings: Settings) -> Analysis:
    """The duplicate analysis of ``shared.doc``, computed once per document and settings (S101, S102, S108)."""
    return shared.memo(("duplicates", settings), lambda: _Analyzer(shared, settings).run())


class _Analyzer:
    def __init__(self, shared: DocumentAnalysis, settings: Settings) -> None:
        doc = shared.doc
        self.doc = doc
        self.settings = settings
        self.markers = shared.markers
        self._sentence_cache: dict[int, list[_Sentence]] = {}
        self._seen: dict[str, int] = {}  # re-paste key of a sentence → the first block holding it
        self._seen_at: dict[str, int] = {}  # ... → the sentence's prose offset in that block
        self._keys: dict[int, list[str]] = {}  # top-level paragraph → the keys of its sentences
        self._whole: dict[int, frozenset[str]] = {}  # paragraph or heading → the keys of its sentences
        self._cut: dict[int, bool] = {}  # top-level paragraph → whether its last sentence has no end
        self._sources: dict[int, str] = {}  # block index → source without markers (asked for more than once)
        self.top = [b for b in doc.blocks if b.parent is None]
        self.clean: dict[int, str] = {}  # block index → normalized text
        self.link_only: set[int] = set()
        self.captions: set[int] = set()  # paragraphs that are one HTML element (markup, not prose)
        for block in self.top:
            if block.kind in (CODE, HTML):
                self.clean[block.index] = normalize(block.content)
            elif block.kind != HR:
                self.clean[block.index] = self._normalized(block)
                if block.kind != HEADING and self._is_link_only(block):
                    self.link_only.add(block.index)
                elif block.kind == PARAGRAPH and block.content.startswith("<") and _CAPTION.fullmatch(block.content):
                    self.captions.add(block.index)

    def run(self) -> Analysis:
        # without S101 on this document, S102 reports the paragraphs of repeated sections itself
        sections, headings = self._sections() if self.settings.sections_reported else ((), ())
        sections_lines = [(self.doc.sections[d.later].start, self.doc.sections[d.later].end) for d in sections]
        originals = [(self.doc.sections[d.first].start, self.doc.sections[d.first].end) for d in sections]
        units, runs = self._paragraphs(sections_lines, originals)
        # A flattened block is reported at its line even inside a repeated section, and a seam even
        # inside a repeated section or run of paragraphs: the findings of S101 at the heading and of
        # S102 at a run's first line do not point at them, and either is a defect of its own (a body
        # pasted again as one run-together line; a paragraph resuming by repeating the last words).
        # Only a block S102 already reports at its own line is not reported twice.
        # A paragraph that restarts and completes the cut paragraph right before it is a seam, not
        # a near copy of it: the seam's finding says which sentence was repeated.
        seams = self._seams()
        restarts = {(s.block, s.first) for s in seams if s.kind == "after-cut"}
        runs = tuple(r for r in runs
                     if len(r.later) > 1 or (units[r.later[0]].block, units[r.first[0]].block) not in restarts)
        # A paragraph repeating one earlier paragraph that is also made of sentences of two or more
        # earlier blocks (a copy of a flattened line) is reported as a flattened re-paste when its
        # run-together text starts below the paragraph's first line (a bold pseudo-heading above
        # it): at the long line.
        # (a one-line paragraph has no lower line: it stays a repeated paragraph, not looked at again)
        flats = self._flats({units[i].block for run in runs for i in run.later
                             if len(run.later) > 1 or units[i].start == units[i].last})
        single = {units[run.later[0]].block: run for run in runs if len(run.later) == 1}
        unit_of = {f.block: f.block if f.block in single else self.doc.blocks[f.block].parent for f in flats}
        lower = {unit_of[f.block] for f in flats
                 if unit_of[f.block] in single and self._flat_line(f) != self.doc.blocks[f.block].start}
        runs = tuple(r for r in runs if len(r.later) > 1 or units[r.later[0]].block not in lower)
        flats = tuple(f for f in flats if unit_of[f.block] not in single or unit_of[f.block] in lower)
        taken = {units[run.later[0]].block for run in runs}
        taken.update(f.block for f in flats)
        seams = tuple(s for s in seams if s.block not in taken)
        taken.update(units[i].block for run in runs for i in run.later)
        taken.update(s.block for s in seams)
        parts = tuple(p for p in self._parts(taken)
                      if not _copied_with_section(self.doc.blocks[p.block].start, self.doc.blocks[p.other].start,
                                                  sections_lines, originals))
        return Analysis(units, runs, sections, headings, seams, flats, parts)

    def _parts(self, taken: set[int]) -> list[Part]:
        """Paragraphs that hold a whole earlier paragraph (two sentences or more; its last one left
        out when it was cut) word for word and add to it, or that are mostly (60 % of their text)
        two or more sentences of one earlier paragraph, the first possibly starting inside one
        of its sentences and a cut last one stopping inside another: a paragraph regenerated with
        sentences added or one rewritten, or a fragment of one pasted again, which pairwise
        similarity misses (the lengths differ too much). Sentences as the re-paste index keys
        them (:meth:`_flats` fills ``self._keys``, ``self._cut`` and ``self._seen``)."""
        found: list[Part] = []
        seen, keys, cut = self._seen, self._keys, self._cut
        for index, own in keys.items():
            if index in taken or index in self.link_only or index in self.captions or not own:
                continue
            present = set(own)
            total = sum(len(k) for k in own)
            for other in dict.fromkeys(seen.get(k) for k in own):
                if other is None or other == index or other not in keys or keys[other] == own:
                    continue
                theirs = keys[other]
                whole = theirs[:-1] if cut.get(other) else theirs  # a cut last sentence is no sentence
                if (len(whole) >= _PART_SENTENCES and sum(len(k) for k in whole) >= _PART_MIN
                        and all(k in present for k in whole) and total > sum(len(k) for k in whole)):
                    found.append(Part(index, other, "contains", len(whole)))
                    break
                mine = set(theirs)
                full = [k for k in own if k in mine]
                if len(full) < _PART_SENTENCES or sum(len(k) for k in full) < _PART_MIN:
                    continue
                covered = sum(len(k) for k in full)
                # a fragment may start inside a sentence and stop inside another (a cut paste)
                if own[0] not in mine and any(t.endswith(own[0]) for t in theirs):
                    covered += len(own[0])
                if len(own) > 1 and own[-1] not in mine and cut.get(index) and any(t.startswith(own[-1]) for t in theirs):
                    covered += len(own[-1])
                if covered >= _FLAT_COVERAGE * total:
                    found.append(Part(index, other, "part", len(full)))
                    break
        return found

    # text of a block ------------------------------------------------------

    def _source(self, block: Block) -> str:
        """The block's Markdown source without generation markers (own lines or glued to a line's end)."""
        found = self._sources.get(block.index)
        if found is None:
            found = self._sources[block.index] = self._read_source(block)
        return found

    def _read_source(self, block: Block) -> str:
        last = last_line(self.doc, block)
        if block.kind == HEADING and block.markup in ("=", "-"):
            last = max(block.start, block.end - 2)  # a real setext heading: not its underline
        lines = self.doc.lines
        own, glued = self.markers.own, self.markers.glued
        kept = []
        for n in range(block.start, last + 1):
            if n in own:
                continue
            m = glued.get(n)
            kept.append(lines[n] if m is None else lines[n][:m.start()] + lines[n][m.end():])
        return "\n".join(kept)

    def _normalized(self, block: Block) -> str:
        """Normalized text from the source (code spans kept, link targets and URLs dropped).

        Not the prose, which stands one object character in for a code span:
        "`Map`を配列に展開" and "`Set`を配列に展開" are different sentences.
        """
        raw = _strip_markup(self._source(block))
        if block.kind == HEADING and "#" in raw:
            raw = _CLOSING_HASHES.sub("", raw)
        if "\n" in raw or raw[:1] in _MARKUP_FIRST or raw[:1].isdecimal():  # (else it matches nothing: a line
            raw = _LINE_MARKUP.sub("", raw)  # of prose, the usual paragraph, has no marker to remove)
        return normalize(raw)

    def _is_link_only(self, block: Block) -> bool:
        """Whether the block holds nothing but links, images, URLs and markup."""
        if not self.clean.get(block.index):
            return False
        source = self._source(block)
        if "](" not in source and "][" not in source:
            return False  # no link: without link texts it is the clean text, which is not empty
        return not normalize(_LINE_MARKUP.sub("", _strip_markup(source, keep_link_text=False)))

    # S102 ---------------------------------------------------------------

    def _paragraphs(self, reported: list[tuple[int, int]],
                    originals: list[tuple[int, int]]) -> tuple[tuple[Unit, ...], tuple[Run, ...]]:
        """S102's units and runs. ``reported``: the line ranges of the sections S101 reports, sorted;
        ``originals``: the ranges of the sections they repeat. A repeat inside a reported section
        is left to S101, unless it repeats something outside the section the copy repeats: a
        paste the original section already held, copied with it, is still a paste."""
        doc, settings = self.doc, self.settings
        units: list[Unit] = []
        kinds: list[str] = []
        lists: list[int] = []  # which list a list item belongs to (-1 for other units)
        introduces: dict[int, int] = {}  # lead-in unit → the block it introduces
        bare: list[str] = []  # the units' own texts (a lead-in's without the block it introduces)
        list_id, previous = -1, None
        for k, block in enumerate(self.top):
            if block.kind == LIST_ITEM and not (previous is not None and previous.kind == LIST_ITEM
                                                 and previous.markup == block.markup):
                list_id += 1  # CommonMark: a new bullet or delimiter starts a new list
            previous = block
            text = self.clean.get(block.index, "")
            if (block.kind not in _UNIT_KINDS or block.index in self.link_only or block.index in self.captions
                    or len(text) < settings.paragraph_min_length):
                continue
            bare.append(text)
            if block.kind == PARAGRAPH and self._is_lead_in(block, text):
                introduced = self._introduced(k)
                if introduced is not None:
                    introduces[len(units)] = introduced.index
                    text += self._context(introduced)
            units.append(Unit(block.index, block.start, last_line(doc, block), text))
            kinds.append(FIELD if block.kind == PARAGRAPH and _is_field(doc.lines[block.start]) else block.kind)
            lists.append(list_id if block.kind == LIST_ITEM else -1)
        texts = [u.text for u in units]
        containers = self._containers()
        boxes = [containers.get(u.block, -1) for u in units]
        shapes = self._heading_shapes()
        section_of = [shapes.get(u.block, (-1, None))[0] for u in units]
        where = [shapes.get(u.block, (-1, None))[1] for u in units]

        span_cache: dict[int, tuple[str, ...]] = {}

        def spans(i: int) -> tuple[str, ...]:
            found = span_cache.get(i)
            if found is None:
                found = span_cache[i] = self._code_spans(doc.blocks[units[i].block])
            return found

        def apart(i: int, j: int) -> bool:
            """Never duplicates, even when equal."""
            if (kinds[i] == BLOCKQUOTE) != (kinds[j] == BLOCKQUOTE):
                return True  # a quotation of the other
            if boxes[i] != boxes[j]:
                return True  # alternate views (tabs, <div class="style-b">, ::: blocks): shown one at a time
            if section_of[i] != section_of[j] and _templated(where[i], where[j]):
                return True  # reference sections of two identifiers ("onMounted" / "onUpdated")
            return introduces.get(j) == units[i].block  # a lead-in and the block it introduces (and holds)

        def near_vetoed(i: int, j: int, a: str, b: str) -> bool:
            """Texts ``a`` of unit i and ``b`` of unit j are not near duplicates, however similar.

            Not two items of one list (parallel wording), nor tables (the same columns with other
            figures are other data), nor paragraphs about other code ("`Map`を配列に展開できます" /
            "`Set`を配列に展開できます"); a short text only when it differs in function words and
            endings ("大なり演算子は…大きいならば" / "小なり演算子は…小さいならば" are two things)."""
            if (lists[i] >= 0 and lists[i] == lists[j]) or TABLE in (kinds[i], kinds[j]) or spans(i) != spans(j):
                return True
            if min(len(a), len(b)) < settings.paragraph_near_min_length:
                return not _reworded_only(a, b)  # (how similar they are is the search's business)
            return False

        def unrelated(i: int, j: int) -> bool:
            if apart(i, j):
                return True
            if texts[i] == texts[j]:
                return False
            # lead-ins are compared with what they introduce, and only exactly (parallel wording
            # for parallel examples)
            return i in introduces or j in introduces or near_vetoed(i, j, texts[i], texts[j])

        found = find_duplicates(texts, settings.paragraph_threshold, min_length=settings.paragraph_min_length,
                                near_min_length=settings.paragraph_near_min_length, exclude=unrelated)
        found = _short_near(found, texts, settings, unrelated)
        if introduces:
            found = _lead_in_copies(found, texts, bare, introduces, settings.paragraph_threshold,
                                    lambda i, j, a, b: apart(i, j) or near_vetoed(i, j, a, b))
        starts = [lo for lo, _ in reported]  # reported sections never nest: sorted, disjoint ranges

        def left_to_s101(m: Match) -> bool:
            k = bisect_right(starts, units[m.index].start) - 1
            if k < 0 or units[m.index].start >= reported[k][1]:
                return False  # not inside a reported section
            lo, hi = originals[k]
            return lo <= units[m.other].start < hi  # a paragraph of the copied section

        kept = [m for m in found if not left_to_s101(m)]
        return tuple(units), tuple(_runs(kept, kinds))

    def _code_spans(self, block: Block) -> tuple[str, ...]:
        """The code spans of a block's source, in order ("`>`", "`Map`")."""
        source = self._source(block)
        return tuple(_CODE_SPAN.findall(source)) if "`" in source else ()

    def _is_lead_in(self, block: Block, text: str) -> bool:
        """Ends with a colon, or is one sentence holding a lead-in phrase ("設定の例は次のとおりです。").

        A phrase earlier in the paragraph does not make it a lead-in: "次の四半期には…" in the
        first sentence of a long paragraph introduces nothing."""
        if _COLON_END.search(self.doc.lines[last_line(self.doc, block)]):
            return True
        if not any(p in text for p in self.settings.lead_ins):
            return False
        # one sentence: a paragraph that says more than the lead-in sentence is compared as it is
        return len(self._sentences(block)) == 1

    def _introduced(self, position: int) -> Block | None:
        """The block a lead-in introduces: the next top-level block with text, unless a heading or separator.

        A lead-in by its words alone (no colon) introduces code, a list, a table, a quote, HTML or
        an image, not another paragraph of text."""
        colon = bool(_COLON_END.search(self.doc.lines[last_line(self.doc, self.top[position])]))
        for block in self.top[position + 1 :]:
            if block.kind in (HEADING, HR) or (block.kind == HTML and _CLOSING_ONLY.fullmatch(block.content)):
                return None  # a heading, a separator, the end of a container ("</div>") introduce nothing
            if block.index in self.captions or (block.kind == HTML and _is_comment(block.content)):
                continue  # a listing caption or a comment (an original kept in the source): look further
            if block.kind in (CODE, HTML, LIST_ITEM, TABLE, BLOCKQUOTE) or self.clean.get(block.index):
                # (a list of bare URLs has no text once URLs are dropped, yet it is what is introduced)
                return block if colon or block.kind != PARAGRAPH or block.index in self.link_only else None
            # no text of its own ({{book.console}}, {: .note}): look further
        return None

    def _context(self, block: Block) -> str:
        """Normalized source of an introduced block, link targets and URLs included."""
        if block.kind in (CODE, HTML):
            return self.clean.get(block.index, "")
        return normalize(_LINE_MARKUP.sub("", self._source(block)))

    def _sentences(self, block: Block) -> list[_Sentence]:
        """The block's prose cut at 。！？!? (a regex scan, cached): the same cut on both sides of
        every comparison, which is all seams and re-pastes need. Line breaks do not cut: a line
        break inside a sentence (text hard-wrapped mid-sentence) is left out of the sentence's
        text, so a wrapped sentence and the same sentence pasted on one line compare equal."""
        found = self._sentence_cache.get(block.index)
        if found is None:
            text = block.text
            found = []
            for m in _SENTENCE.finditer(text):
                raw = m.group()
                lead = len(raw) - len(raw.lstrip(" \u3000\t\n"))
                body = raw.strip(" \u3000\t\n")
                if body.strip(OBJECT + " \n"):
                    start = m.start() + lead
                    found.append(_Sentence(start, start + len(body), _WRAP.sub("", body) if "\n" in body else body))
            self._sentence_cache[block.index] = found
        return found

    # containers and templated sections ------------------------------------

    def _containers(self) -> dict[int, int]:
        """Top-level block index → the innermost container instance around it (absent: none).

        Containers are HTML/JSX elements opened and closed in HTML blocks of their own
        (``<div class="style-a">`` … ``</div>``, ``<Tabs><TabItem>`` …) and ``:::`` blocks. A page
        shows such blocks side by side or one at a time, so text repeated across them is not a
        duplicate."""
        stack: list[tuple[str, int]] = []
        count = 0
        out: dict[int, int] = {}
        for block in self.top:
            if block.kind == HTML:
                # tags inside a comment ("`Option<T>`" in a commented-out original) open nothing
                content = _COMMENT.sub(" ", block.content) if "<!--" in block.content else block.content
                for m in _TAG.finditer(content):
                    name = (m.group(1) or m.group(2) or "").lower()
                    if m.group(1):  # closing
                        if any(n == name for n, _ in stack):
                            while stack and stack.pop()[0] != name:
                                pass
                    elif name not in _VOID_TAGS and not m.group(0).endswith("/>"):
                        count += 1
                        stack.append((name, count))
                continue
            if block.kind == PARAGRAPH and block.content.startswith(":::"):
                lines = block.content.split("\n")
                head = lines[0].strip()
                if head.strip(":") == "":
                    if any(n == ":::" for n, _ in stack):
                        while stack and stack.pop()[0] != ":::":
                            pass
                else:
                    count += 1
                    stack.append((":::", count))
                if stack:
                    out[block.index] = stack[-1][1]
                if len(lines) > 1 and lines[-1].strip().strip(":") == "" and any(n == ":::" for n, _ in stack):
                    while stack and stack.pop()[0] != ":::":
                        pass
                continue
            if stack:
                out[block.index] = stack[-1][1]
        return out

    def _heading_shapes(self) -> dict[int, tuple[int, str]]:
        """Block index → (the innermost section holding it, the shape of that section's heading).

        Two paragraphs of one section are never "templated": only sections of two identifiers are."""
        out: dict[int, tuple[int, str]] = {}
        for section in self.doc.sections:
            if section.heading is None:
                continue
            shape = _heading_shape(self.doc.blocks[section.heading].content)
            for b in section.blocks:
                out[b] = (section.index, shape)  # nested sections come later and overwrite
        return out

    # seams and flattened re-pastes (S102) --------------------------------

    def _seams(self) -> tuple[Seam, ...]:
        """Consecutive top-level paragraphs where the second starts with the first one's last sentence(s).

        Separators, generation markers and HTML comments between the two are looked through: a
        model that stopped mid-sentence before ``---`` resumes after it. The paragraph before may
        also be the last one of a list item of prose (two sentences or more, not only links): the
        next paragraph repeating its last sentence as it is (only that: an item without 「。」
        is no cut sentence, and a short item is a label a paragraph may well take up) is a seam.
        An item whose last sentence stops without its end where sentences end (an earlier
        sentence of the item, or the item before it in the list, ends with 「。」) is a cut item:
        the next paragraph restarting its cut sentence is a seam too."""
        found: list[Seam] = []
        prev: Block | None = None
        cut_item = False  # prev is a cut list item
        item_done = False  # the list item before ends with a sentence end
        for block in self.top:
            if block.kind == HR or (block.kind == HTML and block.content.lstrip().startswith("<!--")):
                continue
            if block.kind == LIST_ITEM:
                last = None if block.index in self.link_only else self._last_paragraph(block)
                sents = self._sentences(last) if last is not None else []
                cut_item = bool(sents) and _ends_cut(sents) and (len(sents) > 1 or item_done)
                prev = last if last is not None and (len(sents) >= 2 or cut_item) else None
                item_done = bool(sents) and not _ends_cut(sents)
                continue
            item_done = False
            if block.kind != PARAGRAPH or block.index in self.link_only or block.index in self.captions:
                prev = None
                continue
            if not self.clean.get(block.index):
                continue  # a marker line ("---END---"), an attribute list: no text of its own
            if prev is not None:
                seam = self._seam(prev, block, cut_item)
                if seam is not None:
                    found.append(seam)
            prev, cut_item = block, False
        return tuple(found)

    def _last_paragraph(self, block: Block) -> Block | None:
        """The last paragraph of a list item (nested lists included), if it ends the item."""
        blocks = self.doc.blocks
        while block.children:
            block = blocks[block.children[-1]]
        return block if block.kind == PARAGRAPH else None

    def _seam_key(self, block: Block, sentence: _Sentence) -> str:
        """A sentence normalized for the seam comparison, its code spans' text included (the prose
        stands one object character in for each: "`A1`の範囲を…" and "`B1`の範囲を…" differ)."""
        if OBJECT not in sentence.text or block.prose is None:
            return normalize(sentence.text)
        start = block.prose.source_offset(sentence.start)
        end = block.prose.source_offset(sentence.end - 1) + 1
        return normalize(_strip_markup(self.doc.source.text[start:end]))

    def _seam(self, first: Block, later: Block, cut_item: bool = False) -> Seam | None:
        a_sents, b_sents = self._sentences(first), self._sentences(later)
        if not a_sents or not b_sents:
            return None
        cut = _ends_cut(a_sents) and not _BOLD_ONLY.match(first.content)  # "**まとめ：…**" is a heading in bold
        lead = _CONTINUATION.match(b_sents[0].text) if cut else None
        if lead is None and not _may_seam(a_sents, b_sents):
            return None
        na = [self._seam_key(first, x) for x in a_sents[-_SEAM_SENTENCES:]]
        nb = [self._seam_key(later, x) for x in b_sents[:_SEAM_SENTENCES]]
        item = first.parent is not None  # the last paragraph of a list item: exact repeats, or a cut item restarted
        if item and not cut_item:
            cut = False
        for k in range(min(len(na), len(nb)), 0, -1):  # the longest run of repeated sentences first
            if not _same_sentences(na[len(na) - k:-1], nb[:k - 1]):
                continue
            a, b = na[-1], nb[k - 1]
            kind = None
            if a == b and sum(len(x) for x in nb[:k]) >= _SEAM_MIN and nb[0]:
                kind = "exact"
            elif cut and k > 1 and a and b.startswith(a) and sum(len(x) for x in nb[:k - 1]) >= _SEAM_MIN:
                kind = "after-cut"  # whole sentences repeated, then the cut one restarted ("しかし、中国が")
            elif (cut and not item and k == 1 and len(b) >= _SEAM_MIN
                  and _restarts_tail(a, b, _SEAM_LEAD_MIN if len(a_sents) > 1 or len(a) >= _SEAM_PROSE
                                     else _SEAM_RESTART_MIN)):
                # the cut sentence's last word(s) restarted: "…繋がりを求める" + "を求める本能は…。",
                # "…ありません。ノーコード" + "ノーコードツールは…。" (the cut sentence may be short)
                kind = "after-cut"
            elif len(a) < _SEAM_MIN or len(b) < _SEAM_MIN:
                continue
            elif cut and (b.startswith(a) or any(_shared_tail(a[:len(a) - j], b) >= max(_SEAM_PART_MIN, len(a) // 2)
                                                 for j in range(_SEAM_INFLECTION + 1))):
                # (the cut last word may come back inflected otherwise, the opening connective changed:
                # "そして、…「隙間」を狙い" + "また、…「隙間」を狙っている…")
                kind = "after-cut"  # "…技術やサービス" + "このデータを…技術やサービス、そして…。"
            elif k == 1 and not cut and not item and a.endswith(b) and len(b) >= _SEAM_PART_MIN:
                kind = "part"  # "では、最初の一歩は…でしょうか？" + "最初の一歩は…でしょうか？"
            if kind is not None:
                start = b_sents[0].start
                if k == 1 and "\n" in later.text[b_sents[0].start:b_sents[0].end]:
                    start = self._repeat_start(later, b_sents[0], a[-_shared_tail(a, b):] if a else b)
                return Seam(later.index, start, b_sents[k - 1].end, first.index, a_sents[-k].start, kind)
        restart = self._restart(a_sents, na[-1], b_sents[0], nb[0], lead, item) if cut else None
        if restart is not None:
            return Seam(later.index, restart, b_sents[0].end, first.index, a_sents[-1].start, "after-cut")
        if cut and not item and len(nb) >= 2 and self._restarts_under_heading(first, a_sents[-1], na[-1], nb):
            return Seam(later.index, b_sents[0].start, b_sents[1].end, first.index, a_sents[-1].start, "after-cut")
        return None

    def _restarts_under_heading(self, block: Block, sentence: _Sentence, a: str, nb: list[str]) -> bool:
        """Whether the cut last sentence ``sentence`` (normalized ``a``) of ``block`` begins on a bold
        pseudo-heading line and goes on below it, and the next paragraph (sentences ``nb``,
        normalized) begins with the pseudo-heading's words, or their end, made a sentence of their
        own, then restarts the cut text below the pseudo-heading and goes on past it
        ("**投資家として**" + "単に…ではなく、" cut, then "投資家として。単に…ではなく、その…。";
        "**データ管理と倫理:**" + "オープンソース" cut, then "と倫理。オープンソースのモデルは…。")."""
        line = self.doc.position(block, sentence.start)[0]
        if not _PSEUDO_HEADING.match(self.doc.lines[line]) or "\n" not in block.text[sentence.start:sentence.end]:
            return False
        heading = normalize(_strip_markup(self.doc.lines[line]))
        rest = a[len(heading):] if a.startswith(heading) else ""
        words, restart = nb[0], nb[1]
        return (len(rest) >= _SEAM_LEAD_MIN and len(words) >= _SEAM_LEAD_MIN and heading.endswith(words)
                and restart.startswith(rest) and len(restart) > len(rest))

    def _restart(self, a_sents: list[_Sentence], a: str, b_sent: _Sentence, b: str,
                 lead: re.Match[str] | None, item: bool) -> int | None:
        """Where the next paragraph restarts the cut last sentence ``a`` (normalized) of the
        paragraph or cut list item before it, in ways the sentence comparison does not see (prose
        offset of the restart in the next block, or None):

        - the whole cut sentence again, its last word inflected otherwise ("…「隙間」を狙い" +
          "…「隙間」を狙っているのが…。"): all but its last two characters, at least
          ``_SEAM_PART_MIN`` of them;
        - after a continuation mark, an ellipsis or a lone particle and a comma ("…極めて" +
          "...極めて困難な挑戦だ。", "…インフラ技術" + "と、質の高いインフラ技術や…。"): its
          last words, two characters or more;
        - a cut paragraph of one short sentence begun again ("個人的" + "個人的には、…。");
        - after a cut list item: its last clause (after the last comma or colon) or half of it
          repeated, ``_SEAM_PART_MIN`` characters or more ("…保護は最優先事項" + "サイバーセキュリティと
          プライバシー保護は最優先事項となるでしょう。")."""
        if not a:
            return None
        if lead is not None:  # the restart must go on past the repeated words
            rest = normalize(b_sent.text[lead.end():])
            for m in range(min(len(a), len(rest) - 1, 40), _SEAM_LEAD_MIN - 1, -1):
                if rest.startswith(a[-m:]):
                    return b_sent.start + lead.end()
            return None
        if len(b) < _SEAM_MIN:
            return None
        common = len(commonprefix([a, b]))
        if len(a) - common <= _SEAM_INFLECTION and common >= _SEAM_PART_MIN and len(b) > common:
            return b_sent.start
        if (not item and len(a_sents) == 1 and _SEAM_LEAD_MIN <= len(a) < _SEAM_MIN and len(b) > len(a)
                and b.startswith(a)):
            return b_sent.start
        if item:
            shared = _shared_tail(a, b)
            clause = normalize(_CLAUSE.split(a_sents[-1].text)[-1]) if shared >= _SEAM_PART_MIN else ""
            if shared >= _SEAM_PART_MIN and (shared >= len(a) // 2 or (clause and a.endswith(clause) and shared >= len(clause))):
                return b_sent.start
        return None

    def _repeat_start(self, block: Block, sentence: _Sentence, repeated: str) -> int:
        """The prose offset of the line of a sentence wrapped over lines where its repeated text
        ``repeated`` (normalized) begins: a line in front of it that holds none of it (a leaked
        label 「【…】」) is not the seam's line."""
        text = block.text
        start = sentence.start
        pos = text.find("\n", start, sentence.end)
        while pos >= 0 and repeated and repeated in normalize(text[pos + 1:sentence.end]):
            start = pos + 1
            pos = text.find("\n", start, sentence.end)
        return start

    def _lone_in_item(self, block: Block) -> bool:
        """The only block of a top-level list item: a flattened paste that begins with a numbered
        heading ("## 1. 導入の壁" pasted as "1. 導入の壁 本文…") is a list item of one paragraph."""
        if block.parent is None:
            return False
        item = self.doc.blocks[block.parent]
        return item.kind == LIST_ITEM and item.parent is None and item.children == [block.index]

    def _flats(self, taken: set[int]) -> tuple[Flat, ...]:
        """Blocks whose sentences mostly repeat sentences of two or more earlier blocks.

        One pass over the document: every sentence of a paragraph or heading (nested ones too)
        is indexed by its text without spaces and final punctuation (a re-paste is verbatim; the
        full normalization of every sentence would double the analysis' cost), and a top-level paragraph or heading with at least
        ``_FLAT_MIN_SENTENCES`` sentences is looked up sentence by sentence before its own are
        added. Containment, not pairwise similarity: a line that runs the title, a heading and
        three sections together is like none of them, yet made of them.

        A list pasted into such a line runs its items together without a sentence end
        ("`as` - キャストする`async` - …"): when a block already repeats enough earlier sentences
        but not enough of its text, the sentences it does not repeat are searched for earlier
        sentences inside them (substring tests, only for such blocks: rare)."""
        doc = self.doc
        seen: dict[str, int] = self._seen
        found: list[Flat] = []
        for block in doc.blocks:
            if block.kind not in (PARAGRAPH, HEADING):
                continue
            raws = self._sentences(block)
            sentences = [_flat_key(x.text) for x in raws]
            own = [k for k in sentences if len(k) >= _FLAT_SENTENCE_MIN]
            if block.kind == PARAGRAPH and block.parent is None:
                self._keys[block.index] = own
                self._cut[block.index] = _ends_cut(raws)
            top = block.parent is None or self._lone_in_item(block)
            if (top and block.index not in taken and block.parent not in taken and len(sentences) >= 2
                    and block.index not in self.link_only and block.index not in self.captions):
                total = matched = count = 0
                sources: list[int] = []
                origins: dict[int, int] = {}  # source block → prose offset of the first sentence taken from it
                hits: list[_Sentence] = []  # this block's sentences that repeat earlier ones
                rest: list[str] = []  # sentences that repeat no earlier one as a whole
                repeated: set[str] = set()  # the earlier sentences (keys) this block repeats whole
                for raw, text in zip(raws, sentences):
                    total += len(text)
                    origin = seen.get(text) if len(text) >= _FLAT_SENTENCE_MIN else None
                    at, key = self._seen_at.get(text, 0), text
                    if origin is None and len(text) >= _FLAT_SENTENCE_MIN:
                        origin, at, key = _after_glued_heading(raw.text, seen, self._seen_at)
                    if origin is None and raw is raws[-1] and count >= 2 and _ends_cut(raws):
                        origin, at, key = self._cut_start(text)  # a re-paste cut inside an earlier sentence
                        if origin is not None and any(repeated | {key} <= self._whole.get(b, frozenset())
                                                      for b in (*sources, origin)):
                            origin = None  # a cut copy of one earlier block (a repeated paragraph), not a join
                    if origin is not None:
                        matched += len(text)
                        count += 1
                        hits.append(raw)
                        repeated.add(key)
                        if origin not in sources:
                            sources.append(origin)
                            origins[origin] = at
                    elif len(text) > _FLAT_RUN_MIN:
                        rest.append(text)
                if count >= _FLAT_MIN_SENTENCES and len(sources) >= 2 and matched < _FLAT_COVERAGE * total and rest:
                    matched += _contained(rest, seen, sources)
                # two or more whole earlier blocks joined on one line are a re-paste however short
                # ("…でしょうか？ ### 6. 導入事例": a one-sentence paragraph and the heading after it)
                # (not a copy of one earlier block whose first sentence an earlier block also held)
                joined = (count >= 2 and len(sources) >= 2 and matched >= _FLAT_JOIN_COVERAGE * total
                          and not any(b in self.link_only for b in sources)
                          and all(self._whole.get(b, frozenset()) <= repeated for b in sources)
                          and not any(repeated <= self._whole.get(b, frozenset()) for b in sources))
                if (((count >= _FLAT_MIN_SENTENCES and matched >= _FLAT_COVERAGE * total) or joined)
                        and len(sources) >= 2 and total):
                    start, end = self._flat_span(block, hits)
                    ordered = tuple(sorted(sources))
                    found.append(Flat(block.index, ordered, matched / total, count, start, end,
                                      tuple(origins.get(b, 0) for b in ordered)))
            if own:
                self._whole[block.index] = frozenset(own)
            for raw, text in zip(raws, sentences):
                if len(text) >= _FLAT_SENTENCE_MIN and text not in seen:
                    seen[text] = block.index
                    self._seen_at[text] = raw.start
        return tuple(found)

    def _cut_start(self, text: str) -> tuple[int | None, int, str]:
        """The origin (block, prose offset, key) of the earlier sentence whose start a re-paste's cut
        last sentence ``text`` repeats ("…が不可欠" of "…が不可欠だと実感しています。"), at least
        ``_FLAT_CUT_PREFIX`` characters of it; ``(None, 0, "")`` if none."""
        if len(text) >= _FLAT_CUT_PREFIX:
            for key, origin in self._seen.items():
                if len(key) > len(text) and key.startswith(text):
                    return origin, self._seen_at.get(key, 0), key
        return None, 0, ""

    def _flat_line(self, flat: Flat) -> int:
        block = self.doc.blocks[flat.block]
        return block.start if block.prose is None else self.doc.position(block, flat.start)[0]

    def _flat_span(self, block: Block, hits: list[_Sentence]) -> tuple[int, int]:
        """Where a flattened re-paste is reported: from the first line of the block on which a
        repeated sentence starts (a bold pseudo-heading or a leaked label line above the
        run-together line starts none) to the end of the line of the last repeated sentence."""
        text = block.text
        if block.prose is None or not hits:
            return 0, len(text)
        start = hits[0].start
        line = self.doc.position(block, start)[0]
        if _PSEUDO_HEADING.match(self.doc.lines[line]) and "\n" in text[start:hits[-1].end]:
            start = text.index("\n", start) + 1  # a sentence glued to a pseudo-heading line above the long line
        end = text.find("\n", hits[-1].end)
        return text.rfind("\n", 0, start) + 1, len(text) if end < 0 else end  # whole lines

    # S101 ---------------------------------------------------------------

    def _sections(self) -> tuple[tuple[Duplicate, ...], tuple[Duplicate, ...]]:
        doc, settings = self.doc, self.settings
        sections = doc.sections
        blocks = doc.blocks
        texts, codes = [], []
        for s in sections:
            head = self.clean.get(s.heading, "") if s.heading is not None else ""
            body = [b for b in s.blocks if blocks[b].parent is None and b not in self.link_only]
            texts.append(head + "".join(self.clean.get(b, "") for b in body))
            codes.append(tuple(self.clean.get(b, "") for b in body if blocks[b].kind == CODE))
        lineage = [_section_ancestors(sections, s) for s in sections]

        shapes = [_heading_shape(self.doc.blocks[s.heading].content) if s.heading is not None else None
                  for s in sections]

        def unrelated(i: int, j: int) -> bool:
            # nested sections hold each other; near-identical code is a parallel example, not a copy;
            # two sections whose headings differ only in an identifier document two things alike
            return j in lineage[i] or codes[i] != codes[j] or _templated(shapes[i], shapes[j])

        found = find_duplicates(texts, settings.section_threshold,
                                min_length=settings.section_min_length, exclude=unrelated)
        repeated: list[Duplicate] = []
        flagged: set[int] = set()
        for m in found:
            if sections[m.index].heading is None or lineage[m.index] & flagged:
                continue  # the preamble is never the later one; a nested copy is part of its parent's
            if sections[m.other].heading is None:
                continue  # the introduction pasted again under a heading: S102 reports its paragraphs
                # (a run repeating the introduction), and the heading, if it repeats a sibling, below
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
            first = first_by_parent.setdefault((section.parent, title), section.index)
            if first != section.index and section.index not in flagged and not lineage[section.index] & flagged:
                headings.append(Duplicate(section.index, first, 1.0, True))
        return tuple(repeated), tuple(headings)


class _Sentence(NamedTuple):
    start: int  # prose offsets in the block
    end: int
    text: str


def _heading_shape(heading: str) -> str:
    """A heading with its identifiers (code spans, ASCII names such as ``onMounted``, ``Ref<T>``) as \\0."""
    return _IDENTIFIER.sub("\0", heading.strip())


def _reworded_only(a: str, b: str) -> bool:
    """Whether two normalized texts differ only in hiragana (particles, connectives, endings:
    "つまり、…理想的となります" / "…理想的です"), without one of them negating: everything but
    the hiragana is the same in both, in the same order (then an alignment exists whose every
    edit is hiragana)."""
    return _HIRAGANA.sub("", a) == _HIRAGANA.sub("", b) and all(a.count(n) == b.count(n) for n in _NEGATIONS)


def _templated(a: str | None, b: str | None) -> bool:
    """Two headings that differ only in their identifiers ("`Ref<T>`" / "`ShallowRef<T>`")."""
    return a is not None and b is not None and "\0" in a and a == b


def _is_comment(html: str) -> bool:
    """An HTML block that holds only comments."""
    return html.lstrip().startswith("<!--") and not _COMMENT.sub("", html).strip()


def _flat_key(sentence: str) -> str:
    """A sentence as the re-paste index compares it: no spaces, no emphasis marks, no final punctuation,
    no heading marks of a heading run together after the sentence before it ("…でしょうか？ ### 6. 導入事例")."""
    return _FLAT_DROP.sub("", _INLINE_HEADING.sub("", sentence)).rstrip(_SENTENCE_ENDS + "」』）)")


def _contained(texts: list[str], seen: dict[str, int], sources: list[int]) -> int:
    """How many characters of ``texts`` are earlier sentences (``seen``) run together; their
    blocks are added to ``sources``."""
    covered = 0
    if len(seen) * len(texts) > _CONTAINED_WORK:
        texts = texts[: max(1, _CONTAINED_WORK // max(len(seen), 1))]  # bounded on a hostile file
    for text in texts:
        inside = 0
        for key, origin in seen.items():
            if len(key) >= _FLAT_SENTENCE_MIN and key in text:
                inside += len(key)
                if origin not in sources:
                    sources.append(origin)
        covered += min(inside, len(text))
    return covered


def _after_glued_heading(raw: str, seen: dict[str, int], seen_at: dict[str, int]) -> tuple[int | None, int, str]:
    """The origin (block, prose offset of the sentence there, its key) of a sentence that a flattened
    paste glued to a heading ("現場の声 店長の一人は…"); ``(None, 0, "")`` if none."""
    for m in _SPACES.finditer(raw[:_GLUED_HEADING_MAX]):
        rest = _flat_key(raw[m.end():])
        if len(rest) < _FLAT_SENTENCE_MIN:
            return None, 0, ""
        found = seen.get(rest)
        if found is not None:
            return found, seen_at.get(rest, 0), rest
    return None, 0, ""


def _ends_cut(sentences: Sequence[_Sentence]) -> bool:
    """The last sentence stops without a sentence end (closing brackets and emphasis marks looked through)."""
    return bool(sentences) and sentences[-1].text.rstrip("」』）) *_")[-1:] not in _SENTENCE_ENDS


def _may_seam(a: list[_Sentence], b: list[_Sentence]) -> bool:
    """A cheap test every seam passes (most pairs of paragraphs do not): the next paragraph's first
    sentence begins or ends with words of the last sentences before it, or the last sentence
    before it ends with words of the next paragraph's start. Word characters only, no
    normalization (a seam repeats text verbatim)."""
    tail = _NOT_WORD.sub("", "".join(x.text for x in a[-_SEAM_SENTENCES:]))
    first = _NOT_WORD.sub("", b[0].text)
    if len(first) < _SEAM_PROBE or len(tail) < _SEAM_PROBE:
        return True
    if first[:_SEAM_PROBE] in tail or first[-_SEAM_PROBE:] in tail or first[:_SEAM_LEAD_MIN] in tail[-_SEAM_PROBE:]:
        return True  # (the last: a cut sentence's last word restarted, "…今後ます" + "ますます…")
    last = _NOT_WORD.sub("", a[-1].text)
    start = _NOT_WORD.sub("", "".join(x.text for x in b[:_SEAM_SENTENCES]))
    # (the last word of a cut sentence may come back inflected otherwise: "…を狙い" / "…を狙って")
    return last[-_SEAM_PROBE:] in start or last[-_SEAM_PROBE - _SEAM_INFLECTION:-_SEAM_INFLECTION] in start


def _same_sentences(a: list[str], b: list[str]) -> bool:
    """Whether sentences ``b`` repeat sentences ``a``; the first may drop a lead-in of the original
    ("次に、**インフラの整備**。" repeated as "インフラの整備。")."""
    if a == b:
        return True
    if len(a) != len(b) or not b:
        return False
    # a sentence may also come back with only hiragana changed ("これまでの開発は" / "これまで開発は")
    return (all(x == y or (len(y) >= _SEAM_MIN and _reworded_only(x, y)) for x, y in zip(a[1:], b[1:]))
            and len(b[0]) >= _SEAM_MIN and (a[0].endswith(b[0]) or _reworded_end(a[0], b[0])))


def _reworded_end(a: str, b: str) -> bool:
    """Whether ``a`` ends with ``b`` but for hiragana ("…の深化これまでの開発は…" / "これまで開発は…"),
    neither negating where the other does not."""
    tail = _HIRAGANA.sub("", b)
    return (bool(tail) and _HIRAGANA.sub("", a).endswith(tail)
            and all((n in a) == (n in b) for n in _NEGATIONS))


def _restarts_tail(a: str, b: str, least: int = _SEAM_RESTART_MIN) -> bool:
    """``b`` starts with the last words of the cut sentence ``a``, ``least`` characters or more
    ("…能力を" + "構築する能力を、…")."""
    for m in range(min(len(a), len(b), 40), least - 1, -1):
        if b.startswith(a[-m:]):
            return True
    return False


def _shared_tail(a: str, b: str) -> int:
    """Length of the longest end of ``a`` that occurs in ``b`` (``a`` is one sentence: short)."""
    lo, hi = 0, len(a)
    while lo < hi:  # an end of a that occurs in b has every shorter end in b too: bisect the length
        mid = (lo + hi + 1) // 2
        if a[-mid:] in b:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _copied_with_section(line: int, other_line: int, reported: list[tuple[int, int]],
                         originals: list[tuple[int, int]]) -> bool:
    """Whether a repeat at ``line`` of ``other_line`` lies in a section S101 reports and repeats a
    paragraph of the section that one copies (S101's finding covers it)."""
    for (lo, hi), (first_lo, first_hi) in zip(reported, originals):
        if lo <= line < hi:
            return first_lo <= other_line < first_hi
    return False


def _inside(line: int, starts: list[int], ranges: list[tuple[int, int]]) -> bool:
    k = bisect_right(starts, line) - 1
    return k >= 0 and line < ranges[k][1]


def _short_near(found: list[Match], texts: list[str], settings: Settings,
                unrelated: Callable[[int, int], bool]) -> list[Match]:
    """``found`` plus the near duplicates among short texts (one shorter than ``near-min-length``).

    Such a pair differs in hiragana only (see ``_reworded_only``), so only texts with the same
    characters once the hiragana is taken out can pair: texts are grouped by that key and
    compared within their group, instead of every short text with every other one."""
    threshold, limit = settings.paragraph_threshold, settings.paragraph_near_min_length
    if threshold >= 1.0:
        return found
    reach = limit * (2 - threshold) / threshold  # the longest text a shorter one can be similar enough to
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if settings.paragraph_min_length <= len(text) < reach:
            groups.setdefault(_HIRAGANA.sub("", text), []).append(i)
    matched = {m.index for m in found}
    extra: list[Match] = []
    for members in groups.values():
        for x, i in enumerate(members):
            if i in matched:
                continue
            best: Match | None = None
            for j in members[max(0, x - _SHORT_WINDOW):x]:  # a hostile file's one huge group stays linear
                a, b = texts[i], texts[j]
                if a == b or min(len(a), len(b)) >= limit or unrelated(i, j):
                    continue  # exact and long pairs are the main search's
                score = similarity(a, b)
                if score >= threshold and (best is None or score > best.similarity):
                    best = Match(i, j, score, False)
            if best is not None:
                extra.append(best)
    return sorted(found + extra) if extra else found


def _lead_in_copies(found: list[Match], texts: list[str], bare: list[str], introduces: Mapping[int, int],
                    threshold: float, vetoed: Callable[[int, int, str, str], bool]) -> list[Match]:
    """``found`` plus the paragraphs that repeat an earlier lead-in, exactly or nearly, but introduce nothing.

    A lead-in is compared together with the block it introduces, so that the same sentence
    before other code is not a duplicate; the same sentence followed by no code, list or table
    (a paragraph, a heading, the end) introduces nothing there and is a plain repeat. Lead-ins
    are few: each later unit is compared with each of them (``vetoed(i, j, text_i, text_j)``
    applies the near-duplicate vetoes, exact matches included)."""
    matched = {m.index for m in found}
    leads: list[int] = []  # lead-in units so far
    extra: list[Match] = []
    for i, text in enumerate(texts):
        if i in introduces:
            leads.append(i)
            continue
        if i in matched or not leads:
            continue
        best: Match | None = None
        for j in leads:
            other = bare[j]
            if text == other:
                score = 1.0
            elif 2 * min(len(text), len(other)) < threshold * (len(text) + len(other)):
                continue  # the length bound: no ratio can reach the threshold
            else:
                score = similarity(text, other)
                if score < threshold:
                    continue
            if (best is None or score > best.similarity) and not vetoed(i, j, text, other):
                best = Match(i, j, score, score == 1.0 and text == other)
                if best.exact:
                    break
        if best is not None:
            extra.append(best)
    return sorted(found + extra) if extra else found


def _runs(matches: list[Any], kinds: list[str]) -> Iterator[Run]:
    """Group matches (``index`` ascending) into runs: later units i, i+1... repeating j, j+1..."""
    current: list[Any] = []
    for m in matches:
        if current:
            last = current[-1]
            if m.index == last.index + 1 and m.other == last.other + 1 and m.other < current[0].index:
                current.append(m)
                continue
            yield _run(current, kinds)
        current = [m]
    if current:
        yield _run(current, kinds)


def _run(matches: list[Any], kinds: list[str]) -> Run:
    return Run(tuple(m.index for m in matches), tuple(m.other for m in matches),
               min(m.similarity for m in matches), all(m.exact for m in matches),
               all(kinds[m.index] in (LIST_ITEM, FIELD) for m in matches))


def _is_field(line: str) -> bool:
    """A labelled field ("目的: …"), not a bold pseudo-heading ("**投資家への提言：新たな評価軸**")."""
    stripped = line.strip()
    if stripped.startswith(("**", "__")) and stripped.endswith(("**", "__")) and len(stripped) > 4:
        return False
    return bool(_FIELD.match(line))


def _strip_markup(raw: str, keep_link_text: bool = True) -> str:
    """Remove what is not text from Markdown source: attribute lists, template tags, HTML, link targets, URLs."""
    # (each pattern only where the characters it needs occur: most blocks hold none of them)
    if "{" in raw:
        raw = _TEMPLATE.sub(" ", _ATTRIBUTES.sub(" ", raw))
    if "<" in raw or "&" in raw:
        raw = _HTML.sub(" ", raw)
    if "](" in raw or "][" in raw:
        raw = _LINK.sub((lambda m: m.group(1)) if keep_link_text else " ", raw)
    if "://" in raw or "www." in raw or "<" in raw:
        raw = _URL.sub(" ", raw)
    return raw


def _section_ancestors(sections: list[Section], section: Section) -> frozenset[int]:
    result = []
    parent = section.parent
    while parent is not None:
        result.append(parent)
        parent = sections[parent].parent
    return frozenset(result)


def last_line(doc: Document, block: Block) -> int:
    """0-based last line of a block's text (no setext underline, no trailing blank lines)."""
    last = block.last_line
    while last > block.start and not doc.lines[last].strip():
        last -= 1
    return last


def section_last_line(doc: Document, section: Section) -> int:
    last = max(section.start, section.end - 1)
    while last > section.start and not doc.lines[last].strip():
        last -= 1
    return last


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())
