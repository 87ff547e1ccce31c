"""Accuracy of the structure rules on clean documentation: injected defects and false errors.

For every document of a clean corpus and every kind of ``benchmarks/inject.py``, inject one defect
(``--per-doc`` sites per document, deterministic from ``--seed``), lint the result in process and
check that one of the expected codes is reported at the recorded line. Then lint the unchanged
documents and list every error-severity finding (presumably false: the corpora are careful human
writing). js-primer is the tune corpus, book-ja the report corpus (benchmarks/corpus_split.py).

    .venv/bin/python benchmarks/bench_structure_accuracy.py                  # both corpora
    .venv/bin/python benchmarks/bench_structure_accuracy.py --corpus js-primer --misses
    .venv/bin/python benchmarks/bench_structure_accuracy.py --corpus book-ja --half tune --misses
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_split import HOLDOUT_DOCS, TUNE_DOCS, half_of  # noqa: E402
from benchmarks.inject import KINDS  # noqa: E402
from benchmarks.structure_accuracy import clean_errors, docs, make_plan, per_rule, recall_by_kind, run  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=(TUNE_DOCS, HOLDOUT_DOCS, "both"), default="both")
    ap.add_argument("--corpus-root", type=Path, default=CORPUS)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-doc", type=int, default=2, help="injection sites per document and kind")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--misses", action="store_true", help="list each injected defect not found at its line")
    ap.add_argument("--no-clean", action="store_true", help="skip the false-error pass")
    ap.add_argument("--half", choices=("tune", "holdout", "all"), default="all",
                    help="only the documents of one half (benchmarks/corpus_split.half_of on the file name)")
    args = ap.parse_args(argv)
    corpora = (TUNE_DOCS, HOLDOUT_DOCS) if args.corpus == "both" else (args.corpus,)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    plan = make_plan()
    for name in corpora:
        paths = [p for p in docs(args.corpus_root / name) if args.half == "all" or half_of(p.name) == args.half]
        t0 = time.perf_counter()
        outcomes = run(paths, kinds=kinds, seed=args.seed, per_doc=args.per_doc, plan=plan)
        table = recall_by_kind(outcomes)
        print(f"\n## {name} ({args.half}): {len(paths)} documents, seed {args.seed}, {args.per_doc} site(s) per document and kind "
              f"({time.perf_counter() - t0:.0f} s)\n")
        print("| kind | injected | exact line | recall | ±1 line | recall ±1 |")
        print("|---|---|---|---|---|---|")
        for kind in (*kinds, "ALL"):
            r = table.get(kind)
            if r is not None:
                print(f"| {kind} | {r.n} | {r.exact} | {r.exact_rate:.3f} | {r.near} | {r.near_rate:.3f} |")
        if args.misses:
            print("\nmissed at the exact line (path:line kind expected-codes; findings within 2 lines):")
            for o in outcomes:
                if not o.exact:
                    print(f"  {Path(o.path).name}:{o.expected.line} {o.kind} {'/'.join(sorted(o.expected.codes))}; "
                          f"{' '.join(o.reported) or '-'}")
        if not args.no_clean:
            errors = clean_errors(paths, plan)
            counts = per_rule(errors)
            per60 = len(errors) / len(paths) * 60
            print(f"\nfalse errors on the unchanged documents: {len(errors)} in {len(paths)} files "
                  f"({per60:.2f} per 60 files); per rule: "
                  + (", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "none"))
            for path, f in errors:
                print(f"  {Path(path).name}:{f.line + 1} {f.code} {f.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
