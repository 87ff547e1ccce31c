"""The defect injector of the accuracy benchmark: each kind puts its defect at the line it records.

The document below is ours (written for this test). Every kind is injected with several seeds;
the recorded line must hold the defect, the rest of the document must be unchanged, and the
result must still parse (no fence opened or closed by the injection).
"""

from __future__ import annotations

import difflib
import random
import re

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from rapidfuzz import fuzz

from benchmarks.inject import KINDS, MARKER, Injection, inject, read

DOC = """---
title: 植物の育て方
---

# 植物の育て方 {#top}

鉢植えの植物は、水やりと日当たりの加減で育ち方が大きく変わります。
この章では、室内で育てやすい観葉植物を例に、毎日の世話の基本を説明します。

## 水やりの基本 {#water}

土の表面が乾いてから、鉢の底から水が流れ出るまでたっぷりと与えるのが基本です。
受け皿にたまった水は根腐れの原因になるため、そのつど捨てるようにします。

冬は植物の成長がゆるやかになるので、水やりの回数を夏の半分ほどに減らします。
気温の低い朝よりも、日中の暖かい時間帯に与えると根への負担が少なくなります。

次のような表で、季節ごとの目安を確認できます。

| 季節 | 回数 |
|---|---|
| 夏 | 毎日 |
| 冬 | 週に一度 |

## 日当たりの選び方 {#light}

直射日光に弱い品種は、レースのカーテン越しのやわらかい光が当たる場所に置きます。
葉の色が薄くなってきたら、光が足りていない合図だと考えてください。

```text
窓辺から一メートル以内
レースのカーテン越し
```

上の条件を満たす場所が見つからない場合は、植物用の照明を使う方法もあります。
照明は一日に十時間ほど点灯させると、葉の色つやが戻りやすくなります。

置き場所を決めるときは、次の点も確かめます。

- エアコンの風が直接当たらないこと
- 夜に冷え込みすぎないこと

冷暖房の風は葉を乾燥させるので、風の通り道から少し離れた棚の上などが向いています。
乾燥が気になるときは、霧吹きで葉の表と裏に水を吹きかけるとよいでしょう。

<div class="note">

この枠の中の段落は注意書きなので、欠陥を入れる場所として選ばれてはいけません。

</div>

<!-- 英語の原文はここに書かれているものとします。 -->

## 植え替えの時期 {#repot}

根が鉢の底から出てきたら、ひと回り大きな鉢に植え替える時期が来たという合図です。
植え替えは、植物が活発に育つ春から初夏にかけて行うのが最も安全です。

新しい土には水はけのよい配合を選び、古い土は根を傷めないように少しずつ落とします。
植え替えの直後は強い日差しを避け、一週間ほど半日陰で休ませてから元の場所に戻します。
"""

SEEDS = range(6)
_MD = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).enable("table")


def _paragraph_lines(text: str) -> list[tuple[int, int]]:
    """0-based [start, end) of every paragraph."""
    return [(t.map[0], t.map[1]) for t in _MD.parse(text) if t.type == "paragraph_open" and t.map]


def _fences(text: str) -> int:
    return sum(t.type == "fence" for t in _MD.parse(text))


def _inject(kind: str, seed: int) -> Injection:
    inj = inject(DOC, kind, random.Random(f"{kind}:{seed}"))
    assert inj is not None, (kind, seed)
    return inj


def _changed(before: str, after: str) -> set[int]:
    """0-based lines of ``after`` that are not in ``before`` (inserted or replaced)."""
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n"), autojunk=False)
    for op, _a0, _a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            out.update(range(b0, b1))
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_applies_and_is_deterministic(kind: str) -> None:
    for seed in SEEDS:
        first = _inject(kind, seed)
        again = _inject(kind, seed)
        assert first == again
        lines = first.text.split("\n")
        for e in first.expected:
            assert 1 <= e.line <= len(lines) and lines[e.line - 1].strip(), (kind, seed, e)
            assert e.codes


