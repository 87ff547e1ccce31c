"""How the run time grows with the archive: 1/4, 1/2, all of a directory, and all of it twice.

    .venv/bin/python benchmarks/bench_scaling.py ../shared/corpus/allforces/_posts --jobs 2 --repeat 3

Each size is a temporary directory of copies (every 4th file, every 2nd,
all; then every file twice under two names, which makes every paragraph of
the second copy a cross-file duplicate: the worst case for S108). Each run
is ``lintkit check DIR --no-cache --format json -j N`` in a fresh process;
the script prints the median wall and CPU times and their ratios to the
full directory. Budget (DESIGN.md): 2x the size costs at most ~2.2x the time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import LINTKIT, ProcessRun, med, posts, run_process  # noqa: E402


def _make(base: Path, name: str, files: list[Path], copies: int = 1) -> Path:
    target = base / name
    target.mkdir()
    for k in range(copies):
        for p in files:
            shutil.copyfile(p, target / (p.name if k == 0 else f"{p.stem}-copy{k}{p.suffix}"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = posts(args.directory)
    with tempfile.TemporaryDirectory(prefix="lintkit-scaling-") as tmp:
        base = Path(tmp)
        sizes = {
            "1/4": _make(base, "quarter", files[::4]),
            "1/2": _make(base, "half", files[::2]),
            "all": _make(base, "all", files),
            "2x": _make(base, "double", files, copies=2),
        }
        counts = {name: len(posts(directory)) for name, directory in sizes.items()}
        results: dict[str, list[ProcessRun]] = {name: [] for name in sizes}
        # interleave the sizes so that a burst of load on a shared machine hits all of them alike
        for _ in range(args.repeat):
            for name, directory in sizes.items():
                run = run_process([*LINTKIT, "check", str(directory), "--no-cache", "--format", "json",
                                   "--jobs", str(args.jobs)], cwd=tmp)
                if run.returncode not in (0, 1):
                    raise SystemExit(f"lintkit failed on {name}: exit {run.returncode}")
                results[name].append(run)
    full_wall = med([r.wall for r in results["all"]])
    full_cpu = med([r.cpu for r in results["all"]])
    print(f"# scaling on {args.directory} (--jobs {args.jobs}, median of {args.repeat})")
    print(f"{'size':5} {'files':>6} {'wall s':>8} {'cpu s':>8} {'wall/all':>9} {'cpu/all':>8} {'max RSS MB':>11}")
    for name in sizes:
        n = counts[name]
        wall = med([r.wall for r in results[name]])
        cpu = med([r.cpu for r in results[name]])
        rss = max(r.max_rss_mb for r in results[name])
        print(f"{name:5} {n:6d} {wall:8.2f} {cpu:8.2f} {wall / full_wall:9.2f} {cpu / full_cpu:8.2f} {rss:11.0f}")
    q, h = med([r.cpu for r in results["1/4"]]), med([r.cpu for r in results["1/2"]])
    d = med([r.cpu for r in results["2x"]])
    print(f"doubling, CPU time: 1/4 -> 1/2 {h / q:.2f}x, 1/2 -> all {full_cpu / h:.2f}x, all -> 2x {d / full_cpu:.2f}x "
          f"(budget ~2.2x)")
    dw = med([r.wall for r in results["2x"]])
    print(f"doubling, wall time: all -> 2x {dw / full_wall:.2f}x")


if __name__ == "__main__":
    main()
