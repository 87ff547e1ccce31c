"""Where patterns look (scopes), what cancels them (exceptions), and the per-document prefilter."""

from __future__ import annotations

from pathlib import Path

from lintkit.config import Config, with_cli
from lintkit.engine import lint_text
from lintkit.finding import Finding
from lintkit.packs.packset import has_anchor
from lintkit.rules import all_meta

HEAD = "code: X900\nname: test-phrases\nseverity: warning\nmessages: {default: '「{match}」'}\n"


def run(tmp_path: Path, body: str, text: str) -> list[tuple[int, int, str]]:
    pack = tmp_path / "p.yaml"
    pack.write_text(HEAD + body, encoding="utf-8")
    paths = (str(pack),)
    config = with_cli(Config(extend_packs=paths), all_meta(paths), select=("X900",))
    found: list[Finding] = lint_text(text, "t.md", config)
    return [(f.line + 1, f.column + 1, f.data["match"]) for f in found]


DOC = """---
title: "見出しの語 と 本文の語"
---

# 見出しの語

本文の語が一文目にあります。二文目は本文の語で始まりません。
本文の語は二行目の先頭にもあります。

- リストの本文の語

| 列 | 説明 |
|---|---|
| 表 | 本文の語 |

`本文の語` と https://example.com/本文の語 は対象外です。
"""


def test_scopes(tmp_path: Path) -> None:
    both = "patterns:\n  - {phrase: 本文の語, scope: [sentence, heading, front-matter]}\n  - {phrase: 見出しの語, scope: [sentence, heading, front-matter]}\n"
    assert run(tmp_path, both, DOC) == [
        (2, 9, "見出しの語"), (2, 17, "本文の語"), (5, 3, "見出しの語"),
        (7, 1, "本文の語"), (7, 19, "本文の語"), (8, 1, "本文の語"), (10, 7, "本文の語"), (14, 7, "本文の語"),
    ]
    heading_only = "patterns:\n  - {phrase: 見出しの語, scope: heading}\n"
    assert run(tmp_path, heading_only, DOC) == [(5, 3, "見出しの語")]


def test_anchors_follow_the_scope(tmp_path: Path) -> None:
    sentence = "patterns:\n  - {regex: '^本文の語', scope: sentence}\n"
    assert run(tmp_path, sentence, DOC) == [(7, 1, "本文の語"), (8, 1, "本文の語")]
    line = "patterns:\n  - {regex: '^本文の語', scope: line}\n"
    assert run(tmp_path, line, DOC) == [(7, 1, "本文の語"), (8, 1, "本文の語")]
    paragraph = "patterns:\n  - {regex: '^本文の語', scope: paragraph}\n"
    assert run(tmp_path, paragraph, DOC) == [(7, 1, "本文の語")]
    middle = "patterns:\n  - {regex: '本文の語で始まりません。$', scope: sentence}\n"
    assert run(tmp_path, middle, DOC) == [(7, 19, "本文の語で始まりません。")]


def test_a_pattern_does_not_cross_sentences_in_sentence_scope(tmp_path: Path) -> None:
    body = "patterns:\n  - {regex: '一文目.*二文目', scope: SCOPE}\n"
    assert run(tmp_path, body.replace("SCOPE", "sentence"), DOC) == []
    assert run(tmp_path, body.replace("SCOPE", "paragraph"), DOC) == [(7, 6, "一文目にあります。二文目")]


def test_exceptions(tmp_path: Path) -> None:
    text = "例えば〇〇を使います。〇〇を使います。「〇〇」を使います。\n\n例示の段落です。〇〇。\n"
    match = "patterns:\n  - {regex: '〇〇', scope: sentence}\nexceptions:\n  - regex: '「[^」]*」'\n"
    assert [(ln, c) for ln, c, _ in run(tmp_path, match, text)] == [(1, 4), (1, 12), (3, 9)]
    sentence = match + "  - {phrase: 例えば, within: sentence}\n"
    assert [(ln, c) for ln, c, _ in run(tmp_path, sentence, text)] == [(1, 12), (3, 9)]
    block = match + "  - {phrase: 例示, within: block}\n"
    assert [(ln, c) for ln, c, _ in run(tmp_path, block, text)] == [(1, 4), (1, 12)]


def test_overlapping_matches_are_reported_once(tmp_path: Path) -> None:
    body = "patterns:\n  - 既存の記事\n  - 記事の最後\n  - 既存の記事の最後の部分\n"
    assert run(tmp_path, body, "【既存の記事の最後の部分】\n") == [(1, 2, "既存の記事の最後の部分")]


def test_prefilter_finds_every_paragraph_with_a_match(tmp_path: Path) -> None:
    paragraphs = ["ふつうの段落です。"] * 50
    for k in (0, 7, 8, 31, 49):
        paragraphs[k] = f"{k}番目に承知の語があります。承知の語。"
    body = "patterns:\n  - 承知の語\n"
    got = run(tmp_path, body, "\n\n".join(paragraphs) + "\n")
    assert sorted({ln for ln, _, _ in got}) == [1 + 2 * k for k in (0, 7, 8, 31, 49)]
    assert len(got) == 10


def test_has_anchor() -> None:
    assert has_anchor("^a") and has_anchor("a$") and has_anchor(r"\Aa") and has_anchor("(?:x|^y)")
    assert not has_anchor("[^」]+") and not has_anchor(r"\^a\$") and not has_anchor("[$^]") and not has_anchor("a")


def test_rules_sharing_a_documents_blocks_keep_their_own_quote_setting(tmp_path: Path) -> None:
    # the searched blocks are built once per document for every pack rule (DocumentAnalysis.memo):
    # a rule that skips block quotes must still skip them, the other must still see them, in one run or alone
    packs = []
    for code, skip in (("X900", "true"), ("X901", "false")):
        pack = tmp_path / f"{code}.yaml"
        pack.write_text(f"code: {code}\nname: quote-{code.lower()}\nseverity: warning\nskip-blockquotes: {skip}\n"
                        "messages: {default: '「{match}」'}\npatterns:\n  - {phrase: 共有の語, scope: [sentence, heading]}\n",
                        encoding="utf-8")
        packs.append(str(pack))
    text = ("# 共有の語の見出し\n\n本文に共有の語があります。\n\n> 引用にも共有の語があります。\n\n"
            "- 項目\n\n  > 入れ子の引用の共有の語\n")

    def found(*codes: str) -> list[tuple[str, int]]:
        config = with_cli(Config(extend_packs=tuple(packs)), all_meta(tuple(packs)), select=codes)
        return [(f.code, f.line + 1) for f in lint_text(text, "t.md", config)]

    together = found("X900", "X901")
    assert sorted(together) == [("X900", 1), ("X900", 3), ("X901", 1), ("X901", 3), ("X901", 5), ("X901", 9)]
    assert sorted(found("X900") + found("X901")) == sorted(together)
