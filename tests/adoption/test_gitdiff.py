"""Pull-request mode on a scratch git repository with Japanese file names: only findings on changed lines."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from lintkit.gitdiff import GitDiffError, added_lines, changes
from tests.adoption.helpers import Run, make_cli

POST = "---\ntitle: {title}\n---\n\n本文の最初の段落です。\n\n---END---\n\n二つ目の段落です。\n"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def scratch_repo(root: Path) -> Path:
    """main: three posts, each with an old ---END--- (the legacy findings); branch pr: edits."""
    repo = root / "blog"
    (repo / "_posts").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for name in ["2026-01-01-古い記事.md", "2026-01-02-変わらない記事.md", "2026-01-03-plain.md"]:
        (repo / "_posts" / name).write_text(POST.format(title=name[:10]), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    git(repo, "checkout", "-q", "-b", "pr")
    old = repo / "_posts" / "2026-01-01-古い記事.md"
    old.write_text(old.read_text(encoding="utf-8") + "\n追記した段落です。\n\n---END---\n", encoding="utf-8")
    (repo / "_posts" / "2026-02-01-新しい記事「速報」.md").write_text(
        "---\ntitle: 新\n---\n\n新しい記事の本文です。\n\n---END---\n", encoding="utf-8")
    (repo / "_posts" / "2026-01-03-plain.md").unlink()  # a deleted post is not checked
    (repo / "notes.txt").write_text("---END---\n", encoding="utf-8")  # not Markdown: not checked
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")
    return repo


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes]) -> Callable[..., Run]:
    return make_cli(capfdbinary)


def test_only_changed_lines_of_changed_files(cli: Callable[..., Run], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo = scratch_repo(tmp_path)
    monkeypatch.chdir(repo)
    everything = cli("check", "_posts", "--no-cache", "--format", "json")
    assert sorted((f["path"], f["line"]) for f in everything.json()["findings"] if f["code"] == "S104") == [
        ("_posts/2026-01-01-古い記事.md", 7), ("_posts/2026-01-01-古い記事.md", 13),
        ("_posts/2026-01-02-変わらない記事.md", 7), ("_posts/2026-02-01-新しい記事「速報」.md", 7)]
    run = cli("check", "_posts", "--no-cache", "--diff-base", "main", "--format", "json", "--select", "S104")
    got = [(f["path"], f["code"], f["line"]) for f in run.json()["findings"]]
    assert got == [("_posts/2026-01-01-古い記事.md", "S104", 13),
                   ("_posts/2026-02-01-新しい記事「速報」.md", "S104", 7)]
    assert run.json()["summary"]["files"] == 2
    assert "変更された2ファイル" in run.err and "1件の指摘は表示していません" in run.err
    github = cli("check", "--no-cache", "--diff-base", "main", "--format", "github", "--select", "S104")
    assert github.out.count("::error ") == 2 and "\\343" not in github.out
    assert "file=_posts/2026-02-01-新しい記事「速報」.md" in github.out


def test_uncommitted_and_untracked_files_count(cli: Callable[..., Run], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo = scratch_repo(tmp_path)
    monkeypatch.chdir(repo / "_posts")  # from a subdirectory: paths relative to it
    (repo / "_posts" / "下書き.md").write_text("下書きです。\n\n---END---\n", encoding="utf-8")
    same = repo / "_posts" / "2026-01-02-変わらない記事.md"
    same.write_text(same.read_text(encoding="utf-8").replace("二つ目の段落です。", "二つ目の段落を直しました。"),
                    encoding="utf-8")
    found = changes("main", [])
    assert set(found.files) == {"2026-01-01-古い記事.md", "2026-01-02-変わらない記事.md",
                                "2026-02-01-新しい記事「速報」.md", "下書き.md"}
    assert found.added["2026-01-02-変わらない記事.md"] == frozenset({8})
    assert found.added["下書き.md"] is None
    run = cli("check", "--no-cache", "--diff-base", "main", "--format", "json", "--select", "S104")
    assert sorted((f["path"], f["line"]) for f in run.json()["findings"]) == [
        ("2026-01-01-古い記事.md", 13), ("2026-02-01-新しい記事「速報」.md", 7), ("下書き.md", 3)]


def test_nothing_changed_and_bad_ref(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = scratch_repo(tmp_path)
    monkeypatch.chdir(repo)
    git(repo, "checkout", "-q", "main")
    run = cli("check", "_posts", "--no-cache", "--diff-base", "main")
    assert run.code == 0 and "0ファイル" in run.out
    bad = cli("check", "_posts", "--no-cache", "--diff-base", "no-such-branch")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1 and "Traceback" not in bad.err
    with pytest.raises(GitDiffError):
        changes("--output=x", [])


def test_added_lines_of_a_zero_context_patch() -> None:
    patch = (b"@@ -3,0 +4,2 @@\n+a\n+b\n@@ -10 +12 @@\n-x\n+y\n@@ -20,3 +23,0 @@\n-gone\n")
    assert added_lines(patch) == frozenset({3, 4, 11})
