"""Reliability II, items 12-19: what is printed is escaped, and what is reported is true."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import lintkit.cli
from badinputs import ARTICLE, write

FIXABLE = "## 見出し\n\n本文の段落です。\n---END---\n\n次の段落です。\n"


# ------------------------------------------------------------------ 17. Ctrl-C


def test_17_ctrl_c_exits_130(cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "post.md", ARTICLE)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lintkit.cli, "lint_paths", interrupted)
    run = cli("check", "post.md")
    assert run.code == 130
    assert run.err_lines == ["lintkit: interrupted"]


# ------------------------------------------------------------------ 19. --fix in a read-only directory


def test_19_fix_that_cannot_write_says_so(cli, tmp_path: Path, monkeypatch) -> None:
    """A read-only directory (here: the temporary file cannot be created, as for a user without write
    access; root could write anyway): the summary says the fixes were not written."""
    post = write(tmp_path / "post.md", FIXABLE)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = cli("check", "--fix", "--lang", "en", "--select", "S104", "post.md")
    assert run.code == 2
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert "lintkit: post.md: cannot write the fixed file: Permission denied" in run.err_lines
    assert not any("No fixable findings" in line for line in run.err_lines)
    assert "lintkit: 1 fix(es) in 1 file(s) could not be written (see above)." in run.err_lines
