"""SARIF 2.1.0: valid against the official OASIS schema for every fixture, rules described, fixes and related."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lintkit.config import Config
from lintkit.engine import RunResult, lint_paths
from lintkit.errors import InputError
from lintkit.finding import Edit, Finding, Fix, Related, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.rules import all_meta
from tests.conftest import FIXTURES, SARIF_SCHEMA, SEED_000, SEED_002, needs_shared

SCHEMA = SARIF_SCHEMA
METAS = all_meta()
URI_RE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")  # RFC 3986 characters only

FIXTURE_FILES = sorted(str(p.relative_to(FIXTURES.parent)) for p in FIXTURES.rglob("*")
                       if p.suffix in (".md", ".markdown") and p.is_file())


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def render(result: RunResult, lang: str = "ja") -> dict[str, Any]:
    text = REPORTERS["sarif"](result, ReportOptions(lang=lang, metas=METAS))
    doc = json.loads(text)
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    for uri in _uris(doc):
        assert URI_RE.match(uri), uri
    return doc


def _uris(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["uri"]] if isinstance(node.get("uri"), str) else []
        return found + [u for v in node.values() for u in _uris(v)]
    if isinstance(node, list):
        return [u for v in node for u in _uris(v)]
    return []


@pytest.mark.parametrize("path", FIXTURE_FILES)
def test_every_fixture_validates(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    result = lint_paths([path], Config())
    doc = render(result)
    run = doc["runs"][0]
    assert len(run["results"]) == len(result.findings)
    render(result, lang="en")


@needs_shared
def test_seeds_validate_with_fixes_and_related() -> None:
    result = lint_paths([str(SEED_000), str(SEED_002)], Config())
    doc = render(result)
    results = doc["runs"][0]["results"]
    assert any("fixes" in r for r in results)
    assert any("relatedLocations" in r for r in results)


def test_rules_results_and_locations() -> None:
    f = Finding("posts/日本語 a.md", "S102", "duplicate-paragraph", Severity.WARNING, 114, 0, 114, 71,
                "段落が71行目と重複しています", (Related("posts/日本語 a.md", 70, 0, "最初の出現"),),
                Fix(True, "重複段落を削除", (Edit(114, 116),)), {"similarity": 1.0})
    g = Finding("/abs/b.md", "S104", "stray-separator", Severity.INFO, 3, 2, 3, 11, "マーカー", (),
                Fix(True, "置換", (Edit(3, 4, "本文", False),)))
    result = RunResult(files=["posts/日本語 a.md", "/abs/b.md"], findings=[f, g],
                       errors=[InputError("bad.md", "not valid UTF-8", line=3)])
    doc = render(result)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(METAS)
    r0, r1 = run["results"]
    assert rules[r0["ruleIndex"]]["id"] == "S102" and rules[r1["ruleIndex"]]["id"] == "S104"
    s102 = rules[r0["ruleIndex"]]
    assert s102["name"] == "duplicate-paragraph"
    assert s102["defaultConfiguration"]["level"] == "error"
    assert s102["shortDescription"]["text"] == METAS["S102"].summary["ja"]
    assert s102["fullDescription"]["text"].startswith("段落、リスト項目、表、引用が")
    assert "## " in s102["help"]["markdown"]
    assert r0["level"] == "warning" and r1["level"] == "note"
    loc = r0["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "posts/%E6%97%A5%E6%9C%AC%E8%AA%9E%20a.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 115, "startColumn": 1, "endLine": 115, "endColumn": 72}
    assert r1["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/b.md"}
    assert r0["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 71
    assert r0["relatedLocations"][0]["message"]["text"] == "最初の出現"
    rep = r0["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert rep == {"deletedRegion": {"startLine": 115, "startColumn": 1, "endLine": 117, "endColumn": 1}}
    rep = r1["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert rep["insertedContent"] == {"text": "本文\n"}
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "not valid UTF-8"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


def test_english_docs_and_unknown_rule() -> None:
    f = Finding("a.md", "X999", "made-up", Severity.ERROR, 0, 0, 0, 1, "m")
    doc = render(RunResult(files=["a.md"], findings=[f]), lang="en")
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[doc["runs"][0]["results"][0]["ruleIndex"]]["id"] == "X999"
    s104 = next(r for r in rules if r["id"] == "S104")
    assert s104["shortDescription"]["text"] == METAS["S104"].summary["en"]


def test_cli_sarif_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lintkit.cli import main

    monkeypatch.chdir(FIXTURES.parent)
    out = tmp_path / "report.sarif"
    code = main(["check", "fixtures/suppression", "--format", "sarif", "--output", str(out),
                 "--select", "S104,S106,M402"])
    assert code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    validator().validate(doc)
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} == {"S104", "S106", "M402"}


def _apply_sarif(text: str, replacements: list[dict[str, Any]]) -> str:
    """Apply SARIF replacements as the specification reads (code-point columns, 1-based, end exclusive)."""
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())

    def offset(line: int, column: int) -> int:
        assert 1 <= line <= len(starts) and column >= 1, (line, column)  # never past the file's last line
        return starts[line - 1] + column - 1

    spans = []
    for rep in replacements:
        region = rep["deletedRegion"]
        if "charOffset" in region:
            lo, hi = region["charOffset"], region["charOffset"] + region["charLength"]
        else:
            lo = offset(region["startLine"], region["startColumn"])
            hi = offset(region["endLine"], region["endColumn"])
        assert 0 <= lo <= hi <= len(text)
        spans.append((lo, hi, rep.get("insertedContent", {}).get("text", "")))
    for lo, hi, new in sorted(spans, reverse=True):
        text = text[:lo] + new + text[hi:]
    return text


@pytest.mark.parametrize("text", [
    "---\ntitle: t\n---\n\n本文です。\n\n---END---\n",  # a marker at the end, with a final newline
    "---\ntitle: t\n---\n\n本文です。\n\n---END---",  # ... without one
    "---END---\n",  # the whole file
    "本文です。\n\n本文の続きです。 ---END---",  # a glued marker on the last line, no final newline
    "本文です。 ---END---\r\n\r\n次の段落です。\r\n",  # CRLF: the replaced line keeps its ending
    "本文です。\n\n---END---\n\n次の段落です。\n",  # a marker between paragraphs
])
def test_sarif_fixes_give_what_fix_writes(tmp_path: Path, text: str) -> None:
    from lintkit.fix import apply_edits
    from lintkit.source import read_source

    post = tmp_path / "post.md"
    post.write_bytes(text.encode("utf-8"))
    result = lint_paths([str(post)], Config())
    fixed = [f for f in result.findings if f.fix is not None and f.fix.edits]
    assert fixed
    doc = render(result)
    results = [r for r in doc["runs"][0]["results"] if "fixes" in r]
    assert len(results) == len(fixed)
    source = read_source(str(post))
    for finding, res in zip(fixed, results):
        assert finding.fix is not None
        replacements = res["fixes"][0]["artifactChanges"][0]["replacements"]
        expected = apply_edits(source, finding.fix.edits).decode("utf-8")
        assert _apply_sarif(text, replacements) == expected


def test_help_uri_and_content_fingerprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lintkit.fingerprint import SARIF_KEY
    from lintkit.project import rule_doc_url

    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("本文です。\n\n---END---\n", encoding="utf-8")
    Path("b.md").write_text("前に段落を足しました。\n\n本文です。\n\n---END---\n", encoding="utf-8")
    doc = render(lint_paths(["a.md", "b.md"], Config()))
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    s104 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "S104")
    assert s104["helpUri"] == rule_doc_url("S104", "stray-separator")
    assert s104["helpUri"].endswith("/docs/rules.md#s104-stray-separator")
    a, b = [r for r in run["results"] if r["ruleId"] == "S104"]
    assert a["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert a["partialFingerprints"][SARIF_KEY] == b["partialFingerprints"][SARIF_KEY]  # the text, not the line
