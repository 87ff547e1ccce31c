"""The public API: ``from lintkit import Linter`` (README "Python API")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

import lintkit
import lintkit.api
import lintkit.engine
from lintkit import Config, Finding, FixResult, Linter, LintResult, Severity, load_config
from lintkit.document import Document
from lintkit.errors import ConfigError, RuleCrash
from lintkit.fix import fix_paths
from lintkit.rules.base import RuleContext
from tests.conftest import FIXTURES, ROOT, SEED_000, needs_shared

MARKERS = FIXTURES / "fix" / "markers.md"


def _where(findings: Any) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in findings]


def test_exports() -> None:
    assert set(lintkit.__all__) >= {"Linter", "LintResult", "FixResult", "Finding", "Severity", "Config",
                                    "load_config"}
    for name in lintkit.__all__:
        assert getattr(lintkit, name) is not None


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    monkeypatch.chdir(tmp_path)  # load_config() finds nothing here: the defaults
    exec(compile(code.group(1), "README.md", "exec"), {"__name__": "readme"})
    assert re.fullmatch(r"9:1 S104 error .+\n", capsys.readouterr().out)


def test_lint_text_equals_the_file_check() -> None:
    linter = Linter()
    text = MARKERS.read_text(encoding="utf-8")
    result = linter.lint_text(text, path=str(MARKERS))
    assert isinstance(result, LintResult) and not result.errors
    assert all(isinstance(f, Finding) for f in result.findings)
    expected = lintkit.engine.lint_paths([str(MARKERS)], Config()).findings
    assert list(result.findings) == expected and expected


def test_the_plan_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    real = lintkit.api.Plan

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kw: Any) -> None:
            built.append(self)
            super().__init__(*args, **kw)

    monkeypatch.setattr(lintkit.api, "Plan", Counting)
    linter = Linter(select="S104")
    text = MARKERS.read_text(encoding="utf-8")
    for _ in range(3):
        linter.lint_text(text)
        linter.fix_text(text)
    assert len(built) == 1


def test_select_ignore_and_config_path(tmp_path: Path) -> None:
    text = MARKERS.read_text(encoding="utf-8")
    every = {f.code for f in Linter().lint_text(text).findings}
    assert "S104" in every
    assert {f.code for f in Linter(select=["S104"]).lint_text(text).findings} == {"S104"}
    assert "S104" not in {f.code for f in Linter(ignore="stray-separator").lint_text(text).findings}
    (tmp_path / ".lintkit.yaml").write_text("ignore: [S104]\n", encoding="utf-8")
    assert "S104" not in {f.code for f in Linter(tmp_path / ".lintkit.yaml").lint_text(text).findings}
    assert load_config(start=tmp_path).path == str(tmp_path / ".lintkit.yaml")
    with pytest.raises(ConfigError):
        Linter(select=["Z999"])


class _Crashing:
    code = "S106"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        yield ctx.report(doc, 0)
        raise ZeroDivisionError("boom")


def test_a_crashing_rule_is_reported_in_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    real = lintkit.engine.registry
    monkeypatch.setattr(lintkit.engine, "registry", lambda packs=(): {**real(packs), "S106": _Crashing()})
    text = MARKERS.read_text(encoding="utf-8")
    result = Linter().lint_text(text, path="a.md")
    [error] = result.errors
    assert isinstance(error, RuleCrash) and error.rule == "S106" and "ZeroDivisionError" in str(error)
    assert "S104" in {f.code for f in result.findings}  # the other rules still report
    assert "S106" not in {f.code for f in result.findings}  # nothing of the crashed rule leaks out
    assert Linter().fix_text(text, path="a.md").errors


def test_a_lone_surrogate_does_not_raise() -> None:
    text = "# 題\n\n壊れた\ud800文字のあとに続く\n\n---END---\n"
    result = Linter().lint_text(text)
    assert not result.errors
    assert ("S104", 4, 0) in _where(result.findings)
    fixed = Linter().fix_text(text)
    assert "---END---" not in fixed.text and not fixed.errors


def test_fix_text_equals_fix_on_disk(tmp_path: Path) -> None:
    linter = Linter()
    for name in ("markers.md", "duplicate.md", "crlf.md", "bom.md", "conflicts.md", "clean.md"):
        original = FIXTURES / "fix" / name
        copy = tmp_path / name
        shutil.copy(original, copy)
        fix_paths([str(copy)], Config(), write=True)
        raw = original.read_bytes().decode("utf-8")
        result = linter.fix_text(raw, path=name)
        assert isinstance(result, FixResult)
        assert result.text.encode("utf-8") == copy.read_bytes(), name
        assert result.changed == (name != "clean.md")
        assert not any(f.fix is not None and f.fix.safe for f in result.remaining)


@needs_shared
def test_seed_000_through_the_api_and_the_cli(tmp_path: Path) -> None:
    text = SEED_000.read_text(encoding="utf-8")
    result = Linter().lint_text(text, path="seed.md")
    cli = lintkit.engine.lint_paths([str(SEED_000)], Config()).findings
    assert _where(result.findings) == _where(cli)
    assert any(f.code == "S102" and f.line + 1 == 115 for f in result.findings)
    assert {f.severity for f in result.findings} <= set(Severity)
