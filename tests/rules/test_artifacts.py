"""A301 llm-meta-talk, A302 placeholder (pattern packs), A303 unbalanced-brackets, A304 unclosed-code-fence."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
ART = FIXTURES / "artifacts"
CODES = ("A301", "A302", "A303", "A304")


def findings(path: Path, codes: tuple[str, ...] = CODES, lang: str | None = None) -> list[Finding]:
    config = with_cli(Config(), METAS, select=codes, lang=lang)
    result = lint_paths([str(path)], config)
    assert not result.errors
    return result.findings


def lines(path: Path, code: str) -> set[tuple[str, int]]:
    """(code, 1-based line) of one rule's findings."""
    return {(f.code, f.line + 1) for f in findings(path, (code,))}


def lint(text: str, code: str) -> list[Finding]:
    config = with_cli(Config(), METAS, select=(code,))
    return lint_text(text, "t.md", config)


# ---------------------------------------------------------------- A301

def test_meta_talk_fixture() -> None:
    got = [(f.line + 1, f.column + 1, f.data["match"]) for f in findings(ART / "meta-talk.md", ("A301",))]
    assert got == [
        (3, 9, "承知しました"),  # front-matter title, YAML quotes stripped
        (3, 16, "以下は社内勉強会の記事です"),
        (7, 1, "承知しました"),
        (7, 8, "以下は、社内勉強会での生成AI活用についての記事です"),
        (13, 2, "既存の記事の最後の部分"),
        (17, 1, "既存の記事でも触れ"),
        (19, 16, "[cite: 社内資料]"),
        (33, 10, "（続き）"),  # heading scope only
        (35, 1, "The article has been created"),
        (35, 31, "The article has 1200 characters"),
        (37, 6, "記事の続きを自然に執筆"),
        (39, 1, "ＴＨＥ ＡＲＴＩＣＬＥ ＨＡＳ ＢＥＥＮ ＣＲＥＡＴＥＤ"),  # width and case folded
        (41, 3, "既存の記事の最後の部分"),  # the issue's own example, quoted or not
        (41, 16, "として提供されたテキスト"),
        (41, 30, "既に完成している記事"),
    ]


def test_meta_talk_not_in_code_urls_comments_quotes() -> None:
    reported = {f.line + 1 for f in findings(ART / "meta-talk.md", ("A301",))}
    # block quote (21), 「」 quotation (23), fenced code (26), inline code and URL (29), HTML comment (31)
    assert reported.isdisjoint({21, 23, 25, 26, 27, 29, 31})


def test_meta_talk_messages_by_kind_in_both_languages() -> None:
    ja = {(f.line + 1, f.column + 1): f.message for f in findings(ART / "meta-talk.md", ("A301",))}
    en = {(f.line + 1, f.column + 1): f.message for f in findings(ART / "meta-talk.md", ("A301",), lang="en")}
    assert ja[(7, 1)] == "モデルが指示者に向けた発言「承知しました」が記事に残っています"
    assert ja[(13, 2)] == "プロンプト（生成指示）の語句「既存の記事の最後の部分」が記事に漏れています"
    assert ja[(19, 16)] == "モデルの引用マーカー「[cite: 社内資料]」が残っています"
    assert en[(7, 1)] == 'The model\'s words to its operator left in the article: "承知しました"'
    assert en[(33, 10)] == 'Continuation label "（続き）" left in a heading'


def test_meta_talk_finding_fields() -> None:
    f = next(f for f in findings(ART / "meta-talk.md", ("A301",)) if f.line + 1 == 13)
    assert (f.rule, f.severity.value, f.end_line + 1, f.end_column - f.column) == ("llm-meta-talk", "error", 13, 11)
    assert f.data["pack"] == "llm-meta-talk.yaml" and f.data["key"].startswith("patterns[")


def test_meta_talk_search_reports_and_apology() -> None:
    text = ("今回のWeb検索結果を見ると、市場は伸びています。\n\n"
            "I apologize, but I am unable to perform web searches right now.\n")
    got = [(f.line + 1, f.data["match"]) for f in lint(text, "A301")]
    assert got == [(1, "今回のWeb検索"), (3, "I apologize, but"), (3, "I am unable to")]


def test_meta_talk_long_match_is_shortened_in_the_message() -> None:
    text = "以下は" + "とても" * 12 + "長い記事です。\n"
    (f,) = lint(text, "A301")
    assert f.message.endswith("…」が記事に残っています") and len(f.data["match"]) > 40


# ---------------------------------------------------------------- A302

