"""Where the shipped data (the ``rules/`` directory) lives.

In a wheel it is force-included as ``lintkit/_rules``; in a source checkout
(or an editable install) it is the ``rules/`` directory beside the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lintkit.errors import LintkitError


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if (candidate / "structure.yaml").is_file():
            return candidate
    raise LintkitError(f"rule data not found (looked in {here / '_rules'} and {here.parent / 'rules'})")
