"""S104 stray-separator on a fixture article."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths, lint_text
from lintkit.finding import Finding
from lintkit.rules import all_meta
from lintkit.analysis import marker_regexes
from tests.conftest import FIXTURES

METAS = all_meta()
PATH = FIXTURES / "structure" / "separators.md"


def run(options: dict[str, object] | None = None) -> list[Finding]:
    config = with_cli(Config(), METAS, select=("S104",))
    if options:
        config = replace(config, rule_options={"S104": {**METAS["S104"].default_options(), **options}})
    result = lint_paths([str(PATH)], config)
    assert not result.errors
    return result.findings


def kinds(found: list[Finding]) -> dict[int, str]:
    return {f.line + 1: f.data["kind"] for f in found}


def test_fixture_exact() -> None:
    assert kinds(run()) == {
        7: "edge-start",  # a separator right after the front matter
        14: "setext",  # "---" right under a paragraph
        16: "glued",  # "…置きました。---END---"
        18: "glued",  # "… ---END"
        24: "marker",  # [END]
        26: "marker",  # <|endoftext|>
        28: "marker",  # END on a line of its own
        32: "split",  # "…台所いっぱいに" --- "広がって、…"
        38: "doubled",
        42: "edge-end",
    }  # the ---END--- inside the code block (line 21) is not reported


def test_positions_and_fixes() -> None:
    found = {f.line + 1: f for f in run()}
    lines = PATH.read_text(encoding="utf-8").splitlines()
    glued = found[16]
    assert lines[15][glued.column:glued.end_column] == "---END---"
    assert glued.data == {"marker": "---END---", "kind": "glued"}
    fix = glued.fix
    assert fix is not None and fix.safe and fix.edits[0].replacement == "一次発酵は室温で一時間ほど置きました。"
    assert found[14].related[0].line + 1 == 13  # the paragraph that became a heading
    assert all(f.fix is not None for f in found.values())


def test_check_edges_option() -> None:
    got = kinds(run({"check-edges": False}))
    assert 7 not in got and 42 not in got and 38 in got


def test_markers_option() -> None:
    got = kinds(run({"markers": [r"\[END\]"], "standalone-markers": []}))
    assert 24 in got and 16 not in got and 26 not in got and 28 not in got


@pytest.mark.parametrize("line, own, glued", [
    ("---END---", True, False),
    ("  ---END---  ", True, False),
    ("---END", True, False),
    ("--- END OF ARTICLE ---", True, False),
    ("END", True, False),
    ("…市場 ---END---", False, True),
    ("…市場。---END---", False, True),
    ("code---END---", False, False),
    ("THE END", False, False),
    ("---", False, False),
])
def test_marker_regexes(line: str, own: bool, glued: bool) -> None:
    own_re, glued_re = marker_regexes(METAS["S104"].default_options())
    # the whole-line pattern is tried first, as S104 and S103 do
    is_own = bool(own_re.match(line))
    assert is_own is own
    assert (not is_own and bool(glued_re.search(line))) is glued


def test_equals_underline_is_not_a_separator() -> None:
    text = "# 題\n\n本文です。\n=======\n\n次の段落です。\n"
    config = with_cli(Config(), METAS, select=("S104",))
    assert lint_text(text, "t.md", config) == []


def test_unclosed_front_matter_opener_is_not_a_stray_separator() -> None:
    # M401 reports it; deleting the "---" (S104's fix) would turn the front matter into body text
    from lintkit.config import Config
    from lintkit.engine import lint_text

    text = "---\ntitle: 下書き\ndate: 2026-02-01\n\n本文です。\n"
    found = [(f.code, f.line + 1) for f in lint_text(text, "u.md", Config())]
    assert ("M401", 1) in found
    assert not any(code == "S104" for code, _ in found)
