"""Scoring of the hand-labeled posts (benchmarks/labeled_posts.py), and the label files themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

import yaml

from benchmarks.corpus_split import half_of
from benchmarks.labeled_posts import FRESH, FRESH_SETS, KIND_CODES, LABELS, Label, drawn, load, load_checks, posts_of, \
    precision_by_code, recall_by_kind, sample, score, section_lines
from lintkit.finding import Finding, Severity
from tests.conftest import CORPUS, needs_shared

LINES = ["# 題", "", "段落A", "", "## 節", "", "段落B", "", "段落C", "", "## 次の節", "", "段落D"]


def _f(code: str, line: int, end: int | None = None, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("p.md", code, "rule", severity, line - 1, 0, (end or line) - 1, 1, "msg")


def test_section_lines_stop_at_the_next_heading_of_the_same_level() -> None:
    assert list(section_lines(LINES, 5)) == [5, 6, 7, 8, 9, 10]
    assert list(section_lines(LINES, 11)) == [11, 12, 13]


def test_recall_counts_the_exact_line_the_near_line_and_a_reported_run() -> None:
    labels = [Label("p.md", 3, "dup-para"), Label("p.md", 7, "dup-para"), Label("p.md", 9, "cut"),
              Label("p.md", 13, "seam")]
    findings = [_f("S102", 3, end=7), _f("S103", 10), _f("S101", 13)]
    r = score("p.md", LINES, labels, findings, {})
    assert r.found == (True, False, False, False)
    assert r.near == (True, False, True, False)  # S103 one line off; S101 is not a seam code
    assert r.covered == (True, True, False, False)  # line 7 sits in the run 3..7 that S102 reported
    table = recall_by_kind([r])
    assert table["dup-para"] == (2, 1, 1, 2) and table["ALL"] == (4, 1, 2, 2)


def test_precision_uses_labels_sections_and_the_hand_check() -> None:
    labels = [Label("p.md", 5, "dup-section"), Label("p.md", 3, "cut")]
    findings = [_f("S101", 5), _f("S102", 7), _f("S102", 13), _f("S103", 3), _f("S104", 1),
                _f("S102", 9, severity=Severity.WARNING)]
    checks = {("p.md", 13, "S102"): "right"}
    r = score("p.md", LINES, labels, findings, checks)
    assert r.verdicts == ("label", "inside-section", "right", "label", "unchecked")  # warnings are not scored
    prec = precision_by_code([r])
    assert prec["S102"] == {"inside-section": 1, "right": 1} and prec["ALL"]["unchecked"] == 1


def test_a_seam_may_be_reported_by_s102() -> None:
    assert "S102" in KIND_CODES["seam"] and KIND_CODES["flat"] >= {"S101", "S102"}


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in LABELS.glob("*.yaml") if not p.name.endswith("_checks.yaml")))
def test_label_files_name_real_lines(name: str) -> None:
    path = LABELS / name
    posts_dir = CORPUS / "allforces" / "_posts"
    labels = load(path)
    assert labels and posts_of(path)
    for lab in labels:
        lines = (posts_dir / lab.post).read_text(encoding="utf-8").split("\n")
        text = lines[lab.line - 1]
        assert text.strip(), (lab.post, lab.line)
        if lab.kind == "dup-section":
            assert text.startswith("#"), (lab.post, lab.line)
        if lab.kind == "title":
            assert text.startswith("title:"), (lab.post, lab.line)
        if lab.kind == "separator":
            assert text.strip() == "---", (lab.post, lab.line)
    head = yaml.safe_load(path.read_text(encoding="utf-8"))
    for lab in labels:
        assert lab.kind in head.get("kinds", KIND_CODES), (lab.post, lab.line, lab.kind)  # only the declared kinds
        assert lab.note in NOTES.get(lab.kind, {""}), (lab.post, lab.line, lab.note)
    if "exclude" in head:  # a drawn file: exactly its draw, in its half, disjoint from the files it excludes
        assert sorted(posts_of(path)) == [p.name for p in drawn(path, posts_dir)]
        assert all(half_of(post) == head["half"] for post in posts_of(path))
        for other in head["exclude"]:
            assert not set(posts_of(path)) & set(posts_of(LABELS / other)), other
    if name in ("tune.yaml", "holdout.yaml"):  # the fixed sample of benchmarks/labeled_posts.py
        assert sorted(posts_of(path)) == [p.name for p in sample(name.split(".")[0], posts_dir)]  # type: ignore[arg-type]
    for (post, line, code), verdict in load_checks(LABELS / name.replace(".yaml", "_checks.yaml")).items():
        assert verdict in ("right", "wrong") and post in posts_of(path) and line > 0 and code


NOTES = {"seam": {"", "quoted", "after-cut", "part"}, "dup-para": {"", "reworded", "part"},
         "dup-section": {"", "reworded"}, "meta": {"", "citation-block"}}


@needs_shared
@pytest.mark.parametrize("seed", sorted(FRESH_SETS))
def test_the_fresh_set_labels_where_the_text_stops_or_a_paragraph_starts(seed: int) -> None:
    """Format checks of each fresh holdout set against the posts: a cut label sits on a line whose text stops
    without sentence-final punctuation (。！？); a seam label on the first line of a paragraph (a blank line above it);
    the header names its own draw seed, and the later set excludes the earlier one (no post is in two fresh sets)."""
    posts_dir = CORPUS / "allforces" / "_posts"
    path = LABELS / FRESH_SETS[seed]
    head = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = load(path)
    assert head["seed"] == seed and head["half"] == "holdout"
    assert {lab.kind for lab in labels} == {"seam", "flat", "cut"} and len(posts_of(path)) == head["count"]
    for earlier in (s for s in FRESH_SETS if s < seed):
        assert FRESH_SETS[earlier] in head["exclude"]
        assert not set(posts_of(path)) & set(posts_of(LABELS / FRESH_SETS[earlier]))
    for lab in labels:
        lines = (posts_dir / lab.post).read_text(encoding="utf-8").split("\n")
        if lab.kind == "cut":
            assert lines[lab.line - 1].rstrip()[-1] not in "。！？!?", (lab.post, lab.line)
        if lab.kind == "seam":
            assert not lines[lab.line - 2].strip(), (lab.post, lab.line)


@needs_shared
def test_bench_lists_the_fresh_set_of_the_seed_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    """``--fresh`` alone stays the seed-15 set; ``--fresh 16``, ``--fresh 17`` and ``--fresh 18`` list exactly the draw
    of that seed."""
    from benchmarks.bench_labeled_posts import main

    posts_dir = CORPUS / "allforces" / "_posts"
    assert main(["--list", "--fresh"]) == 0
    assert capsys.readouterr().out.split()[3:] == [p.name for p in drawn(LABELS / FRESH, posts_dir)]
    assert main(["--list", "--fresh", "16"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("holdout-fresh (seed 16)") and out.split()[3:] == [
        p.name for p in drawn(LABELS / FRESH_SETS[16], posts_dir)]
    assert main(["--list", "--fresh", "17"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("holdout-fresh (seed 17)") and out.split()[3:] == [
        p.name for p in drawn(LABELS / FRESH_SETS[17], posts_dir)] and len(out.split()[3:]) == 32
    assert main(["--list", "--fresh", "18"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("holdout-fresh (seed 18)") and out.split()[3:] == [
        p.name for p in drawn(LABELS / FRESH_SETS[18], posts_dir)] and len(out.split()[3:]) == 32


def test_drawn_takes_the_seeded_sample_of_the_half_minus_the_excluded_files(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    names = [f"2025-01-{i:02d}-post.md" for i in range(1, 41)]
    for name in names:
        (posts / name).write_text("---\ntitle: t\n---\n本文。\n", encoding="utf-8")
    holdout = [n for n in names if half_of(n) == "holdout"]
    (tmp_path / "old.yaml").write_text(yaml.safe_dump({"posts": {holdout[0]: [], holdout[1]: []}}), encoding="utf-8")
    head = {"seed": 15, "half": "holdout", "count": 3, "exclude": ["old.yaml"], "posts": {}}
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(head), encoding="utf-8")
    got = [p.name for p in drawn(tmp_path / "new.yaml", posts)]
    assert len(got) == 3 and got == sorted(got) and got == [p.name for p in drawn(tmp_path / "new.yaml", posts)]
    assert all(half_of(n) == "holdout" for n in got) and not set(got) & set(holdout[:2])
    head["seed"] = 16
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(head), encoding="utf-8")
    assert [p.name for p in drawn(tmp_path / "new.yaml", posts)] != got or len(holdout) <= 5


def test_labels_dir_has_the_tune_half() -> None:
    assert (LABELS / "tune.yaml").is_file() and Path(LABELS / "README.md").is_file()


# cut and title labels of the tune half found at their line (session 11: cut 28/29, title 6/6), and no
# wrong or unchecked error finding of S103/M403 there
TUNE_FLOORS = {"cut": (28, 29), "title": (6, 6)}


@needs_shared
def test_tune_half_cut_and_title_floors() -> None:
    from benchmarks.structure_accuracy import lint, make_plan

    path = LABELS / "tune.yaml"
    labels = load(path)
    checks = load_checks(LABELS / "tune_checks.yaml")
    plan = make_plan()
    results = []
    for post in posts_of(path):
        text = (CORPUS / "allforces" / "_posts" / post).read_text(encoding="utf-8")
        results.append(score(post, text.split("\n"), [lab for lab in labels if lab.post == post],
                             lint(plan, post, text), checks))
    table = recall_by_kind(results)
    for kind, (found, n) in TUNE_FLOORS.items():
        assert table[kind][0] == n and table[kind][1] >= found, (kind, table[kind])
    precision = precision_by_code(results)
    for code in ("S103", "M403"):
        verdicts = precision.get(code, {})
        assert verdicts.get("wrong", 0) == 0 and verdicts.get("unchecked", 0) == 0, (code, verdicts)
