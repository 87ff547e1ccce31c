"""How right are the fact checker's F201 errors and bindings on posts it was not tuned on?

Runs ``lintkit claims --format json`` and ``lintkit check --select F201,F204[,F205] --format json`` on
the labeled posts of ``tests/facts/labels/{tune,holdout}.yaml`` (drawn at random with a fixed seed
and labeled by reading: see that folder's README.md), with the blog's own reference data
(``../shared/corpus/allforces/_data/market``) and the alias configuration documented in
``docs/claims-corpus.md`` (read from the document at run time, so a documented alias counts),
and prints, per half:

- F201 precision and recall at error severity. A finding is a true positive when its line and
  claimed number carry a ``disagrees`` label; ``disagrees-outdated`` labels (the post was right when
  written) must not be F201 errors: one that is counts as a false positive and is listed apart.
- Binding accuracy: the share of labeled verifiable claims (agrees, disagrees, disagrees-outdated)
  that ``lintkit claims`` lists with the labeled entity, attribute and value; also for the labels
  whose entity, attribute cue and number share a sentence (``scope: sentence``/``respectively``).
- F205 (possible mismatch, warning) findings, when the rule exists, and F204's "the reference moved on"
  warnings, counted apart.
- The same with a *mutated* copy of the reference data (every value doubled, a 0 made 1, every date
  moved to 2025-01-01 so that no post predates it): each labeled ``agrees`` claim then becomes a
  genuine disagreement (claims the text gives as a lower bound, 以上/超, are not scored). This gives a recall figure on far more claims than the few real mismatches,
  and it exposes wrong bindings that agreed with the data only by coincidence.
- Each error (F201 false positive or miss, wrong binding) as path:line, number, what was expected and
  what the tool said: never the post's text.

    python benchmarks/bench_claims_accuracy.py                 # both halves; error lists of the tune half
    python benchmarks/bench_claims_accuracy.py --half tune --json
    python benchmarks/bench_claims_accuracy.py --holdout-errors  # also list the hold-out errors (not while tuning!)
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "facts" / "labels"
SHARED = ROOT.parent / "shared" / "corpus" / "allforces"
POSTS = SHARED / "_posts"
DATA = SHARED / "_data" / "market"
DOC = ROOT / "docs" / "claims-corpus.md"
HALVES = ("tune", "holdout")
VERIFIABLE = ("agrees", "disagrees", "disagrees-outdated")
SENTENCE_SCOPES = ("sentence", "respectively")


# ------------------------------------------------------------------ labels


@dataclass(frozen=True)
class Label:
    post: str
    line: int
    number: str
    value: tuple[float, ...]  # one value, or (low, high)
    unit: str
    entity: str | None
    attribute: str | None
    year: int | None
    verdict: str
    scope: str
    order: int  # position among the labels of the same line and value (text order)
    added_after_review: bool = False
    bound: str | None = None  # "min": the text gives a lower bound (以上, 超)


def load_labels(half: str) -> tuple[list[str], list[Label], dict[str, Any]]:
    """(post names, per-line labels, the raw file) of one half."""
    raw = yaml.safe_load((LABELS / f"{half}.yaml").read_text(encoding="utf-8"))
    posts: list[str] = []
    out: list[Label] = []
    for p in raw["posts"]:
        posts.append(p["name"])
        seen: dict[tuple[int, tuple[float, ...]], int] = {}
        for c in p.get("claims") or []:
            v = c["value"]
            value = tuple(float(x) for x in v) if isinstance(v, list) else (float(v),)
            for line in c["lines"]:
                key = (line, _vkey(value))
                order = seen.get(key, 0)
                seen[key] = order + 1
                out.append(Label(p["name"], int(line), str(c["number"]), value, c["unit"], c.get("entity"),
                                 c.get("attribute"), c.get("year"), c["verdict"], c.get("scope", "sentence"), order,
                                 bool(c.get("added_after_review", False)), c.get("bound")))
    return posts, out, raw


def _vkey(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(f"{v:.6g}") for v in value)


def _same_value(a: Sequence[float], b: Sequence[float]) -> bool:
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9) for x, y in zip(a, b))


def _norm(name: str | None) -> str:
    if not name:
        return ""
    name = re.sub(r"[(（][^()（）]*[)）]", "", unicodedata.normalize("NFKC", name))
    return re.sub(r"[\s\-_./・]", "", name).lower()


def entity_matches(label_entity: str | None, claim: dict[str, Any]) -> bool:
    """Whether the claim's entity (id, last id segment or display name) is the labeled one."""
    if not label_entity:
        return False
    want = _norm(label_entity)
    eid = claim.get("entity") or ""
    names = {_norm(eid), _norm(eid.rsplit("/", 1)[-1]), _norm(claim.get("entity_name"))}
    return want in names


