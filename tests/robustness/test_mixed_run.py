"""Every bad input at once, mixed with the real corpus: the run finishes, reports every good file's
findings, names every bad file exactly once, and exits 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from badinputs import (ARTICLE, PATHOLOGICAL, background, binary_bytes, deep_list, deep_quote, make_fifo,
                       start_isolated, write, yaml_bomb)
from lintkit.config import Config, with_cli
from lintkit.engine import Plan
from lintkit.rules import all_meta
from tests.conftest import CORPUS, needs_shared

POSTS = CORPUS / "allforces" / "_posts"
TEXT = "## 見出し\n\n本文の段落です。\n"

# bad inputs that must be named once on stderr: name -> what the line says
ERRORS = {
    "utf16.md": "encoding is UTF-16LE",
    "utf16-nobom.md": "encoding is UTF-16LE",
    "sjis.md": "encoding is Shift_JIS",
    "eucjp.md": "encoding is EUC-JP",
    "iso2022.md": "encoding is ISO-2022-JP",
    "badutf8.md": "not valid UTF-8",
    "nul.md": "NUL byte",
    "loop-a.md": "symlink loop",
    "loop-b.md": "symlink loop",
    "dangling.md": "no such file",
    "pipe.md": "not a regular file",
}
NOTES = {"binary.md": "binary file, skipped"}
# odd but checkable inputs: checked like any other file
CHECKED = {
    "empty.md": "",
    "fm-only.md": "---\ntitle: x\n---\n",
    "fm-unclosed.md": "---\ntitle: 閉じていない\n\n" + TEXT,
    "fm-list.md": "---\n- a\n---\n" + TEXT,
    "fm-invalid.md": "---\ntitle: [1, 2\n---\n" + TEXT,
    "fm-bomb.md": "---\n" + yaml_bomb() + "---\n" + TEXT,
    "bom.md": "\ufeff" + ARTICLE,
    "crlf.md": ARTICLE.replace("\n", "\r\n"),
    "cr.md": ARTICLE.replace("\n", "\r"),
    "deep-list.md": deep_list(1000),
    "deep-quote.md": deep_quote(1000),
    "emphasis.md": PATHOLOGICAL["emphasis-strong-mix"],
    "long-line.md": "長い行です。" * 100_000 + "\n",
    "x.md/inside.md": ARTICLE,
}


def build(root: Path) -> tuple[set[str], set[str]]:
    """The mixed directory; returns (good files, bad files) as the paths the run will print."""
    mixed = root / "mixed"
    for post in sorted(POSTS.glob("*.md")):
        (mixed / "corpus").mkdir(parents=True, exist_ok=True)
        os.symlink(post, mixed / "corpus" / post.name)
    for name, text in CHECKED.items():
        write(mixed / name, text)
    body = ARTICLE + "日本語の本文が続きます。\n" * 3
    write(mixed / "utf16.md", body.encode("utf-16"))
    write(mixed / "utf16-nobom.md", body.encode("utf-16-le"))
    write(mixed / "sjis.md", body.encode("cp932"))
    write(mixed / "eucjp.md", body.encode("euc_jp"))
    write(mixed / "iso2022.md", body.encode("iso2022_jp"))
    write(mixed / "badutf8.md", body.encode() + b"\xc3\x28\n")
    write(mixed / "nul.md", body.replace("本文", "本\x00文", 1))
    write(mixed / "binary.md", binary_bytes())
    os.symlink("loop-b.md", mixed / "loop-a.md")
    os.symlink("loop-a.md", mixed / "loop-b.md")
    os.symlink("gone.md", mixed / "dangling.md")
    os.symlink("..", mixed / "up")  # a directory loop: never entered
    assert make_fifo(mixed / "pipe.md")
    good = {f"mixed/corpus/{p.name}" for p in POSTS.glob("*.md")} | {f"mixed/{n}" for n in CHECKED}
    bad = {f"mixed/{n}" for n in (*ERRORS, *NOTES)} | {"missing.md"}
    return good, bad


@background("mixed", __name__)
def _start(root: Path):
    if not POSTS.is_dir():
        return None
    good, bad = build(root)
    args = ["check", "--format", "json", "--jobs", "2", "--no-cache", "--lang", "en", "mixed", "missing.md"]
    return start_isolated(args, cwd=root), (root, good, bad)


@pytest.fixture(scope="module")
def mixed_run(children):
    result = children.result("mixed", timeout=900)
    if result is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    run, (root, good, bad) = result
    return run, root, good, bad


@needs_shared
def test_mixed_run_exits_2_and_names_every_bad_file_once(mixed_run) -> None:
    run, root, good, bad = mixed_run
    assert run.code == 2
    lines = run.err.splitlines()
    assert all(line.startswith("lintkit: ") for line in lines), lines
    named = [line.split(": ", 2)[1].split(":")[0] for line in lines]
    assert sorted(named) == sorted(bad)  # each bad file exactly once, nothing else
    for line in lines:
        path = line.split(": ", 2)[1].split(":")[0]
        name = path.removeprefix("mixed/")
        expected = ERRORS.get(name) or NOTES.get(name) or "no such file or directory"
        assert expected in line, line


@needs_shared
def test_mixed_run_checks_every_good_file(mixed_run) -> None:
    run, root, good, bad = mixed_run
    report = json.loads(run.out)
    assert report["summary"]["files"] == len(good) > 342
    paths = {f["path"] for f in report["findings"]}
    assert paths <= good
    assert {p for p in paths if p.startswith("mixed/corpus/")}  # the corpus has findings
    assert {e["path"] for e in report["input_errors"]} == bad - {f"mixed/{n}" for n in NOTES}


@needs_shared
def test_mixed_run_reports_the_same_findings_as_single_file_runs(mixed_run, monkeypatch) -> None:
    """A sample of good files, checked alone: the mixed run reported exactly their findings."""
    run, root, good, bad = mixed_run
    report = json.loads(run.out)
    monkeypatch.chdir(root)
    plan = Plan(with_cli(Config(), all_meta(), lang="en"))  # the run is read in English (--lang en)
    sample = sorted(good)[::50] + [f"mixed/{n}" for n in ("crlf.md", "bom.md", "x.md/inside.md", "fm-invalid.md")]
    for path in sample:
        alone = plan.check_file(path)
        assert alone.errors == []
        expected = sorted((f.code, f.line + 1, f.column + 1, f.message) for f in alone.findings)
        got = sorted((f["code"], f["line"], f["column"], f["message"]) for f in report["findings"]
                     if f["path"] == path and f["code"] != "S108")
        assert got == expected, path
