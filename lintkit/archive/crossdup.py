"""S108 cross-duplicate: paragraphs and sections repeated across the files of one run.

The work is split the way the archive runner is:

``CrossDuplicate.fingerprint(doc, ctx)`` (lintkit/rules/cross.py; per file, in the worker process)
    The file's comparable units, compactly: the normalized text of each
    piece (S102's units, and the headings), and for each unit (a paragraph,
    list item, table or quote; or a section: heading + body) an exact hash
    and 16 LSH band keys of a one-permutation MinHash over character 4-grams.
    End matter (the affiliate disclaimer, the end-matter sections:
    "あわせて読みたい", CTA, book lists) is left out here, found by the
    analysis S105 uses, with S105's markers (``lintkit.analysis.end_matter``).
    The file's suppression comments travel with it, so that the findings
    are filtered by the ordinary suppression path (``suppression.build``).

``cross_duplicates(files, ...)`` (once per run, in the parent: ``CrossDuplicate.finish``)
    Exact groups by hash; near duplicates from the band keys: one band at a
    time (so memory stays one dict of keys), units sharing a bucket are
    compared with rapidfuzz against at most ``LEADERS`` leaders of that
    bucket (never all pairs), and matches are joined with union-find. A
    cluster found in a large share of the files (``boilerplate-share``, at
    least ``boilerplate-min-files``) is boilerplate and not reported. Each
    other file's first occurrence is reported once, pointing to the other
    files in ``related``; a paragraph inside a reported section is not
    reported again.

The LSH parameters (4-grams, 32 bins, bands of 2) find 97-98 % of pairs at
similarity 0.90 when the edits are spread uniformly at random (the worst
case; real rewrites, which change whole words, share more 4-grams), and
the candidates they yield on the sample corpus are tens of thousands, not
the hundreds of millions of all pairs.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from rapidfuzz import fuzz

from lintkit.finding import Finding, Related
from lintkit.meta import RuleMeta
from lintkit.similarity import length_bound
from lintkit.suppression import Directive

if TYPE_CHECKING:  # numpy is imported where it is used (a one-file run never loads it)
    import numpy as np
    from numpy.typing import NDArray

CODE = "S108"
FOOTER_CODE = "S105"  # whose markers say where the end matter is
PARAGRAPH = "paragraph"
SECTION = "section"

SHINGLE = 4  # characters per shingle
BINS = 32  # one-permutation MinHash bins
ROWS = 2  # bins per LSH band
BANDS = BINS // ROWS
LEADERS = 8  # comparisons per unit and bucket, at most
MAX_RELATED = 10

_EMPTY = (1 << 27) - 1  # an empty bin (values are 27 bits)
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)  # odd: one per shingle character
_FMIX = (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)  # MurmurHash3 fmix64
_STEP = 4 * SHINGLE  # a shingle in UTF-32 bytes
_BATCH = 1 << 20  # characters hashed in one numpy pass (~50 MB of temporary arrays)
DIGEST = 12  # bytes of the exact hash at the start of a unit's signature
SIGNATURE = DIGEST + 8 * BANDS
_SEP = "\x1f"  # between pieces in FileFingerprint.text (normalized text never holds a control character)
_ZERO_KEY = bytes(8)


# ---------------------------------------------------------------- options


@dataclass(frozen=True, slots=True)
class CrossOptions:
    threshold: float = 0.9
    min_length: int = 20
    section_min_length: int = 150
    boilerplate_share: float = 0.1
    boilerplate_min_files: int = 5
    markers: tuple[str, ...] = ()  # a block holding one is end matter (the disclaimer)
    section_markers: tuple[str, ...] = ()  # a heading holding one starts end matter

    @classmethod
    def of(cls, options: Callable[[str], Mapping[str, Any]]) -> "CrossOptions":
        """From the run's options (``RunContext.rule_options``): S108's own and S105's markers."""
        own, footer = options(CODE), options(FOOTER_CODE)
        extra = tuple(own.get("boilerplate-markers", ()))
        return cls(
            threshold=float(own.get("threshold", 0.9)),
            min_length=int(own.get("min-length", 20)),
            section_min_length=int(own.get("section-min-length", 150)),
            boilerplate_share=float(own.get("boilerplate-share", 0.1)),
            boilerplate_min_files=int(own.get("boilerplate-min-files", 5)),
            markers=tuple(footer.get("markers", ())) + extra,
            section_markers=tuple(footer.get("section-markers", ())) + extra,
        )


# ---------------------------------------------------------------- per file


