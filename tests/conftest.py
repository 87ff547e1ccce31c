"""Shared test helpers: paths to the project's fixtures and to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEED_000 = SHARED / "seeds" / "000_228f1e5bab7d1cf2.txt"
SEED_002 = SHARED / "seeds" / "002_06f34d61e656cd65.txt"
CORPUS = SHARED / "corpus"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the checkout")
