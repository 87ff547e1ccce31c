"""S105 content-after-footer: article body that follows the end matter.

The end matter is found from two kinds of markers (options, defaults in
``rules/structure.yaml``): phrases of the closing disclaimer
(``markers``: "アフィリエイトリンクが含まれ"...) and phrases of end-matter
section headings (``section-markers``: "あわせて読みたい", "おすすめ書籍",
CTA headings...). Scanning the top-level blocks once:

- after a closing disclaimer, anything substantive is a continuation;
- inside an end-matter section, its lists, captions, CTA text and linked
  sub-headings (book titles) belong to it; a heading of the same or a higher
  level, or a sub-heading that is not a link, is a continuation;
- after a separator that closes an end-matter section, anything substantive
  that is not end matter again is a continuation.

A heading whose section is shaped like a call to action (a link or a list of
links and at most two short paragraphs) also counts as end matter, so CTA
headings missing from ``section-markers`` do not read as body.

A disclaimer or section only counts as end matter once article prose has
been seen, so a "本記事はプロモーションを含みます" notice at the top of a post is
not a footer.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from lintkit.analysis import non_prose
from lintkit.document import BLOCKQUOTE, HEADING, HR, HTML, LIST_ITEM, PARAGRAPH, TABLE, Block, Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext

_CONFLICT_RE = re.compile(r"^(?:<{7}|>{7}|={7}|\|{7})")
_SENTENCE_END_RE = re.compile(r"[。！？!?]")

# states of the scan
_BODY = 0
_DISCLAIMER = 1
_SECTION = 2
_CLOSED = 3  # a separator after an end-matter section


class ContentAfterFooter:
    code = "S105"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        markers: Sequence[str] = tuple(ctx.options["markers"])
        section_markers: Sequence[str] = tuple(ctx.options["section-markers"])
        if not markers and not section_markers:
            return
        own, _ = ctx.shared(doc).marker_patterns
        top = [b for b in doc.blocks if b.parent is None]
        state = _BODY
        level = 0
        body_seen = False
        footer: Block | None = None
        phrase = ""
        k = 0
        while k < len(top):
            b = top[k]
            found_section = _section_marker(b, section_markers)
            found_disclaimer = _disclaimer(b, markers)
            k += 1
            if state == _BODY:
                if body_seen and (found_section or found_disclaimer):
                    footer, phrase = b, found_section or found_disclaimer
                    state, level = (_SECTION, b.level) if found_section else (_DISCLAIMER, 0)
                elif b.kind in (PARAGRAPH, LIST_ITEM) and _SENTENCE_END_RE.search(b.text):
                    body_seen = True
                continue
            if found_section or (b.kind == HEADING and _cta_shaped(doc, top, k - 1, own)):
                state, level = _SECTION, b.level
                continue
            if found_disclaimer:
                state = _DISCLAIMER
                continue
            if b.kind == HR:
                if state == _SECTION:
                    state = _CLOSED
                continue
            if _transparent(doc, b, own):
                continue
            if state == _SECTION and not _leaves_section(doc, b, level):
                continue
            # a continuation: it runs to the next piece of end matter (a pipeline appends a whole
            # "completion", often with a footer of its own, after which another may follow)
            assert footer is not None
            first = last = b
            while k < len(top):
                nxt = top[k]
                if _section_marker(nxt, section_markers) or _disclaimer(nxt, markers):
                    break
                if nxt.kind != HR and not _transparent(doc, nxt, own):
                    last = nxt
                k += 1
            end_line = last.last_line
            yield ctx.report(
                doc, first.start, 0, end_line, len(doc.lines[end_line]) if end_line < len(doc.lines) else 0,
                args={"footer_line": footer.start + 1, "footer": phrase},
                related=[ctx.related(doc.path, footer.start, 0)],
                data={"footer_line": footer.start + 1, "footer": phrase},
            )
            if k < len(top):  # the end matter that closes this continuation is the footer of the next one
                footer = top[k]
                phrase = _section_marker(footer, section_markers) or _disclaimer(footer, markers)


def _section_marker(b: Block, phrases: Sequence[str]) -> str:
    if b.kind != HEADING:
        return ""
    return next((p for p in phrases if p in b.text), "")


def _disclaimer(b: Block, phrases: Sequence[str]) -> str:
    if b.kind not in (PARAGRAPH, BLOCKQUOTE):
        return ""
    return next((p for p in phrases if p in b.text), "")


def _transparent(doc: Document, b: Block, own: re.Pattern[str]) -> bool:
    """Blocks that are never a continuation: HTML, links, conflict markers, generation markers."""
    if b.kind == HTML:
        return True
    line = doc.lines[b.start] if b.start < len(doc.lines) else ""
    if _CONFLICT_RE.match(line.lstrip()):
        return True
    if b.kind in (PARAGRAPH, HEADING):
        lines = doc.lines[b.start : b.last_line + 1]
        return non_prose(b.content) or all(own.match(t) or not t.strip() for t in lines)
    if b.kind in (LIST_ITEM, BLOCKQUOTE):
        kids = [doc.blocks[c] for c in b.children if doc.blocks[c].kind in (PARAGRAPH, HEADING)]
        return all(non_prose(c.content) for c in kids)
    return b.kind == TABLE and not b.text.strip()


def _cta_shaped(doc: Document, top: list[Block], k: int, own: re.Pattern[str]) -> bool:
    """A heading after the end matter whose section is a call to action: a link (list) and at most
    two short paragraphs ("## 地域別ガイド" + "[ガイドを見る →](...)"), not article body."""
    heading = top[k]
    links = prose = 0
    for b in top[k + 1 :]:
        if b.kind == HR or (b.kind == HEADING and b.level <= heading.level):
            break
        if b.kind == HEADING:
            return False
        if _transparent(doc, b, own):
            links += b.kind != HTML
        elif b.kind == PARAGRAPH and len(b.text) <= 200:
            prose += 1
        else:
            return False
        if prose > 2:
            return False
    return links > 0


def _leaves_section(doc: Document, b: Block, level: int) -> bool:
    """Inside an end-matter section: does ``b`` belong to the article body instead?"""
    if b.kind != HEADING:
        return False  # the section's own lists, captions, CTA text
    if b.level <= level:
        return True  # a sibling or parent heading that is not end matter
    return not non_prose(b.content)  # book titles are linked sub-headings; "### 6. 〜" is body
