#!/usr/bin/env python3
"""Write docs/rules.md, the one-page rule reference, from the rule data.

It renders the same metadata and pattern packs ``lintkit explain`` prints
(``lintkit.ruledocs``), so the page cannot drift from the tool. Run it after
changing ``rules/*.yaml`` or ``rules/packs/*.yaml``; ``--check`` exits 1 when
the page is out of date instead of writing it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from lintkit.packs import load_packs  # noqa: E402
from lintkit.ruledocs import REFERENCE_PATH, render_reference  # noqa: E402
from lintkit.rules import all_meta  # noqa: E402


def generate() -> str:
    """The page as it should be (built-in rules only: user packs are not documented here)."""
    return render_reference(all_meta(), load_packs())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date; write nothing")
    parser.add_argument("--output", default=str(ROOT / REFERENCE_PATH), help="where to write the page")
    args = parser.parse_args(argv)
    page = generate()
    target = Path(args.output)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != page:
            print(f"{target} is out of date; run: python {Path(__file__).relative_to(ROOT)}", file=sys.stderr)
            return 1
        return 0
    if current != page:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8", newline="\n")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
