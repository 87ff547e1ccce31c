"""The injection benchmark on a fixed small sample of js-primer (the tune corpus): recall per kind
must not drop below the floor recorded here (measured on main; raise the floors when rules improve).

The full benchmark is ``benchmarks/bench_structure_accuracy.py`` (both corpora, every document).
"""

from __future__ import annotations

import random

import pytest

from benchmarks.inject import KINDS
from benchmarks.structure_accuracy import clean_errors, docs, make_plan, recall_by_kind, run
from tests.conftest import CORPUS, needs_shared

pytestmark = needs_shared

SAMPLE_SEED = 13
SAMPLE_SIZE = 10
MAX_BYTES = 20_000  # small chapters keep the test fast

# (found at the exact line, injected) per kind on the sample; measured on main 7e0c8a3 (baseline 591b8c4: seam 0/8, flat 0/7,
# cut-word 1/9, cut-after-code 2/6, cut-after-list 4/8, dup-para-near 2/9), see
# benchmarks/README.md
FLOORS: dict[str, tuple[int, int]] = {
    "dup-para-exact": (9, 9),
    "dup-para-near": (9, 9),
    "dup-section-exact": (8, 8),
    "dup-section-near": (5, 5),
    "seam": (8, 8),
    "flat": (7, 7),
    "cut-word": (9, 9),
    "cut-sentence": (9, 9),
    "cut-after-code": (6, 6),
    "cut-after-list": (8, 8),
    "cut-eof": (8, 8),
    "cut-before-marker": (18, 18),
    "marker-own-line": (9, 9),
    "marker-glued": (9, 9),
    "setext": (9, 9),
    "conflict": (27, 27),
}


def _sample() -> list:  # type: ignore[type-arg]
    small = [p for p in docs(CORPUS / "js-primer") if p.stat().st_size <= MAX_BYTES]
    return sorted(random.Random(SAMPLE_SEED).sample(small, SAMPLE_SIZE), key=lambda p: p.name)


@pytest.fixture(scope="module")
def table() -> dict:  # type: ignore[type-arg]
    return recall_by_kind(run(_sample(), seed=SAMPLE_SEED, per_doc=1, plan=make_plan()))


@pytest.mark.parametrize("kind", KINDS)
def test_recall_per_kind_holds_its_floor(table: dict, kind: str) -> None:  # type: ignore[type-arg]
    found, injected = FLOORS[kind]
    r = table[kind]
    assert r.n == injected  # the injector is deterministic: the same sites every run
    assert r.exact >= found, f"{kind}: {r.exact}/{r.n} found at the line, floor {found}/{injected}"


def test_sample_has_no_false_error() -> None:
    assert [(p, f.line + 1, f.code) for p, f in clean_errors(_sample())] == []
