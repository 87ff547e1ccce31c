"""Reliability II, items 6-11: every input ends in bounded time and memory with a clear error."""

from __future__ import annotations

import random
from pathlib import Path

from lintkit.facts.reference import _Locator, load_reference


# ------------------------------------------------------------------ 6. reference loading is linear


def _native(n: int) -> str:
    lines = ["lintkit: reference/1", "as_of: 2026-01-01", "entities:"]
    for i in range(n):
        lines += [f"  - id: test/model-{i}", f"    names: [Test Model {i}]", "    facts:",
                  f"      price.input: {1 + i % 50}", f"      benchmark.mmlu: {40 + i % 50}.5"]
    return "\n".join(lines) + "\n"


class CountingLines(list):
    """The locator's lines, counting how often one is looked at by index (a scan)."""

    reads = 0

    def __getitem__(self, i):  # type: ignore[override]
        CountingLines.reads += 1
        return super().__getitem__(i)


def test_06_locating_entities_does_not_rescan_the_file(tmp_path: Path, monkeypatch) -> None:
    """A native reference with 3,000 entities: the locator reads each line a bounded number of times
    (the quadratic scan read ~9 million lines; 200 s at 8,000 entities)."""
    n = 3000
    ref = tmp_path / "big.yaml"
    ref.write_text(_native(n), encoding="utf-8")
    init = _Locator.__init__

    def counting(self, text: str) -> None:
        init(self, text)
        self.lines = CountingLines(self.lines)

    monkeypatch.setattr(_Locator, "__init__", counting)
    CountingLines.reads = 0
    index = load_reference([str(ref)])
    assert len(index.entities) == n
    lines = 5 * n + 3
    assert CountingLines.reads <= 4 * lines, CountingLines.reads
    fact = index.entities[f"test/model-{n - 1}"].facts["price.input"][0]
    assert fact.line == 5 * n + 3 - 1  # the line of the last entity's price, found through the index


def _scan(lines: list[str], *needles: str) -> int | None:
    """The locator's contract, by scanning (the code before the index)."""
    line, found = 0, None
    for needle in needles:
        if not needle:
            continue
        pattern = _Locator._pattern(needle)
        for i in range(line, len(lines)):
            if pattern.search(lines[i]):
                found, line = i, i
                break
    return None if found is None else found + 1


def test_06_the_index_finds_what_the_scan_found() -> None:
    """Random YAML-ish lines (quotes, dashes, comments, colons): the index answers as the scan did."""
    rng = random.Random(11)
    atoms = ["name", "model", "id", "foo", "bar", "a b", "x:y", "-", "- ", "  ", '"', "'", ":", "#", " # c",
             "GPT-4o", "ll:8b", "\t", "names", "価格"]
    for _ in range(1500):
        text = "\n".join("".join(rng.choice(atoms) for _ in range(rng.randint(0, 6))) for _ in range(12))
        locator = _Locator(text)
        for _ in range(8):
            needles = []
            for _ in range(rng.randint(1, 3)):
                needle = "".join(rng.choice(atoms[3:]) for _ in range(rng.randint(1, 2)))
                needles.append(needle + ":" if rng.random() < 0.5 else needle)
            assert locator.find(*needles) == _scan(locator.lines, *needles), (text, needles)
