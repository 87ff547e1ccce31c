"""S107 heading-numbering: numbered headings that skip, repeat or go backwards.

Headings are compared with their siblings only: the headings of one level
under one parent section (``Document.sections``), and only with those
numbered in the same style ("3.", "第3章", "Step 3", "その3", "①", "2.1").
Unnumbered headings in between ("まとめ") are ignored. The first numbered
heading of a group sets the start: a group may continue the numbering of
an earlier part.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, NamedTuple

from lintkit.document import Block, Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext

_KANJI = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳

# (style, pattern); the first that matches wins. Digits are NFKC-normalized first.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(r"^第\s*(?P<n>\d+|[〇一二三四五六七八九十百]+)\s*(?P<unit>[章節部回項話編])")),
    ("step", re.compile(r"^(?P<word>Step|STEP|step|ステップ|Part|PART|Chapter|CHAPTER)\s*(?P<n>\d+)(?!\d|\.\d)")),
    ("sono", re.compile(r"^その\s*(?P<n>\d+|[〇一二三四五六七八九十]+)")),
    ("dotted", re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,3})+)\.?(?=[\s:：]|$)")),
    ("plain", re.compile(r"^\(?(?P<n>\d{1,3})(?:[.)：:]|\s*[、）])(?!\d)")),
)


class Number(NamedTuple):
    style: str  # pattern name, plus the unit/word so that "第1章" and "第1節" are separate series
    value: tuple[int, ...]
    template: str  # how to show a value of this series: "第{}章", "Step {}", "{}"


def parse_number(text: str) -> Number | None:
    """The number a heading text starts with, or None."""
    stripped = text.strip().lstrip("#*_ \u3000")
    if stripped[:1] in _CIRCLED:
        return Number("circled", (_CIRCLED[stripped[0]],), "{}")
    norm = unicodedata.normalize("NFKC", stripped)
    for style, pattern in _PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        raw = m.group("n")
        if style == "dotted":
            return Number(style + str(raw.count(".")), tuple(int(p) for p in raw.split(".")), "{}")
        value = int(raw) if raw.isdigit() else _kanji_number(raw)
        if value is None:
            return None
        if style == "chapter":
            unit = m.group("unit")
            return Number(f"chapter-{unit}", (value,), "第{}" + unit)
        if style == "step":
            word = m.group("word")
            return Number(f"step-{word.lower()}", (value,), word + " {}")
        if style == "sono":
            return Number(style, (value,), "その{}")
        return Number(style, (value,), "{}")
    return None


def _kanji_number(raw: str) -> int | None:
    """一..九十九 (with 十 and 百)."""
    total, current = 0, 0
    for ch in raw:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch in _KANJI:
            current = current * 10 + _KANJI[ch]
        else:
            return None
    return total + current


def _show(number: Number, value: tuple[int, ...]) -> str:
    if number.style.startswith("dotted"):
        return ".".join(str(v) for v in value)
    return number.template.format(value[0])


def _successors(value: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Values that may follow ``value``: the next at the last level, or the next at a higher level
    with the lower levels reset to 1 ("1.3" → "1.4" or "2.1")."""
    out = []
    for k in range(len(value) - 1, -1, -1):
        out.append(value[:k] + (value[k] + 1,) + (1,) * (len(value) - k - 1))
    return out


class HeadingNumbering:
    code = "S107"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        blocks = doc.blocks
        # (parent section, level) -> last numbered heading of each style
        last: dict[tuple[int | None, int, str], tuple[Block, Number]] = {}
        for section in doc.sections:
            if section.heading is None:
                continue
            heading = blocks[section.heading]
            number = parse_number(heading.text)
            if number is None:
                continue
            key = (section.parent, heading.level, number.style)
            prev = last.get(key)
            last[key] = (heading, number)
            if prev is None:
                continue
            prev_heading, prev_number = prev
            kind = _compare(prev_number.value, number.value)
            if kind is None:
                continue
            expected = _successors(prev_number.value)[0]
            line = doc.lines[heading.start]
            yield ctx.report(
                doc, heading.start, 0, heading.start, len(line.rstrip()),
                args={"expected": _show(number, expected), "actual": _show(number, number.value),
                      "kind": ctx.msg(kind)},
                related=[ctx.related(doc.path, prev_heading.start, 0)],
                data={"kind": kind, "expected": _show(number, expected), "actual": _show(number, number.value)},
            )


def _compare(prev: tuple[int, ...], cur: tuple[int, ...]) -> str | None:
    if cur in _successors(prev):
        return None
    if cur == prev:
        return "repeat"
    if cur < prev:
        return "backwards"
    return "skip"