# ------------------------------------------------------------------ running lintkit


def alias_config() -> dict[str, Any]:
    """The ``aliases`` mapping of the configuration documented in docs/claims-corpus.md."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"cat > \S+ <<'EOF'\n(.*?)\nEOF", text, re.DOTALL)
    if m is None:
        raise SystemExit(f"{DOC}: no documented configuration block (cat > ... <<'EOF')")
    data = yaml.safe_load(m.group(1))
    aliases = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(aliases, dict):
        raise SystemExit(f"{DOC}: the documented configuration has no aliases")
    return aliases


CHECKOUT = ROOT  # the checkout whose lintkit is measured (``--checkout``; ``python -m`` imports it from the cwd)


def _start(args: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "lintkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=CHECKOUT)


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate()
    return proc.returncode, out, err


def _moved_on(finding: dict[str, Any]) -> bool:
    """An F204 warning that the reference moved on since the post (a difference, not an old reference)."""
    return finding["code"] == "F204" and bool((finding.get("data") or {}).get("moved_on"))


def run_lintkit(files: Sequence[Path], reference: Path, workdir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(claim records, F201/F205 findings, whether F205 exists) for ``files`` (the two runs in parallel)."""
    cfg = workdir / "lintkit.yaml"
    cfg.write_text(yaml.safe_dump({"reference": [str(reference)], "aliases": alias_config()}, allow_unicode=True),
                   encoding="utf-8")
    paths = [str(f) for f in files]

    def check(select: str) -> subprocess.Popen[str]:
        return _start(["check", "--select", select, "--config", str(cfg), "--format", "json", "--no-cache",
                       "--exit-zero", "-j", "1", *paths])

    claims_proc = _start(["claims", "--config", str(cfg), "--format", "json", *paths])
    has_f205 = True
    rc, check_out, check_err = _finish(check("F201,F204,F205"))
    if rc == 2 and "F205" in check_err:
        has_f205 = False
        rc, check_out, check_err = _finish(check("F201,F204"))
    claims_rc, claims_out, claims_err = _finish(claims_proc)
    if claims_rc not in (0, 1):
        raise SystemExit(f"lintkit claims failed ({claims_rc}): {claims_err.strip()}")
    if rc != 0:
        raise SystemExit(f"lintkit check failed ({rc}): {check_err.strip()}")
    return json.loads(claims_out)["claims"], json.loads(check_out)["findings"], has_f205


# ------------------------------------------------------------------ a mutated copy of the reference

_FIELD = re.compile(r"^(\s*(?:-\s+)?(?:input_per_1m_tokens|output_per_1m_tokens|mmlu|humaneval|swe_bench|arena_score|"
                    r"size_usd|size_jpy|cagr|growth|growth_yoy|valuation_usd|revenue_annual_usd|market_cap_usd|"
                    r"price_estimate|forecast_2030)\s*:\s*)(.*)$")
_NUM = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)")
_DATE = re.compile(r"20\d\d-\d\d-\d\d")


def _double(m: re.Match[str]) -> str:
    text = m.group(1)
    v = float(text.replace(",", ""))
    if 1900 <= v <= 2100 and "." not in text:  # a year
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    out = 1.0 if v == 0 else v * 2
    return f"{out:.{decimals}f}"


def _mutate_value(value: str) -> str:
    # leave parenthesised notes alone: "(2025)", "(FY2025, +114%)", "(2025-11)"
    parts = re.split(r"([(（][^()（）]*[)）])", value)
    return "".join(p if p.startswith(("(", "（")) else _NUM.sub(_double, p) for p in parts)


