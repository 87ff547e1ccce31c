"""Turning command-line paths into the list of files to check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lintkit.errors import InputError
from lintkit.selection import matches_path
from lintkit.messages import msg

EXTENSIONS = (".md", ".markdown")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".lintkit_cache",
                       "_site", ".jekyll-cache", ".sass-cache"})


@dataclass(frozen=True)
class Discovery:
    files: tuple[str, ...]
    errors: tuple[InputError, ...]


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    return any(matches_path(pattern, path) for pattern in exclude)


def _walk(top: str, exclude: tuple[str, ...], errors: list[InputError]) -> list[str]:
    """The Markdown files under ``top``, as ``os.walk`` (no symlinked directories entered) finds them,
    but with a stack of its own: a tree thousands of levels deep cannot exhaust Python's recursion."""
    found: list[str] = []
    stack = [top]
    while stack:
        root = stack.pop()
        try:
            with os.scandir(root) as it:
                entries = list(it)
        except OSError as exc:
            errors.append(InputError(exc.filename or root, msg("input.cannot-list", detail=exc.strerror)))
            continue
        for entry in entries:
            full = os.path.join(root, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() and entry.name not in SKIP_DIRS and not _excluded(full, exclude):
                    stack.append(full)
            elif entry.name.lower().endswith(EXTENSIONS) and not _excluded(full, exclude):
                found.append(full)
    return found


def discover(paths: list[str], exclude: tuple[str, ...] = ()) -> Discovery:
    """Files in command-line order; directories are walked (sorted, no symlinked dirs followed).

    A file named explicitly is always checked (as in ruff and flake8); files
    found in directories must end in .md or .markdown and not be excluded.
    A directory is never a file, whatever its name (``x.md/`` is walked).
    Symlinked directories met while walking are not entered (so a link to
    ``..`` or a loop cannot make the walk endless), as git and pre-commit
    see them; a directory given on the command line is walked even when it
    is a symlink. Symlinked files are checked and reported by the link's
    path, never the target's: paths stay as given (relative stays relative).
    A file reached twice (``a.md``, ``./a.md``, ``$PWD/a.md``, a symlink to
    it, or a file inside a directory also given) is checked once, under the
    first spelling met: the same real path is the same file (S108 must not
    find a file duplicating itself).
    """
    files: list[str] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.realpath(p)  # a.md, ./a.md, $PWD/a.md and a symlink to it: one file, checked once
        if key not in seen:
            seen.add(key)
            files.append(p)

    for given in paths:
        if os.path.isdir(given):
            for p in sorted(_walk(given, exclude, errors)):
                add(p)
        elif os.path.lexists(given):
            add(given)
        else:
            errors.append(InputError(given, msg("input.no-such-path")))
    return Discovery(tuple(files), tuple(errors))


def display_path(path: str) -> str:
    """Paths are reported as given (relative stays relative), with ``/`` separators."""
    return Path(path).as_posix() if os.sep != "/" else path
