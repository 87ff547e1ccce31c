"""JUnit XML: one testcase per file, one failure per finding, always well-formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from lintkit.config import Config
from lintkit.engine import RunResult, lint_paths
from lintkit.errors import InputError
from lintkit.finding import Finding, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()


def render(result: RunResult) -> ET.Element:
    text = REPORTERS["junit"](result, ReportOptions(metas=METAS))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_testcases_failures_and_errors() -> None:
    f1 = Finding("a.md", "S104", "stray-separator", Severity.ERROR, 4, 0, 4, 9, "マーカー「---END---」")
    f2 = Finding("a.md", "S102", "duplicate-paragraph", Severity.WARNING, 9, 0, 9, 5, "重複 <&> \"引用\"")
    result = RunResult(files=["a.md", "clean.md"], findings=[f1, f2],
                       errors=[InputError("bad.md", "not valid UTF-8")])
    root = render(result)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert list(cases) == ["a.md", "clean.md", "bad.md"]
    failures = cases["a.md"].findall("failure")
    assert [(x.get("type"), x.get("message")) for x in failures] == [
        ("S104 stray-separator", "マーカー「---END---」"), ("S102 duplicate-paragraph", "重複 <&> \"引用\"")]
    assert failures[0].text == "a.md:5:1: S104 [error] stray-separator マーカー「---END---」"
    assert list(cases["clean.md"]) == []
    error = cases["bad.md"].find("error")
    assert error is not None and "not valid UTF-8" in (error.get("message") or "")


def test_control_characters_do_not_break_the_xml() -> None:
    f = Finding("a.md", "A302", "placeholder", Severity.ERROR, 0, 0, 0, 1, "制御文字\x0b\x1bと\ufffe")
    root = render(RunResult(files=["a.md"], findings=[f]))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "制御文字\ufffd\ufffdと\ufffd"


def test_fixtures_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    result = lint_paths(["fixtures"], Config())
    root = render(result)
    assert len(root.findall("testsuite/testcase")) == len(result.files) + len({e.path for e in result.errors}
                                                                              - set(result.files))
    assert len(root.findall("testsuite/testcase/failure")) == len(result.findings)
