"""Precision and recall of the structure rules on the hand-labeled corpus posts, per half.

    .venv/bin/python benchmarks/bench_labeled_posts.py            # every half that has labels
    .venv/bin/python benchmarks/bench_labeled_posts.py --list     # the fixed sample of each half
    .venv/bin/python benchmarks/bench_labeled_posts.py --half tune --details
    .venv/bin/python benchmarks/bench_labeled_posts.py --fresh --details   # only the fresh holdout set (seed 15)
    .venv/bin/python benchmarks/bench_labeled_posts.py --fresh 16 --details   # only the second fresh set (seed 16)
    .venv/bin/python benchmarks/bench_labeled_posts.py --fresh 17 --details   # only the third fresh set (seed 17)
    .venv/bin/python benchmarks/bench_labeled_posts.py --fresh 18 --details   # only the fourth fresh set (seed 18)

Recall: a label counts when a finding of its kind's codes is at its line (benchmarks/labeled_posts.py);
the "runs" column also counts a label inside the line range of such a finding (S102 reports a run of
consecutive repeated paragraphs once, at its first line).
Precision: error findings on a labeled line (or inside a labeled duplicate section), plus the
unmatched ones the hand check (tests/structure_labels/<half>_checks.yaml) judged right, over all
error findings; ``unchecked`` ones are listed with --details and counted as not right.

The fresh holdout sets (tests/structure_labels/seam_flat_cut_holdout<seed>.yaml: 30 more holdout posts each for seed 15
and seed 16, 32 for seed 17 and seed 18 (the header's ``count``; seed 18 is the last 32 holdout posts), seams,
flattened re-pastes and cuts labeled by reading the whole post) are scored with the holdout half:
recall per kind and seam note, and the precision of every error finding on those posts (hand check:
seam_flat_cut_holdout<seed>_checks.yaml; other kinds are not labeled there, so their findings are all hand-checked).
``--fresh`` alone is the seed-15 set, ``--fresh SEED`` the set of that draw seed (16, 17, 18).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.labeled_posts import (  # noqa: E402
    FRESH_SETS, KIND_CODES, LABELS, POSTS, PostResult, drawn, load, load_checks, posts_of, precision_by_code, recall_by_kind,
    sample, score,
)
from benchmarks.structure_accuracy import lint, make_plan  # noqa: E402
from lintkit.engine import Plan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("tune", "holdout", "both"), default="both")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--posts", type=Path, default=POSTS)
    ap.add_argument("--list", action="store_true", help="print the sample of each half and stop")
    ap.add_argument("--details", action="store_true", help="list missed labels and unmatched findings")
    ap.add_argument("--fresh", type=int, nargs="?", const=15, choices=sorted(FRESH_SETS), metavar="SEED",
                    help="only one fresh holdout set, by its draw seed (alone: 15; "
                         + ", ".join(f"{k}: {v}" for k, v in FRESH_SETS.items()) + ")")
    ap.add_argument("--no-fresh", action="store_true", help="leave the fresh holdout sets out")
    args = ap.parse_args(argv)
    halves = () if args.fresh else ("tune", "holdout") if args.half == "both" else (args.half,)
    seeds = [args.fresh] if args.fresh else sorted(FRESH_SETS) if "holdout" in halves and not args.no_fresh else []
    fresh_sets = [(seed, args.labels / FRESH_SETS[seed]) for seed in seeds if (args.labels / FRESH_SETS[seed]).is_file()]
    if args.list:
        for h in halves:
            print(h, " ".join(p.name for p in sample(h, args.posts)))  # type: ignore[arg-type]
        for seed, fresh in fresh_sets:
            print(f"holdout-fresh (seed {seed})", " ".join(p.name for p in drawn(fresh, args.posts)))
        return 0
    plan = make_plan()
    for _, fresh in fresh_sets:
        report_fresh(fresh, args.posts, plan, args.details)
    for h in halves:
        path = args.labels / f"{h}.yaml"
        if not path.is_file():
            print(f"\n## {h}: no labels ({path} is absent)")
            continue
        labels = load(path)
        checks = load_checks(args.labels / f"{h}_checks.yaml")
        results = []
        for post in posts_of(path):
            text = (args.posts / post).read_text(encoding="utf-8")
            findings = lint(plan, post, text)
            results.append(score(post, text.split("\n"), [lab for lab in labels if lab.post == post], findings, checks))
        rec = recall_by_kind(results)
        print(f"\n## {h}: {len(results)} posts, {len(labels)} labels\n")
        print("| kind | labels | at the line | recall | ±1 line | recall ±1 | at the line or in a reported run | recall (runs) |")
        print("|---|---|---|---|---|---|---|---|")
        for kind in (*KIND_CODES, "ALL"):
            if kind in rec:
                n, f, nr, cov = rec[kind]
                print(f"| {kind} | {n} | {f} | {f / n:.3f} | {nr} | {nr / n:.3f} | {cov} | {cov / n:.3f} |")
        prec = precision_by_code(results)
        print("\n| rule | error findings | on a label | inside a dup section | hand-checked right | wrong | unchecked | precision |")
        print("|---|---|---|---|---|---|---|---|")
        for code in sorted(prec, key=lambda c: (c == "ALL", c)):
            v = prec[code]
            total = sum(v.values())
            right = v.get("label", 0) + v.get("inside-section", 0) + v.get("right", 0)
            print(f"| {code} | {total} | {v.get('label', 0)} | {v.get('inside-section', 0)} | {v.get('right', 0)} | "
                  f"{v.get('wrong', 0)} | {v.get('unchecked', 0)} | {right / total:.3f} |")
        extra = args.labels / f"seam_flat_{h}.yaml"
        sf = [lab for lab in labels if lab.kind in ("seam", "flat")]
        sf_results = [r for r in results]
        if extra.is_file():
            more = load(extra)
            for post in posts_of(extra):
                text = (args.posts / post).read_text(encoding="utf-8")
                sf_results.append(score(post, text.split("\n"), [lab for lab in more if lab.post == post],
                                        lint(plan, post, text), {}))
            sf += more
            print(f"\nseam repeats and flattened re-pastes: the {len(results)} posts above and {len(posts_of(extra))} "
                  f"more ({extra.name}), {len(sf)} labels\n")
            print("| kind | labels | at the line | recall | ±1 line | recall ±1 |")
            print("|---|---|---|---|---|---|")
            groups = {"seam (plain)": lambda lab: lab.kind == "seam" and lab.note != "after-cut",
                      "seam (restarting a cut sentence)": lambda lab: lab.kind == "seam" and lab.note == "after-cut",
                      "seam (all)": lambda lab: lab.kind == "seam",
                      "flat": lambda lab: lab.kind == "flat",
                      "seam + flat": lambda lab: lab.kind in ("seam", "flat")}
            for name, keep in groups.items():
                got = [(f, nr) for r in sf_results for lab, f, nr in zip(r.labels, r.found, r.near) if keep(lab)]
                if got:
                    n, f, nr = len(got), sum(g[0] for g in got), sum(g[1] for g in got)
                    print(f"| {name} | {n} | {f} | {f / n:.3f} | {nr} | {nr / n:.3f} |")
            if args.details:
                print("\nmissed seam/flat labels of the larger set:")
                for r in sf_results[len(results):]:
                    for lab, f in zip(r.labels, r.found):
                        if not f:
                            around = sorted(f"{x.code}@{x.line + 1}" for x in r.findings if abs(x.line + 1 - lab.line) <= 2)
                            print(f"  {r.post}:{lab.line} {lab.kind} {lab.note}; {' '.join(around) or '-'}")
        if args.details:
            print("\nmissed labels (post:line kind note; findings within 2 lines):")
            for r in results:
                for lab, f, cov in zip(r.labels, r.found, r.covered):
                    if not (f or cov):
                        around = sorted(f"{x.code}@{x.line + 1}" for x in r.findings if abs(x.line + 1 - lab.line) <= 2)
                        print(f"  {r.post}:{lab.line} {lab.kind} {lab.note}; {' '.join(around) or '-'}")
            print("\nerror findings not on a label (post:line code verdict message):")
            for r in results:
                for f, v in zip(r.findings, r.verdicts):
                    if v not in ("label", "inside-section"):
                        print(f"  {r.post}:{f.line + 1} {f.code} {v} {f.message}")
    return 0


FRESH_GROUPS = {"seam (plain)": lambda kind, note: kind == "seam" and note != "after-cut",
                "seam (restarting a cut sentence)": lambda kind, note: kind == "seam" and note == "after-cut",
                "seam (all)": lambda kind, note: kind == "seam",
                "flat": lambda kind, note: kind == "flat",
                "seam + flat": lambda kind, note: kind in ("seam", "flat"),
                "cut": lambda kind, note: kind == "cut",
                "ALL": lambda kind, note: True}


def report_fresh(path: Path, posts_dir: Path, plan: Plan, details: bool) -> list[PostResult]:
    """Recall per kind / seam note and the precision of every error finding on the fresh holdout posts."""
    labels = load(path)
    seed = yaml.safe_load(path.read_text(encoding="utf-8")).get("seed")
    checks = load_checks(path.with_name(path.stem + "_checks.yaml"))
    results = []
    for post in posts_of(path):
        text = (posts_dir / post).read_text(encoding="utf-8")
        results.append(score(post, text.split("\n"), [lab for lab in labels if lab.post == post],
                             lint(plan, post, text), checks))
    print(f"\n## holdout, fresh set ({path.name}, seed {seed}): {len(results)} posts, {len(labels)} labels\n")
    print("| kind | labels | at the line | recall | ±1 line | recall ±1 | at the line or in a reported run | recall (runs) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, keep in FRESH_GROUPS.items():
        got = [(f, nr, f or cov) for r in results for lab, f, nr, cov in zip(r.labels, r.found, r.near, r.covered)
               if keep(lab.kind, lab.note)]
        if got:
            n, f, nr, cov = len(got), sum(g[0] for g in got), sum(g[1] for g in got), sum(g[2] for g in got)
            print(f"| {name} | {n} | {f} | {f / n:.3f} | {nr} | {nr / n:.3f} | {cov} | {cov / n:.3f} |")
    prec = precision_by_code(results)
    print("\n| rule | error findings | on a label | hand-checked right | wrong | unchecked | precision |")
    print("|---|---|---|---|---|---|---|")
    for code in sorted(prec, key=lambda c: (c == "ALL", c)):
        counts = prec[code]
        total = sum(counts.values())
        on_label = counts.get("label", 0) + counts.get("inside-section", 0)
        print(f"| {code} | {total} | {on_label} | {counts.get('right', 0)} | {counts.get('wrong', 0)} | "
              f"{counts.get('unchecked', 0)} | {(on_label + counts.get('right', 0)) / total:.3f} |")
    if details:
        print("\nmissed labels of the fresh set (post:line kind note; findings within 2 lines):")
        for r in results:
            for lab, f in zip(r.labels, r.found):
                if not f:
                    around = sorted(f"{x.code}@{x.line + 1}" for x in r.findings if abs(x.line + 1 - lab.line) <= 2)
                    print(f"  {r.post}:{lab.line} {lab.kind} {lab.note}; {' '.join(around) or '-'}")
        print("\nerror findings on the fresh set not on a label (post:line code verdict message):")
        for r in results:
            for x, verdict in zip(r.findings, r.verdicts):
                if verdict not in ("label", "inside-section"):
                    print(f"  {r.post}:{x.line + 1} {x.code} {verdict} {x.message}")
    return results


if __name__ == "__main__":
    raise SystemExit(main())
