"""GitHub workflow commands: parsed back with the runner's grammar, escaping exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import RunResult, lint_paths
from lintkit.errors import InputError
from lintkit.finding import Finding, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.reporters.github import escape_data, escape_property
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
COMMANDS = {"error", "warning", "notice"}


def unescape_data(value: str) -> str:
    # the runner's order (actions/runner ActionCommand.UnescapeData): \r, \n, then %
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """``::command k=v,k=v::data`` as the runner reads it (TryParseV2)."""
    assert "\n" not in line and "\r" not in line
    message = line.lstrip()
    assert message.startswith("::")
    end = message.index("::", 2)
    info = message[2:end]
    name, _, props_str = info.partition(" ")
    assert name in COMMANDS
    props: dict[str, str] = {}
    for prop in filter(None, props_str.strip().split(",")):
        key, sep, value = prop.partition("=")
        assert sep and key and value, prop
        props[key] = unescape_property(value)
    return name, props, unescape_data(message[end + 2:])


def render(result: RunResult) -> list[str]:
    return REPORTERS["github"](result, ReportOptions(metas=METAS)).splitlines()


def test_japanese_message_with_comma_colon_percent_and_newline_survives() -> None:
    message = "段落が71行目と重複しています, 類似度: 100%\n次の行\r\n「終わり」"
    path = "posts/a,b:c%d.md"
    f = Finding(path, "S102", "duplicate-paragraph", Severity.ERROR, 114, 0, 116, 71, message)
    [line] = render(RunResult(files=[path], findings=[f]))
    name, props, data = parse(line)
    assert name == "error"
    assert data == message
    assert props == {"file": path, "line": "115", "endLine": "117",  # no columns on a multi-line range
                     "title": "S102 duplicate-paragraph"}


def test_exact_format_and_severities() -> None:
    fs = [Finding("a.md", "S104", "stray-separator", sev, 4, 2, 4, 11, "マーカー") for sev in Severity]
    assert render(RunResult(files=["a.md"], findings=fs)) == [
        f"::{cmd} file=a.md,line=5,col=3,endLine=5,endColumn=12,title=S104 stray-separator::マーカー"
        for cmd in ("error", "warning", "notice")
    ]


def test_escaping_functions() -> None:
    assert escape_data("100%\r\n:,") == "100%25%0D%0A:,"
    assert escape_property("100%\r\n:,") == "100%25%0D%0A%3A%2C"
    assert escape_data("%0A") == "%250A" and unescape_data(escape_data("%0A")) == "%0A"


def test_input_errors_are_annotations_too() -> None:
    result = RunResult(errors=[InputError("bad.md", "not valid UTF-8: byte 0xff", line=3)])
    [line] = render(result)
    assert parse(line) == ("error", {"file": "bad.md", "line": "3", "title": "lintkit"}, "not valid UTF-8: byte 0xff")


def test_fixture_output_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    result = lint_paths(["fixtures/suppression", "fixtures/fix"], with_cli(Config(), METAS, select=("ALL",)))
    lines = render(result)
    assert len(result.findings) > 10 and lines[0].startswith("::notice title=lintkit::")  # past 10 errors
    lines = lines[1:]
    assert len(lines) == len(result.findings) > 0
    for line, f in zip(lines, result.findings):
        name, props, data = parse(line)
        assert data == f.message and props["file"] == f.path and props["line"] == str(f.line + 1)
        assert props["title"] == f"{f.code} {f.rule}"
        assert ("col" in props) == (max(f.end_line, f.line) == f.line)  # columns only on one line


def test_clean_run_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 見出し\n\n本文です。\n", encoding="utf-8")
    assert render(lint_paths([str(tmp_path / "a.md")], Config())) == []


def test_past_the_caps_a_notice_comes_first() -> None:
    fs = [Finding("a.md", "S104", "stray-separator", Severity.ERROR, i, 0, i, 9, "m") for i in range(12)]
    fs += [Finding("a.md", "S107", "heading-numbering", Severity.WARNING, 20 + i, 0, 22 + i, 3, "w") for i in range(3)]
    lines = render(RunResult(files=["a.md"], findings=fs))
    assert len(lines) == 16 and lines[0].startswith("::notice title=lintkit::")
    assert "2件の指摘は注釈として表示されません" in lines[0]  # 2 errors past 10 (the notice has room of its own)
    assert "ジョブの概要" in lines[0]  # it points to the job summary (--summary)
    assert all(",col=" not in line for line in lines if "S107" in line)
    assert render(RunResult(files=["a.md"], findings=fs[:10]))[0].startswith("::error ")


def test_the_notice_takes_the_place_of_an_info_finding_and_the_summary_agrees() -> None:
    from lintkit.reporters.github import budget
    from lintkit.reporters.github_summary import render as summary

    fs = [Finding("a.md", "S104", "stray-separator", Severity.ERROR, i, 0, i, 9, "m") for i in range(12)]
    fs += [Finding("a.md", "F202", "claim-unverifiable", Severity.INFO, 30 + i, 0, 30 + i, 3, "i") for i in range(10)]
    result = RunResult(files=["a.md"], findings=fs)
    lines = render(result)
    # the runner keeps 10 per type: the notice is one of the 10 notices, so the 10th info is pushed out too
    assert "3件の指摘は注釈として表示されません" in lines[0]
    assert budget(result) == (True, 19, 3)
    shown = {"error": 0, "notice": 0}
    for line in lines:
        kind = parse(line)[0]
        shown[kind] += shown[kind] < 10
    assert shown == {"error": 10, "notice": 10} and sum(shown.values()) - 1 == budget(result).shown
    assert "注釈にならなかった指摘: 3件" in summary(result, ReportOptions(metas=METAS))
    assert budget(RunResult(files=["a.md"], findings=fs[:10])) == (False, 10, 0)


def test_cr_lf_percent_colon_comma_in_the_file_property_round_trip() -> None:
    path = "posts/改行\r\nを含む:名前,100%.md"
    f = Finding(path, "S104", "stray-separator", Severity.ERROR, 2, 0, 4, 3, "m")
    [line] = render(RunResult(files=[path], findings=[f]))
    raw = line[2:line.index("::", 2)]
    assert "file=posts/改行%0D%0Aを含む%3A名前%2C100%25.md," in raw and "\r" not in line and "\n" not in line
    assert parse(line)[1]["file"] == path
