"""``lintkit claims`` and the fact rules at the command line: table, JSON, errors (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lintkit.cli import main
from tests.conftest import FIXTURES

FACTS = FIXTURES / "facts"
REF = str(FACTS / "reference")


def run(capfdbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    capfdbinary.readouterr()
    code = main(list(argv))
    out = capfdbinary.readouterr()
    return code, out.out.decode("utf-8"), out.err.decode("utf-8")


def test_claims_json(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = run(capfdbinary, "claims", str(FACTS / "prices.md"), "--reference", REF, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["summary"] == {"files": 1, "claims": 22, "match": 15, "mismatch": 5, "unverifiable": 2, "unbound": 0}
    first = doc["claims"][0]
    for key in ("path", "line", "column", "text", "entity", "attribute", "value", "unit", "qualifiers", "status",
                "expected", "source"):
        assert key in first
    assert {c["status"] for c in doc["claims"]} <= {"match", "mismatch", "unverifiable", "unbound"}
    (row,) = [c for c in doc["claims"] if c["line"] == 15 and c["text"] == "$0.08/1M"]
    assert (row["entity"], row["attribute"], row["value"], row["unit"], row["status"], row["expected"]) == (
        "google/gemini-2.5-flash-lite", "price.input", 0.08, "USD/1M tokens", "mismatch", 0.1)


def test_claims_table(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(capfdbinary, "claims", str(FACTS / "prices.md"), "--reference", REF, "--lang", "en")
    lines = out.splitlines()
    assert code == 0
    assert any(l.split()[:5] == [f"{FACTS / 'prices.md'}:15:42", "mismatch", "google/gemini-2.5-flash-lite",
                                 "price.input", "$0.08/1M"] for l in lines)
    assert any("?Claude Sonnet 4.5" in l and "(similar: Claude Sonnet 4)" in l for l in lines)
    assert lines[-1] == "22 claims in 1 file: 15 match, 5 mismatch, 2 unverifiable, 0 unbound"


@pytest.mark.parametrize("command", ["claims", "check"])
def test_bad_reference_is_one_line_and_exit_2(capfdbinary: pytest.CaptureFixture[bytes], command: str) -> None:
    bad = str(FACTS / "bad" / "conflict.yml")
    code, out, err = run(capfdbinary, command, str(FACTS / "clean.md"), "--reference", bad, "--lang", "en")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "conflict.yml:5: models[1].input_per_1m_tokens: two different values" in err
    code, _, ja = run(capfdbinary, command, str(FACTS / "clean.md"), "--reference", bad)
    assert code == 2 and "conflict.yml:5: models[1].input_per_1m_tokens: " in ja and "異なる値が2つあります" in ja
    assert "Traceback" not in err


def test_check_uses_the_shipped_reference_by_default(capfdbinary: pytest.CaptureFixture[bytes],
                                                     tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Claude Haiku 3.5は入力$1/1M、出力$5/1Mです。\n", encoding="utf-8")
    code, out, _ = run(capfdbinary, "check", str(article), "--select", "F201", "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["line"], f["data"]["expected"]) for f in findings] == [(1, 0.8), (1, 4.0)]
    assert all(f["data"]["source"].startswith("https://docs.anthropic.com/") for f in findings)
