"""Writing a report to ``--output`` without ever damaging what is there.

``check_target`` runs before any work: it refuses an output that is one of
the inputs, an existing Markdown file (``-o 2025-*.md``: the shell put a
post there) or an existing file that is neither regular nor a character
device (a FIFO, a socket, a directory). ``write`` then writes the report:

- to a character device (``/dev/null``, ``/dev/stdout``) directly, never
  replacing the device with a regular file;
- otherwise through symlinks (the link's target is written, the link stays)
  into a temporary file of a unique name in the target's directory, which
  then replaces the target (``os.replace``): the report appears whole or
  not at all, two runs with the same ``-o`` both succeed, and an existing
  report keeps its mode.

``temp_prefix`` keeps temporary names short enough for any file name.
"""

from __future__ import annotations

import os
import stat
from typing import Iterable, Sequence

from lintkit.errors import OutputError
from lintkit.messages import msg

MARKDOWN = (".md", ".markdown")
PREFIX_BYTES = 96  # of the original name in a temporary name (NAME_MAX is 255 bytes)


def temp_prefix(name: str) -> str:
    """``.<name>.`` with ``name`` cut to at most PREFIX_BYTES bytes (whole characters)."""
    while len(os.fsencode(name)) > PREFIX_BYTES:
        name = name[:-1]
    return f".{name}."


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _existing(output: str) -> os.stat_result | None:
    """What ``output`` (followed through symlinks) is now; None when it does not exist yet."""
    try:
        return os.stat(os.path.realpath(output))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(output, msg("output.cannot-write", detail=exc.strerror or exc)) from None


def check_target(output: str, inputs: Sequence[str]) -> None:
    """Raise OutputError when writing the report to ``output`` would damage something."""
    info = _existing(output)
    if info is None:
        return
    target = os.path.realpath(output)
    if stat.S_ISCHR(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(output, msg("output.directory"))
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(output, msg("output.not-regular"))
    if any(_same_file(output, p) for p in inputs if p != "-"):
        raise OutputError(output, msg("output.is-input"))
    if output.lower().endswith(MARKDOWN) or target.lower().endswith(MARKDOWN):
        raise OutputError(output, msg("output.markdown"))


def check_append(output: str, inputs: Sequence[str]) -> None:
    """Raise OutputError unless a report can be appended to ``output`` (``--summary``: a job summary file,
    possibly Markdown): never a checked file, a directory, a FIFO or a socket."""
    info = _existing(output)
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(output, msg("output.directory"))
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise OutputError(output, msg("output.not-regular"))
    if any(_same_file(output, p) for p in inputs if p != "-"):
        raise OutputError(output, msg("output.is-input"))


def append(data: bytes, output: str) -> None:
    """Append ``data`` to ``output`` in one write (as a step appends to ``$GITHUB_STEP_SUMMARY``)."""
    try:
        with open(output, "ab") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(output, msg("output.cannot-write", detail=exc.strerror or exc)) from None


def write(blocks: Iterable[bytes], output: str) -> None:
    """Write ``blocks`` to ``output`` (see the module docstring); OutputError on failure."""
    target = os.path.realpath(output)
    try:
        info: os.stat_result | None = os.stat(target)
    except OSError:
        info = None
    if info is not None and stat.S_ISCHR(info.st_mode):
        try:
            with open(target, "wb") as fh:
                for block in blocks:
                    fh.write(block)
        except OSError as exc:
            raise OutputError(output, msg("output.cannot-write", detail=exc.strerror or exc)) from None
        return
    import tempfile  # here: a run that writes to stdout never loads it

    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=temp_prefix(os.path.basename(target)),
                                   suffix=".lintkit-tmp")
    except OSError as exc:
        raise OutputError(output, msg("output.cannot-write", detail=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for block in blocks:
                fh.write(block)
        os.chmod(tmp, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(output, msg("output.cannot-write", detail=exc.strerror or exc)) from None
    except BaseException:
        _discard(tmp)  # the report failed half-way (or Ctrl-C, SIGTERM): no half-written file stays behind
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
