"""Prose: the plain text of a block, with a map back to source positions.

The text comes from markdown-it's inline tokens (so escapes, entities and
emphasis are resolved by the parser, not by us); each piece is then located
in the block's source so that every prose character knows its offset in the
document. Code spans, images, raw HTML (comments included) and bare URLs are
not prose: each becomes one OBJECT character (U+FFFC) so that words around
them do not fuse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from markdown_it.token import Token

OBJECT = "\ufffc"
URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'）」』】]+|www\.[A-Za-z0-9-]+\.[^\s<>\"'）」』】]+")


@dataclass(frozen=True, slots=True)
class Prose:
    """``text`` plus ``segments`` of (prose_start, source_offset, length), sorted."""

    text: str
    segments: tuple[tuple[int, int, int], ...]

    def source_offset(self, index: int) -> int:
        """Document offset of prose character ``index`` (``len(text)`` maps past the last one)."""
        if not self.segments:
            return 0
        if index >= len(self.text) and self.text:
            p, s, n = self.segments[-1]
            return s + max(n, 1)
        i = bisect_right(self.segments, (index, 1 << 62, 0)) - 1
        p, s, n = self.segments[max(i, 0)]
        return s + min(max(index - p, 0), max(n - 1, 0))

    @staticmethod
    def join(parts: list["Prose"], sep: str = "\n") -> "Prose":
        text: list[str] = []
        segs: list[tuple[int, int, int]] = []
        pos = 0
        for k, part in enumerate(parts):
            if k and part.text:
                text.append(sep)
                last = segs[-1] if segs else (0, 0, 1)
                segs.append((pos, last[1] + max(last[2], 1), len(sep)))
                pos += len(sep)
            text.append(part.text)
            segs.extend((p + pos, s, n) for p, s, n in part.segments)
            pos += len(part.text)
        return Prose("".join(text), tuple(segs))


class _Builder:
    def __init__(self, src: str, start: int, limit: int) -> None:
        self.src = src
        self.cursor = start
        self.limit = limit
        self.text: list[str] = []
        self.segs: list[tuple[int, int, int]] = []
        self.pos = 0

    def _emit(self, piece: str, offset: int) -> None:
        if not piece:
            return
        p, s, n = self.segs[-1] if self.segs else (-1, -1, 0)
        if self.segs and p + n == self.pos and s + n == offset:
            self.segs[-1] = (p, s, n + len(piece))
        else:
            self.segs.append((self.pos, offset, len(piece)))
        self.text.append(piece)
        self.pos += len(piece)

    def locate(self, piece: str) -> int:
        """Find ``piece`` at or after the cursor; -1 if it is not there verbatim."""
        return self.src.find(piece, self.cursor, self.limit)

    def text_piece(self, piece: str) -> None:
        idx = self.locate(piece)
        if idx >= 0:
            self._emit(piece, idx)
            self.cursor = idx + len(piece)
            return
        # entities and escapes: align character by character
        for ch in piece:
            idx = self.src.find(ch, self.cursor, self.limit)
            if idx < 0:
                self._emit(ch, min(self.cursor, max(self.limit - 1, 0)))
            else:
                self._emit(ch, idx)
                self.cursor = idx + 1

    def object(self, raw: str) -> None:
        idx = self.locate(raw) if raw else -1
        at = idx if idx >= 0 else self.cursor
        self._emit(OBJECT, at)
        if idx >= 0:
            self.cursor = idx + len(raw)

    def newline(self) -> None:
        idx = self.src.find("\n", self.cursor, self.limit)
        at = idx if idx >= 0 else self.cursor
        self._emit("\n", at)
        if idx >= 0:
            self.cursor = idx + 1

    def skip_link_tail(self) -> None:
        """After link text: skip ``](destination "title")`` or ``][ref]``."""
        src, i = self.src, self.cursor
        if src.startswith("](", i):
            depth, j = 0, i + 2
            while j < self.limit:
                c = src[j]
                if c == "\\":
                    j += 2
                    continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        self.cursor = j + 1
                        return
                    depth -= 1
                elif c == "\n" and src.startswith("\n\n", j):
                    return
                j += 1
        elif src.startswith("][", i):
            j = src.find("]", i + 2, self.limit)
            if j >= 0:
                self.cursor = j + 1

    def build(self) -> Prose:
        return Prose("".join(self.text), tuple(self.segs))


def _text_with_urls(builder: _Builder, content: str) -> None:
    pos = 0
    for match in URL_RE.finditer(content):
        builder.text_piece(content[pos : match.start()])
        builder.object(match.group())
        pos = match.end()
    builder.text_piece(content[pos:])


def inline_prose(children: list[Token], src: str, start: int, limit: int) -> Prose:
    """Prose of one inline token's children, located in ``src[start:limit]``."""
    b = _Builder(src, start, limit)
    in_autolink = False
    for tok in children:
        t = tok.type
        if t == "text":
            if in_autolink:
                continue
            _text_with_urls(b, tok.content)
        elif t in ("softbreak", "hardbreak"):
            b.newline()
        elif t == "code_inline":
            b.object(tok.content)
            idx = b.locate(tok.markup)
            if idx >= 0 and idx - b.cursor <= 2:
                b.cursor = idx + len(tok.markup)
        elif t == "html_inline":
            b.object(tok.content)
        elif t == "image":
            idx = b.locate("![")
            b.object("")
            if idx >= 0:
                end = b.src.find("]", idx + 2, b.limit)
                if end >= 0:
                    b.cursor = end
                    b.skip_link_tail()
        elif t == "link_open":
            if tok.markup == "autolink":
                in_autolink = True
                b.object(str(tok.attrGet("href") or ""))
        elif t == "link_close":
            if in_autolink:
                in_autolink = False
                idx = b.locate(">")
                if idx >= 0:
                    b.cursor = idx + 1
            else:
                b.skip_link_tail()
    return b.build()
