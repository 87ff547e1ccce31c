"""The Document model: front matter, blocks with exact lines, sections, sentences, morphemes.

Built once per file from markdown-it block tokens (``token.map`` gives
0-based ``[start, end)`` lines). Sentences and morphemes are computed lazily
and cached, so rules that never look at morphology never pay for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from markdown_it.token import Token

from lintkit import markdown, yamlsafe
from lintkit.morph import CHUNK_CUTS, MORPH_CHUNK, Morpheme, tokenize
from lintkit.prose import OBJECT, Prose, inline_prose
from lintkit.source import SourceText

# Block kinds
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"
BLOCKQUOTE = "blockquote"
CODE = "code"
HTML = "html"
HR = "hr"

_SENTENCE_END = "。．！？!?"
_OPEN = "「『（(【〔［[〈《"
_CLOSE = "」』）)】〕］]〉》"
_PROSE_PUNCT_RE = re.compile(r"[。！？!?]\s*$")
_FM_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*\s*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    start: int  # 0-based line of the opening ---
    end: int  # exclusive; the line after the closing ---
    raw: str
    closed: bool
    data: Any = None
    error: str | None = None
    error_line: int | None = None  # 0-based document line


@dataclass(eq=False, slots=True)
class Block:
    """One Markdown block. Lines are 0-based, ``end`` exclusive."""

    index: int
    kind: str
    start: int
    end: int
    level: int = 0  # heading level
    markup: str = ""
    info: str = ""
    content: str = ""  # raw inline source (headings, paragraphs) or code/html content
    prose: Prose | None = None
    parent: int | None = None  # enclosing list item / blockquote / table block
    container: str = ""  # kind of the nearest enclosing container ("" at top level)
    depth: int = 0  # container nesting depth
    underline: int | None = None  # setext underline line of a paragraph that markdown-it made a heading
    children: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.prose.text if self.prose is not None else ""

    @property
    def last_line(self) -> int:
        """0-based line of the block's last line (excluding a setext underline)."""
        if self.underline is not None:
            return self.underline - 1
        return max(self.start, self.end - 1)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    index: int
    heading: int | None  # block index; None for the preamble before the first heading
    level: int  # 0 for the preamble
    start: int  # first line
    end: int  # exclusive
    blocks: tuple[int, ...]  # every block inside, nested sections included, heading excluded
    parent: int | None


@dataclass(frozen=True, slots=True)
class Sentence:
    block: int
    start: int  # prose offsets
    end: int
    text: str