class Unit(NamedTuple):
    """A paragraph or a section of one file. Lines are 0-based, ``end_line`` inclusive."""

    kind: str  # PARAGRAPH | SECTION
    line: int
    column: int
    end_line: int
    end_column: int
    first: int  # the unit's text is "\n".join(pieces[first:last])
    last: int
    signature: bytes  # DIGEST bytes of hash of the normalized text, then BANDS LSH keys (array('Q'), 0 = empty)
    label: str  # a section's heading as written; "" for a paragraph

    @property
    def exact(self) -> bytes:
        return self.signature[:DIGEST]


class FileFingerprint(NamedTuple):
    """What a worker sends back for S108: compact, since the parent holds one per file."""

    text: bytes  # zlib of the normalized pieces (paragraphs and headings) joined by _SEP, UTF-8
    units: tuple[Unit, ...]
    directives: tuple[Directive, ...] = ()  # the file's suppression comments (usually none)
    lines: int = 0  # the file's line count (suppression scopes end at the last line)

    @classmethod
    def of(cls, pieces: Sequence[str], units: Sequence[Unit], directives: Sequence[Directive] = (),
           lines: int = 0) -> "FileFingerprint":
        return cls(zlib.compress(_SEP.join(pieces).encode("utf-8"), 1), tuple(units), tuple(directives), lines)

    def pieces(self) -> tuple[str, ...]:
        raw = zlib.decompress(self.text).decode("utf-8")
        return tuple(raw.split(_SEP)) if raw else ()


