"""S103 truncated-paragraph on fixture articles and on small texts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
STRUCT = FIXTURES / "structure"


def run(path: Path, select: tuple[str, ...] = ("S103",), options: dict[str, Any] | None = None,
        lang: str = "ja") -> list[Finding]:
    config = with_cli(Config(), METAS, select=select, lang=lang)
    if options:
        config = replace(config, rule_options={"S103": options})
    result = lint_paths([str(path)], config)
    assert not result.errors
    return result.findings


def reasons(path: Path, **kw: Any) -> dict[int, str]:
    return {f.line + 1: f.data["reason"] for f in run(path, **kw)}


def check_text(body: str) -> list[Finding]:
    text = "---\ntitle: t\n---\n\n## 見出し\n\n" + body + "\n\n## 次の見出し\n\n本文です。\n"
    config = with_cli(Config(), METAS, select=("S103",))
    return lint_text(text, "t.md", config)


def test_truncated_fixture_exact() -> None:
    assert reasons(STRUCT / "truncated.md") == {
        13: "renyou",  # …乾きやすくなるので
        15: "particle",  # heading "### 2. 水やりの"
        19: "renyou",  # …たっぷりと与え
        23: "particle",  # …追肥の量を
        25: "prefix",  # …中には超
        27: "rentai",  # もっと大きな
        29: "comma",  # 次の週末には、
        33: "unfinished",  # …でした。次に必要なのは、防虫ネットの準備
        35: "open",  # 葉の先が「
        37: "midword",  # とても魅
    }


def test_position_is_where_the_text_stops() -> None:
    found = {f.line + 1: f for f in run(STRUCT / "truncated.md")}
    f = found[23]
    line = (STRUCT / "truncated.md").read_text(encoding="utf-8").splitlines()[22]
    assert f.end_line == f.line and f.end_column == len(line)  # exclusive end at the last character
    assert line[f.column:].startswith("実がつき始めたら")  # the last sentence
    assert "追肥の量を" in f.message and "助詞で終わっている" in f.message


def test_check_headings_option() -> None:
    got = reasons(STRUCT / "truncated.md", options={"check-headings": False})
    assert 15 not in got and 13 in got


def test_fragment_before_marker_and_separator() -> None:
    found = run(STRUCT / "truncated_marker.md")
    assert {(f.line + 1, f.data["reason"]) for f in found} == {
        (17, "renyou"),  # …異なり, then a separator
        (23, "fragment"),  # "…すいています。相互" right before ---END---
        (33, "particle"),  # …確認しておくと ---END--- (glued marker)
    }
    fragment = next(f for f in found if f.line + 1 == 23)
    assert [r.line + 1 for r in fragment.related] == [27]  # the probable continuation after the marker
    glued = next(f for f in found if f.line + 1 == 33)
    line = (STRUCT / "truncated_marker.md").read_text(encoding="utf-8").splitlines()[32]
    assert glued.end_column == line.index(" ---END---")  # the text stops before the marker


def test_heading_right_before_a_marker() -> None:
    found = run(STRUCT / "truncated_heading.md")
    # "…見落としがちな" is cut by its grammar; "棚の配置と表示" is a whole label, but the output stopped
    # right after it; "まとめ" is followed by a separator and its text: not a cut
    got = sorted((f.line + 1, f.data["reason"], [r.line + 1 for r in f.related]) for f in found)
    assert got == [(15, "rentai", [19]), (21, "heading-marker", [25])]  # related: the text after the marker


def test_end_of_file() -> None:
    assert reasons(STRUCT / "truncated_eof.md") == {19: "eof"}


def test_english_message() -> None:
    found = run(STRUCT / "truncated_eof.md", lang="en")
    assert found[0].message.startswith("Text stops mid-sentence at") and "file ends" in found[0].message


@pytest.mark.parametrize("body", [
    "育てる際に意識したのは、\n\n- 日当たり\n- 風通し",  # a lead-in completed by the list
    "手順は次のとおりです：",  # a lead-in with a colon
    "設定の名前は`garden.yml`",  # code is the last word
    "[詳しく見る →](/more/)",  # link only
    "**まとめ：次の一歩へ**",  # a bold pseudo-heading with a heading's style
    "来年はどうなるかな",  # sentence-final particle
    "ここで注意が必要です、",  # a slip for 。 after a final form
    "※ 価格は目安",  # a note
    "出典: 園芸の手引き",  # a label line
    "- 高階関数の一部分として\n- 外から参照できない変数として",  # list items ending in て
    "- はじめに\n- 準備するもの",  # list labels
    "- 導入から運用まで",
    "この章の内容（`{#anchor}`）",  # a bracket holding only code
])
def test_not_truncated(body: str) -> None:
    assert check_text(body) == []


@pytest.mark.parametrize("body, reason", [
    ("準備を進めながら、少しずつ手順を", "particle"),
    ("予定どおりに作業が進み", "renyou"),
    ("品質を高めるために、予算の見直しと", "particle"),
    ("今回の作業では、いくつかの", "particle"),
    ("計画は順調です。次の段階では、より大規模な", "rentai"),
    ("計画は順調です。ただし予算", "unfinished"),
])
def test_truncated_texts(body: str, reason: str) -> None:
    found = check_text(body)
    assert [f.data["reason"] for f in found] == [reason]


@pytest.mark.parametrize("heading", [
    "### 未来の工場へ", "### 共存共栄を目指して", "### JavaScriptとは", "### 収穫量を増やすには",
    "### 技術的課題の深掘り", "### 最後に", "### 導入から運用まで", "### スコープを小さく",
    "### 鍵は相互運用性にあり", "### 期待と責任の狭間で",
    "### 配送ロボットと、その技術的深掘り",  # 深 (an adjective stem) + 掘り: a nominal compound
    "### 正常な停止と片付け",  # nouns joined by と, the last a nominalized 連用形
])
def test_heading_labels_not_truncated(heading: str) -> None:
    text = f"# 題\n\n本文です。\n\n{heading}\n\n本文です。\n"
    config = with_cli(Config(), METAS, select=("S103",))
    assert lint_text(text, "t.md", config) == []


@pytest.mark.parametrize("heading", ["### 開発現場の", "### 投資家であれば、", "### 精度が向上し", "### AI時代の新たな"])
def test_truncated_headings(heading: str) -> None:
    text = f"# 題\n\n本文です。\n\n{heading}\n\n本文です。\n"
    config = with_cli(Config(), METAS, select=("S103",))
    found = lint_text(text, "t.md", config)
    assert [f.line + 1 for f in found] == [5]


def test_marker_option_of_s104_is_reused() -> None:
    text = "# 題\n\n本文です。\n\n途中で終わった断片\n\n@@STOP@@\n\n続きの文です。\n"
    config = with_cli(Config(), METAS, select=("S103",))
    assert lint_text(text, "t.md", config) == []  # not a marker: the fragment is just a label
    config = replace(config, rule_options={"S104": {**METAS["S104"].default_options(), "markers": ("@@STOP@@",)}})
    found = lint_text(text, "t.md", config)
    assert [(f.line + 1, f.data["reason"]) for f in found] == [(5, "fragment")]


def test_word_split_across_paragraphs_is_midword() -> None:
    # once a generation marker between the pieces is removed (--fix), the cut still shows:
    # "オープン" + "ソース…" join into a word the article writes whole elsewhere
    from lintkit.config import Config, with_cli
    from lintkit.engine import lint_text
    from lintkit.rules import all_meta

    text = (
        "## オープンソースの今\n\n"
        "オープンソースのモデルは、研究の裾野を広げています。\n\n"
        "オープン\n\n"
        "ソースの利点は、誰でも改良できることです。\n\n"
        "クローズドなモデルにも強みがあります。\n"
    )
    config = with_cli(Config(), all_meta(), select=("S103",))
    found = lint_text(text, "split.md", config)
    assert [(f.code, f.line + 1, f.data["reason"], [r.line + 1 for r in f.related]) for f in found] == [
        ("S103", 5, "midword", [7])]
    # a short label whose next paragraph does not continue a word of the article stays silent
    calm = text.replace("オープン\n\nソースの利点", "まとめ\n\nソースの利点")
    assert lint_text(calm, "calm.md", config) == []


def test_split_word_lookups_are_bounded_per_document() -> None:
    # each look-up scans the article once: a file of thousands of one-word paragraphs must stay linear,
    # so only the first 32 candidate fragments of a document are looked up
    from lintkit.config import Config, with_cli
    from lintkit.engine import lint_text
    from lintkit.rules import all_meta
    from lintkit.rules.truncation import _SPLIT_PROBES

    pairs = "".join(f"オープン\n\nソースの利点その{i}です。\n\n" for i in range(_SPLIT_PROBES + 8))
    text = "オープンソースの話です。\n\n" + pairs
    config = with_cli(Config(), all_meta(), select=("S103",))
    found = [f for f in lint_text(text, "many.md", config) if f.data["reason"] == "midword"]
    assert len(found) == _SPLIT_PROBES
    assert [f.line + 1 for f in found] == [3 + 4 * i for i in range(_SPLIT_PROBES)]


def test_body_short_cut_agrees_with_the_trailing_pattern() -> None:
    # _body skips the trailing-closer substitution when the last character can end no match of it:
    # the result must be what the substitution gives on every kind of ending
    from lintkit.prose import OBJECT
    from lintkit.rules import truncation

    def plain(text: str) -> str:
        cut = max(0, len(text) - 200)
        tail = truncation._OBJECT_GROUP_RE.sub(lambda m: OBJECT * len(m.group()), text[cut:])
        return text[:cut] + truncation._TRAIL_RE.sub("", tail)

    endings = ["。", "です", "する」", "（`x`）", f"（{OBJECT}）", "**強調**", "注記[^1]", "注記^note", "a-",
               "→", "\n", "」\n", "。\n", " ", "ＡＢ", "100%", "", "[", "]", "『本』。", "~~消~~"]
    for head in ("", "日本語の文章が続き、", "x" * 250):
        for end in endings:
            for extra in ("", "」", "\n"):
                text = head + end + extra
                assert truncation._body(text) == plain(text), repr(text)
