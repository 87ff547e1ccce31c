"""The GitHub job summary (--format github-summary, --summary FILE, --report FORMAT=FILE)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from lintkit.engine import RunResult
from lintkit.finding import Finding, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.reporters.github_summary import FIRST, md
from lintkit.rules import all_meta
from tests.adoption.helpers import Run, make_cli

METAS = all_meta()
POST = "---\ntitle: 見出し\n---\n\n本文の段落です。\n\n---END---\n\n二つ目の段落です。\n"


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Run]:
    monkeypatch.chdir(tmp_path)
    return make_cli(capfdbinary)


def test_values_stay_text() -> None:
    assert md("a|b *c* [x](javascript:alert(1)) <img> `code` ~~s~~ ![i] &lt;\n次") == \
        "a\\|b \\*c\\* \\[x\\](javascript:alert(1)) \\<img\\> \\`code\\` \\~\\~s\\~\\~ \\!\\[i\\] &amp;lt; 次"


def test_counts_first_findings_and_english() -> None:
    fs = [Finding("p/a.md", "S104", "stray-separator", Severity.ERROR, i, 0, i, 9, f"m{i} | x") for i in range(FIRST + 5)]
    fs.append(Finding("p/b.md", "S107", "heading-numbering", Severity.WARNING, 3, 0, 3, 2, "w"))
    result = RunResult(files=["p/a.md", "p/b.md"], findings=fs)
    ja = REPORTERS["github-summary"](result, ReportOptions(metas=METAS))
    assert ja.startswith("## lintkit: 指摘36件（エラー35件・警告1件・情報0件）、検査したファイル2件\n")
    assert "| S104 stray-separator | エラー | 35 |" in ja and "| S107 heading-numbering | 警告 | 1 |" in ja
    assert f"### 最初の{FIRST}件" in ja and "ほか6件" in ja
    assert "| p/a.md:1 | S104 stray-separator | エラー | m0 \\| x |" in ja  # no link template: plain text
    assert ja.count("| p/a.md:") == FIRST and "p/b.md:4" not in ja
    assert "注釈: 11件を表示" in ja and "注釈にならなかった指摘: 25件" in ja  # 10 of 35 errors and the warning
    en = REPORTERS["github-summary"](result, ReportOptions(lang="en", metas=METAS))
    assert en.startswith("## lintkit: 36 findings (35 errors, 1 warning, 0 infos) in 2 checked files")
    assert "| S104 stray-separator | error | 35 |" in en and "25 not annotated" in en
    assert "6 more" in en


def test_clean_run() -> None:
    text = REPORTERS["github-summary"](RunResult(files=["a.md"]), ReportOptions(metas=METAS))
    assert "指摘0件" in text and "指摘はありません。" in text and "###" not in text


def test_one_run_writes_annotations_summary_and_sarif(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "記事.md").write_text(POST, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("前のステップの概要\n", encoding="utf-8")
    run = cli("check", "記事.md", "--no-cache", "--format", "github", "--summary", str(summary),
              "--report", "sarif=out.sarif", "--report", "json=out.json")
    assert run.code == 1 and run.out.startswith("::error file=記事.md,line=7,")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("前のステップの概要\n## lintkit: 指摘1件")  # appended, never replaced
    assert "| 記事.md:7 | S104 stray-separator | エラー |" in text
    assert json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "S104"
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["findings"][0]["line"] == 7
    run = cli("check", "記事.md", "--no-cache", "--summary", str(summary), "--link-template",
              "https://example.com/{path}#L{line}", "--exit-zero")
    assert run.code == 0 and "[記事.md:7](<https://example.com/%E8%A8%98%E4%BA%8B.md#L7>)" in \
        summary.read_text(encoding="utf-8")


def test_bad_report_spec_and_targets(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "記事.md").write_text(POST, encoding="utf-8")
    run = cli("check", "記事.md", "--report", "yaml=x.yaml")
    assert run.code == 2 and "--report yaml=x.yaml: FORMAT=FILE の形で指定してください" in run.err
    assert len(run.err.strip().splitlines()) == 1
    run = cli("check", "記事.md", "--summary", "記事.md")  # the summary never goes into a checked file
    assert run.code == 2 and "記事.md" in run.err and (tmp_path / "記事.md").read_text(encoding="utf-8") == POST
    (tmp_path / "dir").mkdir()
    run = cli("check", "記事.md", "--lang", "en", "--summary", "dir")
    assert run.code == 2 and "is a directory" in run.err
