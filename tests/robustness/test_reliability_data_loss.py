"""Reliability II, items 1-5: no path, flag or timing makes --output, the cache or --fix lose a writer's data."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import lintkit.cli
import lintkit.fix
from badinputs import ARTICLE, CLEAN, make_fifo, write
from lintkit.cli import main

FIXABLE = "## 見出し\n\n本文の段落です。\n---END---\n\n次の段落です。\n"
FIXED = "## 見出し\n\n本文の段落です。\n\n次の段落です。\n"
FIX = ("check", "--fix", "--select", "S104")


def litter(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "lintkit-tmp" in p.name)


# ------------------------------------------------------------------ 1. --output


def test_01_output_glob_that_names_a_post_is_refused(cli, tmp_path: Path) -> None:
    """``lintkit check -o 2025-*.md``: the shell expands the glob and -o gets the first post."""
    first = write(tmp_path / "2025-01-01-a.md", ARTICLE)
    write(tmp_path / "2025-01-02-b.md", ARTICLE)
    run = cli("check", "-o", "2025-01-01-a.md", "2025-01-02-b.md")
    assert run.code == 2
    assert first.read_text(encoding="utf-8") == ARTICLE
    assert len(run.err_lines) == 1 and "2025-01-01-a.md" in run.err_lines[0] and "Markdown" in run.err_lines[0]
    assert litter(tmp_path) == []


def test_01_output_that_is_an_input_is_refused(cli, tmp_path: Path) -> None:
    notes = write(tmp_path / "notes.txt", ARTICLE)
    run = cli("check", "-o", "./notes.txt", "notes.txt")
    assert run.code == 2
    assert notes.read_text(encoding="utf-8") == ARTICLE
    assert "one of the files being checked" in run.err


def test_01_output_to_a_fifo_is_refused_and_the_fifo_kept(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    if not make_fifo(tmp_path / "out.fifo"):
        pytest.skip("no FIFOs on this platform")
    run = cli("check", "-o", "out.fifo", "post.md")
    assert run.code == 2
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.fifo").st_mode)
    assert "not a regular file" in run.err


def test_01_output_to_a_character_device_writes_to_it(cli, tmp_path: Path) -> None:
    """``-o /dev/null`` (here a null device made in tmp_path, as root) is written to, never replaced."""
    write(tmp_path / "post.md", ARTICLE)
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot create a device node here (needs root)")
    run = cli("check", "--format", "json", "-o", "null", "post.md")
    assert run.code == 1, run.err
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert litter(tmp_path) == []


def test_01_output_dev_null(cli, tmp_path: Path) -> None:
    """The real ``/dev/null`` (only as a user who cannot damage it: root is covered by the test above)."""
    if os.geteuid() == 0 or not os.path.exists("/dev/null"):
        pytest.skip("run as root: the device-node test covers it without risking /dev/null")
    write(tmp_path / "post.md", ARTICLE)
    run = cli("check", "-o", "/dev/null", "post.md")
    assert run.code == 1, run.err
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_01_output_through_a_symlink_writes_the_target(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    (tmp_path / "reports").mkdir()
    write(tmp_path / "reports" / "latest.json", "{}")
    os.chmod(tmp_path / "reports" / "latest.json", 0o640)
    os.symlink("reports/latest.json", tmp_path / "out.json")
    run = cli("check", "--format", "json", "-o", "out.json", "post.md")
    assert run.code == 1, run.err
    assert (tmp_path / "out.json").is_symlink()
    report = (tmp_path / "reports" / "latest.json").read_text(encoding="utf-8")
    assert '"S104"' in report
    assert stat.S_IMODE(os.stat(tmp_path / "reports" / "latest.json").st_mode) == 0o640  # mode kept
    assert litter(tmp_path) == [] and litter(tmp_path / "reports") == []


def test_01_two_runs_with_the_same_output_both_succeed(cli, tmp_path: Path, monkeypatch) -> None:
    """A second run writes the same -o while the first is still writing: both succeed, no litter."""
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "b.md", CLEAN)
    real = lintkit.cli.report_chunks
    inner: list[int] = []

    def chunks(*args: Any, **kwargs: Any):
        pieces = real(*args, **kwargs)
        for i, piece in enumerate(pieces):
            yield piece
            if i == 0 and not inner:  # the first run is half-way through writing its report
                inner.append(-1)
                inner[0] = main(["check", "--format", "json", "-o", "out.json", "b.md"])

    monkeypatch.setattr(lintkit.cli, "report_chunks", chunks)
    run = cli("check", "--format", "json", "-o", "out.json", "a.md")
    assert inner == [0]
    assert run.code == 1, run.err
    assert '"S104"' in (tmp_path / "out.json").read_text(encoding="utf-8")  # the last replace wins, whole
    assert litter(tmp_path) == []


# ------------------------------------------------------------------ 2. the cache directory


def test_02_cache_dir_dot_leaves_the_project_alone(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    write(tmp_path / ".gitignore", "node_modules/\n_site/\n")
    run = cli("check", "--cache-dir", ".", "post.md")
    assert run.code == 1, run.err
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n_site/\n"
    assert not (tmp_path / "CACHEDIR.TAG").exists()


def test_02_an_existing_directory_is_never_tagged(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    (tmp_path / "mine").mkdir()
    run = cli("check", "--cache-dir", "mine", "post.md")
    assert run.code == 1, run.err
    assert not (tmp_path / "mine" / "CACHEDIR.TAG").exists()
    assert not (tmp_path / "mine" / ".gitignore").exists()
    run = cli("check", "--cache-dir", "fresh/cache", "post.md")  # one lintkit creates is tagged
    assert (tmp_path / "fresh" / "cache" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / "fresh" / "CACHEDIR.TAG").exists()


# ------------------------------------------------------------------ 3. an edit saved while --fix runs


def test_03_an_edit_saved_during_fix_is_kept(cli, tmp_path: Path, monkeypatch) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    other = write(tmp_path / "other.md", FIXABLE)
    real = lintkit.fix.fix_source

    def slow_fix(plan, source, original):
        result = real(plan, source, original)
        if source.path.endswith("post.md"):  # the writer saves while the fixes are computed
            with open(post, "a", encoding="utf-8") as fh:
                fh.write("\n保存したばかりの追記です。\n")
        return result

    monkeypatch.setattr(lintkit.fix, "fix_source", slow_fix)
    run = cli(*FIX, "post.md", "other.md")
    assert post.read_text(encoding="utf-8") == FIXABLE + "\n保存したばかりの追記です。\n"
    assert other.read_text(encoding="utf-8") == FIXED  # the other file is still fixed
    assert run.code == 2
    assert [line for line in run.err_lines if "post.md" in line and "changed while" in line]
    assert litter(tmp_path) == []


# ------------------------------------------------------------------ 4. owner, group, hard links


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_04_fix_as_root_keeps_owner_and_group(cli, tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    os.chown(post, 12345, 23456)
    os.chmod(post, 0o640)
    run = cli(*FIX, "post.md")
    assert run.code == 0, run.err
    assert post.read_text(encoding="utf-8") == FIXED
    info = os.stat(post)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (12345, 23456, 0o640)


def test_04_owner_that_cannot_be_kept_means_not_fixed(cli, tmp_path: Path, monkeypatch) -> None:
    """A group-writable post of another user: the fixed copy would belong to us, so it is not written."""
    post = write(tmp_path / "post.md", FIXABLE)
    real_stat = os.stat
    mine = real_stat(post)

    class Other:  # the post as another user's file
        def __init__(self, info: os.stat_result) -> None:
            self.info = info

        def __getattr__(self, name: str) -> Any:
            if name == "st_uid":
                return mine.st_uid + 4242
            return getattr(self.info, name)

    def fake_stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        return Other(info) if str(path) == str(post) else info

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(lintkit.fix.os, "stat", fake_stat)
    monkeypatch.setattr(lintkit.fix.os, "chown", refuse)
    run = cli(*FIX, "post.md")
    monkeypatch.undo()
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert run.code == 2
    assert any("post.md" in line and "owner" in line for line in run.err_lines)
    assert litter(tmp_path) == []


def test_04_hard_links_are_not_split(cli, tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    os.link(post, tmp_path / "published.txt")
    run = cli(*FIX, "post.md")
    assert run.code == 2
    assert os.stat(post).st_nlink == 2
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert any("post.md" in line and "hard links" in line for line in run.err_lines)


# ------------------------------------------------------------------ 5. read-only files


def test_05_read_only_file_is_not_rewritten(cli, tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", FIXABLE)
    other = write(tmp_path / "other.md", FIXABLE)
    os.chmod(post, 0o444)
    run = cli(*FIX, "post.md", "other.md")
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert stat.S_IMODE(os.stat(post).st_mode) == 0o444
    assert other.read_text(encoding="utf-8") == FIXED
    notes = [line for line in run.err_lines if "post.md" in line and "read-only" in line]
    assert len(notes) == 1
    assert run.code == 1  # a note, not an error: the remaining S104 finding of post.md sets the code