@pytest.mark.parametrize("kind", KINDS)
def test_no_fence_is_opened_or_closed_and_containers_are_untouched(kind: str) -> None:
    for seed in SEEDS:
        inj = _inject(kind, seed)
        if kind != "cut-eof":
            assert _fences(inj.text) == _fences(DOC)
        assert "この枠の中の段落は注意書きなので" in inj.text  # never cut
        assert inj.text.count("この枠の中の段落は注意書きなので") == 1  # never copied (flat excludes containers)
        lines = inj.text.split("\n")
        note = lines.index("この枠の中の段落は注意書きなので、欠陥を入れる場所として選ばれてはいけません。")
        assert all(e.line - 1 != note for e in inj.expected)


def test_markers_sit_at_their_line() -> None:
    for seed in SEEDS:
        own = _inject("marker-own-line", seed)
        (e,) = own.expected
        lines = own.text.split("\n")
        assert lines[e.line - 1] == MARKER and e.codes == {"S104"}
        assert _changed(DOC, own.text) <= {e.line - 2, e.line - 1, e.line}
        glued = _inject("marker-glued", seed)
        (e,) = glued.expected
        line = glued.text.split("\n")[e.line - 1]
        assert line.endswith("。 " + MARKER)
        assert line[: -len(MARKER) - 1] in DOC.split("\n")
        assert _changed(DOC, glued.text) == {e.line - 1}


def test_setext_separator_is_right_under_a_paragraph_line() -> None:
    for seed in SEEDS:
        inj = _inject("setext", seed)
        (e,) = inj.expected
        lines = inj.text.split("\n")
        assert lines[e.line - 1] == "---" and lines[e.line - 2].endswith("。")
        heading = [t for t in _MD.parse(inj.text) if t.type == "heading_open" and t.markup == "-"]
        assert len(heading) == 1 and heading[0].map and heading[0].map[1] == e.line  # the paragraph became a setext heading
        assert _changed(DOC, inj.text) == {e.line - 1}


def test_conflict_markers_sit_at_their_lines() -> None:
    for seed in SEEDS:
        inj = _inject("conflict", seed)
        lines = inj.text.split("\n")
        got = [lines[e.line - 1] for e in inj.expected]
        assert got == ["<<<<<<< Updated upstream", "=======", ">>>>>>> Stashed changes"]
        assert all(e.codes == {"S106"} for e in inj.expected)
        assert not [t for t in _MD.parse(inj.text) if t.type == "heading_open" and t.markup == "="]


@pytest.mark.parametrize("kind", ["cut-word", "cut-sentence", "cut-after-code", "cut-after-list", "cut-eof",
                                  "cut-before-marker"])
def test_cuts_stop_at_the_recorded_line(kind: str) -> None:
    originals = DOC.split("\n")
    for seed in SEEDS:
        inj = _inject(kind, seed)
        lines = inj.text.split("\n")
        cut = inj.expected[0]
        assert cut.codes == {"S103"}
        stopped = lines[cut.line - 1]
        assert not stopped.endswith(("。", "、")) and len(stopped) >= 6
        whole = [s for s in originals if s.startswith(stopped) and s != stopped]
        assert whole, (kind, seed, stopped)  # a prefix of an original line
        assert cut.line in {end for _, end in _paragraph_lines(inj.text)}  # the paragraph's last line
        assert _changed(DOC, inj.text) - {cut.line - 1} <= ({cut.line, cut.line + 1, cut.line + 2}
                                                             if kind == "cut-before-marker" else set())
        if kind == "cut-word":
            assert re.search(r"[\u4e00-\u9fff]{2}$|[\u30a1-\u30fc]{2}$", stopped)
            rest = whole[0][len(stopped):]
            assert re.match(r"[\u4e00-\u9fff\u30a1-\u30fc]", rest)  # the word goes on in the original
        if kind == "cut-sentence":
            assert stopped[-1] in "をにがはでとへ"
        if kind == "cut-eof":
            assert inj.text.rstrip("\n").split("\n")[-1] == stopped
        if kind == "cut-after-code":
            before = [s for s in lines[: cut.line - 1] if s.strip()]
            para_start = next(s for s, end in _paragraph_lines(inj.text) if end == cut.line)
            assert lines[para_start - 2].startswith("```")
            assert before
        if kind == "cut-after-list":
            para_start = next(s for s, end in _paragraph_lines(inj.text) if end == cut.line)
            assert lines[para_start - 2].startswith("- ")
        if kind == "cut-before-marker":
            marker = inj.expected[1]
            assert lines[marker.line - 1] == MARKER and marker.codes == {"S104"} and marker.line == cut.line + 2


