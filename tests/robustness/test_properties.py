"""Property tests over generated Japanese Markdown: never a crash, positions inside the file, determinism,
and an idempotent ``--fix`` that changes nothing but the lines it removes.

Hypothesis runs a fixed number of examples, derandomized (the same examples
on every run and in CI), without deadlines: the suite's time stays bounded
and a failure always reproduces.
"""

from __future__ import annotations

import difflib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintkit.config import Config
from lintkit.engine import Plan
from lintkit.finding import Finding
from lintkit.fix import fix_source
from lintkit.source import SourceText, decode

CHECKS = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIXES = settings(CHECKS, max_examples=60)

PLAN = Plan(Config())
OTHER_PLAN = Plan(Config())

# -------------------------------------------------------------- the generator

WORDS = ["生成AI", "市場", "導入", "企業", "担当者", "手順", "費用", "効果", "データ", "モデル", "GPT-4o",
         "Claude", "料金", "１２３", "2.5ドル", "28%", "2440億ドル", "約", "年", "月"]
PARTICLES = ["は", "が", "を", "に", "で", "と", "の", "も", "から", "まで"]
ENDINGS = ["です。", "ます。", "でした。", "しました。", "と考えられます。", "", "、", "ので", "？", "！"]
ODD = ["\u2028", "\x85", "\x0c", "\t", "\u3000", "😀", "𠮷", "\ufeff", "\u200b", "&amp;", "\\*", "<br>",
       "`コード`", "[リンク](https://example.com/a?b=1)", "https://example.com/x", "**強調**", "_斜体_",
       "「", "」", "（", "）", "【", "〇〇", "XXX", "TODO", "[ここに画像]", "<!-- コメント -->",
       "<!-- lintkit-disable-next-line S104 -->", "{% include x.html %}", "{: .note}", "※"]
MARKERS = ["---END---", "---END", "END", "[END]", "<|endoftext|>", "---", "***", "___", "- - -", "===",
           "<<<<<<< HEAD", "=======", ">>>>>>> feature", "```", "~~~", "承知しました。以下は記事です。",
           "*※ 本ページのリンクにはアフィリエイトリンクが含まれます。*", "## あわせて読みたい",
           "<!-- lintkit-disable S102 -->", "<!-- lintkit-enable -->", "<!-- lintkit-disable-file -->"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PARTICLES)), min_size=1, max_size=5))
    text = "".join(w + p for w, p in parts) + draw(st.sampled_from(WORDS)) + draw(st.sampled_from(ENDINGS))
    if draw(st.integers(0, 4)) == 0:
        k = draw(st.integers(0, len(text)))
        text = text[:k] + draw(st.sampled_from(ODD)) + text[k:]
    return text


@st.composite
def blocks(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 11))
    if kind <= 3:  # a paragraph of one or more lines, maybe with a glued marker
        lines = draw(st.lists(sentences(), min_size=1, max_size=3))
        if draw(st.integers(0, 5)) == 0:
            lines[-1] += draw(st.sampled_from([" ---END---", "---END---", " END", "[END]"]))
        return lines
    if kind == 4:
        level = draw(st.integers(1, 4))
        number = draw(st.sampled_from(["", "1. ", "2. ", "3. ", "第1章 ", "5. "]))
        return ["#" * level + " " + number + draw(sentences()).rstrip("。")]
    if kind == 5:
        return [draw(st.sampled_from(MARKERS))]
    if kind == 6:
        bullet = draw(st.sampled_from(["- ", "* ", "1. ", "  - ", "    - ", "> ", "> - ", ">> "]))
        return [bullet + s for s in draw(st.lists(sentences(), min_size=1, max_size=3))]
    if kind == 7:
        fence = draw(st.sampled_from(["```", "~~~", "```python", "````"]))
        body = draw(st.lists(st.sampled_from(["print('---END---')", "x = 1", "<<<<<<< HEAD", "本文"]), max_size=3))
        closed = draw(st.booleans())
        return [fence, *body] + ([fence[:3] if fence.startswith("`") else "~~~"] if closed else [])
    if kind == 8:
        cells = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
        return ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells), "| " + " | ".join(reversed(cells)) + " |"]
    if kind == 9:
        return [draw(st.sampled_from(["<div>", "<!--", "-->", "<details>", "</div>"])), draw(sentences())]
    if kind == 10:
        return [draw(st.text(alphabet="#>-*_=`~[]()!|:　 あア漢AZ09\t", max_size=12))]
    return [""]


