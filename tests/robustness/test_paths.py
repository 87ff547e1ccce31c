"""Paths: directories named like files, symlinks and loops, vanishing and unreadable files, missing paths."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

import lintkit.engine
import lintkit.source
from badinputs import ARTICLE, ARTICLE_FINDINGS, CLEAN, make_fifo, write
from lintkit.discover import discover

SELECT = ("--select", "S104,S106")


def test_directory_named_like_a_markdown_file_is_walked_not_read(cli, tmp_path: Path) -> None:
    write(tmp_path / "x.md" / "inner.md", ARTICLE)
    write(tmp_path / "x.md" / "deeper.markdown" / "post.md", CLEAN)
    run = cli("check", "--format", "json", *SELECT, "x.md")
    assert run.code == 1 and run.err == ""
    assert run.found() == {("x.md/inner.md", c, n) for c, n in ARTICLE_FINDINGS}
    assert run.json()["summary"]["files"] == 2
    run = cli("check", *SELECT, ".")  # found while walking, too
    assert run.code == 1 and run.err == ""


def test_symlink_loop_is_one_error_and_the_rest_is_checked(cli, tmp_path: Path) -> None:
    os.symlink("b.md", tmp_path / "a.md")
    os.symlink("a.md", tmp_path / "b.md")
    os.symlink(".", tmp_path / "self")  # a directory loop: never entered
    os.symlink("..", tmp_path / "up")
    write(tmp_path / "post.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert sorted(run.err_lines) == [
        "lintkit: ./a.md: symlink loop (too many levels of symbolic links)",
        "lintkit: ./b.md: symlink loop (too many levels of symbolic links)",
    ]
    assert run.found() == {("./post.md", c, n) for c, n in ARTICLE_FINDINGS}


def test_symlinked_file_is_reported_by_the_given_path_not_the_target(cli, tmp_path: Path) -> None:
    write(tmp_path / "real" / "target.md", ARTICLE)
    (tmp_path / "posts").mkdir()
    os.symlink(os.path.abspath(tmp_path / "real" / "target.md"), tmp_path / "posts" / "link.md")
    run = cli("check", "--format", "json", *SELECT, "posts")
    assert run.found() == {("posts/link.md", c, n) for c, n in ARTICLE_FINDINGS}
    assert str(tmp_path) not in run.out  # never resolved to the absolute target
    run = cli("check", *SELECT, "posts/link.md")
    finding_lines = [line for line in run.out.splitlines() if re.search(r":\d+:\d+: [A-Z]\d{3} ", line)]
    assert finding_lines and all(line.startswith("posts/link.md:") for line in finding_lines)


def test_symlinked_directory_given_on_the_command_line_is_walked(cli, tmp_path: Path) -> None:
    write(tmp_path / "real" / "p.md", ARTICLE)
    os.symlink("real", tmp_path / "alias")
    run = cli("check", "--format", "json", *SELECT, "alias")
    assert run.found() == {("alias/p.md", c, n) for c, n in ARTICLE_FINDINGS}


def test_relative_paths_stay_relative(cli, tmp_path: Path) -> None:
    write(tmp_path / "a" / "b" / "post.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, "a/../a/b", cwd=tmp_path)
    assert {p for p, _, _ in run.found()} == {"a/../a/b/post.md"}
    run = cli("check", "--format", "json", *SELECT, "post.md", cwd=tmp_path / "a" / "b")
    assert {p for p, _, _ in run.found()} == {"post.md"}


def test_a_file_reached_twice_is_checked_once(cli, tmp_path: Path) -> None:
    write(tmp_path / "posts" / "p.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, "posts/p.md", "./posts/p.md", "posts")
    assert run.json()["summary"]["files"] == 1
    assert len(run.json()["findings"]) == len(ARTICLE_FINDINGS)


def test_missing_path_is_one_error_and_the_others_are_checked(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, "nope.md", "post.md", "nodir/")
    assert run.code == 2
    assert run.err_lines == ["lintkit: nope.md: no such file or directory",
                             "lintkit: nodir/: no such file or directory"]
    assert run.found() == {("post.md", c, n) for c, n in ARTICLE_FINDINGS}


def test_dangling_symlink(cli, tmp_path: Path) -> None:
    os.symlink("gone.md", tmp_path / "dangling.md")
    run = cli("check", ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./dangling.md: no such file (deleted or a dangling symlink?)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_named_md_never_blocks(cli, tmp_path: Path) -> None:
    make_fifo(tmp_path / "pipe.md")
    write(tmp_path / "post.md", CLEAN)
    run = cli("check", ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./pipe.md: not a regular file (FIFO, socket or device), skipped"]


def test_file_deleted_between_discovery_and_read(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "b.md", ARTICLE)
    write(tmp_path / "c.md", ARTICLE)
    real = lintkit.engine.discover

    def discover_then_delete(*args, **kwargs):
        found = real(*args, **kwargs)
        (tmp_path / "b.md").unlink()
        return found

    monkeypatch.setattr(lintkit.engine, "discover", discover_then_delete)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./b.md: no such file (deleted or a dangling symlink?)"]
    assert run.found() == {(p, c, n) for p in ("./a.md", "./c.md") for c, n in ARTICLE_FINDINGS}


def test_file_made_unreadable_during_the_run(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "locked.md", ARTICLE)
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):  # root ignores chmod 000, so refuse like the kernel would
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(lintkit.source.os, "open", guarded_open)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./locked.md: permission denied"]
    assert run.found() == {("./a.md", c, n) for c, n in ARTICLE_FINDINGS}


def test_read_error_mid_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "z.md", ARTICLE)
    real_open, real_read = os.open, os.read
    broken: set[int] = set()  # descriptors of a.md: every read of them fails, like a bad disk sector

    def tracking_open(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if os.fspath(path).endswith("a.md"):
            broken.add(fd)
        else:
            broken.discard(fd)
        return fd

    def failing_read(fd: int, n: int) -> bytes:
        if fd in broken:
            raise OSError(errno.EIO, "Input/output error")
        return real_read(fd, n)

    monkeypatch.setattr(lintkit.source.os, "open", tracking_open)
    monkeypatch.setattr(lintkit.source.os, "read", failing_read)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.err_lines == ["lintkit: ./a.md: cannot read: Input/output error"]
    assert run.found() == {("./z.md", c, n) for c, n in ARTICLE_FINDINGS}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads mode-000 files")
def test_real_unreadable_file(cli, tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.md", ARTICLE)
    locked.chmod(0)
    try:
        run = cli("check", ".")
    finally:
        locked.chmod(0o644)
    assert run.code == 2 and run.err_lines == ["lintkit: ./locked.md: permission denied"]


def test_file_too_large_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "big.md", "あ" * 100)
    monkeypatch.setattr(lintkit.source, "MAX_BYTES", 64)
    with pytest.raises(lintkit.source.InputError, match="file too large"):
        lintkit.source.read_bytes(str(tmp_path / "big.md"), limit=64)


def test_unlistable_directory_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "ok" / "a.md", CLEAN)
    write(tmp_path / "secret" / "b.md", CLEAN)
    real_scandir = os.scandir

    def guarded(path=".", *a, **k):
        if os.fspath(path).endswith("secret"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path, *a, **k)

    monkeypatch.setattr(os, "scandir", guarded)
    found = discover([str(tmp_path)])
    assert [os.path.basename(f) for f in found.files] == ["a.md"]
    assert len(found.errors) == 1 and found.errors[0].path.endswith("secret")
    assert "cannot list directory" in found.errors[0].message


def test_file_name_that_is_not_utf8(cli, tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff\xfename.md")
    write(tmp_path / name, ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")  # output stays valid UTF-8 (checked by the fixture)
    assert run.code == 1
    assert {p for p, _, _ in run.found()} == {"./bad??name.md"}  # undecodable bytes show as "?"
