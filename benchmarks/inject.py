"""Inject one structural defect at a known line into a clean Markdown document.

The injector reads the document with markdown-it-py (not with lintkit, so it does not share the
rules' view of the text), finds prose sites (top-level paragraphs of Japanese prose that end with
「。」, outside code blocks, HTML/JSX/``:::`` containers and tables), and changes the text so that
the one defect of the chosen kind is the only defect added. Each injection records what a linter
should report: the rule codes that may report it and the 1-based line.

Everything is deterministic for a given ``random.Random`` seed. The kinds (``KINDS``) and their
construction were designed on js-primer only (the tune corpus); book-ja is the report corpus.

    from benchmarks.inject import inject, KINDS
    inj = inject(text, "seam", random.Random(1))   # None when the document has no site for the kind
    inj.text, inj.expected                          # [Expected(codes=frozenset({"S102", ...}), line=42)]
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from rapidfuzz import fuzz

MARKER = "---END---"

# The codes that may report each kind of defect (DESIGN.md's rule table; the seam repeat may be
# reported by S102 or by a code of its own, see SEAM_CODES).
SEAM_CODES = frozenset({"S102", "S109"})
DUP_CODES = frozenset({"S101", "S102"})


@dataclass(frozen=True)
class Expected:
    codes: frozenset[str]
    line: int  # 1-based


@dataclass(frozen=True)
class Injection:
    kind: str
    text: str
    expected: tuple[Expected, ...]


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph | heading | fence | list | table | html | comment | hr | quote
    start: int  # 0-based first line
    end: int  # 0-based line after the block
    level: int = 0  # heading level


@dataclass(frozen=True)
class Doc:
    lines: list[str]
    blocks: list[Block]  # top-level blocks, in order
    containers: frozenset[int]  # lines inside an HTML / JSX / ``:::`` container


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(front_matter_plugin)
    md.enable(["table", "strikethrough"])
    return md


_OPEN_KIND = {"paragraph_open": "paragraph", "heading_open": "heading", "bullet_list_open": "list",
              "ordered_list_open": "list", "table_open": "table", "blockquote_open": "quote"}
_LEAF_KIND = {"fence": "fence", "code_block": "fence", "html_block": "html", "hr": "hr"}
_CONTAINER_OPEN = re.compile(r"^\s*(?:<(?:div|details|section|aside|figure|Tabs?|TabItem|[A-Z]\w*)\b(?![^>]*/>)|:::)")
_CONTAINER_CLOSE = re.compile(r"^\s*(?:</(?:div|details|section|aside|figure|Tabs?|TabItem|[A-Z]\w*)>|:::\s*$)")
_CLOSE_ANYWHERE = re.compile(r"</(?:div|details|section|aside|figure|Tabs?|TabItem|[A-Z]\w*)>")


def read(text: str) -> Doc:
    lines = text.split("\n")
    blocks: list[Block] = []
    for tok in _md().parse(text):
        if tok.level != 0 or tok.map is None:
            continue
        kind = _OPEN_KIND.get(tok.type) or _LEAF_KIND.get(tok.type)
        if kind is None:
            continue
        level = int(tok.tag[1]) if kind == "heading" else 0
        if kind == "html" and lines[tok.map[0]].lstrip().startswith("<!--"):
            kind = "comment"  # invisible when rendered: skipped when looking for a neighbour
        blocks.append(Block(kind, tok.map[0], tok.map[1], level))
    return Doc(lines, blocks, _containers(lines, blocks))


def _containers(lines: list[str], blocks: list[Block]) -> frozenset[int]:
    fenced = {n for b in blocks if b.kind == "fence" for n in range(b.start, b.end)}
    inside: set[int] = set()
    depth = 0
    for n, line in enumerate(lines):
        if n in fenced:
            continue
        if depth and _CONTAINER_CLOSE.match(line):
            depth -= 1
            inside.add(n)
            continue
        if _CONTAINER_OPEN.match(line) and not _CLOSE_ANYWHERE.search(line):
            depth += 1
        if depth:
            inside.add(n)
    return frozenset(inside)


_HIRAGANA = re.compile(r"[\u3041-\u309f]")


def is_prose(doc: Doc, b: Block, min_chars: int = 40) -> bool:
    """A top-level paragraph of Japanese prose ending with 「。」, outside containers."""
    if b.kind != "paragraph" or any(n in doc.containers for n in range(b.start, b.end)):
        return False
    body = doc.lines[b.start:b.end]
    text = "".join(s.strip() for s in body)
    if len(text) < min_chars or not text.endswith("。") or not _HIRAGANA.search(text):
        return False
    if any(s.lstrip().startswith(("<", "|", "!", "[", "{", ":")) for s in body):
        return False
    return text.count("`") % 2 == 0


def prose(doc: Doc, min_chars: int = 40) -> list[int]:
    """Indexes (into ``doc.blocks``) of the prose paragraphs."""
    return [i for i, b in enumerate(doc.blocks) if is_prose(doc, b, min_chars)]


def _join(lines: Sequence[str]) -> str:
    return "\n".join(lines)


def _insert_after(lines: list[str], at: int, new: list[str]) -> tuple[list[str], int]:
    """Insert ``new`` as its own block after line ``at - 1`` (blank lines around); 0-based first line of it."""
    out = lines[:at] + [""] + new + ([""] if at < len(lines) and lines[at].strip() else []) + lines[at:]
    return out, at + 1


# --- sentences and word-internal cut points -----------------------------------------------------

_KANJI = re.compile(r"[\u4e00-\u9fff\u3005]")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")
_SENT_END = "。！？"


def _same_script(a: str, b: str) -> bool:
    return bool((_KANJI.match(a) and _KANJI.match(b)) or (_KATAKANA.match(a) and _KATAKANA.match(b)))


def _balanced(text: str) -> bool:
    if text.count("`") % 2:
        return False
    for o, c in ("「」", "（）", "()", "[]", "『』", "【】"):
        if text.count(o) != text.count(c):
            return False
    return True


def _in_code(text: str, i: int) -> bool:
    return text[:i].count("`") % 2 == 1


def _last_sentence_start(line: str) -> int:
    body = line.rstrip()
    for j in range(len(body) - 2, -1, -1):
        if body[j] in _SENT_END:
            return j + 1
    return len(line) - len(line.lstrip())


def cut_points(line: str, how: str) -> list[int]:
    """Positions in the last sentence of ``line`` where cutting leaves a mid-word / mid-sentence end.

    ``how`` is ``word`` (inside a run of kanji or katakana) or ``sentence`` (right after a particle
    that follows a kanji/katakana word); ``either`` gives none (the caller picks one at random).
    """
    start = _last_sentence_start(line)
    end = len(line.rstrip()) - 1  # keep at least the final 「。」 off
    out = []
    for i in range(max(start + 6, 6), end - 2):
        a, b = line[i - 1], line[i]
        if _in_code(line, i) or not _balanced(line[:i]):
            continue
        if how == "word" and _same_script(a, b) and _same_script(line[i - 2], a):
            out.append(i)
        elif how == "sentence" and a in "をにがはでとへ" and (_KANJI.match(line[i - 2]) or _KATAKANA.match(line[i - 2])) \
                and not _same_script(a, b) and b not in _SENT_END + "、":
            out.append(i)
    return out


# --- near variants -------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_CONNECTIVES = ("また、", "なお、", "つまり、", "さらに、")
_ENDINGS = (("します。", "することになります。"), ("です。", "となります。"), ("ます。", "ました。"),
            ("できます。", "できるでしょう。"), ("あります。", "あるのです。"))


def near_variant(lines: list[str], rng: random.Random) -> list[str] | None:
    """The paragraph reworded a little (similarity 0.90-0.97 after removing spaces), or None."""
    original = _norm(_join(lines))
    for _ in range(12):
        new = list(lines)
        ops = rng.sample(range(3), rng.choice((1, 2)))
        for op in ops:
            if op == 0:  # a connective at the start
                first = new[0]
                lead = len(first) - len(first.lstrip())
                if not first.lstrip().startswith(_CONNECTIVES):
                    new[0] = first[:lead] + rng.choice(_CONNECTIVES) + first[lead:]
            elif op == 1:  # one sentence ending changed
                cands = [(k, old, rep) for k, s in enumerate(new) for old, rep in _ENDINGS if old in s]
                if cands:
                    k, old, rep = rng.choice(cands)
                    pos = [m.start() for m in re.finditer(re.escape(old), new[k])]
                    p = rng.choice(pos)
                    new[k] = new[k][:p] + rep + new[k][p + len(old):]
            else:  # one clause boundary 「、」 dropped with the word after it replaced by 「そして、」
                cands = [(k, m.start()) for k, s in enumerate(new) for m in re.finditer("、", s) if not _in_code(s, m.start())]
                if cands:
                    k, p = rng.choice(cands)
                    new[k] = new[k][:p] + "、そして" + new[k][p + 1:]
        ratio = fuzz.ratio(original, _norm(_join(new))) / 100
        if 0.90 <= ratio <= 0.97:
            return new
    return None


# --- the kinds -----------------------------------------------------------------------------------

Injector = Callable[[Doc, random.Random], "tuple[list[str], list[Expected]] | None"]


def _visible(doc: Doc, i: int, step: int) -> int | None:
    """The index of the nearest block before (step -1) or after (step 1) block i that is not a comment."""
    j = i + step
    while 0 <= j < len(doc.blocks) and doc.blocks[j].kind == "comment":
        j += step
    return j if 0 <= j < len(doc.blocks) else None


def _pick(rng: random.Random, items: Sequence[int]) -> int | None:
    return rng.choice(list(items)) if items else None


def _dup_para(doc: Doc, rng: random.Random, near: bool) -> tuple[list[str], list[Expected]] | None:
    sites = prose(doc, 40)
    if len(sites) < 2:
        return None
    firsts = sites[:-1]
    rng.shuffle(firsts)
    for i in firsts[:8]:
        src = doc.blocks[i]
        copy: list[str] | None = doc.lines[src.start:src.end]
        if near:
            copy = near_variant(doc.lines[src.start:src.end], rng)
            if copy is None:
                continue
        j = rng.choice([j for j in sites if j > i])
        lines, at = _insert_after(doc.lines, doc.blocks[j].end, copy)
        return lines, [Expected(frozenset({"S102"}), at + 1)]
    return None


def _sections(doc: Doc) -> list[tuple[int, int, int]]:
    """(block index of the heading, first line, line after the section) for level ≥ 2 headings."""
    heads = [(k, b) for k, b in enumerate(doc.blocks) if b.kind == "heading"]
    out = []
    for n, (k, b) in enumerate(heads):
        if b.level < 2:
            continue
        end = len(doc.lines)
        for _, later in heads[n + 1:]:
            if later.level <= b.level:
                end = later.start
                break
        out.append((k, b.start, end))
    return out


def _dup_section(doc: Doc, rng: random.Random, near: bool) -> tuple[list[str], list[Expected]] | None:
    ok = []
    for k, start, end in _sections(doc):
        body = [b for b in doc.blocks[k + 1:] if b.start < end]
        while end > start and not doc.lines[end - 1].strip():
            end -= 1
        if not 2 <= end - start <= 40 or any(n in doc.containers for n in range(start, end)):
            continue
        if any(b.kind in ("html", "table") for b in body) or not any(is_prose(doc, b, 20) for b in body):
            continue
        ok.append((k, start, end))
    if not ok:
        return None
    k, start, end = rng.choice(ok)
    copy = doc.lines[start:end]
    if near:
        paras = [b for b in doc.blocks[k + 1:] if b.start < end and is_prose(doc, b, 20)]
        b = rng.choice(paras)
        variant = near_variant(doc.lines[b.start:b.end], rng)
        if variant is None:
            return None
        copy = copy[:b.start - start] + variant + copy[b.end - start:]
    lines, at = _insert_after(doc.lines, end, copy)
    return lines, [Expected(frozenset({"S101"}), at + 1)]


def _sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。！？]*[。！？]", text) if s.strip()]


def _seam(doc: Doc, rng: random.Random) -> tuple[list[str], list[Expected]] | None:
    sites = set(prose(doc, 20))
    pairs = []
    for i in sorted(sites):
        j = _visible(doc, i, 1)
        if j in sites:
            b = doc.blocks[i]
            sents = _sentences("".join(s.strip() for s in doc.lines[b.start:b.end]))
            if sents and len(sents[-1].strip()) >= 12 and _balanced(sents[-1]):
                pairs.append((i, sents[-1].strip()))
    if not pairs:
        return None
    i, sentence = rng.choice(pairs)
    nxt = doc.blocks[_visible(doc, i, 1) or 0]
    lines = list(doc.lines)
    first = lines[nxt.start]
    lead = len(first) - len(first.lstrip())
    lines[nxt.start] = first[:lead] + sentence + first[lead:]
    return lines, [Expected(SEAM_CODES, nxt.start + 1)]


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING_ID = re.compile(r"\s*\{#[^}]*\}\s*$")


def _flat_text(doc: Doc, upto: int) -> tuple[str, int]:
    """Headings, paragraphs and list items of blocks[:upto] run together on one line; block count."""
    parts = []
    for b in doc.blocks[:upto]:
        if any(n in doc.containers for n in range(b.start, b.end)):
            continue
        if b.kind == "heading":
            parts.append(_HEADING_ID.sub("", doc.lines[b.start].lstrip("#").strip()))
        elif b.kind == "paragraph":
            parts.append("".join(s.strip() for s in doc.lines[b.start:b.end]))
        elif b.kind == "list":
            parts.append("".join(_LIST_ITEM.sub("", s).strip() for s in doc.lines[b.start:b.end]))
    return " ".join(p for p in parts if p), len(parts)


def _flat(doc: Doc, rng: random.Random) -> tuple[list[str], list[Expected]] | None:
    sites = prose(doc, 40)
    heads = [k for k, b in enumerate(doc.blocks) if b.kind == "heading"]
    if len(heads) < 3 or len(sites) < 3:
        return None
    # the pasted text: from the start up to a section boundary holding at least 2 headings and 400 characters
    bounds = [k for k in heads[2:] if _flat_text(doc, k)[1] >= 4 and len(_flat_text(doc, k)[0]) >= 400]
    if not bounds:
        return None
    upto = rng.choice(bounds[:4])
    text, _ = _flat_text(doc, upto)
    if _LIST_ITEM.match(text) or text.startswith(("#", ">", "<", "|")) or text.count("`") % 2:
        return None
    later = [j for j in sites if j >= upto]
    if not later:
        return None
    j = rng.choice(later)
    lines, at = _insert_after(doc.lines, doc.blocks[j].end, [text])
    return lines, [Expected(DUP_CODES, at + 1)]


def _cut_block(doc: Doc, lines: list[str], b: Block, rng: random.Random, how: str) -> int | None:
    """Cut the last line of paragraph ``b`` in ``lines`` (in place); the 0-based cut line or None."""
    n = b.end - 1
    pts = cut_points(lines[n], how)
    if not pts and how == "either":
        first = rng.choice(("word", "sentence"))
        pts = cut_points(lines[n], first) or cut_points(lines[n], "sentence" if first == "word" else "word")
    if not pts:
        return None
    lines[n] = lines[n][:rng.choice(pts)]
    return n


def _kind(doc: Doc, i: int | None) -> str:
    return "" if i is None else doc.blocks[i].kind


def _cut(doc: Doc, rng: random.Random, how: str, where: str) -> tuple[list[str], list[Expected]] | None:
    sites = prose(doc, 30)
    if where == "after-code":
        sites = [i for i in sites if _kind(doc, _visible(doc, i, -1)) == "fence"]
    elif where == "after-list":
        sites = [i for i in sites if _kind(doc, _visible(doc, i, -1)) == "list"]
    elif where == "eof":
        sites = sites[-1:]
    elif where == "middle":
        sites = sites[:-1]
    rng.shuffle(sites)
    for i in sites:
        b = doc.blocks[i]
        lines = list(doc.lines)
        n = _cut_block(doc, lines, b, rng, how)
        if n is None:
            continue
        if where == "eof":
            lines = lines[:n + 1] + [""]
        expected = [Expected(frozenset({"S103"}), n + 1)]
        if where == "before-marker":
            lines, at = _insert_after(lines, b.end, [MARKER])
            expected.append(Expected(frozenset({"S104"}), at + 1))
        return lines, expected
    return None


def _marker(doc: Doc, rng: random.Random, glued: bool) -> tuple[list[str], list[Expected]] | None:
    i = _pick(rng, prose(doc, 30))
    if i is None:
        return None
    b = doc.blocks[i]
    if glued:
        lines = list(doc.lines)
        lines[b.end - 1] = lines[b.end - 1].rstrip() + " " + MARKER
        return lines, [Expected(frozenset({"S104"}), b.end)]
    lines, at = _insert_after(doc.lines, b.end, [MARKER])
    return lines, [Expected(frozenset({"S104"}), at + 1)]


def _setext(doc: Doc, rng: random.Random) -> tuple[list[str], list[Expected]] | None:
    i = _pick(rng, prose(doc, 30))
    if i is None:
        return None
    b = doc.blocks[i]
    lines = doc.lines[:b.end] + ["---"] + doc.lines[b.end:]
    return lines, [Expected(frozenset({"S104"}), b.end + 1)]


def _conflict(doc: Doc, rng: random.Random) -> tuple[list[str], list[Expected]] | None:
    sites = prose(doc, 40)
    rng.shuffle(sites)
    for i in sites:
        b = doc.blocks[i]
        ours = doc.lines[b.start:b.end]
        theirs = near_variant(ours, rng)
        if theirs is None:
            continue
        new = ["<<<<<<< Updated upstream"] + ours + ["", "======="] + theirs + [">>>>>>> Stashed changes"]
        lines = doc.lines[:b.start] + new + doc.lines[b.end:]
        top = b.start + 1
        mid = b.start + 1 + len(ours) + 2
        bottom = mid + len(theirs) + 1
        return lines, [Expected(frozenset({"S106"}), top), Expected(frozenset({"S106"}), mid),
                       Expected(frozenset({"S106"}), bottom)]
    return None


_KINDS: dict[str, Injector] = {
    "dup-para-exact": lambda d, r: _dup_para(d, r, near=False),
    "dup-para-near": lambda d, r: _dup_para(d, r, near=True),
    "dup-section-exact": lambda d, r: _dup_section(d, r, near=False),
    "dup-section-near": lambda d, r: _dup_section(d, r, near=True),
    "seam": _seam,
    "flat": _flat,
    "cut-word": lambda d, r: _cut(d, r, "word", "middle"),
    "cut-sentence": lambda d, r: _cut(d, r, "sentence", "middle"),
    "cut-after-code": lambda d, r: _cut(d, r, "either", "after-code"),
    "cut-after-list": lambda d, r: _cut(d, r, "either", "after-list"),
    "cut-eof": lambda d, r: _cut(d, r, "either", "eof"),
    "cut-before-marker": lambda d, r: _cut(d, r, "either", "before-marker"),
    "marker-own-line": lambda d, r: _marker(d, r, glued=False),
    "marker-glued": lambda d, r: _marker(d, r, glued=True),
    "setext": _setext,
    "conflict": _conflict,
}

KINDS: tuple[str, ...] = tuple(_KINDS)


def inject(text: str, kind: str, rng: random.Random) -> Injection | None:
    """The document with one defect of ``kind``, or None when it has no site for it."""
    doc = read(text)
    made = _KINDS[kind](doc, rng)
    if made is None:
        return None
    lines, expected = made
    return Injection(kind, _join(lines), tuple(expected))
