"""A303 unbalanced-brackets and A304 unclosed-code-fence: what a cut or garbled generation breaks.

(A301 llm-meta-talk and A302 placeholder are pattern packs: ``rules/packs/``.)
"""

from __future__ import annotations

import re
from typing import Iterator

from lintkit.document import CODE, HEADING, PARAGRAPH, Block, Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext

_OPEN_TO_CLOSE = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "[": "]", "［": "］"}
_CLOSE_TO_OPEN = {v: k for k, v in _OPEN_TO_CLOSE.items()}
# Half- and full-width forms pair with each other: "（注)" is a width slip, not an imbalance.
_FAMILY = {"（": "paren", "(": "paren", "）": "paren", ")": "paren",
           "[": "square", "［": "square", "]": "square", "］": "square",
           "「": "kagi", "」": "kagi", "『": "double", "』": "double", "【": "lenticular", "】": "lenticular"}
_BRACKETS = re.compile(r"[「」『』（）()【】\[\]［］]")
# "1)", "a)", "iv)", "①)", "ア)" or "例)" after a line start, space or punctuation: an enumerator, not a bracket.
_ENUMERATOR = re.compile(r"(?:^|[\s、。，,：:／/])(?:[0-9０-９]{1,3}|[A-Za-zＡ-Ｚａ-ｚ]|[ivxIVX]{1,4}|[①-⑳]|[ア-ン]|[イロハニホヘト]"
                         r"|例|注|答|問|※)$")
# A bracket with space (or the text's edge) on both sides is named, not used: "missing ) after".
_SPACE = " \t\n\u3000"
# ":)" ";-)" "=)" ":(" — ASCII emoticons.
_EMOTICON_BEFORE = re.compile(r"[:;=8][-^']?$")


def _same_family(a: str, b: str) -> bool:
    return _FAMILY[a] == _FAMILY[b]


class UnbalancedBrackets:
    code = "A303"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for block in doc.blocks:
            if block.kind in (PARAGRAPH, HEADING) and block.prose is not None:
                text = block.text
                if _BRACKETS.search(text):
                    yield from self._block(doc, ctx, block, text)

    def _block(self, doc: Document, ctx: RuleContext, block: Block, text: str) -> Iterator[Finding]:
        stack: list[tuple[str, int, bool]] = []  # (bracket, prose index, named)
        depth: dict[str, int] = dict.fromkeys(_FAMILY.values(), 0)  # open brackets on the stack, by family
        bad: list[tuple[int, str]] = []  # (prose index, message key)

        def pop() -> tuple[str, int, bool]:
            top = stack.pop()
            depth[_FAMILY[top[0]]] -= 1
            return top
        for m in _BRACKETS.finditer(text):
            ch, i = m.group(), m.start()
            named = (i == 0 or text[i - 1] in _SPACE) and (i + 1 == len(text) or text[i + 1] in _SPACE)
            before = text[max(0, i - 6):i]
            if ch in _OPEN_TO_CLOSE:
                if ch == "(" and _EMOTICON_BEFORE.search(before):
                    continue
                stack.append((ch, i, named))
                depth[_FAMILY[ch]] += 1
                continue
            has_family_open = depth[_FAMILY[ch]] > 0  # a count, not a scan: linear on hostile input
            if not has_family_open and (named or (_FAMILY[ch] == "paren" and (
                    _ENUMERATOR.search(before) or _EMOTICON_BEFORE.search(before)))):
                continue
            if stack and _same_family(stack[-1][0], ch):
                pop()
            elif has_family_open:
                while stack and not _same_family(stack[-1][0], ch):
                    _, j, was_named = pop()
                    if not was_named:
                        bad.append((j, "unclosed"))
                pop()
            else:
                bad.append((i, "unopened"))
        bad.extend((j, "unclosed") for _, j, was_named in stack if not was_named)
        for i, key in sorted(bad):
            ch = text[i]
            line, col = doc.position(block, i)
            other = _OPEN_TO_CLOSE.get(ch) or _CLOSE_TO_OPEN[ch]
            yield ctx.report(doc, line, col, line, col + 1, message=key,
                             args={"bracket": ch, "other": other}, data={"bracket": ch})


_FENCE_CLOSE = re.compile(r"^[\s>]*(?P<fence>`{3,}|~{3,})\s*$")


class UnclosedCodeFence:
    code = "A304"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for block in doc.blocks:
            if block.kind != CODE or not block.markup or block.markup[0] not in "`~":
                continue
            if self._closed(doc, block):
                continue
            opener = doc.lines[block.start]
            col = len(opener) - len(opener.lstrip(" >\t"))
            last = max(block.start, block.end - 1)
            yield ctx.report(
                doc, block.start, col, block.start, len(opener.rstrip()),
                args={"fence": block.markup, "lines": block.end - block.start},
                related=[ctx.related(doc.path, last, 0)],
                data={"fence": block.markup, "end_line": last + 1},
            )

    @staticmethod
    def _closed(doc: Document, block: Block) -> bool:
        last = block.end - 1
        if last <= block.start or last >= len(doc.lines):
            return False
        m = _FENCE_CLOSE.match(doc.lines[last])
        if not m:
            return False
        fence = m.group("fence")
        return fence[0] == block.markup[0] and len(fence) >= len(block.markup)
