"""The pre-commit hook, run for real: ``pre-commit try-repo <working tree> lintkit`` inside a
temporary git repository fails on a defective post and passes on a clean one.

try-repo clones the working tree at HEAD plus its uncommitted changes to tracked files and
pip-installs it into a fresh hook environment, so this test takes tens of seconds (about 45 s
per install on a loaded 2-core machine; a clean checkout installs once, a dirty one twice).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
pytest.importorskip("pre_commit")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "blog"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    posts = repo / "_posts"
    posts.mkdir()
    shutil.copy(FIXTURES / "structure" / "truncated_marker.md", posts / "2026-03-08-library.md")
    shutil.copy(FIXTURES / "clean" / "tea.md", posts / "2026-04-05-tea.md")
    (repo / "notes.txt").write_text("---END---\n", encoding="utf-8")  # not markdown: never checked
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo, env


def try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "lintkit", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=1200,
    )


def test_hook_passes_on_a_clean_post(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    proc = try_repo(repo, env, "_posts/2026-04-05-tea.md", "notes.txt")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "lintkit" in proc.stdout and "Passed" in proc.stdout


def test_hook_fails_on_a_defective_post(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    proc = try_repo(repo, env, "_posts/2026-03-08-library.md", "_posts/2026-04-05-tea.md")
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "Failed" in proc.stdout
    assert "_posts/2026-03-08-library.md:25:1: S104 [error] [*] stray-separator" in proc.stdout
    assert "2件は --fix で修正できます" in proc.stdout
    assert "_posts/2026-03-08-library.md:23:27: S103 [error] truncated-paragraph" in proc.stdout
    assert "2026-04-05-tea.md" not in proc.stdout.split("- exit code: 1", 1)[-1]


def test_hook_runs_serially() -> None:
    """pre-commit must not split a commit into batches: S108 compares all the staged posts in one run."""
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["require_serial"] for h in hooks if h["id"] == "lintkit"] == [True]