class Document:
    """A parsed Markdown file. Construct with ``Document.parse``."""

    def __init__(self, source: SourceText, tokens: list[Token]) -> None:
        self.source = source
        self.path = source.path
        self.tokens = tokens
        self.front_matter: FrontMatter | None = None
        self.blocks: list[Block] = []
        self._morphemes: dict[int, list[Morpheme]] = {}
        self._sentences: dict[int, list[Sentence]] = {}
        self._build()

    # construction -------------------------------------------------------

    @classmethod
    def parse(cls, source: SourceText) -> "Document":
        return cls(source, markdown.parse(source.text))

    @property
    def lines(self) -> tuple[str, ...]:
        return self.source.lines

    def _line_range(self, start: int, end: int) -> tuple[int, int]:
        starts = self.source.line_starts
        lo = starts[start] if start < len(starts) else len(self.source.text)
        hi = starts[end] if end < len(starts) else len(self.source.text)
        return lo, hi

    def _add(self, **kw: Any) -> Block:
        # markdown-it counts the blank lines after a list item or quote into its map; ours end at text
        start, end = kw["start"], kw["end"]
        lines = self.lines
        while end - 1 > start and end - 1 < len(lines) and not lines[end - 1].strip():
            end -= 1
        kw["end"] = end
        block = Block(index=len(self.blocks), **kw)
        self.blocks.append(block)
        if block.parent is not None:
            self.blocks[block.parent].children.append(block.index)
        return block

    def _build(self) -> None:
        stack: list[Block] = []  # open containers
        tokens = self.tokens
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            t = tok.type
            parent = stack[-1].index if stack else None
            ctx = {
                "parent": parent,
                "container": stack[-1].kind if stack else "",
                "depth": len(stack),
            }
            if t == "front_matter" and tok.map:
                self._front_matter(tok)
            elif t in ("list_item_open", "blockquote_open", "table_open") and tok.map:
                kind = {"list_item_open": LIST_ITEM, "blockquote_open": BLOCKQUOTE, "table_open": TABLE}[t]
                block = self._add(kind=kind, start=tok.map[0], end=tok.map[1], markup=tok.markup, **ctx)
                stack.append(block)
            elif t in ("list_item_close", "blockquote_close", "table_close"):
                if stack:
                    closed = stack.pop()
                    self._container_prose(closed)
            elif t in ("heading_open", "paragraph_open") and tok.map:
                inline = tokens[i + 1] if i + 1 < n and tokens[i + 1].type == "inline" else None
                self._leaf(tok, inline, ctx)
                i += 2
            elif t == "inline" and stack and stack[-1].kind == TABLE and tok.map:
                # a table cell: collected into the table's prose
                lo, hi = self._line_range(tok.map[0], tok.map[1])
                cell = inline_prose(tok.children or [], self.source.text, lo, hi)
                self._cells.setdefault(stack[-1].index, []).append((tok.map[0], cell))
            elif t in ("fence", "code_block") and tok.map:
                self._add(kind=CODE, start=tok.map[0], end=tok.map[1], markup=tok.markup,
                          info=tok.info.strip(), content=tok.content, **ctx)
            elif t == "html_block" and tok.map:
                self._add(kind=HTML, start=tok.map[0], end=tok.map[1], content=tok.content, **ctx)
            elif t == "hr" and tok.map:
                self._add(kind=HR, start=tok.map[0], end=tok.map[1], markup=tok.markup, **ctx)
            i += 1
        while stack:
            self._container_prose(stack.pop())

    @cached_property
    def _cells(self) -> dict[int, list[tuple[int, Prose]]]:
        return {}

    def _front_matter(self, tok: Token) -> None:
        start, end = tok.map  # type: ignore[misc]
        last = self.lines[end - 1].rstrip() if end - 1 < len(self.lines) else ""
        closed = end - 1 > start and last in ("---", "...")
        fm = FrontMatter(start=start, end=end, raw=tok.content, closed=closed)
        if closed:
            try:
                data = yamlsafe.load(tok.content)
                if data is not None and not isinstance(data, dict):
                    fm = FrontMatter(start, end, tok.content, True, data,
                                     f"front matter is a {type(data).__name__}, not a mapping", start + 1)
                else:
                    fm = FrontMatter(start, end, tok.content, True, data or {})
            except yamlsafe.YamlError as exc:
                line = start + exc.line if exc.line is not None else start + 1
                fm = FrontMatter(start, end, tok.content, True, None, exc.message, line)
        self.front_matter = fm

    def _leaf(self, tok: Token, inline: Token | None, ctx: dict[str, Any]) -> None:
        start, end = tok.map  # type: ignore[misc]
        is_heading = tok.type == "heading_open"
        underline = None
        text_end = end
        if is_heading and tok.markup in ("-", "="):
            text_end = end - 1  # the underline
        lo, hi = self._line_range(start, text_end)
        prose = inline_prose(inline.children or [], self.source.text, lo, hi) if inline else Prose("", ())
        kind = HEADING if is_heading else PARAGRAPH
        level = int(tok.tag[1]) if is_heading else 0
        if is_heading and tok.markup in ("-", "=") and self._accidental_setext(end - 1, prose.text):
            kind, level, underline = PARAGRAPH, 0, end - 1
        self._add(kind=kind, start=start, end=end, level=level, markup=tok.markup,
                  content=inline.content if inline else "", prose=prose, underline=underline, **ctx)

    def _accidental_setext(self, underline_line: int, text: str) -> bool:
        """A setext underline that is really a separator glued under a paragraph.

        LLM output ends paragraphs with a ``---`` separator and no blank line;
        CommonMark then reads the paragraph as a level-2 heading. A line of
        exactly three dashes, or a "heading" that is sentence prose, is that.
        """
        underline = self.lines[underline_line].strip()
        return underline == "---" or bool(_PROSE_PUNCT_RE.search(text)) or len(text) > 80

    def _container_prose(self, block: Block) -> None:
        if block.kind == TABLE:
            cells = self._cells.pop(block.index, [])
            rows: dict[int, list[Prose]] = {}
            for line, cell in cells:
                rows.setdefault(line, []).append(cell)
            block.prose = Prose.join([Prose.join(r, " | ") for _, r in sorted(rows.items())], "\n")
            return
        parts = [self.blocks[c].prose for c in block.children if self.blocks[c].prose is not None]
        block.prose = Prose.join([p for p in parts if p is not None], "\n")

    # structure ----------------------------------------------------------

    @cached_property
    def unclosed_front_matter(self) -> bool:
        """True when the file opens front matter (``---`` then ``key:`` lines) that never closes.

        markdown-it then yields no front-matter token and reads the opening
        ``---`` as a thematic break; M401 reports it, and no rule may "fix"
        that line away as a stray separator.
        """
        if self.front_matter is not None:
            return not self.front_matter.closed
        lines = self.lines
        if not lines or lines[0].strip() != "---":
            return False
        following = [ln for ln in lines[1:11] if ln.strip()][:5]
        return bool(following) and _FM_KEY_LINE.match(following[0]) is not None

    @cached_property
    def body_start(self) -> int:
        return self.front_matter.end if self.front_matter else 0

    @cached_property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == HEADING]

    @cached_property
    def sections(self) -> list[Section]:
        """Sections in document order; index 0 is the preamble when there is one."""
        heads = [b for b in self.blocks if b.kind == HEADING and b.parent is None]
        nline = len(self.lines)
        starts = [b.start for b in self.blocks]  # non-decreasing: tokens come in source order
        first_line = heads[0].start if heads else nline
        result: list[Section] = []
        pre = tuple(range(bisect_left(starts, first_line)))
        if pre:
            result.append(Section(0, None, 0, self.body_start, first_line, pre, None))
        ends: dict[int, int] = {}
        parents: dict[int, int | None] = {}
        stack: list[tuple[int, int]] = []  # (position in heads, level)
        for k, h in enumerate(heads):
            while stack and stack[-1][1] >= h.level:
                ends[stack.pop()[0]] = h.start
            parents[k] = stack[-1][0] if stack else None
            stack.append((k, h.level))
        offset = len(result)
        for k, h in enumerate(heads):
            end = ends.get(k, nline)
            inner = tuple(range(bisect_left(starts, h.end), bisect_left(starts, end)))
            parent = parents[k]
            result.append(Section(offset + k, h.index, h.level, h.start, end, inner,
                                  None if parent is None else offset + parent))
        return result

    @cached_property
    def non_prose_lines(self) -> frozenset[int]:
        """Lines inside front matter, code blocks, fences and HTML blocks."""
        lines: set[int] = set()
        if self.front_matter:
            lines.update(range(self.front_matter.start, self.front_matter.end))
        for b in self.blocks:
            if b.kind in (CODE, HTML):
                lines.update(range(b.start, b.end))
        return frozenset(lines)

    def prose_blocks(self) -> Iterator[Block]:
        """Headings and paragraphs (leaf blocks that hold prose)."""
        return (b for b in self.blocks if b.kind in (HEADING, PARAGRAPH))

    def next_block(self, block: Block, *, top_level: bool = False) -> Block | None:
        for b in self.blocks[block.index + 1 :]:
            if b.start >= block.end and (not top_level or b.parent is None):
                return b
        return None

    def prev_block(self, block: Block) -> Block | None:
        for b in reversed(self.blocks[: block.index]):
            if b.end <= block.start and b.parent == block.parent:
                return b
        return None

    # positions ----------------------------------------------------------

    def position(self, block: Block, prose_index: int) -> tuple[int, int]:
        """0-based (line, column) of a prose character of ``block``."""
        assert block.prose is not None
        return self.source.position(block.prose.source_offset(prose_index))

    def end_position(self, block: Block, prose_end: int) -> tuple[int, int]:
        """0-based (line, exclusive column) just after prose character ``prose_end - 1``."""
        if prose_end <= 0:
            return self.position(block, 0)
        line, col = self.position(block, prose_end - 1)
        return line, col + 1

    # language -----------------------------------------------------------

    def sentences(self, block: Block) -> list[Sentence]:
        cached = self._sentences.get(block.index)
        if cached is None:
            cached = split_sentences(block.index, block.text)
            self._sentences[block.index] = cached
        return cached

    def morphemes(self, block: Block) -> list[Morpheme]:
        """Morphemes of a block's prose, tokenized once per block (in bounded chunks, see ``morph.tokenize``).

        A block longer than ``MORPH_MAX_CHARS`` (no article has such a
        paragraph; a hostile or broken file does) is analyzed in its last
        ``MORPH_MAX_CHARS`` characters only, from a sentence start: the
        morphemes keep their offsets in the whole block text, and time and
        memory stay bounded (about 1 s and 50 MB per such block).
        """
        cached = self._morphemes.get(block.index)
        if cached is None:
            text = block.text
            cached = tokenize(text, _tail_start(text, MORPH_MAX_CHARS))
            self._morphemes[block.index] = cached
        return cached


