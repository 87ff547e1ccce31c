"""--fix never loses a byte: atomic writes, modes kept, a failure mid-write leaves the original intact."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

import lintkit.fix
from badinputs import binary_bytes, write

FIXABLE = "## 見出し\n\n本文の段落です。\n---END---\n\n次の段落です。\n"
FIXED = "## 見出し\n\n本文の段落です。\n\n次の段落です。\n"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "lintkit-tmp" in p.name)


def test_fix_writes_the_fixed_text(cli, tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    run = cli("check", "--fix", "--select", "S104", "post.md")
    assert run.code == 0, run.err
    assert post.read_text(encoding="utf-8") == FIXED
    assert leftovers(tmp_path) == []


class FullDisk:
    """A file object whose write stops half-way with ENOSPC."""

    def __init__(self, fh) -> None:
        self.fh = fh

    def __enter__(self) -> "FullDisk":
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])  # half of it reached the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


@pytest.mark.parametrize("failure", ["write", "fsync", "chmod", "replace"])
def test_a_failed_write_leaves_the_original_intact(cli, tmp_path: Path, monkeypatch, failure: str) -> None:
    """Each step of the atomic write fails in turn, for a.md only; b.md is still fixed."""
    bad = write(tmp_path / "a.md", FIXABLE)
    good = write(tmp_path / "b.md", FIXABLE)
    original = bad.read_bytes()
    writing_a = [False]  # is the temporary file being written the one of a.md?
    real = {name: getattr(os, name) for name in ("fdopen", "fsync", "chmod", "replace")}
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        writing_a[0] = os.path.basename(name).startswith(".a.md.")
        return fd, name

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def patched(name: str):
        def call(*args, **kwargs):
            if not writing_a[0]:
                return real[name](*args, **kwargs)
            if name == "fdopen":
                return FullDisk(real["fdopen"](*args, **kwargs))
            return full_disk()
        return call

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(lintkit.fix.os, failure if failure != "write" else "fdopen",
                        patched(failure if failure != "write" else "fdopen"))
    run = cli("check", "--fix", "--select", "S104", "a.md", "b.md")
    monkeypatch.undo()
    assert run.code == 2
    assert bad.read_bytes() == original  # not a byte lost
    assert good.read_text(encoding="utf-8") == FIXED  # the other file was still fixed
    assert leftovers(tmp_path) == []  # no temporary file left behind
    assert [line for line in run.err_lines if "a.md" in line] == [
        "lintkit: a.md: cannot write the fixed file: No space left on device"]


def test_interrupted_write_leaves_the_original_and_no_litter(tmp_path: Path, monkeypatch) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    original = post.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lintkit.fix.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        lintkit.fix.write_atomic(str(post), FIXED.encode())
    assert post.read_bytes() == original
    assert leftovers(tmp_path) == []


def test_unwritable_directory(cli, tmp_path: Path, monkeypatch) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    original = post.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = cli("check", "--fix", "--select", "S104", "post.md")
    assert run.code == 2
    assert post.read_bytes() == original
    assert "lintkit: post.md: cannot write the fixed file: Permission denied" in run.err_lines


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o664, 0o755, 0o2755])
def test_permissions_are_kept(cli, tmp_path: Path, mode: int) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    os.chmod(post, mode)
    run = cli("check", "--fix", "--select", "S104", "post.md")
    assert run.code == 0, run.err
    assert post.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(post.stat().st_mode) == mode


def test_fix_through_a_symlink_keeps_the_link(cli, tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "post.md", FIXABLE)
    (tmp_path / "posts").mkdir()
    os.symlink("../real/post.md", tmp_path / "posts" / "link.md")
    run = cli("check", "--fix", "--select", "S104", "posts")
    assert run.code == 0, run.err
    assert (tmp_path / "posts" / "link.md").is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize(("name", "data"), [
    ("binary.md", binary_bytes()),
    ("sjis.md", (FIXABLE + "日本語の文です。\n").encode("cp932")),
    ("utf16.md", FIXABLE.encode("utf-16")),
    ("nul.md", FIXABLE.replace("次の", "次\x00の").encode()),
    ("badutf8.md", FIXABLE.encode() + b"\xff\n"),
])
def test_files_that_are_not_checked_are_never_written(cli, tmp_path: Path, name: str, data: bytes) -> None:
    bad = write(tmp_path / name, data)
    good = write(tmp_path / "good.md", FIXABLE)
    before = os.stat(bad)
    run = cli("check", "--fix", "--select", "S104", ".")
    assert bad.read_bytes() == data
    assert os.stat(bad).st_mtime_ns == before.st_mtime_ns
    assert good.read_text(encoding="utf-8") == FIXED
    assert len([line for line in run.err_lines if name in line]) == 1  # named once, not once per pass
    assert run.code == (0 if name == "binary.md" else 2)


@pytest.mark.parametrize("variant", ["crlf", "cr", "bom", "no-final-newline", "mixed"])
def test_fix_keeps_every_other_byte(cli, tmp_path: Path, variant: str) -> None:
    text = FIXABLE
    expected = FIXED
    if variant == "crlf":
        text, expected = text.replace("\n", "\r\n"), expected.replace("\n", "\r\n")
    elif variant == "cr":
        text, expected = text.replace("\n", "\r"), expected.replace("\n", "\r")
    elif variant == "bom":
        text, expected = "\ufeff" + text, "\ufeff" + expected
    elif variant == "no-final-newline":
        text, expected = text.rstrip("\n"), expected.rstrip("\n")
    else:
        text = "## 見出し\r\n\n本文の段落です。\r---END---\r\n\r\n次の段落です。\n"
        expected = "## 見出し\r\n\n本文の段落です。\r\r\n次の段落です。\n"
    post = write(tmp_path / "post.md", text.encode("utf-8"))
    run = cli("check", "--fix", "--select", "S104", "post.md")
    assert run.code == 0, run.err
    assert post.read_bytes() == expected.encode("utf-8")
    run = cli("check", "--fix", "--select", "S104", "post.md")  # idempotent
    assert post.read_bytes() == expected.encode("utf-8")
