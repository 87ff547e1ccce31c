"""--jobs: the same results, in the same order, byte for byte, whatever the number of workers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from lintkit.archive import parallel
from lintkit.cli import main
from lintkit.config import Config
from lintkit.engine import lint_paths
from tests.conftest import CORPUS, FIXTURES, needs_shared

POSTS = FIXTURES / "archive" / "posts"


@pytest.fixture
def always_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the process pool even for a handful of files."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)


def _json(capfd: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes]:
    capfd.readouterr()
    code = main(["check", *argv, "--format", "json", "--no-cache"])
    return code, capfd.readouterr().out


def test_jobs_1_and_2_give_byte_identical_json(always_pool: None, capfdbinary: pytest.CaptureFixture[bytes],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = parallel._in_pool

    def spy(factory: Any, config: Config, cross: bool, paths: list[str], workers: int) -> Any:
        calls.append(workers)
        return real(factory, config, cross, paths, workers)

    monkeypatch.setattr(parallel, "_in_pool", spy)
    one = _json(capfdbinary, str(POSTS), "--jobs", "1")
    two = _json(capfdbinary, str(POSTS), "--jobs", "2")
    assert calls == [2]  # --jobs 2 really ran in two worker processes
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert b'"S108"' in one[1]


@needs_shared
def test_jobs_on_corpus_posts(capfdbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    sample = sorted((CORPUS / "allforces" / "_posts").glob("*.md"))[::20][:16]
    for p in sample:
        shutil.copyfile(p, tmp_path / p.name)
    one = _json(capfdbinary, str(tmp_path), "--jobs", "1")
    two = _json(capfdbinary, str(tmp_path), "--jobs", "2")
    assert len(sample) >= parallel.MIN_PARALLEL
    assert one == two
    assert one[1].count(b'"code"') > 20


def test_worker_errors_and_notes_come_back_like_in_process(always_pool: None, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for p in sorted(POSTS.glob("*.md"))[:3]:
        shutil.copyfile(p, tmp_path / p.name)
    (tmp_path / "bad.md").write_bytes("見出し\n".encode("utf-8") + b"\xff\xfe\xfa broken\n" * 3)
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    from lintkit.rules import conflicts

    def crash(self: Any, doc: Any, ctx: Any) -> Any:
        if doc.path.endswith("beta.md"):
            raise ValueError("rule bug")
        return iter(())

    monkeypatch.setattr(conflicts.ConflictMarker, "check", crash)
    serial = lint_paths([str(tmp_path)], Config(), jobs=1)
    pooled = lint_paths([str(tmp_path)], Config(), jobs=2)
    assert [str(e) for e in pooled.errors] == [str(e) for e in serial.errors]
    assert [type(e) for e in pooled.errors] == [type(e) for e in serial.errors]
    assert [(e.path, e.line, e.key) for e in pooled.errors] == [(e.path, e.line, e.key) for e in serial.errors]
    assert any("rule bug" in str(e) for e in pooled.errors)
    assert [str(n) for n in pooled.notes] == [str(n) for n in serial.notes]
    assert pooled.findings == serial.findings and pooled.files == serial.files


def test_small_runs_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: Any) -> Any:
        raise AssertionError("a pool for a handful of files")

    monkeypatch.setattr(parallel, "_in_pool", no_pool)
    result = lint_paths([str(POSTS)], Config(), jobs=4)  # 6 files < MIN_PARALLEL
    assert len(result.files) == 6


def test_default_jobs_is_at_least_one() -> None:
    assert parallel.default_jobs() >= 1


@needs_shared
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see the workers")
def test_ctrl_c_stops_the_workers_without_a_traceback(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    for p in sorted((CORPUS / "allforces" / "_posts").glob("*.md"))[:80]:
        shutil.copyfile(p, tmp_path / p.name)
    proc = subprocess.Popen([sys.executable, "-m", "lintkit", "check", str(tmp_path), "--no-cache", "-j", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers: list[str] = []
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and len(workers) < 2:
        workers = children.read_text().split() if children.exists() else []
        time.sleep(0.05)
    assert len(workers) == 2, "the pool never started"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (1, 130)  # 130 = interrupted (128 + SIGINT); 1 if it had just finished
    assert "Traceback" not in err
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


def test_a_dying_worker_loses_only_its_file(always_pool: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed by its file (a native crash, out of memory) costs that file, not the run."""
    import os

    from lintkit.errors import WorkerDied

    posts = sorted(POSTS.glob("*.md"))
    for p in posts:
        shutil.copyfile(p, tmp_path / p.name)
    victim = posts[2].name
    real = parallel.check_one

    def fatal(plan: Any, path: str) -> Any:
        if path.endswith(victim):
            os._exit(1)  # the worker process dies on the spot, as in a segfault
        return real(plan, path)

    serial = lint_paths([str(tmp_path)], Config(), jobs=1)
    monkeypatch.setattr(parallel, "check_one", fatal)  # the workers are forked: they see the patch
    pooled = lint_paths([str(tmp_path)], Config(), jobs=2)
    assert [(type(e), Path(e.path).name) for e in pooled.errors] == [(WorkerDied, victim)]
    # S108 compares files with each other: without the lost file its clusters differ; the rest is identical
    good = [f for f in serial.findings if not f.path.endswith(victim) and f.code != "S108"]
    assert [f for f in pooled.findings if f.code != "S108"] == good
    assert sorted(Path(p).name for p in pooled.files) == sorted(p.name for p in posts if p.name != victim)
