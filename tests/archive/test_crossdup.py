"""S108 cross-duplicate on fixture archives, and the properties of its blocking index."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lintkit.analysis import DocumentAnalysis, end_matter
from lintkit.archive import crossdup
from lintkit.config import Config, with_cli
from lintkit.engine import Plan, RunResult, lint_paths
from lintkit.finding import Severity
from lintkit.rules import all_meta
from lintkit.source import decode
from lintkit.document import Document
from tests.conftest import FIXTURES

METAS = all_meta()
POSTS = FIXTURES / "archive" / "posts"
CLEAN = FIXTURES / "archive" / "clean"
ALPHA = str(POSTS / "2025-01-10-alpha.md")
BETA = str(POSTS / "2025-02-03-beta.md")
GAMMA = str(POSTS / "2025-03-15-gamma.md")
DELTA = str(POSTS / "2025-03-20-delta.md")
EPSILON = str(POSTS / "2025-04-02-epsilon.md")
ZETA = str(POSTS / "2025-05-18-zeta.md")


def config(options: dict[str, Any] | None = None, select: tuple[str, ...] = ("S108",), lang: str = "ja") -> Config:
    cfg = with_cli(Config(), METAS, select=select, lang=lang)
    if options is not None:
        cfg = replace(cfg, rule_options={"S108": {**METAS["S108"].default_options(), **options}})
    return cfg


def run(paths: list[str], options: dict[str, Any] | None = None, **kw: Any) -> RunResult:
    result = lint_paths(paths, config(options, **{k: v for k, v in kw.items() if k in ("select", "lang")}),
                        **{k: v for k, v in kw.items() if k not in ("select", "lang")})
    assert not result.errors
    return result


def _cross(files: list[tuple[str, Any]], plan: Plan) -> crossdup.CrossResult:
    """The S108 index over fingerprints, with the run's options (what ``CrossDuplicate.finish`` calls)."""
    return crossdup.cross_duplicates(files, crossdup.CrossOptions.of(plan.run.rule_options), METAS["S108"],
                                     plan.run.lang)


def where(result: RunResult) -> set[tuple[str, str, int]]:
    return {(Path(f.path).name, f.code, f.line + 1) for f in result.findings}


def test_archive_fixture_exact_findings() -> None:
    result = run([str(POSTS)])
    assert where(result) == {
        ("2025-02-03-beta.md", "S108", 18),  # the watering paragraph, first seen in alpha
        ("2025-03-15-gamma.md", "S108", 16),  # a near-duplicate section of alpha's "3. 支柱と誘引"
        ("2025-03-20-delta.md", "S108", 18),  # a near-duplicate paragraph of gamma's
        ("2025-05-18-zeta.md", "S108", 18),  # the watering paragraph again (epsilon's copy is suppressed)
    }


def test_related_point_to_the_other_files_first_occurrence_first() -> None:
    by_file = {Path(f.path).name: f for f in run([str(POSTS)]).findings}
    zeta = by_file["2025-05-18-zeta.md"]
    assert [(Path(r.path).name, r.line + 1) for r in zeta.related] == [
        ("2025-01-10-alpha.md", 18), ("2025-02-03-beta.md", 18), ("2025-04-02-epsilon.md", 19)]
    assert zeta.data == {"cluster": zeta.data["cluster"], "kind": "paragraph", "files": 4, "similarity": 1.0}
    assert zeta.message.startswith("段落が他の3ファイルと重複しています（")
    assert zeta.severity.value == "warning" and zeta.rule == "cross-duplicate"
    gamma = by_file["2025-03-15-gamma.md"]
    assert gamma.data["kind"] == "section" and 0.9 <= gamma.data["similarity"] < 1.0
    assert (gamma.line + 1, gamma.end_line + 1) == (16, 22)
    assert [(Path(r.path).name, r.line + 1) for r in gamma.related] == [("2025-01-10-alpha.md", 20)]
    assert "「2. 支柱と誘引」" in gamma.message


