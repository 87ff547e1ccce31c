"""Reference loading time against its size: native references and writers' record files, 1k to 8k entries.

Builds (in a temporary directory) a native ``lintkit: reference/1`` file with N entities (names, four
facts in a block mapping each) and a records file with N models (the
writers' ``_data/`` shape: ``model:`` plus price and benchmark fields, grouped by provider), for
N = 1000, 2000, 4000, 8000; loads each with ``load_reference`` in a fresh process (the best CPU time
of ``--repeat`` loads) and prints the times and the ratio of each size to the one before it. Linear
loading doubles (≈ 2×) when the size doubles; the quadratic locator of before made it ≈ 4×.

    .venv/bin/python benchmarks/bench_reference.py --repeat 5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, ROOT  # noqa: E402

SIZES = (1000, 2000, 4000, 8000)


def native(n: int) -> str:
    lines = ["# bench: native reference", "lintkit: reference/1", "as_of: 2026-01-01", "entities:"]
    for i in range(n):
        lines += [f"  - id: bench/model-{i}",
                  f"    names: [Bench Model {i}, bench-model-{i}-2026]",
                  "    facts:",
                  f"      price.input: {1 + i % 97 / 10:.2f}",
                  f"      price.output: {4 + i % 89 / 10:.2f}",
                  f"      benchmark.mmlu: {50 + i % 45}.{i % 10}",
                  f"      benchmark.gpqa: {30 + i % 60}.{i % 7}"]
    return "\n".join(lines) + "\n"


def records(n: int) -> str:
    lines = ["# 更新: 2026-01-01", "providers:"]
    per = 50
    for p in range(0, n, per):
        lines += [f"  - name: Provider {p // per}", "    models:"]
        for i in range(p, min(n, p + per)):
            lines += [f"      - model: Record Model {i}",
                      f"        input_per_1m_tokens: \"{1 + i % 97 / 10:.2f}\"",
                      f"        output_per_1m_tokens: \"{4 + i % 89 / 10:.2f}\"",
                      f"        mmlu: {50 + i % 45}.{i % 10}",
                      f"        notes: 計測用のレコード {i}"]
    return "\n".join(lines) + "\n"


_CHILD = """
import sys, time
from lintkit.facts.reference import load_reference
load_reference(None)  # the shipped data and the vocabulary: loaded once in any run, not part of the size
start = time.thread_time()
index = load_reference([sys.argv[1]])
print(time.thread_time() - start, len(index.entities))
"""


def load_time(path: Path, repeat: int) -> float:
    """Best CPU time of ``repeat`` loads of ``path``, each in a fresh process (as a pre-commit run pays it).
    The best, as ``timeit`` reports: on a shared machine the other jobs only ever add time."""
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True,
                             text=True, env=ENV, cwd=ROOT).stdout.split()
        assert int(out[1]) > 0, path
        times.append(float(out[0]))
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for kind, build in (("native", native), ("records", records)):
            previous = None
            print(f"{kind}:")
            for n in SIZES:
                path = Path(tmp) / f"{kind}-{n}.yaml"
                path.write_text(build(n), encoding="utf-8")
                seconds = load_time(path, args.repeat)
                ratio = "" if previous is None else f"  ×{seconds / previous:.2f}"
                if previous is not None:
                    worst = max(worst, seconds / previous)
                print(f"  {n:>5} entries  {path.stat().st_size / 1024:7.0f} KB  {seconds:7.3f} s{ratio}")
                previous = seconds
    print(f"largest doubling ratio: ×{worst:.2f} (linear: ≈ 2, limit 2.2)")
    return 0 if worst <= 2.2 else 1


if __name__ == "__main__":
    sys.exit(main())
