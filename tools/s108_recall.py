"""S108's recall against an exhaustive search: every pair of top-level paragraphs, no blocking index.

    .venv/bin/python tools/s108_recall.py ../shared/corpus/allforces/_posts

Scores every pair of top-level paragraphs (at least ``--min-length``
normalized characters; not link-, image- or template-only ones) with ``rapidfuzz.process.cdist`` (``fuzz.ratio``,
cutoff ``--threshold``), keeps the pairs across files, drops those in end
matter (S105's markers, as S108 does), joins the rest into clusters and
compares them with the clusters S108 reports. Quadratic on purpose: about
five minutes on two cores for 21,000 paragraphs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lintkit.analysis import end_matter as find_end_matter, non_prose  # noqa: E402
from lintkit.archive import crossdup  # noqa: E402
from lintkit.config import Config, with_cli  # noqa: E402
from lintkit.document import PARAGRAPH, Document  # noqa: E402
from lintkit.engine import lint_paths  # noqa: E402
from lintkit.meta import builtin_meta  # noqa: E402
from lintkit.rules import all_meta  # noqa: E402
from lintkit.similarity import normalize  # noqa: E402
from lintkit.source import read_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--min-length", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    footer = builtin_meta()["S105"].default_options()
    options = crossdup.CrossOptions(markers=tuple(footer["markers"]), section_markers=tuple(footer["section-markers"]))
    paras: list[tuple[str, int, str, bool]] = []  # path, 0-based line, normalized text, in end matter
    files = sorted(p for p in Path(args.directory).rglob("*.md") if p.is_file())
    for path in files:
        doc = Document.parse(read_source(str(path)))
        end_matter = find_end_matter(doc, options.markers, options.section_markers)
        for b in doc.blocks:
            if b.parent is None and b.kind == PARAGRAPH and b.prose is not None and not non_prose(b.content):
                text = normalize(b.text)
                if len(text) >= args.min_length:
                    paras.append((str(path), b.start, text, b.index in end_matter))
    texts = [p[2] for p in paras]
    print(f"{len(files)} files, {len(texts)} paragraphs, {len(texts) * (len(texts) - 1) // 2:,} pairs", flush=True)

    cutoff = args.threshold * 100 - 1e-9
    pairs: list[tuple[int, int]] = []
    for lo in range(0, len(texts), 1000):
        scores = process.cdist(texts[lo:lo + 1000], texts, scorer=fuzz.ratio, score_cutoff=cutoff,
                               dtype=np.uint8, workers=args.workers)
        for r, c in zip(*np.nonzero(scores)):
            i, j = lo + int(r), int(c)
            if j > i and paras[i][0] != paras[j][0]:
                pairs.append((i, j))
    body = [(i, j) for i, j in pairs if not paras[i][3] and not paras[j][3]]
    print(f"pairs across files: {len(pairs)}; in end matter: {len(pairs) - len(body)}; in the body: {len(body)}")

    parent = list(range(len(paras)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in body:
        parent[find(i)] = find(j)
    clusters: dict[int, set[int]] = {}
    for i, j in body:
        clusters.setdefault(find(i), set()).update((i, j))

    result = lint_paths([args.directory], with_cli(Config(), all_meta(), select=("S108",)))
    reported = {(f.path, f.line) for f in result.findings}
    reported |= {(r.path, r.line) for f in result.findings for r in f.related}
    found = 0
    for members in clusters.values():
        places = {(paras[k][0], paras[k][1]) for k in members}
        hit = bool(places & reported)
        found += hit
        k = min(members)
        print(f"  {'reported' if hit else 'MISSED  '} {len({paras[m][0] for m in members})} files  "
              f"{Path(paras[k][0]).name}:{paras[k][1] + 1}  {paras[k][2][:40]}")
    print(f"clusters in the body: {len(clusters)}; reported by S108: {found}; "
          f"S108 findings: {len(result.findings)} in {sum(not c.boilerplate for c in result.clusters)} clusters")


if __name__ == "__main__":
    main()