def mutated_reference(dest: Path) -> Path:
    """A copy of the blog's data with every verifiable value doubled (0 -> 1) and every date 2025-01-01."""
    out = dest / "market"
    out.mkdir(parents=True)
    for src in sorted(DATA.glob("*.yml")):
        lines = []
        for line in src.read_text(encoding="utf-8").split("\n"):
            m = _FIELD.match(line)
            if m:
                line = m.group(1) + _mutate_value(m.group(2))
            if line.lstrip().startswith("#") or re.match(r"^\s*updated\s*:", line):
                line = _DATE.sub("2025-01-01", line)
            lines.append(line)
        (out / src.name).write_text("\n".join(lines), encoding="utf-8")
    return out


# ------------------------------------------------------------------ scoring


@dataclass
class Score:
    half: str
    mutated: bool
    posts: int = 0
    posts_with_labels: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fp_kinds: dict[str, int] = field(default_factory=dict)
    expected: int = 0  # labels that should be F201 errors
    found: int = 0  # of those, flagged as F201 errors
    # the same per distinct claim (post, entity, attribute, value): a paragraph repeated 4 times counts once
    distinct: dict[tuple[str, str, str, tuple[float, ...]], bool] = field(default_factory=dict)
    outdated_as_error: int = 0
    outdated_as_warning: int = 0
    f205: dict[str, int] = field(default_factory=dict)
    moved_on: dict[str, int] = field(default_factory=dict)  # F204 'the reference moved on' warnings
    has_f205: bool = False
    bound_ok: int = 0
    bound_total: int = 0
    bound_ok_sentence: int = 0
    bound_total_sentence: int = 0
    binding_kinds: dict[str, int] = field(default_factory=dict)  # the binder's `binding` field on right bindings
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def binding_accuracy(self) -> float | None:
        return self.bound_ok / self.bound_total if self.bound_total else None

    @property
    def binding_accuracy_sentence(self) -> float | None:
        return self.bound_ok_sentence / self.bound_total_sentence if self.bound_total_sentence else None

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "distinct"}
        d["distinct_expected"], d["distinct_found"] = len(self.distinct), sum(self.distinct.values())
        d.update(precision=self.precision, recall=self.recall, binding_accuracy=self.binding_accuracy,
                 binding_accuracy_sentence=self.binding_accuracy_sentence)
        return d


def _claim_value(c: dict[str, Any]) -> tuple[float, ...]:
    v = c.get("value")
    if v is None:
        return ()
    return tuple(float(x) for x in v) if isinstance(v, list) else (float(v),)


def _finding_value(f: dict[str, Any]) -> tuple[float, ...]:
    v = (f.get("data") or {}).get("claimed")
    if v is None:
        return ()
    return tuple(float(x) for x in v) if isinstance(v, list) else (float(v),)


