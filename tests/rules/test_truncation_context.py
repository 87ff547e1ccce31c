"""S103 judged by context (issue 13): cuts after code, one sentence a line, before markers, at EOF
after a heading; CTA link lines, links at the end of the file and questions without ？ stay silent."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.rules import all_meta
from tests.rules.s103 import DIR, s103

METAS = all_meta()


def test_cuts_found_by_context() -> None:
    got = [(f.line + 1, f.data["reason"]) for f in s103("truncated_context.md")]
    assert got == [
        (15, "fragment"),  # right after a code block, before ---END---: not a caption under the code
        (23, "midword"),  # one sentence a line; 「タイムア」 where the article writes 「タイムアウト」
        (25, "fragment"),  # 「〜確かめる」: a final form, but the other sentences end with 。 and a marker follows
        (31, "eof"),  # a heading, then a paragraph cut mid-word at the end of the file
    ]


def test_cut_column_is_the_start_of_the_last_sentence() -> None:
    f = next(f for f in s103("truncated_context.md") if f.line + 1 == 25)
    line = (DIR / "truncated_context.md").read_text(encoding="utf-8").splitlines()[24]
    assert f.column == line.index("キャッシュの期限")


def test_clean_twin_is_silent() -> None:
    # a short caption under code, a CTA link line before ---, a question without ？, a final
    # form without 。 in a one-sentence paragraph, and a file ending with an inline HTML link
    assert s103("truncated_context_clean.md") == []


def test_cuts_found_by_the_paragraph_and_the_document() -> None:
    got = [(f.line + 1, f.data["reason"], f.severity.value) for f in s103("truncated_style.md")]
    assert got == [
        (12, "comma", "error"),  # 「〜しないよう、」: a clause, not a slip for 。
        (14, "midword", "error"),  # 「タイムゾー」: ゾー read as the particle ぞ
        (16, "midword", "error"),  # 「留ま」: ま read as a filler
        (18, "particle", "error"),  # 「〜を」 before a list: the list does not complete it
        (23, "particle", "error"),  # 「〜が」 before code, a one-sentence paragraph
        (29, "unclosed", "error"),  # 「…この仕組みが「安全な既定値」: the quote is never closed
        (31, "plain", "error"),  # polite sentences, then 「〜処理していく」 without 。
        (35, "unfinished", "error"),  # a hard-wrapped last sentence stopping on a noun
    ]


def test_one_sentence_a_line_and_a_lone_clause() -> None:
    got = [(f.line + 1, f.data["reason"], f.severity.value) for f in s103("truncated_lines.md")]
    assert got == [
        (10, "unfinished", "error"),  # the other lines end with 。, the last stops on a noun
        (18, "nopunct", "warning"),  # one clause ending on a noun where every paragraph ends with 。
    ]


def test_style_clean_twin_is_silent() -> None:
    # a noun-phrase heading ending in a nominalized 連用形 (「片付け」), lead-ins ending in 「は」 or a
    # comma, a caption with a label, a parenthetical note line, a polite ending without 。, a
    # wrapped sentence that ends with 。, a blurb between a book link and its call to action
    assert s103("truncated_style_clean.md") == []


def test_words_cut_in_labels_and_captions() -> None:
    got = [(f.line + 1, f.data["reason"]) for f in s103("truncated_caption.md")]
    assert got == [
        (14, "midword"),  # a short line under code, 「テンプレー」 where the article writes 「テンプレート」
        (23, "midword"),  # a label (注記:) ending in 「オブジェ」, a dictionary word, where 「オブジェクト」 is everywhere
        (29, "midword"),  # 「〜メソッドは…」 under code is a sentence, not a caption
    ]


def test_compound_loanword_in_a_blurb_is_silent() -> None:
    # 「実践ガイド」 where the article writes 「ガイドライン」 often: ライン is a word, so ガイド is whole
    assert s103("truncated_caption_clean.md") == []


def test_code_is_no_label_and_katakana_suffix_stubs() -> None:
    got = [(f.line + 1, f.data["reason"]) for f in s103("truncated_code_label.md")]
    assert got == [
        (10, "midword"),  # 「サンプルコー」: コー read as a suffix (膏) glued to a katakana word
        (17, "eof"),  # 「`std::env`モジュールには…:」 is no label (「std:」 is code), the file ends mid-sentence
    ]


def test_one_sentence_a_line_clean_twin_is_silent() -> None:
    # 「詳しくは設定ファイルの説明を参照」: an instruction ending on a verbal noun after を (体言止め)
    assert s103("truncated_lines_clean.md") == []


def test_cut_continued_by_the_next_paragraph() -> None:
    found = s103("truncated_continued.md")
    got = [(f.line + 1, f.data["reason"], [r.line + 1 for r in f.related]) for f in found]
    assert got == [
        (8, "continued", [10]),  # 「…ものではない」 + a paragraph starting 「はずだ。」: one sentence split in two
        (12, "unfinished", []),  # 「…毎朝の確認作業」 + 「...から解放される。」
    ]


def test_next_paragraph_starting_with_a_connective_is_silent() -> None:
    # 「〜記録する」 then 「では、…」 / 「また、…」: a missing 。, the next paragraph starts a new sentence
    assert s103("truncated_continued_clean.md") == []


def test_source_list_closing_a_bracket_before_a_separator_is_silent() -> None:
    from lintkit.engine import lint_text

    config = with_cli(Config(), METAS, select=("S103",))
    text = ("---\ntitle: t\n---\n\n## 市場\n\n市場は拡大しています。\n\n"
            "総務省「通信の白書」、経済産業省「変革の報告」\n---\n\n## 次\n\n本文です。\n")
    assert lint_text(text, "t.md", config) == []
    cut = text.replace("経済産業省「変革の報告」", "経済産業省「変革の報")  # the bracket never closed: a cut
    assert [(f.line + 1, f.data["reason"]) for f in lint_text(cut, "t.md", config)] == [(9, "unclosed")]
