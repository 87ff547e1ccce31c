"""One file from a cold start: the pre-commit case (``lintkit check one.md`` in a fresh process).

    .venv/bin/python benchmarks/bench_coldstart.py ../shared/corpus/allforces/_posts/2025-08-29-1-connectaiai.md

Runs the console script in a new process each time and prints the median
wall time of: a cold run without the cache, the same file with a warm cache
(a re-run of the hook on an unchanged file), and ``lintkit --version``
(interpreter and import cost alone). Budget (DESIGN.md): <= 0.4 s wall.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ProcessRun, med, run_process  # noqa: E402


def _script() -> list[str]:
    exe = Path(sys.executable).parent / "lintkit"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lintkit"]


def _report(label: str, runs: list[ProcessRun]) -> None:
    walls = sorted(r.wall for r in runs)
    print(f"{label:32} median {med(walls):.3f} s  min {walls[0]:.3f} s  max {walls[-1]:.3f} s  "
          f"cpu {med([r.cpu for r in runs]):.3f} s  RSS {max(r.max_rss_mb for r in runs):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    lintkit = _script()
    with tempfile.TemporaryDirectory(prefix="lintkit-cold-") as tmp:
        target = Path(tmp) / Path(args.file).name
        shutil.copyfile(args.file, target)
        run_process([*lintkit, "--version"], cwd=tmp)  # the OS page cache warm, as for a hook
        version = [run_process([*lintkit, "--version"], cwd=tmp) for _ in range(args.repeat)]
        cold = [run_process([*lintkit, "check", target.name, "--no-cache"], cwd=tmp) for _ in range(args.repeat)]
        run_process([*lintkit, "check", target.name], cwd=tmp)  # fills the cache
        warm = [run_process([*lintkit, "check", target.name], cwd=tmp) for _ in range(args.repeat)]
    print(f"# one file from a cold start: {args.file} ({Path(args.file).stat().st_size / 1024:.0f} KB), "
          f"{args.repeat} runs each")
    _report("lintkit --version", version)
    _report("lintkit check one.md --no-cache", cold)
    _report("lintkit check one.md (cached)", warm)
    print("budget: 0.4 s wall for the cold check")


if __name__ == "__main__":
    main()