@st.composite
def front_matter(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return []
    if kind == 1:
        return ["---", "title: テスト", "date: 2026-01-05", "---"]
    if kind == 2:
        return ["---", "title: [閉じていない", "---"]
    if kind == 3:
        return ["---", "title: 閉じない"]
    if kind == 4:
        return ["---", "- リスト", "---"]
    return ["---", "a: &a [x, x]", "b: [*a, *a]", "---"]


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A Markdown file as bytes: front matter, blocks (some repeated), any line endings, BOM or not."""
    lines = draw(front_matter())
    chosen: list[list[str]] = []
    for _ in range(draw(st.integers(0, 14))):
        if chosen and draw(st.integers(0, 5)) == 0:
            chosen.append(draw(st.sampled_from(chosen)))  # repeat an earlier block: duplicates
        else:
            chosen.append(draw(blocks()))
    for block in chosen:
        lines.extend(block)
        if draw(st.integers(0, 3)):
            lines.append("")
    endings = draw(st.sampled_from([["\n"], ["\r\n"], ["\r"], ["\n", "\r\n"], ["\r\n", "\n", "\r", "\r\n"]]))
    out = []
    for k, line in enumerate(lines):
        end = endings[k % len(endings)]
        if end == "\n" and out and out[-1].endswith("\r") and not out[-1].endswith("\r\n") and line == "":
            end = "\r\n"  # never "\r" + "\n" across lines: that would merge two endings
        out.append(line + end)
    text = "".join(out)
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")
    bom = "\ufeff" if draw(st.integers(0, 5)) == 0 else ""
    return (bom + text).encode("utf-8")


# -------------------------------------------------------------- properties

def inside(source: SourceText, line: int, column: int) -> bool:
    return 0 <= line < len(source.lines) and 0 <= column <= len(source.lines[line])


def assert_inside(source: SourceText, f: Finding) -> None:
    assert inside(source, f.line, f.column), f
    assert inside(source, f.end_line, f.end_column), f
    assert (f.line, f.column) <= (f.end_line, f.end_column), f
    for r in f.related:
        assert inside(source, r.line, r.column), (f, r)
    if f.fix is not None:
        for e in f.fix.edits:
            assert 0 <= e.start_line <= e.end_line <= len(source.lines), (f, e)


def signature(findings: list[Finding]) -> list[tuple]:
    return [(f.path, f.code, f.line, f.column, f.end_line, f.end_column, f.message, f.related, f.fix)
            for f in findings]


@CHECKS
@given(documents())
def test_check_never_raises_stays_inside_the_file_and_is_deterministic(data: bytes) -> None:
    source = decode("gen.md", data)
    result = PLAN.check_source(source)
    assert result.errors == []  # no rule crashed, nothing failed
    for f in result.findings:
        assert_inside(source, f)
    again = PLAN.check_source(decode("gen.md", data))
    assert signature(again.findings) == signature(result.findings)
    other = OTHER_PLAN.check_source(decode("gen.md", data))
    assert signature(other.findings) == signature(result.findings)


def lines_with_endings(data: bytes) -> list[bytes]:
    """The file's lines with their own terminators (the BOM, if any, not included)."""
    source = decode("x.md", data)
    lines = [(t + e).encode("utf-8") for t, e in zip(source.lines, source.endings)] if source.text else []
    assert (b"\xef\xbb\xbf" if source.bom else b"") + b"".join(lines) == data
    return lines


def assert_only_removed(before: bytes, after: bytes) -> None:
    """Kept lines are byte-identical; removed lines are gone; a line may lose only a trailing marker.

    The one allowed change to a kept line's ending: the new last line takes
    the original last line's ending (no final newline stays so).
    """
    a, b = lines_with_endings(before), lines_with_endings(after)
    assert before.startswith(b"\xef\xbb\xbf") == after.startswith(b"\xef\xbb\xbf")

    def body(x: bytes) -> bytes:
        return x.rstrip(b"\r\n")

    matcher = difflib.SequenceMatcher(a=[body(x) for x in a], b=[body(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "delete":
            continue
        if op == "equal":
            for k in range(i2 - i1):
                if j1 + k != len(b) - 1:
                    assert a[i1 + k] == b[j1 + k]
            continue
        assert op == "replace" and j2 - j1 <= i2 - i1, (op, a[i1:i2], b[j1:j2])
        for new in b[j1:j2]:  # a glued marker stripped from the end of a line it shared
            assert any(body(old).startswith(body(new)) for old in a[i1:i2]), (a[i1:i2], b[j1:j2])
    if b:
        assert b[-1].endswith((b"\n", b"\r")) == a[-1].endswith((b"\n", b"\r"))


@FIXES
@given(documents())
def test_fix_is_idempotent_and_removes_only_lines(data: bytes) -> None:
    source = decode("gen.md", data)
    first = fix_source(PLAN, source, data)
    assert_only_removed(data, first.fixed)
    second = fix_source(PLAN, decode("gen.md", first.fixed), first.fixed)
    assert second.fixed == first.fixed  # a second --fix changes nothing
    for f in first.remaining:
        assert_inside(decode("gen.md", first.fixed), f)
