"""Throughput, memory and the rules-to-tokenizer ratio of lintkit on a directory of posts.

    .venv/bin/python benchmarks/bench_archive.py ../shared/corpus/allforces/_posts --jobs 2 --repeat 3

Two measurements:

1. End to end, like ``lintkit check DIR --no-cache -j N`` (in a fresh child
   process, repeated): wall time, CPU time, files/s, MB/s, the peak RSS of
   the parent and of the largest worker, and the time of the cross-document
   pass (S108) in the parent.
2. Per article, in one process and on one core: the CPU time of
   ``Plan.check_source`` (parse, every rule, suppression, the S108
   fingerprint) against the CPU time fugashi needs to tokenize the same
   text once (``Tagger(text)``, the DESIGN.md budget: <= 3x), with the share
   of each rule. CPU time (``time.thread_time``), not wall time, so that
   other processes on a busy machine do not skew the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import med, posts  # noqa: E402


def _e2e(directory: str, jobs: int) -> dict[str, Any]:
    """One end-to-end run in this (fresh) process; the caller runs it as a child."""
    from lintkit.archive import crossdup
    from lintkit.config import Config
    from lintkit.engine import lint_paths

    cross_time = [0.0]
    real = crossdup.cross_duplicates

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            cross_time[0] += time.perf_counter() - t

    crossdup.cross_duplicates = timed  # type: ignore[assignment]
    files = posts(directory)
    size = sum(p.stat().st_size for p in files)
    start = time.perf_counter()
    result = lint_paths([directory], Config(), jobs=jobs)
    wall = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "files": len(result.files), "bytes": size, "findings": len(result.findings), "wall": wall,
        "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "parent_rss_mb": me.ru_maxrss / 1024, "worker_rss_mb": kids.ru_maxrss / 1024,
        "cross": cross_time[0], "s108": sum(1 for f in result.findings if f.code == "S108"),
    }


def end_to_end(directory: str, jobs: int, repeat: int) -> list[dict[str, Any]]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--e2e", directory, "--jobs", str(jobs)],
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    return runs


def per_article(directory: str, repeat: int, limit: int | None) -> dict[str, Any]:
    from lintkit.config import Config
    from lintkit.document import Document
    from lintkit.engine import Plan
    from lintkit.morph import tagger
    from lintkit.source import read_source

    plan = Plan(Config(), cross=True)
    by_rule: dict[str, float] = defaultdict(float)
    current: dict[str, float] = {}
    for code, rule in plan.rules.items():
        check = rule.check

        def timed(doc: Any, ctx: Any, _check: Any = check, _code: str = code) -> Any:
            t = time.thread_time()
            found = list(_check(doc, ctx))
            current[_code] = current.get(_code, 0.0) + time.thread_time() - t
            return found

        setattr(rule, "check", timed)
    tag = tagger()
    files = posts(directory)[:limit]
    sources = [read_source(str(p)) for p in files]
    tag("ウォームアップ")
    plan.check_source(sources[0])
    tok_times, parse_times, rule_times = [], [], []
    for source in sources:
        toks, parses, checks = [], [], []
        per_rule_runs: list[dict[str, float]] = []
        for _ in range(repeat):
            t = time.thread_time()
            tag(source.text)
            toks.append(time.thread_time() - t)
            current.clear()
            t = time.thread_time()
            doc = Document.parse(source)
            parses.append(time.thread_time() - t)
            t = time.thread_time()
            plan.check_document(doc)  # every rule, suppression, claims, the S108 fingerprint
            checks.append(time.thread_time() - t)
            per_rule_runs.append(dict(current))
        tok_times.append(med(toks))
        parse_times.append(med(parses))
        rule_times.append(med(checks))
        for code in per_rule_runs[0]:
            by_rule[code] += med([r.get(code, 0.0) for r in per_rule_runs])
    total_tok, total_parse, total_rules = sum(tok_times), sum(parse_times), sum(rule_times)

    def spread(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {"median": statistics.median(values), "p90": values[int(0.9 * (len(values) - 1))],
                "max": values[-1], "over3": sum(v > 3 for v in values) / len(values)}

    return {
        "files": len(sources), "tokenize": total_tok, "parse": total_parse, "rules": total_rules,
        "rules_ratio": total_rules / total_tok, "whole_ratio": (total_parse + total_rules) / total_tok,
        "rules_spread": spread([r / t for r, t in zip(rule_times, tok_times)]),
        "whole_spread": spread([(p + r) / t for p, r, t in zip(parse_times, rule_times, tok_times)]),
        "by_rule": {code: t / total_tok for code, t in sorted(by_rule.items(), key=lambda kv: -kv[1])},
        "outside_rules": (total_rules - sum(by_rule.values())) / total_tok,
        "per_article": sorted(({"file": p.name, "bytes": p.stat().st_size, "rules_ratio": r / t}
                               for p, r, t in zip(files, rule_times, tok_times)),
                              key=lambda a: -float(a["rules_ratio"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="per-article part: only the first N files")
    parser.add_argument("--slowest", type=int, default=5, help="per-article part: list the N articles with the "
                        "highest rules / tokenizer ratio (default 5)")
    parser.add_argument("--json", metavar="FILE", help="also write the per-article figures to FILE (JSON)")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--skip-articles", action="store_true")
    parser.add_argument("--e2e", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.e2e:
        print(json.dumps(_e2e(args.directory, args.jobs)))
        return
    print(f"# lintkit on {args.directory}")
    if not args.skip_e2e:
        runs = end_to_end(args.directory, args.jobs, args.repeat)
        first = runs[0]
        wall = med([r["wall"] for r in runs])
        cpu = med([r["cpu"] for r in runs])
        mb = first["bytes"] / 1e6
        print(f"\n## end to end: lintkit check --no-cache --jobs {args.jobs} (median of {len(runs)})")
        print(f"files           {first['files']}  ({mb:.1f} MB), findings {first['findings']} "
              f"(S108: {first['s108']})")
        walls = ", ".join(f"{r['wall']:.2f}" for r in runs)
        print(f"wall            {wall:.2f} s   (runs: {walls})")
        print(f"cpu (all procs) {cpu:.2f} s")
        print(f"throughput      {first['files'] / wall:.1f} files/s, {mb / wall:.2f} MB/s "
              f"(per CPU second: {first['files'] / cpu:.1f} files, {mb / cpu:.2f} MB)")
        print(f"cross pass      {med([r['cross'] for r in runs]):.2f} s (S108 in the parent)")
        print(f"peak RSS        parent {max(r['parent_rss_mb'] for r in runs):.0f} MB, "
              f"largest worker {max(r['worker_rss_mb'] for r in runs):.0f} MB")
    if not args.skip_articles:
        a = per_article(args.directory, args.repeat, args.limit)
        print(f"\n## per article, one core, CPU time (median of {args.repeat} per article, {a['files']} articles)")
        print(f"fugashi Tagger(text) once    {a['tokenize']:.2f} s")
        print(f"Document.parse (markdown-it) {a['parse']:.2f} s")
        print(f"check_document (all rules)   {a['rules']:.2f} s")
        for label, key, spread in (("rules / tokenizer", "rules_ratio", "rules_spread"),
                                   ("parse + rules / tokenizer", "whole_ratio", "whole_spread")):
            sp = a[spread]
            print(f"{label:27} all articles {a[key]:.2f}x; per article: median {sp['median']:.2f}x, "
                  f"p90 {sp['p90']:.2f}x, max {sp['max']:.2f}x, over 3x: {100 * sp['over3']:.0f} %")
        print("share of each rule, in units of the tokenizer's time (all articles):")
        for code, share in a["by_rule"].items():
            print(f"  {code:6} {share:.3f}x")
        print(f"  (suppression, claims records, S108 fingerprint: {a['outside_rules']:.3f}x)")
        print(f"slowest articles (rules / tokenizer), {args.slowest} of {a['files']}:")
        for row in a["per_article"][: args.slowest]:
            print(f"  {row['rules_ratio']:.2f}x  {row['bytes']:>7} bytes  {row['file']}")
        if args.json:
            Path(args.json).write_text(json.dumps(a, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
