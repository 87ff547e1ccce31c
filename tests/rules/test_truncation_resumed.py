"""S103 where the output stopped and was resumed (issue 13): two or more blank lines after an
unfinished paragraph, a next paragraph that starts over from the last words, a bold heading never
closed, paragraphs run into a heading line, list items written as prose; complete field values,
terse list notes, headings with one 。 and labels followed by the same words stay silent."""

from __future__ import annotations

from tests.rules.s103 import DIR, s103


def test_cuts_where_the_output_was_resumed() -> None:
    got = [(f.line + 1, f.data["reason"], f.severity.value) for f in s103("truncated_resumed.md")]
    assert got == [
        (8, "gap", "error"),  # 「〜にかかっている」 (a final form) after finished sentences, then two blank lines
        (13, "unfinished", "error"),  # a 「**〜へ：**」 lead-in label followed by sentences is prose, not a label
        (16, "gap", "error"),  # a list item written in sentences stops (「人手がい」) before two blank lines
        (21, "restarted", "error"),  # the next paragraph starts over inside the last word: 「自|動で地域の…」
        (25, "restarted", "error"),  # 「個人的」, two blank lines, 「個人的には、…」
        (30, "unclosed-bold", "error"),  # 「**見落とされがちな課題：…」 never closed
        (34, "unfinished", "error"),  # a heading line holding paragraphs that stop mid-sentence
        (36, "unfinished", "error"),  # 「〜ましたか？2025年から2030」 after a sentence ending with 。
        (41, "fragment", "error"),  # a titled list item in sentences stops on a clause before ---
        (48, "unfinished", "error"),  # a lead-in label on a line of its own, then sentences: prose
        (52, "conjunction", "error"),  # a paragraph that stops on 「また」
        (57, "gap", "error"),  # the last item of a list written in sentences stops on a clause before blank lines
        (62, "restarted", "error"),  # the whole phrase begun again and its last word completed (運行|計画)
        (66, "repeat-cut", "error"),  # the opening of an earlier paragraph, then blank lines
        (69, "restarted", "error"),  # 「### 課題」, blank lines, 「### 課題解決の進め方」
    ]


def test_restart_points_at_the_paragraph_that_starts_over() -> None:
    by_line = {f.line + 1: f for f in s103("truncated_resumed.md")}
    assert [r.line + 1 for r in by_line[21].related] == [23]
    assert [r.line + 1 for r in by_line[25].related] == [28]
    assert [r.line + 1 for r in by_line[66].related] == [54]  # the paragraph whose opening it repeats
    assert [r.line + 1 for r in by_line[69].related] == [74]  # the heading begun again
    assert by_line[8].column == (DIR / "truncated_resumed.md").read_text(encoding="utf-8").splitlines()[7].index("この先")


def test_resumed_clean_twin_is_silent() -> None:
    # a field value that a compound goes on from (「生産管理」 / 「生産管理者」), a finished sentence
    # without 。 before blank lines, a label followed by a paragraph starting with the same words, a
    # heading with one 。, a terse list note without 。, a closed bold heading, a 「〜とは？ その未来」 title,
    # a heading that a same-level heading extends with の (「充電」/「充電の計画」), the last item of a list in
    # sentences ending on a noun phrase with no blank lines after it, a phrase that the next paragraph opens with,
    # a title line (「〜のか？ その真意と〜とは」, questions only before it) followed by blank lines
    assert s103("truncated_resumed_clean.md") == []
