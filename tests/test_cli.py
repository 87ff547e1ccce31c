"""The CLI shim: formats and --output, --fix / --diff, configuration errors, exit codes."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from lintkit.cli import main
from lintkit.reporters import REPORTERS
from tests.conftest import FIXTURES


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Callable[..., Run]:
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            import io
            import sys

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capfdbinary.readouterr()
        code = main(list(argv))
        captured = capfdbinary.readouterr()
        return Run(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))

    return run


def fixture(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / "fix" / name, target)
    return target


def test_new_formats_are_registered() -> None:
    assert {"text", "json", "sarif", "github", "junit"} <= set(REPORTERS)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_to_stdout_and_to_a_file(cli: Callable[..., Run], tmp_path: Path, fmt: str) -> None:
    target = fixture(tmp_path, "markers.md")
    to_stdout = cli("check", target.name, "--format", fmt)
    assert to_stdout.code == 1 and to_stdout.out
    to_file = cli("check", target.name, "--format", fmt, "--output", "report.out")
    assert to_file.code == 1 and to_file.out == ""
    assert (tmp_path / "report.out").read_text(encoding="utf-8") == to_stdout.out


def test_fix_then_report_what_remains(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = fixture(tmp_path, "duplicate.md")
    run = cli("check", target.name, "--fix", "--format", "json")
    assert run.code == 1  # the near duplicate remains
    assert [(f["code"], f["line"]) for f in json.loads(run.out)["findings"]] == [("S102", 11)]
    assert "1件の指摘を修正しました（1ファイル）" in run.err
    again = cli("check", target.name, "--fix", "--lang", "en")
    assert "No fixable findings." in again.err
    assert target.read_bytes() != (FIXTURES / "fix" / "duplicate.md").read_bytes()


def test_fix_everything_exits_zero(cli: Callable[..., Run], tmp_path: Path) -> None:
    fixture(tmp_path, "crlf.md")
    run = cli("check", "crlf.md", "--fix")
    assert run.code == 0 and "指摘はありません" in run.out


def test_diff_writes_nothing_and_exits_one(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = fixture(tmp_path, "crlf.md")
    before = target.read_bytes()
    run = cli("check", "crlf.md", "--diff")
    assert run.code == 1
    assert run.out.startswith("--- crlf.md\n+++ crlf.md\n@@ ")
    assert "\n----END---\r\n" in run.out
    assert "Would fix" not in run.err and "2件の指摘を修正できます" in run.err
    assert target.read_bytes() == before
    assert cli("check", "crlf.md", "--diff", "--exit-zero").code == 0
    fixture(tmp_path, "clean.md")
    clean = cli("check", "clean.md", "--diff")
    assert clean.code == 0 and clean.out == ""


def test_diff_reads_stdin_but_fix_refuses_it(cli: Callable[..., Run]) -> None:
    data = (FIXTURES / "fix" / "markers.md").read_bytes()
    run = cli("check", "-", "--diff", "--stdin-filename", "posts/x.md", stdin=data)
    assert run.code == 1 and run.out.startswith("--- posts/x.md\n")
    refused = cli("check", "-", "--fix", stdin=data)
    assert refused.code == 2 and refused.err == "lintkit: エラー: --fix は標準入力を書き換えられません。修正内容は --diff で確認してください\n"
    refused_en = cli("check", "-", "--fix", "--lang", "en", stdin=data)
    assert refused_en.code == 2 and "--fix cannot rewrite standard input" in refused_en.err


def test_config_error_is_one_line_exit_two(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / ".lintkit.yaml").write_text("select: [S1]\nseverity: {S104: fatal}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    run = cli("check", "a.md")
    assert run.code == 2
    assert run.err.splitlines() == [
        f"lintkit: エラー: {tmp_path / '.lintkit.yaml'}: severity.S104: 不明な重大度 'fatal' です"
        "（使える値: error, warning, info）"]
    english = cli("check", "a.md", "--lang", "en")
    assert english.code == 2
    assert english.err.splitlines() == [
        f"lintkit: error: {tmp_path / '.lintkit.yaml'}: severity.S104: unknown severity 'fatal' "
        "(allowed: error, warning, info)"]
    assert "Traceback" not in run.err + english.err


def test_config_flag_and_cli_precedence(cli: Callable[..., Run], tmp_path: Path) -> None:
    fixture(tmp_path, "markers.md")
    (tmp_path / "conf.toml").write_text('[tool.lintkit]\nselect = ["S106"]\nlang = "en"\n', encoding="utf-8")
    quiet = cli("check", "markers.md", "--config", "conf.toml")
    assert quiet.code == 0 and "All checks passed" in quiet.out
    loud = cli("check", "markers.md", "--config", "conf.toml", "--select", "S104", "--lang", "ja")
    assert loud.code == 1 and "生成マーカー" in loud.out
    bad = cli("check", "markers.md", "--select", "S9")
    assert bad.code == 2 and "不明なルール指定 'S9' です" in bad.err
    bad_en = cli("check", "markers.md", "--select", "S9", "--lang", "en")
    assert bad_en.code == 2 and "unknown rule selector 'S9'" in bad_en.err


def test_failed_write_is_reported_exit_two_and_leaves_the_file(cli: Callable[..., Run], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from lintkit import fix

    target = fixture(tmp_path, "markers.md")
    before = target.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(fix.os, "replace", refuse)
    run = cli("check", "markers.md", "--fix")
    assert run.code == 2
    assert "markers.md: 修正したファイルを書き込めません: Read-only file system" in run.err
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["markers.md"]  # no temporary file left behind