MORPH_MAX_CHARS = 100_000  # characters of one block analyzed at most (its end)


def _tail_start(text: str, limit: int) -> int:
    """Where the last ``limit`` characters of ``text`` begin, moved to the next sentence start if near."""
    if len(text) <= limit:
        return 0
    start = len(text) - limit
    cuts = [i for i in (text.find(ch, start, start + MORPH_CHUNK) for ch in CHUNK_CUTS) if i >= 0]
    return min(cuts) + 1 if cuts else start


def split_sentences(block_index: int, text: str) -> list[Sentence]:
    """Split prose into sentences at 。！？!? and line breaks, not inside 「」『』（）."""
    result: list[Sentence] = []
    depth = 0
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "．" and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            pass  # a full-width decimal point: ＄０．１５
        elif ch == "\n" or (depth == 0 and ch in _SENTENCE_END):
            end = i if ch == "\n" else i + 1
            while end < n and text[end] in _SENTENCE_END + _CLOSE and ch != "\n":
                end += 1
            _push(result, block_index, text, start, end)
            start = end + (1 if ch == "\n" else 0)
            i = start
            if ch == "\n":
                depth = 0
            continue
        i += 1
    _push(result, block_index, text, start, n)
    return result


def _push(out: list[Sentence], block: int, text: str, start: int, end: int) -> None:
    while start < end and text[start] in " \u3000\t":
        start += 1
    while end > start and text[end - 1] in " \u3000\t":
        end -= 1
    if end > start and text[start:end].strip(OBJECT + " "):
        out.append(Sentence(block, start, end, text[start:end]))
