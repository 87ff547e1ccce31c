"""S103 on a repeat cut short at the end of the text (issue 13): the opening of an earlier paragraph
that stops before a marker, a separator or the end of the file (also right before the 。 of that
paragraph's first sentence, when more sentences follow there), and a paragraph under a bold
pseudo-heading line whose stray closing ``**`` made it look like one emphasis."""

from __future__ import annotations

from tests.rules.s103 import s103


def test_repeats_cut_short_at_the_end_of_the_text() -> None:
    found = s103("truncated_repeat_end.md")
    got = [(f.line + 1, f.data["reason"], f.severity.value) for f in found]
    assert got == [
        (13, "plain", "error"),  # 「…避けられる**」: the stray closer does not make the paragraph one emphasis
        (20, "repeat-end", "error"),  # the opening of paragraph 8 stopping on 「〜ていく」 before ---END---
        (28, "repeat-end", "error"),  # paragraph 10's first sentence without its 。, the last text before ---
    ]
    by_line = {f.line + 1: f for f in found}
    assert [r.line + 1 for r in by_line[20].related] == [8]  # the paragraph whose opening it repeats
    assert [r.line + 1 for r in by_line[28].related] == [10]
    assert "区切り線・マーカー・ファイルの終わりの前で止まっている" in by_line[28].message


def test_repeat_end_clean_twin_is_silent() -> None:
    # an earlier one-sentence paragraph repeated without its 。 (nothing of it is missing), a closing
    # sentence without 。 that repeats nothing, a note in bold as a whole, two bold words joined by と
    assert s103("truncated_repeat_end_clean.md") == []
