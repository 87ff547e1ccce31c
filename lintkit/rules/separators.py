"""S104 stray-separator: generation markers, setext accidents, separators at edges, doubled or splitting."""

from __future__ import annotations

import re
from typing import Iterator

from lintkit.document import HR, PARAGRAPH, Block, Document
from lintkit.edits import delete_lines, replace_line
from lintkit.finding import Finding, Fix
from lintkit.rules.base import RuleContext

_TERMINAL = "。．！？!?」』）)】：:…"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_CONTINUES = re.compile(r"^[\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9]")


class StraySeparator:
    code = "S104"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        yield from self._markers(doc, ctx)
        yield from self._setext(doc, ctx)
        yield from self._separators(doc, ctx)

    def _markers(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        found = ctx.shared(doc).markers
        skip = doc.non_prose_lines
        for n in sorted(found.own | found.glued.keys()):
            if n in skip:
                continue
            text = doc.lines[n]
            if n in found.own:
                start = len(text) - len(text.lstrip())
                marker = text.strip()
                fix = Fix(True, ctx.msg("fix-marker"), (delete_lines(doc, n, n + 1),))
                yield ctx.report(doc, n, start, n, len(text.rstrip()), args={"marker": marker}, fix=fix,
                                 data={"marker": marker, "kind": "marker"})
                continue
            m = found.glued[n]
            kept = text[: m.start()].rstrip()
            fix = Fix(True, ctx.msg("fix-marker"), (replace_line(n, kept),))
            yield ctx.report(doc, n, m.start("marker"), n, m.end("marker"), message="glued",
                             args={"marker": m.group("marker")}, fix=fix,
                             data={"marker": m.group("marker"), "kind": "glued"})

    def _setext(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for block in doc.blocks:
            if block.kind == PARAGRAPH and block.underline is not None and block.markup == "-":
                # a "=======" underline is a conflict separator (S106) or a deliberate title
                n = block.underline
                text = doc.lines[n]
                fix = Fix(True, ctx.msg("fix-separator"), (delete_lines(doc, n, n + 1),))
                yield ctx.report(doc, n, len(text) - len(text.lstrip()), n, len(text.rstrip()),
                                 message="setext", fix=fix, data={"kind": "setext"},
                                 related=[ctx.related(doc.path, block.start, 0)])

    def _separators(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        top = [b for b in doc.blocks if b.parent is None and not self._is_marker(doc, b, ctx)]
        if not top:
            return
        seps = [b for b in top if b.kind == HR]
        if not seps:
            return
        reported: set[int] = set()

        def finding(b: Block, key: str, **args: object) -> Finding:
            reported.add(b.index)
            line = doc.lines[b.start]
            fix = Fix(True, ctx.msg("fix-separator"), (delete_lines(doc, b.start, b.end),))
            return ctx.report(doc, b.start, len(line) - len(line.lstrip()), b.start, len(line.rstrip()),
                              message=key, args=args, fix=fix, data={"kind": key})

        if ctx.options["check-edges"]:
            if top[0].kind == HR and not (top[0].start == 0 and doc.unclosed_front_matter):
                yield finding(top[0], "edge-start")  # an unclosed front matter's opener is M401's
            if top[-1].kind == HR and top[-1].index not in reported:
                yield finding(top[-1], "edge-end")
        for prev, cur in zip(top, top[1:]):
            if cur.kind == HR and prev.kind == HR and cur.index not in reported:
                yield finding(cur, "doubled", other_line=prev.start + 1)
        for k in range(1, len(top) - 1):
            prev, cur, nxt = top[k - 1], top[k], top[k + 1]
            if cur.kind != HR or cur.index in reported:
                continue
            if prev.kind == PARAGRAPH and nxt.kind == PARAGRAPH and self._splits(prev, nxt):
                yield finding(cur, "split")

    @staticmethod
    def _splits(prev: Block, nxt: Block) -> bool:
        before = prev.text.rstrip()
        after = nxt.text.lstrip()
        if not before or not after or before[-1] in _TERMINAL or "\n" in before:
            return False
        if prev.content.lstrip().startswith(("[", "!", "*", "_", "{")):
            return False  # link captions, emphasized notes, attribute lists
        if not _CJK.search(before[-80:]):
            return False  # an English line: a byline ("March 3, 2024 by A. Writer") or a caption
        return bool(_CONTINUES.match(after)) and bool(_CONTINUES.match(before[-1]))

    @staticmethod
    def _is_marker(doc: Document, block: Block, ctx: RuleContext) -> bool:
        if block.kind != PARAGRAPH or block.end - block.start != 1:
            return False
        own, _ = ctx.shared(doc).marker_patterns
        return bool(own.match(doc.lines[block.start]))