def _pair(labels: list[Label], claims: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """label index -> the claim record of the same line and value (same-value claims paired in text order)."""
    groups: dict[tuple[str, int, tuple[float, ...]], list[dict[str, Any]]] = {}
    for c in sorted(claims, key=lambda c: (c["line"], c["column"])):
        v = _claim_value(c)
        if v:
            groups.setdefault((Path(c["path"]).name, c["line"], _vkey(v)), []).append(c)
    out: dict[int, dict[str, Any]] = {}
    for i, lab in enumerate(labels):
        cands = groups.get((lab.post, lab.line, _vkey(lab.value)), [])
        if not cands:  # tolerate a claim read with a slightly different normalization (e.g. a range)
            for (post, line, _), cs in groups.items():
                if post == lab.post and line == lab.line:
                    cands = [c for c in cs if _same_value(_claim_value(c), lab.value)]
                    if cands:
                        break
        if lab.order < len(cands):
            out[i] = cands[lab.order]
        elif cands:
            out[i] = cands[-1]
    return out


def _label_at(labels: list[Label], post: str, line: int, value: tuple[float, ...]) -> Label | None:
    for lab in labels:
        if lab.post == post and lab.line == line and _same_value(lab.value, value):
            return lab
    return None


def score(half: str, labels: list[Label], posts: list[str], claims: list[dict[str, Any]],
          findings: list[dict[str, Any]], has_f205: bool, mutated: bool) -> Score:
    s = Score(half=half, mutated=mutated, posts=len(posts), has_f205=has_f205)
    s.posts_with_labels = len({lab.post for lab in labels})
    for lab in labels:
        s.verdicts[lab.verdict] = s.verdicts.get(lab.verdict, 0) + 1

    def should_error(lab: Label) -> bool | None:  # None: not scored
        if mutated:
            # a claimed lower bound ("350B or more") stays compatible with a doubled lower bound: not scored
            if lab.verdict == "disagrees-outdated" or lab.bound is not None:
                return None
            return lab.verdict in ("agrees", "disagrees")
        if lab.verdict == "disagrees":
            return True
        return False

    errors = [f for f in findings if f["code"] == "F201" and f["severity"] == "error"]
    flagged: dict[tuple[str, int, tuple[float, ...]], int] = {}  # how many errors on each line and number
    for f in errors:
        post, value = Path(f["path"]).name, _finding_value(f)
        key = (post, f["line"], _vkey(value))
        flagged[key] = flagged.get(key, 0) + 1
        hit = _label_at(labels, post, f["line"], value)
        want = should_error(hit) if hit else False
        if hit is not None and want is None:
            continue
        if want:
            s.tp += 1
            continue
        kind = "unlabeled" if hit is None else hit.verdict
        s.fp += 1
        s.fp_kinds[kind] = s.fp_kinds.get(kind, 0) + 1
        d = f.get("data") or {}
        s.errors.append(f"F201 false positive ({kind}) {post}:{f['line']} claimed {_fmt(value)} bound to "
                        f"{d.get('entity_name') or d.get('entity')} {d.get('attribute')} expected {d.get('expected')}"
                        + (f"; label: {hit.entity} {hit.attribute} {hit.verdict}" if hit else ""))
    for lab in labels:
        want = should_error(lab)
        if want:
            s.expected += 1
            key = (lab.post, lab.line, _vkey(lab.value))
            claim = (lab.post, str(lab.entity), str(lab.attribute), _vkey(lab.value))
            caught = flagged.get(key, 0) > 0
            s.distinct[claim] = s.distinct.get(claim, False) or caught
            if caught:  # one error counts for one label (two equal numbers on a line: two)
                flagged[key] -= 1
                s.found += 1
            else:
                s.errors.append(f"F201 missed {lab.post}:{lab.line} {lab.number} ({lab.entity} {lab.attribute}"
                                f"{' ' + str(lab.year) if lab.year else ''}, scope {lab.scope})")
        if not mutated and lab.verdict == "disagrees-outdated":
            on_line = [f for f in findings if Path(f["path"]).name == lab.post and f["line"] == lab.line
                       and _same_value(_finding_value(f), lab.value)]
            if any(f["code"] == "F201" and f["severity"] == "error" for f in on_line):
                s.outdated_as_error += 1
            elif any(f["code"] == "F205" or _moved_on(f) for f in on_line):
                s.outdated_as_warning += 1
    for f in findings:
        if f["code"] != "F205" and not _moved_on(f):
            continue
        at = _label_at(labels, Path(f["path"]).name, f["line"], _finding_value(f))
        kind = "unlabeled" if at is None else at.verdict
        counts = s.f205 if f["code"] == "F205" else s.moved_on
        counts[kind] = counts.get(kind, 0) + 1

    pairs = _pair(labels, claims)
    for i, lab in enumerate(labels):
        if lab.verdict not in VERIFIABLE:
            continue
        c = pairs.get(i)
        ok = c is not None and entity_matches(lab.entity, c) and c.get("attribute") == lab.attribute
        s.bound_total += 1
        s.bound_ok += ok
        if lab.scope in SENTENCE_SCOPES:
            s.bound_total_sentence += 1
            s.bound_ok_sentence += ok
        if ok and c is not None:
            kind = str(c.get("binding", "-"))
            s.binding_kinds[kind] = s.binding_kinds.get(kind, 0) + 1
        if not ok and not mutated:
            got = "no claim read" if c is None else \
                f"{c.get('entity_name') or c.get('entity') or '-'} {c.get('attribute') or '-'} {c.get('status')}" + \
                (f" ({c['reason']})" if c.get("reason") else "")
            s.errors.append(f"binding {lab.post}:{lab.line} {lab.number}: want {lab.entity} {lab.attribute} "
                            f"[{lab.scope}], got {got}")
    return s


def _fmt(value: Sequence[float]) -> str:
    return "〜".join(f"{v:g}" for v in value) or "-"


def evaluate(half: str, mutated: bool = False) -> Score:
    posts, labels, _ = load_labels(half)
    files = [POSTS / p for p in posts]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"labeled posts not found: {', '.join(missing[:3])}")
    with tempfile.TemporaryDirectory(prefix="lintkit-claims-acc-") as tmp:
        work = Path(tmp)
        ref = mutated_reference(work) if mutated else DATA
        claims, findings, has_f205 = run_lintkit(files, ref, work)
    return score(half, labels, posts, claims, findings, has_f205, mutated)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def report(s: Score, show_errors: bool = True) -> str:
    title = f"{s.half} half" + (" — mutated reference (values x2, dates 2025-01-01)" if s.mutated else "")
    v = s.verdicts
    lines = [
        f"== {title}",
        f"posts {s.posts} ({s.posts_with_labels} with labels); labels per line: agrees {v.get('agrees', 0)}, "
        f"disagrees {v.get('disagrees', 0)}, disagrees-outdated {v.get('disagrees-outdated', 0)}, "
        f"not-verifiable traps {v.get('not-verifiable', 0)}",
        f"F201 errors: precision {_pct(s.precision)} ({s.tp}/{s.tp + s.fp}), recall {_pct(s.recall)} "
        f"({s.found}/{s.expected}; distinct claims {sum(s.distinct.values())}/{len(s.distinct)}); "
        "false positives by label: "
        + (", ".join(f"{k} {n}" for k, n in sorted(s.fp_kinds.items())) or "none"),
    ]
    if not s.mutated:
        lines.append(f"disagrees-outdated: {s.outdated_as_error} F201 errors, {s.outdated_as_warning} reported as "
                     f"warnings, {v.get('disagrees-outdated', 0) - s.outdated_as_error - s.outdated_as_warning} silent")
        lines.append(f"binding accuracy: {_pct(s.binding_accuracy)} ({s.bound_ok}/{s.bound_total}); same-sentence "
                     f"labels: {_pct(s.binding_accuracy_sentence)} ({s.bound_ok_sentence}/{s.bound_total_sentence})"
                     + (f"; `binding` of the right ones: {s.binding_kinds}" if set(s.binding_kinds) != {"-"} else ""))
    lines.append("F205: " + ("rule absent" if not s.has_f205 else
                             (", ".join(f"{k} {n}" for k, n in sorted(s.f205.items())) or "none")))
    lines.append("F204 moved-on: " + (", ".join(f"{k} {n}" for k, n in sorted(s.moved_on.items())) or "none"))
    if show_errors and s.errors:
        lines.append("errors:")
        lines.extend(f"  {e}" for e in s.errors)
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=HALVES, action="append", help="a half (default: both)")
    ap.add_argument("--no-mutated", action="store_true", help="skip the mutated-reference run")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--quiet", action="store_true", help="no error lists")
    ap.add_argument("--holdout-errors", action="store_true",
                    help="list the hold-out half's errors too (they name hold-out posts: not while tuning)")
    ap.add_argument("--checkout", type=Path, help="measure the lintkit of another checkout (labels stay these)")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.checkout is not None:
        global CHECKOUT
        CHECKOUT = args.checkout.resolve()
    if not DATA.is_dir():
        print(f"no corpus at {SHARED}", file=sys.stderr)
        return 2
    results = []
    for half in args.half or HALVES:
        results.append(evaluate(half))
        if not args.no_mutated:
            results.append(evaluate(half, mutated=True))
    if args.json:
        out = [r.as_dict() for r in results]
        for d in out:
            if d["half"] != "tune" and not args.holdout_errors:
                d["errors"] = f"{len(d['errors'])} (hidden: --holdout-errors)"
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(report(r, not args.quiet and (r.half == "tune" or args.holdout_errors)) for r in results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
