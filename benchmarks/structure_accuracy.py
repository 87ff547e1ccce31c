"""The injection benchmark's library part: inject, lint, score (used by the script and by a test).

A defect counts as found at its line when lintkit reports one of the expected codes (any severity)
at exactly that 1-based line; ``near`` also accepts the line before or after.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from benchmarks.inject import KINDS, Expected, inject
from lintkit.config import Config, with_cli
from lintkit.engine import Plan
from lintkit.finding import Finding, Severity
from lintkit.rules import all_meta
from lintkit.source import decode

# the structure, artifact and meta rules the targets are about (S108 needs several files)
FAMILIES = ("S1", "A3", "M4")


def rule_codes() -> tuple[str, ...]:
    return tuple(sorted(c for c in all_meta() if c.startswith(FAMILIES) and c != "S108"))


def make_plan(codes: Sequence[str] | None = None) -> Plan:
    metas = all_meta()
    return Plan(with_cli(Config(), metas, select=tuple(codes or rule_codes())))


def lint(plan: Plan, path: str, text: str) -> list[Finding]:
    result = plan.check_source(decode(path, text.encode("utf-8")))
    if result.errors:
        raise RuntimeError(f"{path}: {result.errors[0]}")
    return result.findings


@dataclass(frozen=True)
class Outcome:
    path: str
    kind: str
    expected: Expected
    exact: bool
    near: bool  # within one line
    reported: tuple[str, ...]  # "code@line" of the findings within 2 lines, for the miss list


def _score(findings: Sequence[Finding], expected: Expected, path: str, kind: str) -> Outcome:
    lines = {(f.code, f.line + 1) for f in findings}
    exact = any((c, expected.line) in lines for c in expected.codes)
    near = any((c, expected.line + d) in lines for c in expected.codes for d in (-1, 0, 1))
    around = tuple(sorted(f"{f.code}@{f.line + 1}" for f in findings if abs(f.line + 1 - expected.line) <= 2))
    return Outcome(path, kind, expected, exact, near, around)


def seed_for(seed: int, name: str, kind: str, n: int) -> random.Random:
    return random.Random(f"{seed}:{name}:{kind}:{n}")  # str seeds hash with SHA-512: stable across runs


def run(paths: Iterable[Path], *, kinds: Sequence[str] = KINDS, seed: int = 13, per_doc: int = 1,
        plan: Plan | None = None) -> list[Outcome]:
    plan = plan or make_plan()
    out: list[Outcome] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for kind in kinds:
            for n in range(per_doc):
                inj = inject(text, kind, seed_for(seed, path.name, kind, n))
                if inj is None:
                    continue
                findings = lint(plan, str(path), inj.text)
                out.extend(_score(findings, e, str(path), kind) for e in inj.expected)
    return out


@dataclass(frozen=True)
class Recall:
    n: int
    exact: int
    near: int

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    @property
    def near_rate(self) -> float:
        return self.near / self.n if self.n else 0.0


def recall_by_kind(outcomes: Sequence[Outcome]) -> dict[str, Recall]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.kind].append(o)
    table = {k: Recall(len(v), sum(o.exact for o in v), sum(o.near for o in v)) for k, v in groups.items()}
    table["ALL"] = Recall(len(outcomes), sum(o.exact for o in outcomes), sum(o.near for o in outcomes))
    return table


def clean_errors(paths: Iterable[Path], plan: Plan | None = None) -> list[tuple[str, Finding]]:
    """Error-severity findings of the selected rules on the unchanged documents."""
    plan = plan or make_plan()
    out = []
    for path in paths:
        for f in lint(plan, str(path), path.read_text(encoding="utf-8")):
            if f.severity == Severity.ERROR:
                out.append((str(path), f))
    return out


def per_rule(errors: Sequence[tuple[str, Finding]]) -> Counter[str]:
    return Counter(f.code for _, f in errors)


def docs(corpus_dir: Path) -> list[Path]:
    """The Markdown documents of a clean corpus (the book's SUMMARY/table of contents included)."""
    return sorted(p for p in corpus_dir.glob("*.md") if p.is_file())
