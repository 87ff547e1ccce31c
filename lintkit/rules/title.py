"""M403 title-defect: a front-matter ``title`` that a pipeline broke.

The title is what search results and the article index show, so a defect
there is seen by every reader. Four kinds, each decided on the title alone:

- ``bracket``: a bracket opened and never closed (「物流AIの導入効果と課題（事例研究」),
  or closed without being opened;
- ``slot``: an empty template slot, a counter with its number missing
  (「（月時点・最新動向）」, 「【年最新】」) or brackets holding nothing but separators
  (「（・）」, 「【】」), or an unfilled ``{placeholder}``;
- ``punctuation``: sentence punctuation directly followed by a particle, where a
  question was glued to a template suffix (「AIは何を変えるのか？が示す未来」);
- ``midword``: a word cut in the middle, where the tagger finds a prefix or a
  stray character before a particle or a bracket (「生成AIの業務活が広げる可能性」,
  「半導体新興企（OpenAI・NVIDIA）」), or two particles that cannot follow each other
  (「Titan 3.0はの可能性」, kind ``particles``).
"""

from __future__ import annotations

import re
from typing import Iterator

from lintkit.document import Document
from lintkit.finding import Finding, Severity
from lintkit.morph import Morpheme, tokenize
from lintkit.rules.base import RuleContext

_PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "［": "］", "[": "]", "〔": "〕", "《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_TITLE_LINE = re.compile(r"^title[ \t]*:[ \t]*")
# a counter with no number before it: "（月時点", "【年最新】", "・年版"
_SLOT_COUNTER = re.compile(r"(?:^|[（(【「『［\[\s・、｜|/])(?:年|月|日)(?:時点|現在|版|最新|度版|末時点)")
_EMPTY_BRACKETS = re.compile(r"[（(【「『［\[〔][\s・、,，/|｜:：\-–—]*[）)】」』］\]〕]")
_CURLY_SLOT = re.compile(r"\{\{?[^{}]{0,40}\}\}?")
# sentence punctuation glued to a particle: "か？が示す", "。がもたらす", also across an inserted
# list of names: "何が変わる？（OpenAI・Google）の注目ポイント"
_PUNCT_PARTICLE = re.compile(r"[？?！!。](?:\s*[（(][^（）()]*[）)])?(?=[のがをはへでに])")
# an assistant's apology or refusal instead of a title
_REFUSAL = re.compile(r"\b(?:I apologi[sz]e|I(?:'m| am) (?:sorry|unable)|I cannot|As an AI)\b"
                      r"|申し訳(?:ありません|ございません)", re.I)
# a phrase of three characters or more (with a kanji) written twice in a row: "の全貌の全貌"
_REPEAT = re.compile(r"(\S{3,}?)\1")
_KANJI = re.compile(r"[\u3400-\u9fff]")
WEAK_KINDS = frozenset({"glued", "repeat"})  # reported as warnings: the title reads oddly, a pipeline is likely
_KANJI_OR_KANA = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff]$")
# a particle that no particle of this set may follow directly ("はの", "がの", "をの")
_BAD_PAIRS = frozenset({("は", "の"), ("が", "の"), ("を", "の"), ("は", "が"), ("が", "を"), ("を", "が")})
_BREAKS = "（(｜|【［[〔"  # what a pipeline appends after a title it cut: entity lists, suffixes


class TitleDefect:
    code = "M403"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        fm = doc.front_matter
        if fm is None or not fm.closed or not isinstance(fm.data, dict):
            return
        title = fm.data.get("title")
        if not isinstance(title, str) or not title.strip():
            return
        line, column = _title_position(doc, fm.start, fm.end, title)
        found = defect(title)
        if found is None:
            at = _cut_against_body(title, "\n".join(b.text for b in doc.prose_blocks()))
            found = ("midword", at) if at is not None else None
        if found is None:
            return
        kind, at = found
        fragment = _excerpt(title, at)
        yield ctx.report(doc, line, column, message=kind, args={"fragment": fragment},
                         data={"kind": kind, "offset": at},
                         severity=Severity.WARNING if kind in WEAK_KINDS else None)


def _excerpt(title: str, at: int, width: int = 12) -> str:
    """The title around the defect: whole when short, else a window marked with … where it was cut."""
    if len(title) <= 2 * width + 8:
        return title
    start, end = max(0, at - width), min(len(title), at + width)
    return ("…" if start > 0 else "") + title[start:end] + ("…" if end < len(title) else "")


def defect(title: str) -> tuple[str, int] | None:
    """The first defect of a title: (kind, character offset in the title), or None."""
    at = _unbalanced(title)
    if at is not None:
        return "bracket", at
    m = _SLOT_COUNTER.search(title) or _EMPTY_BRACKETS.search(title) or _CURLY_SLOT.search(title)
    if m is not None:
        return "slot", m.start()
    m = _REFUSAL.search(title)
    if m is not None:
        return "refusal", m.start()
    ms = tokenize(title)
    for m2 in _PUNCT_PARTICLE.finditer(title):
        nxt = _at(ms, m2.end())
        if nxt is not None and nxt.pos1 == "助詞":
            return "punctuation", m2.start()
    at = _midword(title, ms)
    if at is not None:
        return ("midword", at) if at >= 0 else ("particles", -1 - at)
    at = _glued(ms)
    if at is not None:
        return "glued", at
    for m3 in _REPEAT.finditer(title):
        if _KANJI.search(m3.group(1)):
            return "repeat", m3.start()
    return None


