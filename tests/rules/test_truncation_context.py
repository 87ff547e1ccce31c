"""S103 judged by context (issue 13): cuts after code, one sentence a line, before markers, at EOF
after a heading; CTA link lines, links at the end of the file and questions without ？ stay silent."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
DIR = FIXTURES / "structure"


def s103(name: str) -> list[Finding]:
    config = with_cli(Config(), METAS, select=("S103",))
    result = lint_paths([str(DIR / name)], config)
    assert not result.errors
    return [f for f in result.findings if f.code == "S103"]


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
