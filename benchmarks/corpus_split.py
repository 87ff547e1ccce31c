"""The fixed tune / hold-out split of the real corpus, shared by every accuracy benchmark.

Rules and the fact binder are tuned on the ``tune`` half of ``../shared/corpus/allforces/_posts``
and measured on the ``holdout`` half, which is not read while tuning. The split depends on the file
name alone (SHA-256 of the name; last hex digit 0-7 -> tune, 8-f -> holdout), so it is stable when
posts are added or removed, and the same for every script and test.

For the clean documentation corpora: tune on ``js-primer``, report on ``book-ja``. Since the
third session (when book-ja's misses had been read) book-ja is split the same way as the posts:
its ``tune`` half may be read while tuning, only its ``holdout`` half is reported as unseen
(``bench_structure_accuracy.py --half``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Literal

Half = Literal["tune", "holdout"]

TUNE_DOCS = "js-primer"
HOLDOUT_DOCS = "book-ja"


def half_of(name: str) -> Half:
    """``tune`` or ``holdout`` for a post's file name (the name only, not its directory)."""
    digit = hashlib.sha256(Path(name).name.encode("utf-8")).hexdigest()[-1]
    return "tune" if digit in "01234567" else "holdout"


def select(paths: Iterable[Path], half: Half) -> list[Path]:
    """The paths of one half, sorted by name."""
    return sorted((p for p in paths if half_of(p.name) == half), key=lambda p: p.name)


if __name__ == "__main__":  # print the split sizes
    import sys

    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared/corpus/allforces/_posts")
    files = sorted(root.glob("*.md"))
    for h in ("tune", "holdout"):
        print(h, len(select(files, h)))  # type: ignore[arg-type]
