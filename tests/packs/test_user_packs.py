"""User packs through the command line: a writers' repository with a .lintkit.yaml and its own packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lintkit.cli import main

POST = """---
title: "社内勉強会の記録"
---

本日の勉強会では、議事録の要約を試しました。いかがでしたか。

本稿の構成案は以下の通りです。

市場は伸びています（Web検索結果：業界団体の資料）。
"""

NEW_RULE = """\
code: X901
name: house-phrases
severity: warning
summary: {ja: 社内で使わない言い回し, en: Phrases we do not publish}
messages:
  default: {ja: "「{match}」は社内の表記ルールで使いません", en: "House style: do not write \\"{match}\\""}
patterns:
  - いかがでしたか
"""

EXTEND_A301 = """\
code: A301
patterns:
  - 本稿の構成案は以下の通りです
exceptions:
  - Web検索結果
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2026-02-12-a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint" / "house.yaml").write_text(NEW_RULE, encoding="utf-8")
    (tmp_path / "lint" / "a301.yaml").write_text(EXTEND_A301, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "_posts")  # the config is found by walking up; pack paths are relative to it
    return tmp_path


def config(repo: Path, text: str) -> None:
    (repo / ".lintkit.yaml").write_text(text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", ".", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out)["findings"] if out.strip() else []), err


def test_without_packs_only_the_builtin_rule_reports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, _ = check(capsys, "--select", "A301")
    assert code == 1
    assert [(f["code"], f["line"], f["data"]["match"]) for f in found] == [("A301", 9, "（Web検索結果：")]


def test_a_user_pack_adds_a_rule_reported_with_its_message(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(repo, "extend-packs: [lint/house.yaml]\nselect: [X901]\n")
    code, found, err = check(capsys)
    assert err == "" and code == 0  # a warning does not fail the run
    assert [(f["code"], f["rule"], f["severity"], f["line"], f["column"], f["message"]) for f in found] == [
        ("X901", "house-phrases", "warning", 5, 23, "「いかがでしたか」は社内の表記ルールで使いません")]
    code, found, _ = check(capsys, "--lang", "en")
    assert found[0]["message"] == 'House style: do not write "いかがでしたか"'


def test_a_user_pack_extends_a_builtin_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(repo, "extend-packs: [lint/a301.yaml]\nselect: [llm-meta-talk]\n")
    code, found, _ = check(capsys)
    assert code == 1
    # the added phrase, with A301's own message; the added exception silences （Web検索結果：…）
    assert [(f["code"], f["line"], f["message"]) for f in found] == [
        ("A301", 7, "モデルが指示者に向けた発言「本稿の構成案は以下の通りです」が記事に残っています")]


def test_rules_and_explain_know_user_rules(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(repo, "extend-packs: [lint/house.yaml, lint/a301.yaml]\n")
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "X901  house-phrases" in listing
    assert main(["explain", "house-phrases", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# X901 house-phrases\n") and "Phrases we do not publish" in text
    assert "`いかがでしたか`" in text  # generated docs list the patterns
    assert main(["explain", "A301"]) == 0
    assert "lint/a301.yaml" in capsys.readouterr().out  # the extension is named among the sources


@pytest.mark.parametrize("pack, line, key", [
    ("code: X901\nname: house-phrases\nseverity: warning\nmessages: {default: x}\npatterns:\n  - regex: '(?=a)'\n",
     6, "patterns[0].regex"),
    ("code: X901\nname: Bad Name\n", 2, "name"),
    ("code: X901\nname: house\nseverity: warning\nmessages: {default: x}\npatterns: []\n", 5, "patterns"),
])
def test_a_bad_pack_is_one_line_naming_file_line_and_key(repo: Path, capsys: pytest.CaptureFixture[str],
                                                        pack: str, line: int, key: str) -> None:
    (repo / "lint" / "bad.yaml").write_text(pack, encoding="utf-8")
    config(repo, "extend-packs: [lint/bad.yaml]\n")
    code = main(["check", "."])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"bad.yaml:{line}: {key}: " in err


def test_a_missing_pack_and_a_bad_extend_packs_value(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(repo, "extend-packs: [lint/nope.yaml]\n")
    assert main(["check", ".", "--lang", "en"]) == 2
    assert "nope.yaml: pattern pack not found" in capsys.readouterr().err
    config(repo, "extend-packs: {a: 1}\n")
    assert main(["check", ".", "--lang", "en"]) == 2
    assert "extend-packs: expected a list" in capsys.readouterr().err


def test_explicit_config_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "other.yaml").write_text("extend-packs: [lint/house.yaml]\nselect: [X9]\n", encoding="utf-8")
    code, found, _ = check(capsys, "--config", str(repo / "other.yaml"))
    assert [f["code"] for f in found] == ["X901"]
