"""S102 seam repeats, flattened re-pastes and lead-ins (issue 13), on fixture articles we wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding, Severity
from lintkit.rules import all_meta
from lintkit.duplication import _reworded_only
from tests.conftest import FIXTURES

METAS = all_meta()
DIR = FIXTURES / "duplicates"


def run(name: str, lang: str | None = None) -> list[Finding]:
    config = with_cli(Config(), METAS, select=("S101", "S102"), lang=lang)
    result = lint_paths([str(DIR / name)], config)
    assert not result.errors
    return result.findings


def test_seam_repeats_are_reported_at_the_repeated_sentence() -> None:
    found = run("seam.md")
    got = [(f.code, f.line + 1, f.data["seam"], [r.line + 1 for r in f.related]) for f in found]
    assert got == [
        ("S102", 10, "exact", [8]),  # the previous paragraph's last question, asked again
        ("S102", 14, "exact", [12]),  # two sentences repeated
        ("S102", 20, "after-cut", [16]),  # cut before "---", then restarted and completed
        ("S102", 24, "part", [22]),  # the end of the previous question
        ("S102", 28, "after-cut", [26]),  # cut, then restarted from its last words (「時刻を必ず残す」)
    ]  # not 32: 「**まとめ：…**」 is a heading in bold, and the paragraph after it may take up its words
    assert all(f.severity == Severity.ERROR and f.data["kind"] == "seam" and f.fix is None for f in found)


def test_seam_span_and_messages() -> None:
    f = run("seam.md")[0]
    line = (DIR / "seam.md").read_text(encoding="utf-8").splitlines()[9]
    assert (f.column, f.end_line + 1, f.end_column) == (0, 10, line.index("？") + 1)
    assert f.message == "段落の最初の文が前の段落（8行目）の最後の文の繰り返しです"
    en = run("seam.md", lang="en")[0]
    assert en.message == "The paragraph's first sentence repeats the last sentence of the previous paragraph (line 8)"
    two = run("seam.md")[1]
    text = (DIR / "seam.md").read_text(encoding="utf-8").splitlines()[13]
    assert two.end_column == text.index("でしょうか？ ") + len("でしょうか？")  # both repeated sentences


def test_seam_clean_twin_is_silent() -> None:
    # a paragraph that answers the question in other words, a short "はい。" twice, and a note
    # deliberately repeated under two headings
    assert run("seam_clean.md") == []


def test_flattened_repaste_is_one_finding_on_its_line() -> None:
    (f,) = run("flat.md")
    assert (f.code, f.line + 1, f.data["kind"]) == ("S102", 18, "flat")
    assert f.data["other_lines"] == [6, 10, 12, 16]
    assert [r.line + 1 for r in f.related] == [6, 10, 12, 16]
    assert f.data["sentences"] == 6 and f.data["coverage"] == 1.0
    assert f.message == "段落が前の4個の段落（6行目から）の文をつなげて貼り直したものです（100%が重複）"


def test_a_flattened_line_under_a_bold_pseudo_heading_is_reported_at_the_long_line() -> None:
    # the bold line above holds no repeated sentence: the defect is the run-together line below it,
    # and so is a later copy of the whole paragraph (bold line included): one flattened re-paste each
    found = run("flat_heading.md")
    got = [(f.code, f.line + 1, f.end_line + 1, f.data["kind"], f.data["other_lines"]) for f in found]
    assert got == [("S102", 17, 17, "flat", [8, 10, 14]), ("S102", 24, 24, "flat", [8, 10, 14, 16])]
    assert [f.column for f in found] == [0, 0]


def test_flat_heading_clean_twin_is_silent() -> None:
    # the same bold pseudo-heading over a line that restates one sentence and goes on with new ones
    assert run("flat_heading_clean.md") == []


def test_whole_earlier_blocks_joined_on_a_short_line_are_a_flat() -> None:
    # 22: a one-sentence question and the heading after it run together (two whole earlier blocks,
    # two "sentences" only); 26: the title glued to the whole opening paragraph and the start of the
    # second one, cut inside its first sentence (the cut text is the start of an earlier sentence)
    found = run("flat_join.md")
    got = [(f.code, f.line + 1, f.data["kind"], f.data["other_lines"], f.data["sentences"]) for f in found]
    assert got == [("S102", 22, "flat", [14, 16], 2), ("S102", 26, "flat", [6, 8], 4)]
    assert all(f.severity == Severity.ERROR for f in found)
    assert found[0].message == "段落が前の2個の段落（14行目から）の文をつなげて貼り直したものです（100%が重複）"


def test_flat_join_clean_twin_is_silent() -> None:
    # a whole one-sentence paragraph with ONE sentence of a two-sentence paragraph (not two whole
    # blocks), with or without a sentence of its own after them
    assert run("flat_join_clean.md") == []


def test_flat_clean_twin_is_silent() -> None:
    # a closing paragraph that restates one earlier sentence and goes on with new ones
    assert run("flat_clean.md") == []


def test_a_paragraph_with_tsugi_no_in_the_middle_is_not_a_lead_in() -> None:
    found = run("lead_in.md")
    # the repeated explanation (次の起動まで… mid-paragraph) is a duplicate; the real lead-in
    # 「設定の例は次のとおりです。」 before different code is not
    assert [(f.code, f.line + 1) for f in found] == [("S102", 18)]
    assert [r.line + 1 for r in found[0].related] == [8]


def test_flat_lines_are_found_without_pairwise_similarity(tmp_path: Path) -> None:
    subjects = ["朝の搬入", "検品の手順", "棚の割り当て", "夕方の出荷", "返品の扱い", "夜間の清掃", "週末の棚卸し", "月末の集計"]
    objects = ["伝票", "台車", "温度計", "鍵", "帳簿", "名札", "脚立", "電卓"]
    paragraphs = [f"{s}について説明します。担当者は{o}を使い、終わったら所定の場所に戻します。{s}の記録は翌日までに{o}の番号と一緒に残します。"
                  for s, o in zip(subjects, objects)]
    text = "\n\n".join(paragraphs) + "\n\n" + " ".join(paragraphs) + "\n"
    path = tmp_path / "long.md"
    path.write_text(text, encoding="utf-8")
    config = with_cli(Config(), METAS, select=("S102",))
    found = lint_paths([str(path)], config).findings
    assert [(f.line + 1, f.data.get("kind")) for f in found] == [(17, "flat")]
    assert len(found[0].data["other_lines"]) == 8


def test_hard_wrapped_text_with_commented_originals() -> None:
    # book-ja's layout: lines broken mid-sentence, the English original in an HTML comment above
    # each paragraph ("`Queue<T>`" inside a comment opens no container)
    found = run("wrapped.md")
    got = [(f.code, f.line + 1, f.data.get("kind"), f.data.get("other_line", f.data.get("other_lines"))) for f in found]
    assert got == [
        ("S102", 23, "seam", 16),  # a sentence wrapped over two lines, repeated on one after a comment
        ("S102", 38, None, 7),  # a wrapped paragraph copied under the same `Queue<T>` heading
        ("S102", 42, None, 32),  # a lead-in copied where it introduces nothing (a heading follows)
        ("S102", 60, "flat", [7, 15]),  # the heading and two wrapped paragraphs pasted on one line
    ]


def test_hard_wrapped_clean_twin_is_silent() -> None:
    # the same layout with a listing caption (<span class="filename">…</span>) shown twice and a
    # lead-in repeated before different code
    assert run("wrapped_clean.md") == []


def test_seams_after_a_list_with_a_dropped_lead_and_inside_repeats() -> None:
    found = run("seam_more.md")
    got = [(f.code, f.line + 1, f.data.get("kind"), f.data.get("seam")) for f in found]
    assert got == [
        ("S102", 11, "seam", "exact"),  # the last sentence of the list's last item (cut before 。) repeated
        ("S102", 15, "seam", "after-cut"),  # 「次に、**…の整備**。」 repeated without 「次に、」, the cut one completed
        ("S101", 23, None, None),  # a repeated section ...
        ("S102", 25, "flat", None),  # ... whose body is its two paragraphs on one line: reported at that line too
        ("S102", 31, "seam", "after-cut"),
        ("S102", 35, None, None),  # the two paragraphs pasted again: one finding for the run ...
        ("S102", 37, "seam", "after-cut"),  # ... and the seam inside it, which the run's finding does not point at
    ]
    assert [r.line + 1 for r in found[0].related] == [9]


def test_seam_more_clean_twin_is_silent() -> None:
    # a paragraph taking up a short list item (a label), prose items ending with 「。」, a link-only item
    assert run("seam_more_clean.md") == []


def test_short_near_duplicates_differing_in_function_words() -> None:
    found = run("near_short.md")
    assert [(f.code, f.line + 1, [r.line + 1 for r in f.related]) for f in found] == [
        ("S102", 30, [8]),  # a short paragraph again with 「つまり、」 in front
        ("S102", 32, [24]),  # a lead-in again, reworded, where it introduces nothing
    ]
    assert all(f.severity == Severity.ERROR and f.data["similarity"] < 1 for f in found)


def test_near_short_clean_twin_is_silent() -> None:
    # 売上/費用 (other words), できます/できません (a negation), two ranges `A1:A10`/`B1:B10` (other
    # code, also no seam), a lead-in reworded before other code
    assert run("near_short_clean.md") == []


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("つまりrustは理想的となります", "rustは理想的です", True),  # a connective, an ending
    ("大なり演算子は大きいならばtrueを返します", "小なり演算子は小さいならばtrueを返します", False),
    ("and演算子はif文と組み合わせます", "or演算子はif文と組み合わせます", False),
    ("この設定は変更できます", "この設定は変更できません", False),  # a negation
])
def test_reworded_only(a: str, b: str, expected: bool) -> None:
    assert _reworded_only(a, b) is expected


def _lint_text(tmp_path: Path, text: str) -> list[Finding]:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return lint_paths([str(path)], with_cli(Config(), METAS, select=("S101", "S102"))).findings


def test_a_sentence_wrapped_after_a_colon_is_one_sentence(tmp_path: Path) -> None:
    text = ("# 設定\n\n設定の読み込みは二段階で進みます。まず既定値を読み、次に利用者の設定で上書きします:\n"
            "上書きされなかった項目には、既定値がそのまま残ります。\n\n"
            "まず既定値を読み、次に利用者の設定で上書きします:上書きされなかった項目には、既定値がそのまま残ります。"
            "どの項目が上書きされたかは、起動時の記録で確かめられます。\n")
    assert [(f.line + 1, f.data.get("seam")) for f in _lint_text(tmp_path, text)] == [(6, "exact")]


def test_a_flattened_line_with_a_list_run_together(tmp_path: Path) -> None:
    # the list's items lose their bullets and run together without a sentence end
    items = ["`open` - ファイルを開いて読み書きの準備をする", "`read` - 開いたファイルから決まった長さだけ読む",
             "`write` - 開いたファイルの末尾に文字列を書き足す", "`close` - 使い終わったファイルを閉じて後片付けをする",
             "`seek` - 読み書きの位置を好きな場所へ動かす", "`flush` - たまった書き込みをまとめて書き出す"]
    intro = ["ファイルを扱う関数は、どれも同じ名前の規則に従っています。", "名前を見れば、何をする関数なのかがすぐに分かります。",
             "以下の一覧は、よく使う関数とその役割をまとめたものです。"]
    text = ("# ファイルの関数\n\n" + "".join(intro[:2]) + "\n\n" + intro[2] + "\n\n"
            + "".join(f"- {i}\n" for i in items) + "\n## 使い方\n\n使う順番は、開く、読むか書く、閉じるの三つです。\n\n"
            + "ファイルの関数 " + "".join(intro) + " " + "".join(items) + "\n")
    found = _lint_text(tmp_path, text)
    assert [(f.line + 1, f.data.get("kind")) for f in found] == [(18, "flat")]
    assert len(found[0].data["other_lines"]) >= 4  # the two paragraphs and list items


def test_a_flattened_paste_beginning_with_a_numbered_heading_is_a_list_item(tmp_path: Path) -> None:
    first = "1. 小さく始める"
    body = ["最初の一か月は、一つの売り場だけで試します。", "担当者を一人決め、毎朝の数字を表に残します。",
            "うまくいかなかった日も、理由を一行で書き添えます。"]
    second = "2. 広げる順番"
    body2 = ["二か月目からは、売り場を一つずつ増やします。", "増やす前に、最初の売り場の記録を全員で読み返します。"]
    text = (f"# 導入の手順\n\n## {first}\n\n{''.join(body[:2])}\n\n{body[2]}\n\n## {second}\n\n{''.join(body2)}\n\n"
            "## まとめ\n\n焦らずに進めることが、いちばんの近道です。\n\n"
            f"{first} {''.join(body)} {second} {''.join(body2)}\n")
    found = _lint_text(tmp_path, text)
    assert [(f.code, f.line + 1, f.data.get("kind")) for f in found] == [("S102", 17, "flat")]
    assert found[0].data["other_lines"] == [5, 7, 11]


def test_the_introduction_pasted_again_under_a_heading() -> None:
    # not "the section duplicates the introduction" at the heading: the heading repeats a sibling's
    # (S101) and the introduction's paragraphs are one run (S102), each at its own line
    found = run("intro_repasted.md")
    assert [(f.code, f.line + 1, f.data.get("other_line")) for f in found] == [("S101", 18, 10), ("S102", 20, 6)]
    assert found[1].data["count"] == 2


def test_a_paste_held_by_a_copied_section_is_still_reported() -> None:
    # the section 「買い物のこつ」 holds a paste of the first section's paragraphs; the whole section is
    # then copied (S101 at its heading) and the paste inside the copy is reported as well, while the
    # copy's own paragraph (line 22, a copy of line 14) is left to S101
    found = run("section_with_paste.md")
    assert [(f.code, f.line + 1, f.data.get("other_line")) for f in found] == [
        ("S102", 16, 8), ("S101", 20, 12), ("S102", 24, 8)]


def test_a_paragraph_holding_a_whole_earlier_one_or_a_fragment_of_one() -> None:
    found = run("parts.md")
    assert [(f.code, f.line + 1, f.data["kind"], f.data["other_line"], f.data["sentences"]) for f in found] == [
        ("S102", 18, "contains", 8, 3),  # the paragraph again with two sentences added (similarity 0.76)
        ("S102", 20, "part", 10, 2),  # two of the three sentences of line 10, nothing else
        ("S102", 22, "part", 8, 2),  # the paragraph of line 8 with its first sentence rewritten
    ]
    assert found[0].message == "段落が8行目の段落（3文）をそのまま含み、文を書き足したものです"
    assert run("parts.md", lang="en")[1].message == (
        "The paragraph repeats 2 sentences of the paragraph of line 10 word for word")


def test_parts_clean_twin_is_silent() -> None:
    # a summary taking up one sentence each of two paragraphs, a one-sentence lead-in before another table
    assert run("parts_clean.md") == []


def test_a_cut_sentence_restarted_from_its_last_words() -> None:
    # the previous paragraph stops mid-sentence and the next one resumes by repeating only its
    # last word or two: 「…業務の効」 + 「業務の効率は…」, a short cut sentence 「音声案内」 after a
    # finished one, and a restart beginning with a particle 「を支える…」
    found = run("seam_restart.md")
    got = [(f.code, f.line + 1, f.data["kind"], f.data["seam"], [r.line + 1 for r in f.related]) for f in found]
    assert got == [
        ("S102", 10, "seam", "after-cut", [8]),
        ("S102", 14, "seam", "after-cut", [12]),
        ("S102", 18, "seam", "after-cut", [16]),
    ]
    assert found[0].message == "段落の最初の文が前の段落（8行目）の最後の文の繰り返しです"


def test_a_cut_sentence_restarted_clean_twin_is_silent() -> None:
    # a finished paragraph whose last words begin the next one (「返却の確認です。」 + 「返却の確認は、…」),
    # and short one-sentence labels without 「。」 whose last two or three characters begin the next
    # (「…ゼロ」 + 「ゼロに…」, 「…一覧表」 + 「一覧表を…」: under the four characters a restart must repeat
    # when the cut text is not prose — after a finished sentence or in a long one, two are enough)
    assert run("seam_restart_clean.md") == []


def test_cut_sentences_restarted_in_other_ways() -> None:
    # a cut list item restarted from its last clause (the item before ends with 「。」), a whole cut
    # sentence restarted with its last word inflected otherwise (「まとま」 / 「まとまった」), the last
    # word after an ellipsis (「...何より」) and after a lone particle and comma (「と、冷凍の設備」), a cut
    # paragraph of one short sentence begun again (「個人的」), and a restart under a leaked label line
    # (reported at the restart, not at the label)
    found = run("seam_restart_more.md")
    got = [(f.code, f.line + 1, f.column, f.data["seam"], [r.line + 1 for r in f.related]) for f in found]
    assert got == [
        ("S102", 14, 0, "after-cut", [11]),
        ("S102", 18, 0, "after-cut", [16]),
        ("S102", 22, 0, "after-cut", [20]),
        ("S102", 26, 2, "after-cut", [24]),
        ("S102", 30, 0, "after-cut", [28]),
        ("S102", 35, 0, "after-cut", [32]),
        ("S102", 39, 0, "after-cut", [37]),  # two characters of a cut sentence of prose restarted (「漁獲の」)
        ("S102", 43, 0, "after-cut", [41]),  # a sentence back with a particle dropped, then the cut one restarted
        ("S102", 47, 0, "after-cut", [45]),  # the opening connective changed and the cut last word inflected
    ]


def test_cut_sentences_restarted_in_other_ways_clean_twin_is_silent() -> None:
    # a list of labels without 「。」 whose last one a paragraph takes up, 「が、」 and 「…」 opening a
    # paragraph after a finished one, and a short label without 「。」 (not a sentence of prose) whose last
    # word begins the next paragraph (a restart of under four characters counts only after prose)
    assert run("seam_restart_more_clean.md") == []


def test_a_restart_beginning_with_the_pseudo_headings_words_is_a_seam() -> None:
    # 14: a bold pseudo-heading over a clause cut after its comma; after blank lines the next paragraph
    # writes the pseudo-heading as a sentence, then restarts the clause and completes it.
    # 21: the cut text under the pseudo-heading is a name alone; after a marker the restart begins with
    # the end of the pseudo-heading (「と分担。」) before the name and the rest of the sentence
    found = run("seam_under_heading.md")
    got = [(f.code, f.line + 1, f.data["seam"], [r.line + 1 for r in f.related]) for f in found]
    assert got == [("S102", 14, "after-cut", [10]), ("S102", 21, "after-cut", [16])]
    assert all(f.severity == Severity.ERROR and f.data["kind"] == "seam" for f in found)


def test_seam_under_heading_clean_twin_is_silent() -> None:
    # the pseudo-heading's words taken up again, but the paragraph before is finished, or the cut
    # text under the pseudo-heading is not what the next sentence starts with
    assert run("seam_under_heading_clean.md") == []
