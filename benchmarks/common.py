"""Helpers shared by the benchmark scripts: timing, medians, subprocess runs with CPU time and memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
LINTKIT = [sys.executable, "-m", "lintkit"]
# as after ``pip install`` (which compiles the bytecode): let Python keep its .pyc files even where the
# environment says not to (PYTHONDONTWRITEBYTECODE), or every "cold start" recompiles lintkit from source
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class ProcessRun:
    wall: float  # seconds
    cpu: float  # user + sys of the process and its children (the workers)
    max_rss_mb: float  # the largest resident set of any one child process (a worker, or the run itself)
    returncode: int


def run_process(argv: Sequence[str], cwd: str | os.PathLike[str] | None = None) -> ProcessRun:
    """Run a command in a fresh process; wall time, CPU time and peak RSS of its process tree.

    ``wait4`` gives the resource usage of the one child we start: its own CPU
    time plus that of its waited-for children (the worker processes), and the
    largest peak RSS among them (Linux ``ru_maxrss``: of the child itself or
    of the biggest descendant it waited for).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ProcessRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def median_runs(argv: Sequence[str], repeat: int, cwd: str | os.PathLike[str] | None = None) -> list[ProcessRun]:
    return [run_process(argv, cwd) for _ in range(repeat)]


def med(values: Sequence[float]) -> float:
    return statistics.median(values)


def cpu_now() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def posts(directory: str | os.PathLike[str]) -> list[Path]:
    base = Path(directory)
    return sorted(p for p in base.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def fmt_seconds(s: float) -> str:
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"