def test_paragraph_inside_a_reported_section_is_not_reported_again() -> None:
    # gamma's section holds a paragraph identical to alpha's (line 22): one finding, the section
    # (and the signature, line 32: two files are too few for it to count as boilerplate)
    result = run([ALPHA, GAMMA])
    assert where(result) == {("2025-03-15-gamma.md", "S108", 16), ("2025-03-15-gamma.md", "S108", 32)}


def test_footer_and_book_lists_are_never_compared() -> None:
    # two files: far below boilerplate-min-files, so only the end-matter markers keep the footer out
    result = run([str(CLEAN)])
    assert result.findings == []
    assert result.clusters == []


def test_boilerplate_by_share_is_not_reported_but_listed() -> None:
    result = run([str(POSTS)])
    signature = [c for c in result.clusters if c.boilerplate]
    assert len(signature) == 1 and len(signature[0].occurrences) == 6
    # with two files the same signature is a duplicate like any other
    small = run([ALPHA, BETA])
    assert where(small) == {("2025-02-03-beta.md", "S108", 18), ("2025-02-03-beta.md", "S108", 24)}


def test_boilerplate_options() -> None:
    two = [ALPHA, BETA]
    # a configured marker takes the signature out even in a small run
    assert where(run(two, {"boilerplate-markers": ["編集部の園芸担当"]})) == {("2025-02-03-beta.md", "S108", 18)}
    # a low bound makes the shared paragraph boilerplate too
    assert run(two, {"boilerplate-min-files": 2, "boilerplate-share": 0.5}).findings == []


def test_threshold_and_min_length() -> None:
    exact_only = run([str(POSTS)], {"threshold": 1.0})
    # the near-duplicate section is no longer one; the paragraph it shares verbatim (line 22) is
    assert where(exact_only) == {("2025-02-03-beta.md", "S108", 18), ("2025-03-15-gamma.md", "S108", 22),
                                 ("2025-05-18-zeta.md", "S108", 18)}
    assert run([ALPHA, BETA], {"min-length": 500, "section-min-length": 5000}).findings == []


def test_single_file_is_not_compared_unless_cross() -> None:
    assert run([ALPHA]).findings == []
    plan_calls: list[bool] = []
    original = Plan.__init__

    def spy(self: Plan, cfg: Config, *, cross: bool = False) -> None:
        plan_calls.append(cross)
        original(self, cfg, cross=cross)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Plan, "__init__", spy)
        run([ALPHA])
        run([ALPHA], cross=True)
        run([ALPHA, BETA], select=("S102",))  # S108 not selected: no fingerprints
    assert plan_calls == [False, True, False]


def test_stdin_takes_part(tmp_path: Path) -> None:
    data = Path(BETA).read_bytes()
    result = lint_paths(["-", ALPHA], config(), stdin=data, stdin_filename="posts/new.md")
    assert where(result) == {("new.md", "S108", 18), ("new.md", "S108", 24)}


def test_ignored_per_file_takes_no_part() -> None:
    cfg = replace(config(), selection=replace(config().selection,
                                              per_file_ignores=(("*alpha.md", ("S108",)),)))
    result = lint_paths([ALPHA, BETA, ZETA], cfg)
    # alpha is not compared at all: beta holds the first occurrences now (of the signature, line 24, too)
    assert where(result) == {("2025-05-18-zeta.md", "S108", 18), ("2025-05-18-zeta.md", "S108", 24)}
    assert [Path(r.path).name for r in result.findings[0].related] == ["2025-02-03-beta.md"]


def test_severity_override_and_english() -> None:
    cfg = replace(config(lang="en"), selection=replace(config().selection, severity=(("S108", Severity.ERROR),)))
    result = lint_paths([ALPHA, BETA], cfg)
    assert {f.severity for f in result.findings} == {Severity.ERROR}
    assert result.findings[0].message.startswith("Paragraph repeats 1 other file(s) (")
    assert result.findings[0].related[0].message == "same text"


def test_order_of_the_input_does_not_matter() -> None:
    plan = Plan(config(), cross=True)
    fps = [(p, plan.check_file(p).fingerprint) for p in (ALPHA, BETA, GAMMA, DELTA, EPSILON, ZETA)]
    first = _cross(fps, plan)
    shuffled = fps[:]
    random.Random(3).shuffle(shuffled)
    assert _cross(shuffled, plan) == first