def _glued(ms: list[Morpheme]) -> int | None:
    """A sentence-final verb glued to a template suffix: "〜を読み解くの最新動向" (の after a verb's
    plain form, then a noun), "〜の鍵を探るによる業務効率化" (による after a verb), "〜を深掘りするが
    もたらす転換" (が and a second verb with no comma)."""
    for k in range(len(ms) - 2):
        m, a, b = ms[k], ms[k + 1], ms[k + 2]
        if m.pos1 != "動詞" or not m.cform.startswith(("終止形", "連体形")):
            continue
        if a.start != m.start + len(m.surface) or a.pos1 != "助詞" or a.pos2 != "格助詞":
            continue
        if (a.surface == "の" and b.pos1 in ("名詞", "接頭辞")) or (a.surface == "に" and b.lemma == "因る"):
            return a.start
    for k in range(len(ms) - 2):
        m, a, b = ms[k], ms[k + 1], ms[k + 2]
        if (m.pos1 == "動詞" and m.cform.startswith("終止形") and a.surface == "が" and a.pos2 == "接続助詞"
                and a.start == m.start + len(m.surface) and b.start == a.start + 1 and b.pos1 == "動詞"):
            return a.start  # "その真意を深掘りするがもたらす転換": no comma, a second verb right after
    return None


def _unbalanced(title: str) -> int | None:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(title):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            elif any(o == _CLOSERS[ch] for o, _ in stack):
                while stack[-1][0] != _CLOSERS[ch]:
                    stack.pop()  # a closer missing inside: reported below by its opener's absence
                stack.pop()
                return i
            else:
                return i
    return stack[0][1] if stack else None


def _at(ms: list[Morpheme], offset: int) -> Morpheme | None:
    for m in ms:
        if m.start >= offset:
            return m
    return None


def _midword(title: str, ms: list[Morpheme]) -> int | None:
    for k, m in enumerate(ms):
        nxt = ms[k + 1] if k + 1 < len(ms) else None
        prev = ms[k - 1] if k > 0 else None
        glued = nxt is not None and nxt.start == m.start + len(m.surface)
        if m.pos1 == "接頭辞" and glued and nxt is not None and nxt.pos1 == "助詞":
            return m.start  # "業務活が": a prefix cannot stand before a particle
        if m.pos1 == "記号" and _KANJI_OR_KANA.match(m.surface):
            return m.start  # a lone character the dictionary cannot place ("構想を発が")
        if (m.pos1 == "助詞" and glued and nxt is not None and nxt.pos1 == "助詞"
                and (m.surface, nxt.surface) in _BAD_PAIRS):
            return -1 - m.start  # "はの": two particles that cannot follow each other
        before_break = (nxt is None and m.start + len(m.surface) == len(title.rstrip())) or (
            glued and nxt is not None and nxt.surface[:1] in _BREAKS)
        if (before_break and len(m.surface) == 1 and _KANJI_OR_KANA.match(m.surface)
                and m.pos1 in ("名詞", "副詞", "感動詞") and m.pos2 != "数詞"
                and (m.unknown or m.lemma != m.surface)  # "企"→企み, "効"→甲斐, "ド"; not "術", "差", "年"
                and prev is not None and prev.start + len(prev.surface) == m.start
                and (prev.pos1 == "名詞" or prev.pos1 in ("補助記号",) and prev.surface in "%％：:")):
            return m.start  # "新興企（", "25%効（", "720億ド｜", "：そ（": the end of a word cut off
    return None


def _cut_against_body(title: str, body: str) -> int | None:
    """Where a word of the title stops short of the word the article writes: the last run of
    letters, katakana or kanji before a bracket, a bar or the end ("ChatGP（Google…" while the body
    says ChatGPT, never ChatGP)."""
    for m in _TITLE_WORD.finditer(title):
        end = m.end()
        if end < len(title.rstrip()) and title[end] not in _BREAKS:
            continue
        word = m.group()
        if len(word) < (4 if word.isascii() else 2 if _KATAKANA_WORD.match(word) else 3):
            continue
        whole = continued = 0
        for found in re.finditer(re.escape(word), body):
            nxt = body[found.end():found.end() + 1]
            if nxt and _same_script(word[-1], nxt):
                continued += 1
            else:
                whole += 1
        if continued and not whole:
            return m.start()
    return None


def _same_script(a: str, b: str) -> bool:
    for run in (_ASCII_WORD, _KATAKANA_WORD, _KANJI_WORD):
        if run.fullmatch(a):
            return bool(run.fullmatch(b))
    return False


_TITLE_WORD = re.compile(r"[A-Za-z0-9]+|[ァ-ヺー]+|[\u3400-\u9fff]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]")
_KANJI_WORD = re.compile(r"[\u3400-\u9fff]")


def _title_position(doc: Document, start: int, end: int, title: str) -> tuple[int, int]:
    lines = doc.lines
    for n in range(start + 1, min(end, len(lines))):
        m = _TITLE_LINE.match(lines[n])
        if m:
            return n, m.end()
    return start, 0
