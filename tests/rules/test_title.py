"""M403 title-defect on fixture articles we wrote: each defect kind and clean titles."""

from __future__ import annotations

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding, Severity
from lintkit.rules import all_meta
from lintkit.rules.title import defect
from tests.conftest import FIXTURES

METAS = all_meta()
DIR = FIXTURES / "title"


def m403(name: str, lang: str | None = None) -> list[Finding]:
    config = with_cli(Config(), METAS, select=("M403",), lang=lang)
    result = lint_paths([str(DIR / name)], config)
    assert not result.errors
    return [f for f in result.findings if f.code == "M403"]


@pytest.mark.parametrize(("name", "line", "kind"), [
    ("bracket.md", 3, "bracket"),
    ("slot.md", 4, "slot"),
    ("punctuation.md", 2, "punctuation"),
    ("midword.md", 3, "midword"),
    ("midword_bracket.md", 3, "midword"),
    ("particles.md", 3, "particles"),
    ("midword_body.md", 3, "midword"),  # "GitHu（": the body writes GitHub, never GitHu
])
def test_each_defect_on_the_title_line(name: str, line: int, kind: str) -> None:
    (f,) = m403(name)
    assert (f.code, f.line + 1, f.data["kind"]) == ("M403", line, kind)
    assert f.severity == Severity.ERROR and f.rule == "title-defect"
    assert f.column == len("title: ")


def test_messages_name_the_place() -> None:
    (f,) = m403("punctuation.md")
    assert f.message.startswith("タイトルで文末の句読点の直後に助詞が続いています（「")
    assert "？が" in f.message
    (en,) = m403("slot.md", lang="en")
    assert en.message.startswith("Title holds an empty template slot") and "月時点" in en.message


@pytest.mark.parametrize("name", ["clean.md", "clean_suffix.md", "clean_counter.md", "midword_body_clean.md"])
def test_clean_titles_are_silent(name: str) -> None:
    assert m403(name) == []


@pytest.mark.parametrize(("title", "kind"), [
    ("配送ロボットの現在地「第二世代", "bracket"),
    ("配送ロボットの現在地）と課題", "bracket"),
    ("【年最新】配送ロボットの選び方", "slot"),
    ("配送ロボットの比較（・）", "slot"),
    ("{keyword}の選び方", "slot"),
    ("配送は変わるか。がもたらす転換", "punctuation"),
    ("物流の未来とはの進化と実用化への道筋", "particles"),
    ("配送ロボットが20%効（Google・Amazon）", "midword"),
    ("配送は何が変わる？（A社・B社）の注目ポイント", "punctuation"),  # a list of names between ？ and の
    ("I apologize, but I cannot write a title for this article", "refusal"),
    ("申し訳ありませんが、その依頼にはお応えできません", "refusal"),
    ("配送の未来を読み解くの最新動向", "glued"),
    ("倉庫の鍵を探るによる業務効率化", "glued"),
    ("配送の真意を深掘りするがもたらす転換", "glued"),
    ("配送は何が変わるのか？による業務効率化", "punctuation"),
    ("自動倉庫の全貌の全貌と活用法", "repeat"),
])
def test_defect_kinds(title: str, kind: str) -> None:
    found = defect(title)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize("title", [
    "配送ロボットは何を変える？ 現場の答え",
    "なぜ今、配送ロボットなのか",
    "配送ロボット導入ガイド（2026年版）",
    "TypeScriptの型（type）と interface の違い",
    "「速さ」と『安さ』を両立する配送網の設計",
    "配送ロボットの活用法",
    "配送の未来を読み解く",
    "なぜ今、倉庫の自動化を急ぐのか",
    "ワクワクする配送ロボットの世界",
    "配送ロボット（A社・B社）の比較",
    "配送は速いが高い",
    "「なぜ？」に答える配送設計",
])
def test_clean_title_kinds(title: str) -> None:
    assert defect(title) is None


@pytest.mark.parametrize(("title", "severity"), [
    ("配送の未来を読み解くの最新動向", Severity.WARNING),  # odd, probably a template: a warning
    ("自動倉庫の全貌の全貌と活用法", Severity.WARNING),
    ("配送は何が変わる？（A社・B社）の注目ポイント", Severity.ERROR),
    ("I apologize, but I cannot write a title for this article", Severity.ERROR),
])
def test_weak_kinds_are_warnings(title: str, severity: Severity) -> None:
    from lintkit.engine import lint_text

    text = f'---\ntitle: "{title}"\n---\n\n配送ロボットの導入について説明します。\n'
    (f,) = [f for f in lint_text(text, "t.md", with_cli(Config(), METAS, select=("M403",)))]
    assert f.severity == severity and f.line == 1
