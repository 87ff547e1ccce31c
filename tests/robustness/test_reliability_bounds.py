"""Reliability II, items 6-11: every input ends in bounded time and memory with a clear error."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from badinputs import ARTICLE, finish_isolated, make_fifo, many_lines, start_isolated, write
from lintkit.facts.reference import _Locator, load_reference


# ------------------------------------------------------------------ 6. reference loading is linear


def _native(n: int) -> str:
    lines = ["lintkit: reference/1", "as_of: 2026-01-01", "entities:"]
    for i in range(n):
        lines += [f"  - id: test/model-{i}", f"    names: [Test Model {i}]", "    facts:",
                  f"      price.input: {1 + i % 50}", f"      benchmark.mmlu: {40 + i % 50}.5"]
    return "\n".join(lines) + "\n"


class CountingLines(list):
    """The locator's lines, counting how often one is looked at by index (a scan)."""

    reads = 0

    def __getitem__(self, i):  # type: ignore[override]
        CountingLines.reads += 1
        return super().__getitem__(i)


def test_06_locating_entities_does_not_rescan_the_file(tmp_path: Path, monkeypatch) -> None:
    """A native reference with 3,000 entities: the locator reads each line a bounded number of times
    (the quadratic scan read ~9 million lines; 200 s at 8,000 entities)."""
    n = 3000
    ref = tmp_path / "big.yaml"
    ref.write_text(_native(n), encoding="utf-8")
    init = _Locator.__init__

    def counting(self, text: str) -> None:
        init(self, text)
        self.lines = CountingLines(self.lines)

    monkeypatch.setattr(_Locator, "__init__", counting)
    CountingLines.reads = 0
    index = load_reference([str(ref)])
    assert len(index.entities) == n
    lines = 5 * n + 3
    assert CountingLines.reads <= 4 * lines, CountingLines.reads
    fact = index.entities[f"test/model-{n - 1}"].facts["price.input"][0]
    assert fact.line == 5 * n + 3 - 1  # the line of the last entity's price, found through the index


def _scan(lines: list[str], *needles: str) -> int | None:
    """The locator's contract, by scanning (the code before the index)."""
    line, found = 0, None
    for needle in needles:
        if not needle:
            continue
        pattern = _Locator._pattern(needle)
        for i in range(line, len(lines)):
            if pattern.search(lines[i]):
                found, line = i, i
                break
    return None if found is None else found + 1


def test_06_the_index_finds_what_the_scan_found() -> None:
    """Random YAML-ish lines (quotes, dashes, comments, colons): the index answers as the scan did."""
    rng = random.Random(11)
    atoms = ["name", "model", "id", "foo", "bar", "a b", "x:y", "-", "- ", "  ", '"', "'", ":", "#", " # c",
             "GPT-4o", "ll:8b", "\t", "names", "価格"]
    for _ in range(1500):
        text = "\n".join("".join(rng.choice(atoms) for _ in range(rng.randint(0, 6))) for _ in range(12))
        locator = _Locator(text)
        for _ in range(8):
            needles = []
            for _ in range(rng.randint(1, 3)):
                needle = "".join(rng.choice(atoms[3:]) for _ in range(rng.randint(1, 2)))
                needles.append(needle + ":" if rng.random() < 0.5 else needle)
            assert locator.find(*needles) == _scan(locator.lines, *needles), (text, needles)


# ------------------------------------------------------------------ 10. workers die with the parent


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids |= {int(p) for p in task.read_text().split()}
        except OSError:
            pass
    return kids


def _alive(pid: int) -> bool:
    """Running (a zombie left to an init that does not reap counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _threads(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def _working_in(directory: Path) -> set[int]:
    """Live processes whose working directory is ``directory`` (a worker of the run, seen by the test or not)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "cwd") == str(directory) and _alive(int(entry.name)):
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


