"""The fact checker's accuracy on the hand-labeled TUNE posts must not drop (issue 12).

Runs ``benchmarks/bench_claims_accuracy.py``'s evaluation (``lintkit claims`` and ``lintkit check
--select F201[,F205]`` on the 38 labeled tune posts of ``../shared``, with the blog's data and the
documented aliases) and compares it with the figures recorded below. The hold-out half is not
tested here: it is measured by the benchmark and reported, never tuned on.

When the binder improves, raise the floors to the new figures (and say so in /work/coord/LOG.md);
when a change lowers one on purpose (e.g. an F201 error becomes an F205 warning), explain it there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import needs_shared

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bench_claims_accuracy as bench  # noqa: E402

# Baseline of 2026-12-06 (main ead4487, before the issue-12 binder): see benchmarks/README.md.
# Raised with the issue-12 binding model (branch i12-bind): binding 136 -> 147 (135 -> 141 same-sentence),
# outdated lines no longer F201 errors (F205 warnings), mutated-reference recall 128/152 -> 138/152.
FLOORS = {
    # binding accuracy: labeled verifiable claims listed with the right entity, attribute and value
    "binding_ok": 147,  # of 164
    "binding_ok_sentence": 141,  # of 146
    # F201 errors on lines labeled agrees / not-verifiable / not labeled at all (real reference data)
    "max_false_errors": 0,
    # F201 errors on claims that were right when the post was written (disagrees-outdated): must go
    "max_outdated_errors": 0,
    # mutated reference (every value doubled): each labeled agreeing claim is then a real mismatch
    "mutated_precision": 1.0,  # 138/138
    "mutated_recall": 0.90,  # 138/152
}


@pytest.fixture(scope="module")
def tune() -> bench.Score:
    return bench.evaluate("tune")


@pytest.fixture(scope="module")
def tune_mutated() -> bench.Score:
    return bench.evaluate("tune", mutated=True)


@needs_shared
def test_the_labels_are_the_recorded_draw() -> None:
    # the labeled posts are the first useful ones of the seeded draw, in draw order
    import claims_sample

    for half in bench.HALVES:
        posts, labels, raw = bench.load_labels(half)
        drawn = [(i, n) for i, (n, h, ok) in enumerate(claims_sample.draw(), 1) if h == half and ok]
        assert [(p["draw"], p["name"]) for p in raw["posts"]] == drawn
        assert raw["seed"] == claims_sample.SEED
        assert all(lab.verdict in (*bench.VERIFIABLE, "not-verifiable") for lab in labels)


@needs_shared
def test_binding_accuracy_on_tune_does_not_drop(tune: bench.Score) -> None:
    assert tune.bound_total == 164
    assert tune.bound_ok >= FLOORS["binding_ok"], "\n".join(e for e in tune.errors if e.startswith("binding"))
    assert tune.bound_ok_sentence >= FLOORS["binding_ok_sentence"]


@needs_shared
def test_no_new_false_f201_errors_on_tune(tune: bench.Score) -> None:
    false_errors = sum(n for kind, n in tune.fp_kinds.items() if kind != "disagrees-outdated")
    assert false_errors <= FLOORS["max_false_errors"], "\n".join(e for e in tune.errors if e.startswith("F201"))
    assert tune.outdated_as_error <= FLOORS["max_outdated_errors"]


@needs_shared
def test_mutated_reference_precision_and_recall_on_tune(tune_mutated: bench.Score) -> None:
    assert tune_mutated.expected == 152
    detail = "\n".join(tune_mutated.errors)
    assert tune_mutated.precision is not None and tune_mutated.precision >= FLOORS["mutated_precision"], detail
    assert tune_mutated.recall is not None and tune_mutated.recall >= FLOORS["mutated_recall"], detail
