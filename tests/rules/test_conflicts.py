"""S106 conflict-marker on a fixture article."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
PATH = FIXTURES / "structure" / "conflicts.md"


def test_fixture_exact() -> None:
    config = with_cli(Config(), METAS, select=("S104", "S106"))
    result = lint_paths([str(PATH)], config)
    assert not result.errors
    got = {(f.code, f.line + 1, f.data["kind"], tuple(r.line + 1 for r in f.related)) for f in result.findings}
    assert got == {
        ("S106", 11, "open", ()),
        ("S106", 13, "middle", (11,)),
        ("S106", 15, "close", (11,)),
        ("S106", 17, "open", ()),
        ("S106", 19, "middle", (17,)),  # diff3 base
        ("S106", 21, "middle", (17,)),
        ("S106", 23, "close", (17,)),
    }  # the ===== title underline (line 26) and the markers in the code block are not reported;
    # nor is "=======" under a paragraph a stray setext separator (S104)


def test_message_and_data() -> None:
    config = with_cli(Config(), METAS, select=("S106",))
    result = lint_paths([str(PATH)], config)
    first = result.findings[0]
    assert first.message == "git のコンフリクトマーカー「<<<<<<< Updated upstream」が残っています"
    assert (first.column, first.end_column) == (0, len("<<<<<<< Updated upstream"))
    assert result.findings[1].data["region_start"] == 11


def test_lone_separator_is_not_a_conflict() -> None:
    config = with_cli(Config(), METAS, select=("S106",))
    text = "# 題\n\n本文です。\n\n=======\n\n>>>>>>>\n\n次の段落です。\n"
    assert lint_text(text, "t.md", config) == []
    text = "# 題\n\n本文です。\n\n>>>>>>> Stashed changes\n"
    assert [f.line + 1 for f in lint_text(text, "t.md", config)] == [5]  # a labelled closer stands alone
