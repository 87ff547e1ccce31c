"""A progress bar on stderr for long runs, and silence everywhere else.

Shown only when stderr is a terminal and more than ``MIN_FILES`` files are
checked; never on stdout (the report), never in CI logs or pipes.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, IO, Iterator, TextIO, cast

import click

MIN_FILES = 10

Advance = Callable[[int], None]


def wanted(total: int, stream: IO[str] | None = None) -> bool:
    """Whether a run over ``total`` files shows a bar on ``stream`` (stderr by default)."""
    stream = stream if stream is not None else sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and total > MIN_FILES


@contextmanager
def bar(total: int, label: str = "", *, enabled: bool | None = None,
        stream: IO[str] | None = None) -> Iterator[Advance | None]:
    """Yield ``advance(n)`` for a bar of ``total`` files, or None when no bar is wanted."""
    stream = stream if stream is not None else sys.stderr
    if not (wanted(total, stream) if enabled is None else enabled):
        yield None
        return
    with click.progressbar(length=total, label=label, file=cast(TextIO, stream), show_pos=True, show_eta=True,
                           width=30) as progress:
        yield progress.update
