"""Pull-request mode (``--diff-base REF``): the files changed since REF and their added lines.

The base is the merge base of REF and ``HEAD`` (what a pull request's diff
shows), compared with the working tree, so uncommitted edits count too; files
git does not track yet (and does not ignore) count as wholly added. File names
travel NUL-separated (``-z``) and are decoded as the OS does
(``os.fsdecode``), so Japanese and other non-ASCII names arrive as they are,
never in git's quoted ``\\343\\203\\236…`` form. Added lines come from one
``git diff -U0`` per changed file (the file named by a pathspec, so its name is
never parsed out of a patch).

A finding is kept when any line of its range was added or changed
(reviewdog's ``added`` filter); lines only deleted leave nothing to flag.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Mapping, Sequence

from lintkit.discover import EXTENSIONS
from lintkit.errors import LintkitError
from lintkit.finding import Finding
from lintkit.messages import msg
from lintkit.selection import matches_path

if TYPE_CHECKING:
    from lintkit.engine import RunResult

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)
ALL = None  # an untracked file: every line is new


class GitDiffError(LintkitError):
    """git is missing, this is not a repository, or the base does not exist."""


@dataclass(frozen=True)
class Changes:
    base: str  # the merge-base commit
    files: tuple[str, ...]  # changed files to check, relative to the working directory, as git lists them
    added: Mapping[str, frozenset[int] | None]  # 0-based added lines per file; None: the whole file


def _git(args: Sequence[str], cwd: str | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
    except OSError as exc:
        raise GitDiffError(msg("gitdiff.no-git", detail=exc.strerror or exc)) from None
    if proc.returncode != 0:
        message = os.fsdecode(proc.stderr).strip().splitlines()
        raise GitDiffError(msg("gitdiff.failed", command=args[0],
                               detail=message[-1] if message else f"exit {proc.returncode}"))
    return proc.stdout


def added_lines(patch: bytes) -> frozenset[int]:
    """0-based lines of the new side that a ``-U0`` patch adds or changes."""
    lines: set[int] = set()
    for m in _HUNK.finditer(patch):
        start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
        lines.update(range(start - 1, start - 1 + count))
    return frozenset(lines)


def _wanted(name: str, paths: Sequence[str], exclude: tuple[str, ...]) -> bool:
    if any(os.path.normpath(name) == os.path.normpath(p) for p in paths):
        return True  # named on the command line: checked whatever its suffix, as without --diff-base
    return name.lower().endswith(EXTENSIONS) and not any(matches_path(pat, name) for pat in exclude)


def changes(ref: str, paths: Sequence[str], exclude: tuple[str, ...] = ()) -> Changes:
    """The files under ``paths`` changed since the merge base of ``ref`` and HEAD, and their added lines."""
    if ref.startswith("-"):
        raise GitDiffError(msg("gitdiff.bad-ref", ref=ref))
    base = os.fsdecode(_git(["merge-base", ref, "HEAD"])).strip()
    spec = ["--", *paths] if paths else []
    names = _git(["diff", "-z", "--name-only", "--relative", "--no-renames", "--diff-filter=d", base, *spec])
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", *spec])
    files: list[str] = []
    added: dict[str, frozenset[int] | None] = {}
    for raw in names.split(b"\0"):
        name = os.fsdecode(raw)
        if raw and _wanted(name, paths, exclude) and name not in added:
            files.append(name)
            added[name] = added_lines(_git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
                                            "--relative", base, "--", name]))
    for raw in untracked.split(b"\0"):
        name = os.fsdecode(raw)
        if raw and _wanted(name, paths, exclude) and name not in added:
            files.append(name)
            added[name] = ALL
    return Changes(base, tuple(files), added)


def touches(f: Finding, added: Mapping[str, frozenset[int] | None]) -> bool:
    lines = added.get(os.path.normpath(f.path), frozenset())
    if lines is None:
        return True
    return any(line in lines for line in range(f.line, max(f.end_line, f.line) + 1))


def only_added(result: "RunResult", found: Changes) -> tuple["RunResult", int]:
    """The run without the findings that touch no added line, and how many were left out."""
    added = {os.path.normpath(k): v for k, v in found.added.items()}
    kept = [f for f in result.findings if touches(f, added)]
    return replace(result, findings=kept), len(result.findings) - len(kept)


def words(found: Changes, hidden: int, lang: str) -> str:
    n = len(found.files)
    if lang == "en":
        return (f"--diff-base {found.base[:12]}: {n} changed file{'s' * (n != 1)} checked; "
                f"{hidden} finding{'s' * (hidden != 1)} outside the changed lines not shown")
    return (f"--diff-base {found.base[:12]}: 変更された{n}ファイルを検査し、"
            f"変更行の外にある{hidden}件の指摘は表示していません")