def test_placeholder_fixture() -> None:
    got = [(f.line + 1, f.data["match"]) for f in findings(ART / "placeholder.md", ("A302",))]
    assert got == [
        (2, "〇〇"),  # front-matter title
        (5, "〇〇"),
        (11, "XXX"),
        (11, "ＸＸＸ"),
        (15, "[ここに画像]"),
        (17, "（TODO: 手順を確認する）"),
        (19, "[会社名]"),
        (21, "【画像：導入前後の比較】"),
        (27, "{{会社名}}"),
    ]


def test_placeholder_example_uses_are_not_reported() -> None:
    reported = {f.line + 1 for f in findings(ART / "placeholder.md", ("A302",))}
    # quoted 〇〇 (7), 例えば…といった (9), 20XX年 (13), TODOリスト/TODOアプリ (23), outline TODO (25), code (30)
    assert reported.isdisjoint({7, 9, 13, 23, 25, 30})


def test_placeholder_note_message() -> None:
    f = next(f for f in findings(ART / "placeholder.md", ("A302",)) if f.line + 1 == 17)
    assert f.message == "執筆メモ「（TODO: 手順を確認する）」が残っています"


def test_quote_spanning_paragraphs_is_an_example_not_a_slot() -> None:
    text = "AIはこう答えます。「お客様は以前\n\n〇〇という対応で不満が残ったようです」といった提案です。\n"
    assert lint(text, "A302") == []


# ---------------------------------------------------------------- A303

def test_brackets_fixture() -> None:
    got = [(f.line + 1, f.column + 1, f.data["bracket"]) for f in findings(ART / "brackets.md", ("A303",))]
    assert got == [(3, 8, "「"), (7, 12, "）"), (15, 7, "（"), (21, 8, "【")]


def test_brackets_messages() -> None:
    by_line = {f.line + 1: f for f in findings(ART / "brackets.md", ("A303",))}
    assert by_line[3].message == "開き括弧 「 に対応する閉じ括弧 」 がありません"
    assert by_line[7].message == "閉じ括弧 ） に対応する開き括弧 （ がありません"
    assert by_line[3].severity.value == "warning"


@pytest.mark.parametrize("text", [
    "手順は a) 準備、b) 実行、c) 確認です。",
    "例）設定ファイルを開きます。",
    "ありがとう :) また来週 ;-)",
    "[リンク](https://example.com/a_(b)) を参照。",
    "関数 `f(` の書き方に注意します。",
    "「入れ子の『二重かぎ』と（丸括弧）」も対になっています。",
    "半角と全角（混在)も対です。",
])
def test_balanced_or_not_brackets_are_silent(text: str) -> None:
    assert lint(text + "\n", "A303") == []


def test_mismatched_nesting_reports_the_inner_open_bracket() -> None:
    got = [(f.column, f.data["bracket"]) for f in lint("「外側（内側」の順序です。\n", "A303")]
    assert got == [(3, "（")]


# ---------------------------------------------------------------- A304

def test_unclosed_fence_at_end_of_document() -> None:
    (f,) = findings(ART / "fence.md", ("A304",))
    assert (f.line + 1, f.column, f.data["fence"], f.data["end_line"]) == (17, 0, "```", 22)
    assert f.message == "コードフェンス「```」が閉じられていないため、ここから6行がコードとして表示されます"
    assert [r.line + 1 for r in f.related] == [22]


def test_nested_and_quoted_fences_and_a_list_item_fence() -> None:
    got = [(f.line + 1, f.column + 1) for f in findings(ART / "fence-nested.md", ("A304",))]
    assert got == [(17, 3)]  # the fence inside the list item; the 4-backtick and quoted fences close


@pytest.mark.parametrize("text", [
    "```\n",  # only the opening line
    "前文です。\n\n~~~~\ncode\n~~~\n",  # a shorter closing fence does not close
    "```python\nprint(1)\n````\n\n```\nunclosed\n",  # the second one
])
def test_fences_that_never_close(text: str) -> None:
    assert len(lint(text, "A304")) == 1


def test_closed_fences_are_silent() -> None:
    assert lint("```\na\n```\n\n~~~\nb\n~~~~\n", "A304") == []


# ---------------------------------------------------------------- clean text

def test_clean_fixture_is_silent() -> None:
    assert findings(ART / "clean.md") == []


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "clean").glob("*.md")))
def test_shared_clean_fixtures_are_silent(name: str) -> None:
    assert findings(FIXTURES / "clean" / name) == []


def test_reference_data_citation_is_the_teams_style_not_meta_talk() -> None:
    # "（参照データ）" is how writers cite their own _data files; it is not the model talking to anyone
    text = "---\ntitle: t\n---\n\n世界のAI市場は2025年に2440億ドル規模です（参照データ）。参照データによると成長は続きます。\n"
    assert lint(text, "A301") == []
