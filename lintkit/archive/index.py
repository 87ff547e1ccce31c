"""S108's archive (``cross-duplicate.archive: <dir>``): every post of a directory, as fingerprints.

With the option set, S108 compares the checked files not only with each other but with every post of
the archive (lintkit/rules/cross.py, ``CrossDuplicate.finish(..., archive=...)``), so that a new post
repeating an old one is reported even when only the new post is checked (the pre-commit hook passes
only the staged files).

The index lives in the result cache (``<cache>/<version>/archive/<key>.json.z``, one per archive
directory and run key: what decides a fingerprint is the configuration, as for any cache entry). Each
entry is a file's path relative to the archive, its size, mtime and inode, the digest of its bytes and
its S108 fingerprint. A run stats every file of the archive and

- reuses the entry of a file whose size, mtime and inode are unchanged (the file is not read);
- reads a file whose stat changed: same digest, the entry is kept (stat refreshed); another digest,
  or a new file, it is fingerprinted again (in worker processes with ``-j N``, as files are checked);
- drops the entries of files that are gone.

The index is written back (atomically) only when something changed. Without a cache (``--no-cache``)
the index is built in memory for the run. A file of the archive that is also checked is compared as
checked (its archive entry is left out of the run), so a post is never compared with itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from lintkit.archive import parallel
from lintkit.archive.cache import Cache, Invalid, digest, directives_from_json, directives_to_json
from lintkit.archive.crossdup import PARAGRAPH, SECTION, SIGNATURE, FileFingerprint, Unit
from lintkit.config import Config
from lintkit.discover import discover
from lintkit.errors import ConfigError, LintkitError
from lintkit.messages import msg
from lintkit.source import read_bytes

FORMAT = 2  # 2: fingerprints in columns (one base64 blob of signatures per file)
OPTION = "archive"  # S108's option naming the directory


@dataclass(frozen=True)
class IndexStats:
    """What one run did with the archive index (``RunResult.archive``)."""

    directory: str
    files: int  # archive files compared (the checked ones left out)
    reused: int  # unchanged stat: not read
    rehashed: int  # stat changed, same bytes: read, not fingerprinted
    fingerprinted: int  # new or changed files: fingerprinted in this run
    dropped: int  # entries of files no longer in the archive
    persisted: bool  # the index is kept in the cache (False with --no-cache)


def directory_of(config: Config, value: str) -> Path:
    """The archive directory named by the option (relative to the configuration file's directory);
    ConfigError naming it when it is not a directory."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = config.root / path
    if not path.is_dir():
        raise ConfigError(config.path or "<configuration>", msg("archive.not-dir", dir=str(path)),
                          key="rules.cross-duplicate.archive")
    return path


def _shown(path: Path) -> str:
    """How an archive file is named in findings: relative to the current directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith(os.pardir) else str(path)


def _stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


def _index_file(cache: Cache, directory: Path) -> Path:
    name = hashlib.sha256(f"{cache.key}\0{directory.resolve()}".encode("utf-8", "surrogateescape")).hexdigest()
    return cache.base / "archive" / f"{name[:40]}.json.z"


def _fingerprint_to_json(fp: FileFingerprint) -> list[object]:
    """A fingerprint in columns: one base64 blob for all the unit signatures, the numbers in one flat list
    (a cache entry's form takes ~3x longer to read back for a whole archive)."""
    units = fp.units
    return [base64.b64encode(fp.text).decode("ascii"),
            "".join("s" if u.kind == SECTION else "p" for u in units),
            [x for u in units for x in (u.line, u.column, u.end_line, u.end_column, u.first, u.last)],
            [u.label for u in units],
            base64.b64encode(b"".join(u.signature for u in units)).decode("ascii"),
            directives_to_json(fp.directives), fp.lines]


def _fingerprint_from_json(d: object) -> FileFingerprint:
    """Back from ``_fingerprint_to_json``, checked as a cache entry is (Invalid, ValueError, TypeError...)."""
    if not isinstance(d, list) or len(d) != 7:
        raise Invalid("bad fingerprint")
    text_b64, kinds, flat, labels, sigs_b64, directives, lines = d
    if not (isinstance(text_b64, str) and isinstance(kinds, str) and isinstance(flat, list)
            and isinstance(labels, list) and isinstance(sigs_b64, str) and type(lines) is int):
        raise Invalid("bad fingerprint")
    text = base64.b64decode(text_b64, validate=True)
    count = len(FileFingerprint(text, ()).pieces())  # also proves the text decompresses and decodes
    sigs = base64.b64decode(sigs_b64, validate=True)
    n = len(kinds)
    if len(flat) != 6 * n or len(labels) != n or len(sigs) != n * SIGNATURE or set(kinds) - {"s", "p"} \
            or not all(type(x) is int for x in flat) or not all(isinstance(x, str) for x in labels):
        raise Invalid("bad units")
    units = []
    for k in range(n):
        line, column, end_line, end_column, first, last = flat[6 * k: 6 * k + 6]
        if not 0 <= first < last <= count:
            raise Invalid("bad unit")
        units.append(Unit(SECTION if kinds[k] == "s" else PARAGRAPH, line, column, end_line, end_column, first, last,
                          sigs[k * SIGNATURE: (k + 1) * SIGNATURE], labels[k]))
    return FileFingerprint(text, tuple(units), directives_from_json(directives), lines)


def _load(file: Path, directory: Path, key: str) -> dict[str, tuple[tuple[int, int, int], str, FileFingerprint]]:
    try:
        raw = json.loads(zlib.decompress(file.read_bytes()).decode("utf-8", "surrogatepass"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("key") != key \
                or raw.get("directory") != str(directory.resolve()) or not isinstance(raw.get("entries"), dict):
            return {}
        out = {}
        for rel, (size, mtime, ino, dig, fp) in raw["entries"].items():
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (size, mtime, ino)) \
                    or not isinstance(dig, str):
                return {}
            out[str(rel)] = ((size, mtime, ino), dig, _fingerprint_from_json(fp))
        return out
    except (OSError, ValueError, TypeError, KeyError, IndexError, Invalid, zlib.error, UnicodeDecodeError):
        return {}  # no index, or one that cannot be trusted: built again


def _save(cache: Cache, file: Path, directory: Path,
          entries: dict[str, tuple[tuple[int, int, int], str, FileFingerprint]]) -> None:
    data = {
        "format": FORMAT, "key": cache.key, "directory": str(directory.resolve()),
        "entries": {rel: [*st, dig, _fingerprint_to_json(fp)] for rel, (st, dig, fp) in sorted(entries.items())},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    cache.write_file(file, zlib.compress(text.encode("utf-8", "surrogatepass"), 6))


def archive_fingerprints(directory: Path, checker: parallel.Checker, factory: parallel.CheckerFactory, *,
                         cache: Cache | None, jobs: int, checked: Sequence[str]
                         ) -> tuple[list[tuple[str, FileFingerprint]], IndexStats]:
    """The fingerprints of the archive's posts (minus the ``checked`` files), from the index where it can.

    ``checker`` fingerprints a file (``engine.FingerprintPlan``: only the run rules' fingerprints),
    ``factory`` builds one in each worker process.
    """
    found = discover([_shown(directory)], checker.config.exclude)
    index_file = _index_file(cache, directory) if cache is not None else None
    old = _load(index_file, directory, cache.key) if cache is not None and index_file is not None else {}
    entries: dict[str, tuple[tuple[int, int, int], str, FileFingerprint]] = {}
    shown: dict[str, str] = {}  # archive-relative path -> path in findings
    todo: list[tuple[str, str, tuple[int, int, int], str]] = []  # (rel, shown path, stat, digest)
    reused = rehashed = 0
    root = directory.resolve()
    for path in found.files:
        rel = os.path.relpath(os.path.realpath(path), root)
        shown[rel] = path
        try:
            st = _stat_key(os.stat(path))
        except OSError:
            continue
        before = old.get(rel)
        if before is not None and before[0] == st:
            entries[rel] = before
            reused += 1
            continue
        try:
            content = digest(read_bytes(path))
        except LintkitError:
            continue  # unreadable: not compared (it is not being checked)
        if before is not None and before[1] == content:
            entries[rel] = (st, content, before[2])
            rehashed += 1
            continue
        todo.append((rel, path, st, content))
    results = parallel.check_files(checker, [t[1] for t in todo], jobs=jobs, factory=factory)
    for (rel, _, st, content), result in zip(todo, results):
        if result.fingerprint is not None and not result.errors:
            entries[rel] = (st, content, result.fingerprint)
    dropped = len(set(old) - set(entries))
    if cache is not None and index_file is not None and (todo or rehashed or dropped or len(entries) != len(old)):
        _save(cache, index_file, directory, entries)
    skip = {os.path.realpath(p) for p in checked if p != "-"}
    pairs = [(shown[rel], fp) for rel, (_, _, fp) in sorted(entries.items())
             if os.path.realpath(shown[rel]) not in skip]
    stats = IndexStats(_shown(directory), len(pairs), reused, rehashed, len(todo), dropped,
                       cache is not None and cache.writable)
    return pairs, stats


__all__ = ["IndexStats", "OPTION", "archive_fingerprints", "directory_of"]
