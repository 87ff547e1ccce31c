"""`lintkit explain` prints every rule's docs from rules/, and docs/rules.md is that same data, up to date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lintkit.cli import main
from lintkit.packs import load_packs, parse_pack
from lintkit.packs.packset import builtin_files, merge
from lintkit.meta import builtin_meta
from lintkit.ruledocs import REFERENCE_PATH, render_reference
from lintkit.rules import all_meta
from tests.conftest import ROOT

METAS = all_meta()


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # explain/rules read the config in effect; use none


def explain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["explain", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("code", sorted(METAS))
def test_every_rule_is_explained_in_both_languages(code: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    meta = METAS[code]
    status, out, err = explain(capsys, code, "--lang", lang)
    assert status == 0 and err == ""
    assert out.startswith(f"# {code} {meta.name}\n")
    assert meta.summary[lang].strip() in out
    assert meta.docs[lang].strip() in out
    assert ("What it does" if lang == "en" else "何をするか") in out
    for option in meta.options:
        assert f"rules.{meta.name}.{option}" in out  # generated from the option specs


def test_by_name_and_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_code, _ = explain(capsys, "A302")
    _, by_name, _ = explain(capsys, "placeholder")
    _, lower, _ = explain(capsys, "a302")
    assert by_code == by_name == lower


def test_pack_rules_list_their_patterns(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = explain(capsys, "llm-meta-talk", "--lang", "en")
    assert "## Patterns" in out and "rules/packs/llm-meta-talk.yaml" in out
    assert "承知しました | 承知いたしました" in out


def test_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = explain(capsys, "placeholdr")
    assert status == 2 and out == ""
    assert "不明なルール 'placeholdr'" in err and "placeholder" in err
    status, out, err = explain(capsys, "placeholdr", "--lang", "en")
    assert status == 2 and "unknown rule 'placeholdr'" in err and "placeholder" in err


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_option_defaults_are_shown_as_yaml(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    _, out, _ = explain(capsys, "truncated-paragraph", "--lang", lang)
    assert re.search(r"`rules\.truncated-paragraph\.check-headings` \(bool, [^`]+`true`", out)
    _, out, _ = explain(capsys, "duplicate-paragraph", "--lang", lang)
    assert re.search(r"lead-in-phrases` \(list\[str\], [^`]+`\[次の, 次に示す, ", out)
    generated = [line for line in out.splitlines() if line.startswith("- `rules.")]  # the option lines only
    assert generated
    for python in ("`True`", "`False`", "`None`", "`['", "`()`"):
        assert not any(python in line for line in generated), python


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == sorted(METAS)


# ------------------------------------------------------------ the reference page

def test_docs_rules_md_is_up_to_date() -> None:
    page = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    assert page == render_reference(all_meta(), load_packs()), (
        "docs/rules.md is out of date: run `python tools/gen_rule_docs.py`")


def test_reference_page_lists_every_rule_with_its_docs() -> None:
    page = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    for code, meta in METAS.items():
        assert f"### {code} {meta.name}" in page
        assert meta.summary["ja"].strip() in page
    assert "Why RE2" in page


def test_generator_check_mode() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rule_docs.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_pack_examples_of_the_reference_page_are_valid() -> None:
    page = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", page, flags=re.S)
    packs = [parse_pack(f"example{i}.yaml", b) for i, b in enumerate(blocks) if "patterns:" in b]
    assert [p.code for p in packs] == ["X901", "A301"]
    reserved = {code: m.name for code, m in builtin_meta().items()}
    merged = merge(builtin_files(), packs, reserved)
    assert merged.rules["X901"].name == "house-phrases"
    assert merged.rules["A301"].exceptions[-1].matcher.source == "参照データ"
