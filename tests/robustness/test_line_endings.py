"""CRLF, CR and mixed line endings, and characters other tools treat as line breaks: positions stay exact."""

from __future__ import annotations

from itertools import cycle

import pytest

from lintkit.config import Config
from lintkit.engine import Plan
from lintkit.source import decode, split_lines

# An original article that trips many rules at known places.
RICH = """---
title: "検証用の記事"
date: 2026-01-05
---

承知しました。以下は記事です。

## 1. はじめに

生成AIの導入は、小さな業務から始めるのが近道です。担当者が効果を確かめながら範囲を広げていけます。

料金は〇〇円です。詳しくはTODOを参照してください。

## 3. 導入の手順

生成AIの導入は、小さな業務から始めるのが近道です。担当者が効果を確かめながら範囲を広げていけます。

「括弧が閉じていない文です。

この段落は途中で
---END---

## 3. 導入の手順

同じ見出しが繰り返されています。市場は拡大しています ---END---

<<<<<<< HEAD
衝突した行です。
=======
別の行です。
>>>>>>> feature

*※ 本ページのリンクにはアフィリエイトリンクが含まれます。*

## 付録

フッターの後に続く本文です。

```python
print("閉じていないコード")
"""


def with_endings(text: str, endings: list[str], final: bool = True) -> str:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    ends = cycle(endings)
    out = [line + next(ends) for line in lines]
    if not final:
        out[-1] = lines[-1]
    return "".join(out)


def positions(text: str) -> list[tuple]:
    plan = Plan(Config())
    result = plan.check_source(decode("a.md", text.encode("utf-8")))
    assert result.errors == []
    return [(f.code, f.line, f.column, f.end_line, f.end_column, f.message,
             tuple((r.line, r.column) for r in f.related)) for f in result.findings]


BASE = positions(RICH)

VARIANTS = {
    "crlf": ["\r\n"],
    "cr": ["\r"],
    "mixed": ["\r\n", "\n", "\r", "\r\n"],  # never "\r" followed by "\n" (that would be one CRLF)
}


def test_the_rich_article_has_findings_to_compare() -> None:
    assert len({f[0] for f in BASE}) >= 2
    assert ("S104", 24, 27) in {(c, n, col) for c, n, col, *_ in BASE}  # the glued marker, 0-based


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_line_endings_do_not_move_any_finding(name: str) -> None:
    assert positions(with_endings(RICH, VARIANTS[name])) == BASE


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_without_final_newline(name: str) -> None:
    text = with_endings(RICH, VARIANTS[name], final=False)
    assert positions(text) == BASE


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_endings_are_kept_byte_for_byte(name: str) -> None:
    for final in (True, False):
        text = with_endings(RICH, VARIANTS[name], final=final)
        source = decode("a.md", text.encode("utf-8"))
        assert source.render(list(source.lines), list(source.endings)) == text.encode("utf-8")
        assert len(source.lines) == len(RICH.splitlines())


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_other_line_breaks_are_ordinary_characters(char: str) -> None:
    """str.splitlines() splits on these; CommonMark and editors do not, so no line may move."""
    text = RICH.replace("生成AIの導入は、小さな", f"生成AIの導入{char}は、小さな", 1)
    source = decode("a.md", text.encode("utf-8"))
    assert len(source.lines) == len(RICH.split("\n")) - 1
    lines, endings = split_lines(text)
    assert len(lines) == len(source.lines) and set(endings) == {"\n"}
    moved = [(f[0], f[1]) for f in positions(text)]
    assert moved == [(f[0], f[1]) for f in BASE]
