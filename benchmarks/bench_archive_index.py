"""S108 against an archive (``rules: {cross-duplicate: {archive: DIR}}``): one checked post, the archive
indexed cold (empty cache) and warm (the index in the cache), as a pre-commit hook would run it.

    .venv/bin/python benchmarks/bench_archive_index.py ../shared/corpus/allforces/_posts --repeat 5 --jobs 1

Each run is a fresh child process running ``lint_paths([new.md])`` with a cache directory of its own;
cold runs start from an empty cache, warm runs from the cache the previous run left. The checked post is
written here (original text, a few paragraphs), outside the archive, and changed before every run (a
staged post is new or edited: its own result never comes from the cache). Reported: the median wall time of the
whole process (imports included) and of ``lint_paths`` (imports of the engine included), and the index
statistics of the last run (files compared, fingerprinted, reused without reading); the first row is the
same post checked without an archive.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEW_POST = """---
title: ベンチマーク用の新しい記事
date: 2026-01-05
---

## はじめに

この記事はアーカイブとの比較にかかる時間を測るために書いた、短い新しい記事です。

## 本文

社内の勉強会では、毎回ひとつの道具を取り上げて、使い方を全員で試すことにしています。

試した結果は共有の文書にまとめ、次の回の最初に五分だけ振り返りの時間を取ります。
"""

CHILD = """
import json, sys, time
t = time.perf_counter()
from lintkit.api import load_config
from lintkit.archive.cache import Cache
from lintkit.engine import lint_paths
config = load_config()
cache = None if sys.argv[2] == "none" else Cache.for_config(config, sys.argv[2])
result = lint_paths(["new.md"], config, jobs=int(sys.argv[1]), cache=cache)
a = result.archive
print(json.dumps({"lint": time.perf_counter() - t, "files": a.files if a else 0,
                  "fingerprinted": a.fingerprinted if a else 0, "reused": a.reused if a else 0}))
"""


_EDITS = [0]


def one(work: Path, jobs: int, cache: str, config: str = ".lintkit.yaml") -> dict[str, float]:
    # the checked post changes before every run (as a staged post does), so that its own result never
    # comes from the cache: what a warm run reuses is the archive's index only
    _EDITS[0] += 1
    where = work / config.rpartition("/")[0] if "/" in config else work
    (where / "new.md").write_text(NEW_POST + f"\n編集{_EDITS[0]}回目。\n", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(jobs), cache], cwd=work / config.rpartition("/")[0]
                          if "/" in config else work, capture_output=True, text=True, check=True)
    out: dict[str, float] = json.loads(proc.stdout)
    out["wall"] = time.perf_counter() - start
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lintkit-archive-bench-") as tmp:
        work = Path(tmp)
        (work / ".lintkit.yaml").write_text(
            f"rules:\n  cross-duplicate: {{archive: {json.dumps(str(args.archive.resolve()))}}}\n", encoding="utf-8")
        cache = work / "cache"
        plain = work / "plain"  # the same post without an archive: what the archive adds is the difference
        plain.mkdir()
        (plain / ".lintkit.yaml").write_text("lang: ja\n", encoding="utf-8")  # found first: no archive
        rows: dict[str, list[dict[str, float]]] = {"no archive": [], "no cache (in memory)": [], "cold": [],
                                                   "warm": []}
        for _ in range(args.repeat):
            rows["no archive"].append(one(work, args.jobs, "none", "plain/.lintkit.yaml"))
            rows["no cache (in memory)"].append(one(work, args.jobs, "none"))
            shutil.rmtree(cache, ignore_errors=True)
            rows["cold"].append(one(work, args.jobs, str(cache)))
            rows["warm"].append(one(work, args.jobs, str(cache)))
        print(f"archive {args.archive} ({len(list(args.archive.glob('*.md')))} posts), 1 checked post, "
              f"-j {args.jobs}, median of {args.repeat}")
        print(f"{'':22} {'process s':>10} {'lint_paths s':>13} {'compared':>9} {'fingerprinted':>14} {'reused':>7}")
        for name, runs in rows.items():
            last = runs[-1]
            print(f"{name:22} {statistics.median(r['wall'] for r in runs):10.2f} "
                  f"{statistics.median(r['lint'] for r in runs):13.2f} {int(last['files']):9d} "
                  f"{int(last['fingerprinted']):14d} {int(last['reused']):7d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
