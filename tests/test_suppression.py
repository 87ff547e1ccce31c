"""Inline suppression comments (every form) and M402 unused-suppression, on fixture articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintkit.config import Config, with_cli
from lintkit.document import Document
from lintkit.engine import Plan, lint_paths, lint_text
from lintkit.finding import Finding, Severity
from lintkit.rules import all_meta
from lintkit.selection import Selection
from lintkit.source import decode, read_source
from lintkit.suppression import Suppressions, _Scope, build, find_directives
from tests.conftest import FIXTURES

METAS = all_meta()
SUP = FIXTURES / "suppression"


def check(name: str, select: tuple[str, ...] = ("S104", "S106", "M402"), ignore: tuple[str, ...] = (),
          lang: str = "ja") -> set[tuple[str, int]]:
    config = with_cli(Config(), METAS, select=select, ignore=ignore, lang=lang)
    result = lint_paths([str(SUP / name)], config)
    assert not result.errors
    return {(f.code, f.line + 1) for f in result.findings}


def messages(name: str, code: str = "M402", lang: str = "ja", **kw: tuple[str, ...]) -> list[tuple[int, str]]:
    config = with_cli(Config(), METAS, select=kw.get("select", ("S104", "S106", "M402")),
                      ignore=kw.get("ignore", ()), lang=lang)
    result = lint_paths([str(SUP / name)], config)
    return [(f.line + 1, f.message) for f in result.findings if f.code == code]


def test_disable_next_line() -> None:
    # line 10 is suppressed by the comment on line 9; the marker on line 14 is not
    assert check("next_line.md") == {("S104", 14)}


def test_disable_enable_range_and_enable_by_code() -> None:
    # S104 in 5..9 suppressed; 13 reported; S106 suppressed until "lintkit-enable S106" (line 19),
    # S104 still suppressed after it (line 22), S106 on line 20 reported again
    assert check("range.md") == {("S104", 13), ("S106", 20)}


def test_disable_file() -> None:
    assert check("file.md") == set()
    assert not {code for code, _ in check("file.md", select=("ALL",))} & {"S104", "M402"}
    # the comment only names S104: other rules still report, anywhere in the file
    text = (SUP / "file.md").read_text(encoding="utf-8") + "\n<<<<<<< HEAD\n"
    found = {(f.code, f.line + 1) for f in lint_text(text, "f.md", with_cli(Config(), METAS, select=("S1", "M")))}
    assert ("S106", 12) in found and not any(code == "S104" for code, _ in found)


def test_inline_html_comments_in_paragraphs() -> None:
    assert check("inline.md", select=("S106", "M402")) == set()
    assert check("inline.md", select=("S106",), ignore=()) == set()


def test_unused_suppressions_are_reported() -> None:
    assert check("unused.md") == {("M402", 3), ("M402", 6), ("M402", 10), ("M402", 12), ("M402", 22)}
    got = dict(messages("unused.md"))
    assert got[3] == "抑制コメント「<!-- lintkit-disable-next-line S104 -->」は何も抑制していません"
    assert got[6] == "抑制コメントの S106 は何も抑制していません"
    assert got[10] == "lintkit-enable に対応する lintkit-disable がありません"
    assert got[12] == "抑制コメントに不明なルール S999 があります"
    en = dict(messages("unused.md", lang="en"))
    assert en[6] == "S106 in the suppression comment suppress nothing"


def test_comment_naming_a_disabled_rule() -> None:
    got = messages("unused.md", select=("S104", "M402"))
    assert (6, "抑制コメントの S106 はこのファイルで有効になっていないルールです") in got


def test_m402_can_be_ignored_and_has_a_severity_override() -> None:
    assert check("unused.md", ignore=("M402",)) == set()
    assert check("unused.md", ignore=("unused-suppression",)) == set()
    config = Config(selection=Selection(select=("S104", "S106", "M402"), severity=(("M402", Severity.ERROR),)))
    findings = Plan(config).check_source(read_source(str(SUP / "unused.md"))).findings
    assert {f.severity for f in findings if f.code == "M402"} == {Severity.ERROR}


def test_clean_fixture_is_silent() -> None:
    assert check("clean.md", select=("ALL",)) == set()


def test_directives_are_not_found_in_code() -> None:
    doc = Document.parse(read_source(str(SUP / "unused.md")))
    found = find_directives(doc, METAS)
    assert [(d.kind, d.line + 1) for d in found] == [
        ("disable-next-line", 3), ("disable", 6), ("enable", 8), ("enable", 10), ("disable", 12), ("disable", 22)]
    assert found[1].codes == frozenset({"S104", "S106"})
    assert found[-1].codes is None


def _doc(text: str) -> Document:
    return Document.parse(decode("t.md", text.encode("utf-8")))


def test_selectors_reasons_and_multiline_comments() -> None:
    doc = _doc("<!--\n  lintkit-disable S1, duplicate-paragraph -- 理由があります\n-->\n本文\n\n"
               "> <!-- lintkit-disable-next-line -->\n> 引用\n")
    found = find_directives(doc, METAS)
    assert [(d.kind, d.line, d.end_line) for d in found] == [("disable", 0, 2), ("disable-next-line", 5, 5)]
    assert found[0].selectors == ("S1", "duplicate-paragraph")
    assert "S104" in (found[0].codes or set()) and "S102" in (found[0].codes or set())
    assert not found[0].unknown


def test_enable_some_codes_after_disable_all() -> None:
    doc = _doc("<!-- lintkit-disable -->\na\n<!-- lintkit-enable S104 -->\nb\n")
    sup = build(find_directives(doc, METAS), len(doc.lines))
    spans = sorted((s.start, s.end, s.codes, s.excluded) for s in sup.scopes)
    assert spans == [(0, 2, None, frozenset()), (2, 3, None, frozenset({"S104"}))]
    assert not sup.unmatched_enables


@pytest.mark.parametrize("text", [
    "本文\n",  # no directive: the fast path
    "`<!-- lintkit-disable -->`\n",
    "    <!-- lintkit-disable -->\n",  # indented code block
    "<!-- lintkit-disabled -->\n",  # not a directive word
])
def test_no_directive(text: str) -> None:
    assert find_directives(_doc(text), METAS) == []


def test_suppressed_findings_keep_fixes_away(tmp_path: Path) -> None:
    """A suppressed finding is not fixed either (its fix never reaches --fix)."""
    from lintkit.fix import fix_paths

    target = tmp_path / "a.md"
    target.write_bytes((SUP / "next_line.md").read_bytes())
    run = fix_paths([str(target)], with_cli(Config(), METAS, select=("S104",)), write=True)
    text = target.read_text(encoding="utf-8")
    assert run.applied == 1
    assert text.count("---END---") == 1  # the suppressed one stays


_CODES = ("S101", "S102", "S104", "A301")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200), st.none() | st.frozensets(st.sampled_from(_CODES)),
                          st.frozensets(st.sampled_from(_CODES), max_size=2)), max_size=12),
       st.lists(st.tuples(st.sampled_from(_CODES), st.integers(0, 210)), max_size=30))
def test_indexed_scopes_decide_like_checking_every_scope(scopes_spec: list, findings_spec: list) -> None:
    # short scopes are looked up by line, long ones by code in merged ranges: the same answers and the
    # same "used" marks as testing every scope against every finding
    scopes = [_Scope(i, min(a, b), max(a, b), codes, excluded) for i, (a, b, codes, excluded) in enumerate(scopes_spec)]
    sup = Suppressions([], scopes)
    expected_used: dict[int, set[str]] = {}
    for code, line in findings_spec:
        f = Finding("t.md", code, "r", Severity.WARNING, line, 0, line, 0, "")
        covering = [s for s in scopes if s.covers(f)]
        for s in covering:
            expected_used.setdefault(s.directive, set()).add(code)
        assert sup.suppresses(f) == bool(covering)
    assert sup.used == expected_used


def test_thousands_of_unclosed_disables_stay_fast() -> None:
    # each comment covers the rest of the file and a finding under it: every comment is used, none is M402
    parts = ["# 題", ""]
    for i in range(3000):
        parts += ["<!-- lintkit-disable S104 -->", "", f"本文の段落{i}です。 ---END---", ""]
    found = lint_text("\n".join(parts) + "\n", "t.md", Config())
    assert [f for f in found if f.code in ("S104", "M402")] == []