def _paragraph_at(text: str, line: int) -> str:
    lines = text.split("\n")
    for start, end in _paragraph_lines(text):
        if start == line - 1:
            return "\n".join(lines[start:end])
    raise AssertionError(f"no paragraph starts at line {line}")


def test_duplicate_paragraphs_repeat_an_earlier_one() -> None:
    for seed in SEEDS:
        exact = _inject("dup-para-exact", seed)
        (e,) = exact.expected
        para = _paragraph_at(exact.text, e.line)
        assert exact.text.split("\n").count(para.split("\n")[0]) == 2
        assert para in DOC and e.codes == {"S102"}
        near = _inject("dup-para-near", seed)
        (e,) = near.expected
        para = _paragraph_at(near.text, e.line)
        assert para not in DOC
        best = max(fuzz.ratio(re.sub(r"\s", "", para), re.sub(r"\s", "", "\n".join(DOC.split("\n")[s:t])))
                   for s, t in _paragraph_lines(DOC))
        assert 90 <= best <= 97


def test_duplicate_sections_repeat_an_earlier_heading_and_body() -> None:
    for kind in ("dup-section-exact", "dup-section-near"):
        for seed in SEEDS:
            inj = _inject(kind, seed)
            (e,) = inj.expected
            lines = inj.text.split("\n")
            heading = lines[e.line - 1]
            assert heading.startswith("## ") and lines.count(heading) == 2 and e.codes == {"S101"}


def test_seam_repeats_the_last_sentence_of_the_previous_paragraph() -> None:
    for seed in SEEDS:
        inj = _inject("seam", seed)
        (e,) = inj.expected
        paras = _paragraph_lines(inj.text)
        k = next(i for i, (s, _) in enumerate(paras) if s == e.line - 1)
        lines = inj.text.split("\n")
        prev = "".join(lines[paras[k - 1][0]:paras[k - 1][1]])
        last = re.findall(r"[^。]*。", prev)[-1]
        assert lines[e.line - 1].startswith(last) and lines[e.line - 1] != last
        assert _changed(DOC, inj.text) == {e.line - 1}
        assert "S102" in e.codes


def test_flattened_repaste_is_one_line_holding_earlier_headings_and_paragraphs() -> None:
    for seed in SEEDS:
        inj = _inject("flat", seed)
        (e,) = inj.expected
        line = inj.text.split("\n")[e.line - 1]
        assert line.startswith("植物の育て方 鉢植えの植物は、")  # the title heading inline, then the first paragraph
        assert "水やりの基本 土の表面が乾いてから" in line  # a later heading inline with its paragraph
        assert "{#" not in line and "#" not in line
        assert (e.line - 1, e.line) in _paragraph_lines(inj.text)
        assert _changed(DOC, inj.text) <= {e.line - 2, e.line - 1, e.line}


def test_documents_without_a_site_give_none() -> None:
    bare = "# 見出しだけ\n\n```js\nconst a = 1;\n```\n"
    for kind in KINDS:
        assert inject(bare, kind, random.Random(0)) is None


def test_read_finds_comments_and_containers() -> None:
    doc = read(DOC)
    assert any(b.kind == "comment" for b in doc.blocks)
    note = DOC.split("\n").index("この枠の中の段落は注意書きなので、欠陥を入れる場所として選ばれてはいけません。")
    assert note in doc.containers