# ---------------------------------------------------------------- the index itself

_KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
_KANJI = "日本語文章生成重複検出段落記事見出表現方法結果理由問題解決技術市場企業導入効果価格性能"


def _sentence(rng: random.Random, length: int) -> str:
    alphabet = _KANA + _KANJI
    return "".join(rng.choice(alphabet) for _ in range(length))


def _edit(rng: random.Random, text: str, target: float) -> str:
    """Random substitutions, deletions and insertions until the similarity drops to ``target``."""
    from rapidfuzz import fuzz

    chars = list(text)
    while fuzz.ratio("".join(chars), text) / 100 > target:
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            chars[i] = rng.choice(_KANJI)
        elif op < 0.7 and len(chars) > 10:
            del chars[i]
        else:
            chars.insert(i, rng.choice(_KANJI))
    return "".join(chars)


def _fingerprint(paragraphs: list[str]) -> crossdup.FileFingerprint:
    units = []
    for k, text in enumerate(paragraphs):
        units.append(crossdup.Unit(crossdup.PARAGRAPH, 2 * k, 0, 2 * k, len(text), k, k + 1,
                                   crossdup.signature(text, crossdup.minhashes([text])[0]), ""))
    return crossdup.FileFingerprint.of(paragraphs, units)


def test_near_duplicates_are_found_with_random_edits() -> None:
    # edits spread uniformly at random are the hardest case for shingles
    rng = random.Random(11)
    originals = [_sentence(rng, rng.randrange(60, 240)) for _ in range(200)]
    copies = [_edit(rng, t, 0.92) for t in originals]
    plan = Plan(config(), cross=True)
    result = _cross([("a.md", _fingerprint(originals)), ("b.md", _fingerprint(copies))], plan)
    found = {f.line // 2 for f in result.findings}
    assert len(found) >= 0.95 * len(originals)
    assert all(f.path == "b.md" for f in result.findings)


def test_comparisons_grow_linearly_not_with_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    ratio = crossdup.fuzz.ratio

    def counting(a: str, b: str, **kw: Any) -> float:
        nonlocal calls
        calls += 1
        return ratio(a, b, **kw)

    monkeypatch.setattr(crossdup.fuzz, "ratio", counting)
    rng = random.Random(5)
    # unrelated paragraphs drawn from a small alphabet share many 4-grams: the hard case for blocking
    files = [(f"{i:03d}.md", _fingerprint([_sentence(rng, 80) for _ in range(10)])) for i in range(120)]
    plan = Plan(config(), cross=True)
    _cross(files, plan)
    units = 120 * 10
    assert calls <= crossdup.LEADERS * crossdup.BANDS * units
    assert calls < units * (units - 1) / 2 / 20  # far below all pairs


def test_end_matter_is_found_by_markers() -> None:
    doc = Document.parse(decode("a.md", Path(ALPHA).read_bytes()))
    plan = Plan(config(), cross=True)
    options = crossdup.CrossOptions.of(plan.run.rule_options)
    own, _ = DocumentAnalysis(doc, plan.run.rule_options).marker_patterns
    found = end_matter(doc, options.markers, options.section_markers, own)
    assert found.continuations == ()
    marked = found.blocks
    lines = sorted({doc.blocks[i].start + 1 for i in marked})
    first_footer = next(i for i, t in enumerate(doc.lines) if "あわせて読みたい" in t) + 1
    disclaimer = next(i for i, t in enumerate(doc.lines) if "アフィリエイトリンク" in t) + 1
    assert lines[0] == first_footer and lines[-1] == disclaimer
    # the CTA between the related posts and the book list is end matter too
    cta = next(i for i, t in enumerate(doc.lines) if "お手伝いしています" in t) + 1
    assert cta in lines
    # the article body is not
    assert all(line < first_footer or line > disclaimer for line in (1, 10, 18))


def test_continuation_after_a_footer_is_body_again(tmp_path: Path) -> None:
    alpha = Path(ALPHA).read_text(encoding="utf-8")
    watering = alpha.split("### 2. 水やりのこつ\n\n", 1)[1].split("\n", 1)[0]
    footer = alpha[alpha.index("\n---\n\n### あわせて読みたい"):]
    text = ("---\ntitle: 続きのある記事\ndate: 2025-07-01\n---\n\n## 続きのある記事\n\n"
            "この記事には、締めのあとに本文の続きが貼られています。\n" + footer
            + "\n" + watering + "\n")
    appended = tmp_path / "2025-07-01-appended.md"
    appended.write_text(text, encoding="utf-8")
    first = tmp_path / "2025-01-10-alpha.md"  # beside it, so that path order puts it first
    first.write_text(alpha, encoding="utf-8")
    line = text.splitlines().index(watering) + 1
    result = run([str(first), str(appended)])
    assert where(result) == {("2025-07-01-appended.md", "S108", line)}


def test_selected_ignored_and_documented_like_any_rule(capfd: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from lintkit.cli import main
    from lintkit.rules import RUN_RULES, registry, run_registry

    monkeypatch.chdir(tmp_path)
    assert "S108" in RUN_RULES and "S108" in METAS and "S108" not in registry() and "S108" in run_registry()
    assert main(["check", str(POSTS), "--no-cache", "--select", "cross-duplicate"]) == 0
    assert capfd.readouterr().out.count(" S108 [warning] cross-duplicate ") == 4
    main(["check", str(POSTS), "--no-cache", "--ignore", "S108", "--select", "S1"])
    assert "S108" not in capfd.readouterr().out
    assert main(["rules"]) == 0
    assert "S108  cross-duplicate" in capfd.readouterr().out
    assert main(["explain", "S108", "--lang", "en"]) == 0
    docs = capfd.readouterr().out
    for heading in ("What it does", "Why it matters", "Example", "Fix", "Options"):
        assert f"## {heading}" in docs


def test_minhashes_in_batches_and_windows_equal_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # batches bound the memory on a hostile file; they must not change a signature
    rng = random.Random(7)
    pieces = ["".join(rng.choice(_KANJI) for _ in range(rng.choice([0, 1, 3, 4, 5, 40, 150, 333])))
              for _ in range(60)]
    whole = crossdup._minhash_batch(pieces)
    monkeypatch.setattr(crossdup, "_BATCH", 64)  # texts of 150 and 333 characters now go in windows
    assert crossdup.minhashes(pieces) == whole
    assert crossdup.minhashes([]) == []


def _minhash_by_definition(text: str) -> list[int]:
    """MinHash of one text as minhashes() documents it, one shingle at a time in Python."""
    mask = (1 << 64) - 1
    codes = [ord(ch) for ch in text] + [0] * max(0, crossdup.SHINGLE - len(text))
    mins = [crossdup._EMPTY] * crossdup.BINS
    for i in range(len(codes) - crossdup.SHINGLE + 1):
        h = sum(c * m for c, m in zip(codes[i : i + crossdup.SHINGLE], crossdup._MIX)) & mask
        for f in crossdup._FMIX:
            h ^= h >> 33
            h = (h * f) & mask
        h ^= h >> 33
        top = h >> 32
        b, value = top & (crossdup.BINS - 1), top >> 5
        mins[b] = min(mins[b], value)
    return mins


def test_minhashes_signatures_and_band_keys_agree_with_their_definition() -> None:
    rng = random.Random(11)
    pieces = ["".join(rng.choice(_KANJI + "abc12") for _ in range(rng.choice([0, 1, 3, 4, 5, 17, 90])))
              for _ in range(40)]
    mins = crossdup.minhash_array(pieces)
    assert mins.tolist() == [_minhash_by_definition(p) for p in pieces] == crossdup.minhashes(pieces)
    # the band keys of all rows at once are the per-text keys
    assert crossdup.signatures(pieces, mins) == [crossdup.signature(p, row) for p, row in zip(pieces, mins.tolist())]
    assert crossdup.band_keys(mins[:1]).tobytes() == crossdup._band_keys(mins[0].tolist())
    assert crossdup.signatures([], mins[:0]) == []
