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
# the public OASIS SARIF 2.1.0 schema (errata 01), kept with the tests so that they need no ../shared
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the checkout")