def signature(text: str, mins: Sequence[int]) -> bytes:
    """The exact hash of a normalized text followed by the LSH keys of its MinHash."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=DIGEST).digest() + _band_keys(mins)


def signatures(texts: Sequence[str], mins: "NDArray[np.uint64]") -> list[bytes]:
    """``signature(texts[k], mins[k])`` for each text, with the band keys of all of them in one numpy pass
    (``mins``: one row of ``BINS`` values per text, as :func:`minhash_array` gives)."""
    keys = band_keys(mins).tobytes()
    step = 8 * BANDS
    return [hashlib.blake2b(t.encode("utf-8"), digest_size=DIGEST).digest() + keys[k * step : (k + 1) * step]
            for k, t in enumerate(texts)]


def minhashes(pieces: Sequence[str]) -> list[list[int]]:
    """One-permutation MinHash of each text (``BINS`` values of 27 bits; ``_EMPTY`` for an empty bin).

    Shingles are the character 4-grams of a text (a shorter text is padded
    with NULs to one shingle). Each shingle's code points are mixed into 64
    bits (a multiply-add of the four, then the MurmurHash3 finalizer); of
    the top 32 bits, the low 5 choose the bin and the other 27 are the
    value (the smallest in its bin is kept). The texts of a document go through numpy together, in batches of
    at most ``_BATCH`` characters (a text longer than that in overlapping
    windows, their minima merged), so memory stays bounded on a hostile
    file: one pass over the characters instead of a Python call per shingle
    (5x faster on an article's ~80 paragraphs). numpy is imported on first
    use, so that a one-file run (no S108) never loads it.
    """
    rows: list[list[int]] = minhash_array(pieces).tolist()
    return rows


def minhash_array(pieces: Sequence[str]) -> "NDArray[np.uint64]":
    """:func:`minhashes` as a numpy array: one row of ``BINS`` values per text."""
    import numpy as np

    out = np.empty((len(pieces), BINS), dtype=np.uint64)
    batch: list[int] = []
    held = 0
    for i, text in enumerate(pieces):
        if len(text) > _BATCH:
            merged = np.full(BINS, _EMPTY, dtype=np.uint64)
            for lo in range(0, len(text) - SHINGLE + 1, _BATCH):
                merged = np.minimum(merged, _minhash_array([text[lo : lo + _BATCH + SHINGLE - 1]])[0])
            out[i] = merged
            continue
        batch.append(i)
        held += len(text)
        if held >= _BATCH:
            out[batch] = _minhash_array([pieces[k] for k in batch])
            batch, held = [], 0
    if batch:
        out[batch] = _minhash_array([pieces[k] for k in batch])
    return out


def _minhash_batch(pieces: Sequence[str]) -> list[list[int]]:
    """``minhashes`` of a few texts at once (all of them in memory as 8-byte numbers, several times)."""
    rows: list[list[int]] = _minhash_array(pieces).tolist()
    return rows


def _minhash_array(pieces: Sequence[str]) -> "NDArray[np.uint64]":
    import numpy as np

    if not pieces:
        return np.empty((0, BINS), dtype=np.uint64)
    raw = [p.encode("utf-32-le").ljust(_STEP, b"\0") for p in pieces]
    count = len(raw)
    lens = np.fromiter((len(r) // 4 for r in raw), dtype=np.int64, count=count)
    codes = np.frombuffer(b"".join(raw), dtype="<u4").astype(np.uint64)
    n = codes.size - SHINGLE + 1  # shingles starting anywhere, then those crossing two texts are dropped
    with np.errstate(over="ignore"):
        h = codes[:n] * np.uint64(_MIX[0])
        for k in range(1, SHINGLE):
            h += codes[k : k + n] * np.uint64(_MIX[k])
        h ^= h >> np.uint64(33)
        h *= np.uint64(_FMIX[0])
        h ^= h >> np.uint64(33)
        h *= np.uint64(_FMIX[1])
        h ^= h >> np.uint64(33)
    top = h >> np.uint64(32)
    owner = np.repeat(np.arange(count, dtype=np.int64), lens)[:n]
    valid = np.arange(n, dtype=np.int64) - (np.cumsum(lens) - lens)[owner] <= lens[owner] - SHINGLE
    top = top[valid]
    # the smallest value of each (text, bin): one unbuffered minimum into the text's row (no sort)
    cell = owner[valid] * BINS + (top & np.uint64(BINS - 1)).astype(np.int64)
    out = np.full(count * BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(out, cell, top >> np.uint64(5))
    return out.reshape(count, BINS)


def _band_keys(mins: Sequence[int]) -> bytes:
    """One 64-bit key per band of ``ROWS`` (2) bins: band number, then the two values; 0 for two empty bins."""
    return array("Q", [((band + 1) << 54) | (a << 27) | b if a != _EMPTY or b != _EMPTY else 0
                       for band, a, b in zip(range(BANDS), mins[0::ROWS], mins[1::ROWS])]).tobytes()


def band_keys(mins: "NDArray[np.uint64]") -> "NDArray[np.uint64]":
    """:func:`_band_keys` of each row of ``mins`` at once: an array of ``BANDS`` keys per row, native byte
    order like ``array("Q")``."""
    import numpy as np

    a, b = mins[:, 0::ROWS], mins[:, 1::ROWS]
    bands = np.arange(1, BANDS + 1, dtype=np.uint64) << np.uint64(54)
    keys = bands | (a << np.uint64(27)) | b
    keys[(a == np.uint64(_EMPTY)) & (b == np.uint64(_EMPTY))] = 0
    return np.ascontiguousarray(keys, dtype=np.uint64)


# ---------------------------------------------------------------- per run


@dataclass(frozen=True, slots=True)
class Occurrence:
    path: str
    line: int  # 0-based
    end_line: int  # 0-based, inclusive


@dataclass(frozen=True, slots=True)
class Cluster:
    """A paragraph or section found in several files (first occurrence first, one per file)."""

    id: int
    kind: str
    label: str  # a section's heading
    occurrences: tuple[Occurrence, ...]
    similarity: float  # the lowest similarity of an occurrence to the one it was matched with
    boilerplate: bool  # in so many files that it is boilerplate: not reported


@dataclass(frozen=True, slots=True)
class CrossResult:
    findings: tuple[Finding, ...]
    clusters: tuple[Cluster, ...]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller index stays the root: roots are deterministic
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


class _Occ(NamedTuple):
    file: int  # index in path order
    unit: Unit


def cross_duplicates(files: Sequence[tuple[str, FileFingerprint]], options: CrossOptions, meta: RuleMeta,
                     lang: str = "ja", suppressed: Callable[[Finding], bool] | None = None,
                     archive: Sequence[tuple[str, FileFingerprint]] = ()) -> CrossResult:
    """S108 over the fingerprints of every file of a run (any order; path order is used).

    ``suppressed``: whether a finding is suppressed by a comment in its file; a suppressed
    occurrence still counts (and still covers its paragraphs), it is only not reported.
    ``archive``: fingerprints of posts that are compared but not checked (``cross-duplicate.archive``):
    they come before the checked files (the old post is the original, the checked one the repeat),
    nothing is reported in them, and a cluster only among them is not reported at all.
    """
    ordered = sorted(archive, key=lambda item: item[0]) + sorted(files, key=lambda item: item[0])
    checked_from = len(archive)  # file indexes below this are the archive's
    paths = [p for p, _ in ordered]
    fps = [fp for _, fp in ordered]
    bound = max(options.boilerplate_min_files, _ceil(options.boilerplate_share * len(paths)))
    clusters: list[tuple[str, list[_Occ], float]] = []
    text_of = _Texts(fps)
    for kind in (SECTION, PARAGRAPH):
        occs = [_Occ(f, u) for f, fp in enumerate(fps) for u in fp.units if u.kind == kind]
        clusters.extend((kind, members, sim) for members, sim in _cluster(occs, text_of, options.threshold,
                                                                          checked_from))
    return _report(clusters, paths, text_of, bound, lang, meta, suppressed, checked_from)


def _ceil(x: float) -> int:
    n = int(x)
    return n if n >= x else n + 1


class _Texts:
    """Normalized texts of units, decompressed a file at a time (the most recent files kept)."""

    def __init__(self, fps: Sequence[FileFingerprint]) -> None:
        self.fps = fps
        self.pieces = lru_cache(maxsize=256)(self._pieces)

    def _pieces(self, file: int) -> tuple[str, ...]:
        return self.fps[file].pieces()

    def __call__(self, occ: _Occ) -> str:
        pieces = self.pieces(occ.file)
        u = occ.unit
        return pieces[u.first] if u.last == u.first + 1 else "\n".join(pieces[u.first : u.last])


def _cluster(occs: list[_Occ], text_of: _Texts, threshold: float,
             checked_from: int = 0) -> Iterable[tuple[list[_Occ], float]]:
    """Groups of occurrences (from two files or more) that are exact or near duplicates.

    With an archive (files below ``checked_from``), near duplicates are looked for only in the LSH
    buckets that hold a unit of a checked file: nothing is reported among archive files, so the
    archive is not compared with itself on every run (exact copies are still grouped across the whole
    archive, so a block repeated in many posts still counts as boilerplate)."""
    n = len(occs)
    uf = _UnionFind(n)
    first_of: dict[bytes, int] = {}
    reps: list[int] = []
    anchored: set[int] = set()  # representatives of exact groups that hold a unit of a checked file
    for i, occ in enumerate(occs):
        j = first_of.setdefault(occ.unit.exact, i)
        if j == i:
            reps.append(i)
        else:
            uf.union(j, i)
        if occ.file >= checked_from:
            anchored.add(j)
    lowest: dict[int, float] = {}  # root → lowest similarity of a near match joined into it
    texts: dict[int, str] = {}

    def text(i: int) -> str:
        t = texts.get(i)
        if t is None:
            t = texts[i] = text_of(occs[i])
        return t

    cutoff = threshold * 100 - 1e-9
    in_band = _anchored_bands(occs, reps, anchored) if checked_from else None
    for band in range(BANDS):
        lo = DIGEST + 8 * band
        hi = lo + 8
        buckets: dict[bytes, list[int]] = {}
        for i in (reps if in_band is None else in_band(band)):
            key = occs[i].unit.signature[lo:hi]
            if key != _ZERO_KEY:
                buckets.setdefault(key, []).append(i)
        for members in buckets.values():
            if len(members) < 2 or (checked_from and not any(m in anchored for m in members)):
                continue
            leaders: list[int] = []
            for x in members:
                joined = False
                tx = text(x)
                for y in leaders:
                    if uf.find(x) == uf.find(y):
                        joined = True
                        break
                    if occs[x].file == occs[y].file:
                        continue  # within one file: S101/S102's business
                    ty = text(y)
                    if length_bound(len(tx), len(ty)) < threshold:
                        continue
                    score = fuzz.ratio(tx, ty, score_cutoff=cutoff)
                    if score:
                        rx, ry = uf.find(x), uf.find(y)
                        low = min(score / 100.0, lowest.get(rx, 1.0), lowest.get(ry, 1.0))
                        uf.union(x, y)
                        lowest[uf.find(x)] = low
                        joined = True
                        break
                if not joined and len(leaders) < LEADERS:
                    leaders.append(x)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    for root, members in groups.items():
        if len(members) < 2 or len({occs[i].file for i in members}) < 2:
            continue
        yield [occs[i] for i in members], lowest.get(root, 1.0)


def _anchored_bands(occs: list[_Occ], reps: list[int], anchored: set[int]) -> Callable[[int], list[int]]:
    """For an archive run: ``band -> the representatives whose key in that band is also the key of an
    anchored one`` (in ``reps`` order), so that only the buckets ``_cluster`` compares are built (one
    numpy pass per band instead of a dict entry per archive unit and band)."""
    import numpy as np

    keys = np.frombuffer(b"".join(occs[i].unit.signature[DIGEST:] for i in reps), dtype=np.uint64)
    keys = keys.reshape(len(reps), BANDS)
    mine = np.fromiter((i in anchored for i in reps), dtype=bool, count=len(reps))

    def in_band(band: int) -> list[int]:
        column = keys[:, band]
        wanted = np.unique(column[mine])
        rows = np.nonzero(np.isin(column, wanted[wanted != 0]))[0]
        return [reps[r] for r in rows.tolist()]

    return in_band


def _report(clusters: list[tuple[str, list[_Occ], float]], paths: list[str], text_of: _Texts,
            bound: int, lang: str, meta: RuleMeta, suppressed: Callable[[Finding], bool] | None,
            checked_from: int = 0) -> CrossResult:
    # one occurrence per file (its first), clusters in order of their first occurrence
    shaped: list[tuple[str, list[_Occ], float]] = []
    for kind, members, sim in clusters:
        per_file: dict[int, _Occ] = {}
        for occ in sorted(members, key=lambda o: (o.file, o.unit.line)):
            per_file.setdefault(occ.file, occ)
        shaped.append((kind, list(per_file.values()), sim))
    shaped.sort(key=lambda c: (c[1][0].file, c[1][0].unit.line, c[0] != SECTION))
    result_clusters: list[Cluster] = []
    candidates: list[tuple[int, Unit, int]] = []  # (file, unit, cluster position in ``shaped``)
    sections_reported: dict[int, list[tuple[int, int]]] = {}
    involved: set[int] = set()  # clusters with an occurrence in a checked file
    for cid, (kind, occs, sim) in enumerate(shaped, start=1):
        boilerplate = len(occs) >= bound
        origin = occs[0]
        if occs[-1].file >= checked_from:
            involved.add(cid)
        result_clusters.append(Cluster(
            cid, kind, origin.unit.label,
            tuple(Occurrence(paths[o.file], o.unit.line, o.unit.end_line) for o in occs), sim, boilerplate))
        if not boilerplate:
            candidates.extend((later.file, later.unit, cid - 1) for later in occs[1:] if later.file >= checked_from)
    # one finding per defect: nothing inside a section already reported in the same file (decided before
    # the findings are made: in an archive of copies, half the candidates are paragraphs of such sections)
    findings: list[Finding] = []
    candidates.sort(key=lambda c: (c[0], c[1].line, -c[1].end_line, c[1].kind != SECTION))
    same_text = meta.message("related", lang)  # one string for every related place
    for file, unit, k in candidates:
        ranges = sections_reported.setdefault(file, [])
        if any(lo <= unit.line <= hi for lo, hi in ranges):
            continue
        if unit.kind == SECTION:
            ranges.append((unit.line, unit.end_line))
        kind, occs, _ = shaped[k]
        later = next(o for o in occs if o.file == file)
        finding = _finding(k + 1, kind, occs, later, paths, text_of, same_text, lang, meta)
        if suppressed is None or not suppressed(finding):
            findings.append(finding)
    # the clusters a reader needs: those reported somewhere, and the boilerplate left out
    shown = {f.data["cluster"] for f in findings}
    kept = tuple(c for c in result_clusters if (c.boilerplate and c.id in involved) or c.id in shown)
    return CrossResult(tuple(findings), kept)


def _finding(cid: int, kind: str, occs: list[_Occ], later: _Occ, paths: list[str], text_of: _Texts,
             same_text: str, lang: str, meta: RuleMeta) -> Finding:
    """The S108 finding of one later occurrence of a cluster (one occurrence per file, first file first)."""
    best, score = _best_match(text_of, later, [o for o in occs if o.file < later.file])
    others = [o for o in occs if o is not later]
    others.sort(key=lambda o: o is not best)
    related = tuple(Related(paths[o.file], o.unit.line, o.unit.column, same_text) for o in others[:MAX_RELATED])
    u = later.unit
    key = "section" if kind == SECTION else "default"
    args = {"count": len(occs) - 1, "path": paths[best.file], "line": best.unit.line + 1,
            "similarity": score, "heading": u.label}
    return Finding(
        path=paths[later.file], code=meta.code, rule=meta.name, severity=meta.severity,
        line=u.line, column=u.column, end_line=u.end_line, end_column=u.end_column,
        message=meta.message(key, lang, **args), related=related,
        data={"cluster": cid, "kind": kind, "files": len(occs), "similarity": round(score, 4)},
    )


def _best_match(text_of: _Texts, later: _Occ, earlier: list[_Occ]) -> tuple[_Occ, float]:
    """The earlier occurrence most similar to ``later`` (exact first), and the similarity."""
    for o in earlier:
        if o.unit.exact == later.unit.exact:
            return o, 1.0
    text = text_of(later)
    best, score = earlier[0], -1.0
    for o in earlier[:MAX_RELATED]:
        s = fuzz.ratio(text, text_of(o)) / 100.0
        if s > score:
            best, score = o, s
    return best, score
