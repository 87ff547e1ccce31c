"""A reading aid for hand-labeling corpus posts (it decides nothing; the labels are made by reading).

Prints a post line by line (long lines shortened to their start and end, with their length) and marks
candidates for a reader to check: long lines and how much of the earlier text they contain, a
paragraph whose first sentence repeats the previous paragraph's last sentence, paragraphs repeated
exactly earlier, ``---`` and generation markers, conflict markers, the footer. It does not use lintkit,
so labels made with it are independent of the rules under test.

    python benchmarks/label_aid.py POST.md [--width 110]
    python benchmarks/label_aid.py --candidates POST.md...   # seam / flat candidates only (the larger label set)
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz

_SENT = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_FOOTER = ("アフィリエイト", "あわせて読みたい", "関連記事")
_WORDS = re.compile(r"〇〇|○○|XX|YY|TODO|\[ここ|承知|以下は|続き|要求事項|参照データ|既存記事|既存の記事|記事を作成|プレースホルダ")


def norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*_#>`\-]+", "", t)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.findall(text) if s.strip()]


def paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based first line, text) of each blank-line separated block outside code fences."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = 0
    fence = False
    for n, line in enumerate(lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or not line.strip():
            if buf:
                out.append((start, "".join(buf)))
                buf = []
            continue
        if not buf:
            start = n
        buf.append(line.strip())
    if buf:
        out.append((start, "".join(buf)))
    return out


def candidates(path: Path) -> None:
    """Every paragraph of >= 500 characters (with how much earlier text it holds), and every paragraph whose
    first sentence repeats one of the previous paragraph's last two sentences, or that restarts the previous
    paragraph's cut sentence (the previous one ends without closing punctuation and its last characters
    reappear near the start)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fm_end = 0
    if lines and lines[0] == "---":
        fm_end = next((n + 1 for n in range(1, len(lines)) if lines[n] == "---"), 0)
    paras = [(s, t) for s, t in paragraphs(lines) if s > fm_end]
    print(f"=== {path.name} ({len(lines)} lines)")
    for i, (start, text) in enumerate(paras):
        key = norm(text)
        if len(text) >= 500:
            inside = [e for e in (norm(t) for s, t in paras[:i] if len(norm(t)) >= 30) if e in key]
            cover = sum(len(e) for e in inside) / max(1, len(key))
            print(f"  FLAT? {start} len={len(text)} contains={len(inside)} cover={cover:.2f} | {text[:70]} … {text[-40:]}")
        if not i:
            continue
        pstart, prev = paras[i - 1]
        if prev.startswith("#") or text.startswith("#"):
            continue
        first = sentences(text)
        if not first:
            continue
        q0 = norm(first[0])
        hit = ""
        if len(q0) >= 6 and any(q0 == norm(x) or (len(q0) >= 10 and q0 in norm(x)) for x in sentences(prev)[-2:]):
            hit = "SEAM"
        elif not re.search(r"[。！？」）]$", prev.strip()) and len(norm(prev)) > 20 and norm(prev)[-6:] in key[:60]:
            hit = "AFTERCUT"
        if hit:
            print(f"  {hit}? {start} (prev {pstart}) | prev end: …{prev[-50:]} || start: {text[:70]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("post", nargs="+")
    ap.add_argument("--width", type=int, default=200)
    ap.add_argument("--candidates", action="store_true", help="seam / flat candidates only")
    args = ap.parse_args()
    if args.candidates:
        for post in args.post:
            candidates(Path(post))
        return
    lines = Path(args.post[0]).read_text(encoding="utf-8").splitlines()
    paras = paragraphs(lines)
    notes: dict[int, list[str]] = {}
    seen: dict[str, int] = {}
    prev_last = ""
    prev_line = 0
    for start, text in paras:
        key = norm(text)
        if len(key) >= 30 and key in seen:
            notes.setdefault(start, []).append(f"EXACT-DUP of {seen[key]}")
        elif len(key) >= 40 and not text.startswith(("[", "!", "-", "*   [")):
            for other, first in seen.items():
                if len(other) >= 40 and abs(len(other) - len(key)) < 0.3 * len(key) and fuzz.ratio(other, key) >= 85:
                    notes.setdefault(start, []).append(f"NEAR-DUP of {first} ({fuzz.ratio(other, key):.0f})")
                    break
        seen.setdefault(key, start)
        sents = sentences(text)
        if sents and prev_last and len(norm(sents[0])) >= 8 and fuzz.ratio(norm(sents[0]), prev_last) >= 90:
            notes.setdefault(start, []).append(f"SEAM? first sentence = last of {prev_line}")
        prev_last = norm(sents[-1]) if sents else ""
        prev_line = start
        if len(text) >= 600:
            earlier = [norm(t) for s, t in paras if s < start and len(norm(t)) >= 40]
            inside = sum(1 for e in earlier if e in key)
            if inside:
                notes.setdefault(start, []).append(f"LONG {len(text)}: contains {inside} earlier paragraphs")
    heads: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            k = norm(line)
            if k in heads:
                notes.setdefault(n, []).append(f"HEADING-REPEAT of {heads[k]}")
            heads.setdefault(k, n)
    w = args.width
    for n, line in enumerate(lines, 1):
        shown = line if len(line) <= w else f"{line[:w - 60]} …[{len(line)}]… {line[-60:]}"
        flags = list(notes.get(n, []))
        s = line.strip()
        if s.startswith(("<<<<<<<", ">>>>>>>")) or s == "=======":
            flags.append("CONFLICT")
        if "END" in s and re.search(r"-{2,}\s*END|\bEND\b", s):
            flags.append("MARKER?")
        if re.fullmatch(r"-{3,}|\*{3,}|_{3,}", s):
            flags.append("HR")
        if _WORDS.search(s):
            flags.append("WORD:" + ",".join(sorted(set(_WORDS.findall(s)))))
        if any(k in s for k in _FOOTER):
            flags.append("FOOTER?")
        print(f"{n:4d}| {shown}" + (f"   <<{'; '.join(flags)}>>" if flags else ""))


if __name__ == "__main__":
    main()