def _default_sigint() -> None:
    """In the child before exec: SIGINT at its default (a background job of a non-interactive shell, as a
    test runner may be, inherits it ignored, and Python then leaves it ignored: lintkit would never see it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see the workers")
@pytest.mark.parametrize("moment", ["starting", "running"])
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_10_workers_die_with_the_parent(tmp_path: Path, signame: str, moment: str) -> None:
    """``lintkit check --jobs 2 -o report.json`` signalled mid-run: no worker outlives it, no report is left.

    ``starting``: the signal as soon as the first worker exists, while the pool is still being built (forks,
    threads: a signal there was once dropped in an at-fork hook, or left a worker nobody waited for).
    ``running``: the signal once the pool runs (both workers forked, the pool's threads started).
    """
    posts = tmp_path / "posts"
    for i in range(16):
        write(posts / f"post-{i:02d}.md", many_lines(6000))
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "lintkit", "check", "--jobs", "2", "--no-cache", "--format",
                              "json", "-o", "report.json", "posts"], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_sigint)
    workers: set[int] = set()

    def ready() -> bool:
        if moment == "starting":
            return bool(workers)
        return len(workers) >= 2 and _threads(child.pid) >= 3  # main thread, the pool's manager and feeder

    try:
        deadline = time.monotonic() + 120  # a backstop only: the loop ends when the pool is seen
        while not ready() and child.poll() is None and time.monotonic() < deadline:
            workers |= _children(child.pid)
            time.sleep(0.01)
        assert ready(), f"the pool was never seen {moment} (workers {workers}, exit {child.poll()})"
        assert child.poll() is None, "the run ended before the signal: make the files bigger"
        child.send_signal(getattr(signal, signame))
        _, err = child.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while (any(_alive(w) for w in workers) or _working_in(tmp_path)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], f"workers outlived the parent after {signame}"
        assert not _working_in(tmp_path), f"a process of the run outlived the parent after {signame}"
        assert child.returncode == 128 + getattr(signal, signame), err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["posts"]  # no report, no temporary file
        assert b"Traceback" not in err and b"Exception ignored" not in err, err
    finally:
        for w in workers | _working_in(tmp_path):
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.communicate()


# ------------------------------------------------------------------ 11. deep trees, -j 1000


def _remove_tree(top: str) -> None:
    """``shutil.rmtree`` without recursion (pytest's own clean-up of old temporary directories recurses:
    a tree this deep left behind would break it in a later session)."""
    stack = [(top, False)]
    while stack:
        path, emptied = stack.pop()
        if emptied:
            os.rmdir(path)
            continue
        stack.append((path, True))
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, False))
                else:
                    os.unlink(entry.path)


def test_11_a_tree_deeper_than_the_recursion_limit(cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep"
    deep.mkdir()
    try:
        here = str(deep)
        for _ in range(1200):  # one level at a time (pathlib's and os's makedirs recurse themselves)
            here = os.path.join(here, "d")
            os.mkdir(here)
        write(Path(here) / "post.md", ARTICLE)
        write(deep / "top.md", ARTICLE)
        run = cli("check", "--format", "json", "--select", "S104", "deep")
        assert run.code == 1, run.err
        assert {(Path(p).name, line) for p, _, line in run.found()} == {("post.md", 9), ("top.md", 9)}
    finally:
        _remove_tree(str(deep))


def test_11_jobs_are_capped_by_files_and_cores(cli, tmp_path: Path, monkeypatch) -> None:
    import concurrent.futures

    from lintkit.archive.parallel import default_jobs

    for i in range(12):
        write(tmp_path / f"post-{i}.md", ARTICLE)
    sizes: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, max_workers=None, *args, **kwargs):
            sizes.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    run = cli("check", "-j", "1000", "--no-cache", "--select", "S104", ".")
    assert run.code == 1, run.err
    assert sizes and max(sizes) <= min(12, default_jobs()), sizes


# ------------------------------------------------------------------ 7. packs, configs, references: regular files


PACK = """lintkit: pack/1
code: X901
name: test-phrases
severity: warning
summary: テスト用の語句
messages:
  default: {ja: "「{match}」を見直してください", en: "Revise {match}"}
patterns:
  - phrase: 見直し対象
"""


def _special(tmp_path: Path, kind: str) -> str:
    """A path to something that is not a regular file: a FIFO (would block) or /dev/zero (never ends)."""
    if kind == "fifo":
        if not make_fifo(tmp_path / "special.yaml"):
            pytest.skip("no FIFOs here")
        return "special.yaml"
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    return "/dev/zero"


@pytest.mark.parametrize("kind", ["fifo", "zero"])
@pytest.mark.parametrize("where", ["pack", "reference", "config"])
def test_07_special_files_are_refused_at_once(tmp_path: Path, kind: str, where: str) -> None:
    """In a child process with a timeout and a memory cap: the old code hung on the FIFO and read
    /dev/zero until the kernel killed it."""
    write(tmp_path / "post.md", ARTICLE)
    special = _special(tmp_path, kind)
    if where == "pack":
        write(tmp_path / ".lintkit.yaml", f"extend-packs: [{special}]\n")
        args = ["check", "--lang", "en", "post.md"]
    elif where == "reference":
        args = ["check", "--lang", "en", "--reference", special, "post.md"]
    else:
        args = ["check", "--lang", "en", "--config", special, "post.md"]
    child = start_isolated(args, tmp_path, address_space_mb=1024)
    run = finish_isolated(child, timeout=60)
    assert run.code == 2, run.err
    lines = run.err.splitlines()
    assert len(lines) == 1 and special in lines[0] and "not a regular file" in lines[0], run.err


def test_07_oversized_pack_is_refused(tmp_path: Path, monkeypatch) -> None:
    from lintkit import source
    from lintkit.errors import PackError
    from lintkit.packs import read_pack

    pack = write(tmp_path / "big.yaml", PACK + "  - phrase: 見直し\n" * 2000)
    monkeypatch.setattr(source, "MAX_BYTES", 4096)
    monkeypatch.setattr(source.read_data, "__defaults__", (4096,))
    with pytest.raises(PackError, match="too large"):
        read_pack(str(pack))


# ------------------------------------------------------------------ 8. standard input


class _Endless(io.RawIOBase):
    """``yes |``: a stream that never ends (counting what was taken from it)."""

    taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = b"y\n" * (n // 2) + b"y" * (n % 2)
        _Endless.taken += n
        if _Endless.taken > 200 * 1024 * 1024:
            raise AssertionError("read more than 200 MB of an endless standard input")
        return n


def test_08_endless_stdin_is_cut_at_the_file_limit(cli, tmp_path: Path, monkeypatch) -> None:
    _Endless.taken = 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Endless())))
    run = cli("check", "-")
    assert run.code == 2
    assert len(run.err_lines) == 1 and "too large" in run.err_lines[0], run.err
    assert _Endless.taken <= 34 * 1024 * 1024


def test_08_stdin_larger_than_the_file_limit_is_refused(cli, tmp_path: Path, monkeypatch) -> None:
    from lintkit.source import MAX_BYTES

    data = ("日本語の本文です。\n" * (MAX_BYTES // 28 + 2)).encode()
    assert len(data) > MAX_BYTES
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    run = cli("check", "--stdin-filename", "big.md", "-")
    assert run.code == 2
    assert run.err_lines == [f"lintkit: error: big.md: standard input too large (more than {MAX_BYTES} bytes; "
                             f"the limit is {MAX_BYTES})"], run.err


def test_08_closed_stdin_is_a_clean_error(cli, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    run = cli("check", "-")
    assert run.code == 2
    assert run.err_lines == ["lintkit: error: -: standard input is closed"], run.err


# ------------------------------------------------------------------ 9. message templates


@pytest.mark.parametrize("template", ["{match:>400000000}", "{match.__class__.__mro__}", "{match[0]}",
                                      "{match!r}", "{match.__init__.__globals__}"])
def test_09_template_with_format_spec_or_attribute_is_refused(cli, tmp_path: Path, template: str) -> None:
    write(tmp_path / "post.md", "## 見出し\n\n見直し対象の文です。\n")
    write(tmp_path / "pack.yaml", PACK.replace("「{match}」を見直してください", template))
    write(tmp_path / ".lintkit.yaml", "extend-packs: [pack.yaml]\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    line = run.err_lines[0]
    assert line.startswith("lintkit: error: ") and "pack.yaml:7: messages.default:" in line, line
    assert "not allowed" in line
    assert len(line) < 400


def test_09_plain_match_placeholder_still_works(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", "## 見出し\n\n見直し対象の文です。\n")
    write(tmp_path / "pack.yaml", PACK)
    write(tmp_path / ".lintkit.yaml", "extend-packs: [pack.yaml]\n")
    run = cli("check", "--format", "json", "post.md")
    assert run.code == 0, run.err  # a warning
    assert [f["message"] for f in run.json()["findings"] if f["code"] == "X901"] == ["Revise 見直し対象"]
