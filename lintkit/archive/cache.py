"""The content-hash cache: (file content, path, configuration, rules, reference data, version) → results.

Layout, like ruff's: ``<dir>/<lintkit version>/<aa>/<key>.json.z`` with a
``CACHEDIR.TAG`` and a ``.gitignore`` at the top. ``key`` is a SHA-256 of
the run key (everything that can change a file's findings besides the file:
lintkit's version and code, the rule data shipped in ``rules/``, the
configuration, the reference data and pattern packs it names) plus the path
and the digest of the file's bytes. An entry holds the file's findings, the
S108 fingerprint and the claims, as zlib-compressed JSON (the fingerprint
holds the normalized text of the file's paragraphs, which compresses well).

An entry is trusted only if it parses, names the key it was looked up by,
and every field has the expected type; anything else (a truncated write, a
hand edit, another format version) is a miss, and the entry is rewritten.
Writes are atomic (a temporary file in the same directory, then
``os.replace``), so concurrent runs never see half an entry. Results with
errors (rule crashes, unreadable files) are never cached.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable

from lintkit import __version__
from lintkit.archive.crossdup import PARAGRAPH, SECTION, SIGNATURE, FileFingerprint, Unit
from lintkit.config import Config
from lintkit.finding import Edit, Finding, Fix, Related, Severity
from lintkit.resources import rules_dir
from lintkit.suppression import Directive

FORMAT = 2  # 2: MinHash signatures from numpy (minhashes), not crc32
DEFAULT_DIR = ".lintkit_cache"
_PACKAGE = Path(__file__).resolve().parent.parent  # lintkit/
_CORE_FIELDS = frozenset({"path", "findings", "errors", "checked", "notes", "fingerprint"})
_DATA_SUFFIXES = (".yml", ".yaml", ".json", ".toml")


class Invalid(Exception):
    """A cache entry that cannot be trusted (internal: it becomes a miss)."""


def digest(data: bytes) -> str:
    """The digest of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# ---------------------------------------------------------------- the run key


def _files_under(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in suffixes)


def _hash_files(h: Any, label: str, paths: Iterable[Path], *, content: bool, base: Path | None = None) -> None:
    """Each file's name (relative to ``base`` when given: where lintkit is installed does not count), then
    its bytes (``content``) or its size and mtime."""
    for p in paths:
        name = p.relative_to(base) if base is not None and p.is_relative_to(base) else p
        h.update(f"\0{label}\0{name}\0".encode("utf-8", "surrogateescape"))
        try:
            if content:
                h.update(p.read_bytes())
            else:
                st = p.stat()
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:
            h.update(b"<unreadable>")


def run_key(config: Config, extra: str = "") -> str:
    """Everything besides a file that decides its findings, hashed."""
    h = hashlib.sha256()
    h.update(f"lintkit-cache/{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0{extra}".encode())
    # lintkit's own code, by content (an edited checkout must not reuse old results, and the same code
    # installed afresh, as on a CI runner with a restored cache, must: install times differ): ~0.7 MB, ~2 ms
    _hash_files(h, "code", sorted(_PACKAGE.rglob("*.py")), content=True, base=_PACKAGE)
    _hash_files(h, "rules", _files_under(rules_dir(), _DATA_SUFFIXES), content=True, base=rules_dir())
    for ref in config.reference:
        _hash_files(h, "reference", _files_under(Path(ref), (".yml", ".yaml")), content=True)
    for pack in config.extend_packs:
        _hash_files(h, "pack", _files_under(Path(pack), (".yml", ".yaml")), content=True)
    settings = (
        config.selection,
        sorted((code, sorted(opts.items())) for code, opts in config.rule_options.items()),
        config.lang,
        sorted(config.extra.items()),
        config.reference,
        config.extend_packs,
    )
    h.update(repr(settings).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


# ---------------------------------------------------------------- encoding


def _finding_to_json(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path, "code": f.code, "rule": f.rule, "severity": f.severity.value,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "message": f.message,
        "related": [[r.path, r.line, r.column, r.message] for r in f.related],
        "fix": None if f.fix is None else {
            "safe": f.fix.safe, "description": f.fix.description,
            "edits": [[e.start_line, e.end_line, e.replacement, e.delete] for e in f.fix.edits],
        },
        "data": dict(f.data),
    }


def _want(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Invalid(f"expected {kind}, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("expected an integer")
    return value


def _extra(value: Any, default: Any) -> Any:
    """A stored extra field (``claims``...): the type of the field's default; a list holds JSON records."""
    if default is not None and not isinstance(value, type(default)):
        raise Invalid(f"expected {type(default).__name__}, got {type(value).__name__}")
    if isinstance(value, list) and not all(isinstance(item, dict) for item in value):
        raise Invalid("expected a list of records")
    return value


def _finding_from_json(d: Any) -> Finding:
    _want(d, dict)
    fix_raw = d["fix"]
    fix = None
    if fix_raw is not None:
        _want(fix_raw, dict)
        fix = Fix(_want(fix_raw["safe"], bool), _want(fix_raw["description"], str), tuple(
            Edit(_int(e[0]), _int(e[1]), _want(e[2], str), _want(e[3], bool)) for e in _want(fix_raw["edits"], list)))
    try:
        severity = Severity(d["severity"])
    except ValueError:
        raise Invalid("bad severity") from None
    return Finding(
        path=_want(d["path"], str), code=_want(d["code"], str), rule=_want(d["rule"], str), severity=severity,
        line=_int(d["line"]), column=_int(d["column"]), end_line=_int(d["end_line"]),
        end_column=_int(d["end_column"]), message=_want(d["message"], str),
        related=tuple(Related(_want(r[0], str), _int(r[1]), _int(r[2]), _want(r[3], str))
                      for r in _want(d["related"], list)),
        fix=fix, data=_want(d["data"], dict),
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def directives_to_json(directives: Iterable[Directive]) -> list[list[Any]]:
    return [[d.kind, d.line, d.column, d.end_line, d.end_column, d.text, list(d.selectors),
             None if d.codes is None else sorted(d.codes), list(d.unknown)] for d in directives]


def _fingerprint_to_json(fp: FileFingerprint) -> dict[str, Any]:
    return {
        "text": _b64(fp.text),
        "units": [[u.kind, u.line, u.column, u.end_line, u.end_column, u.first, u.last, _b64(u.signature),
                   u.label] for u in fp.units],
        "directives": directives_to_json(fp.directives),
        "lines": fp.lines,
    }


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(_want(x, str) for x in _want(value, list))


def _directive_from_json(d: Any) -> Directive:
    _want(d, list)
    if len(d) != 9:
        raise Invalid("bad directive")
    codes = None if d[7] is None else frozenset(_strings(d[7]))
    return Directive(_want(d[0], str), _int(d[1]), _int(d[2]), _int(d[3]), _int(d[4]), _want(d[5], str),
                     _strings(d[6]), codes, _strings(d[8]))


def _fingerprint_from_json(d: Any) -> FileFingerprint:
    _want(d, dict)
    text = base64.b64decode(_want(d["text"], str), validate=True)
    count = len(FileFingerprint(text, ()).pieces())  # also proves the text decompresses and decodes
    units = []
    for u in _want(d["units"], list):
        _want(u, list)
        if len(u) != 9:
            raise Invalid("bad unit")
        sig = base64.b64decode(_want(u[7], str), validate=True)
        first, last = _int(u[5]), _int(u[6])
        if len(sig) != SIGNATURE or not 0 <= first < last <= count or u[0] not in (PARAGRAPH, SECTION):
            raise Invalid("bad unit")
        units.append(Unit(u[0], _int(u[1]), _int(u[2]), _int(u[3]), _int(u[4]), first, last, sig,
                          _want(u[8], str)))
    directives = directives_from_json(d["directives"])
    return FileFingerprint(text, tuple(units), directives, _int(d["lines"]))


def directives_from_json(value: Any) -> tuple[Directive, ...]:
    """Stored suppression comments (Invalid unless well formed); also for the archive index."""
    return tuple(_directive_from_json(x) for x in _want(value, list))


# ---------------------------------------------------------------- the cache


class Cache:
    """Entries under ``directory`` for one run key. Never raises on I/O: a failing cache is no cache."""

    def __init__(self, directory: str | os.PathLike[str], key: str) -> None:
        self.root = Path(directory)
        self.base = self.root / __version__
        self.key = key
        self.writable = True
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_config(cls, config: Config, directory: str | os.PathLike[str] | None = None) -> "Cache":
        return cls(directory if directory is not None else config.root / DEFAULT_DIR, run_key(config))

    def entry_key(self, path: str, content_digest: str) -> str:
        return hashlib.sha256(f"{self.key}\0{path}\0{content_digest}".encode("utf-8", "surrogateescape")).hexdigest()

    def _file(self, key: str) -> Path:
        return self.base / key[:2] / f"{key[2:]}.json.z"

    def get(self, path: str, content_digest: str, result_type: type, *, need_fingerprint: bool) -> Any | None:
        """The cached FileResult (an instance of ``result_type``), or None."""
        key = self.entry_key(path, content_digest)
        try:
            raw = self._file(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            entry = json.loads(zlib.decompress(raw).decode("utf-8", "surrogatepass"))
            _want(entry, dict)
            if entry.get("format") != FORMAT or entry.get("key") != key or entry.get("path") != path:
                raise Invalid("another entry")
            fingerprint = None
            if entry["fingerprint"] is not None:
                fingerprint = _fingerprint_from_json(entry["fingerprint"])
            elif need_fingerprint:
                raise Invalid("no fingerprint")
            result = result_type(path, findings=[_finding_from_json(f) for f in _want(entry["findings"], list)])
            if hasattr(result, "fingerprint"):
                result.fingerprint = fingerprint
            for name, value in _want(entry.get("extra", {}), dict).items():
                if name in _CORE_FIELDS or not hasattr(result, name):
                    raise Invalid(f"unknown field {name}")
                setattr(result, name, _extra(value, getattr(result, name)))
        except (Invalid, ValueError, KeyError, IndexError, TypeError, zlib.error, UnicodeDecodeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, path: str, content_digest: str, result: Any) -> None:
        """Store a FileResult (only one without errors or notes, that was checked)."""
        if not self.writable or result.errors or getattr(result, "notes", None) or not result.checked:
            return
        key = self.entry_key(path, content_digest)
        fingerprint = getattr(result, "fingerprint", None)
        extra = {f.name: getattr(result, f.name) for f in fields(result) if f.name not in _CORE_FIELDS}
        entry = {
            "format": FORMAT, "key": key, "path": path,
            "findings": [_finding_to_json(f) for f in result.findings],
            "fingerprint": None if fingerprint is None else _fingerprint_to_json(fingerprint),
            "extra": extra,
        }
        try:
            text = json.dumps(entry, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return  # something that JSON cannot hold faithfully: not cached
        self._write(self._file(key), zlib.compress(text.encode("utf-8", "surrogatepass"), 6))

    def write_file(self, target: Path, data: bytes) -> None:
        """Write a file of the cache (below ``base``) atomically; never raises (see ``_write``)."""
        self._write(target, data)

    def _write(self, target: Path, data: bytes) -> None:
        try:
            self._make_root()
            target.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # here: a run whose results all come from the cache never loads it

            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            self.writable = False  # read-only or full disk: run without writing

    def _make_root(self) -> None:
        """Create the cache directory, tagged (CACHEDIR.TAG) and git-ignored, when it does not exist yet.

        A directory that exists already is used as it is: lintkit never tags a directory it did
        not create (``--cache-dir .`` must not hide the project from git or backups), and never
        overwrites a ``.gitignore``.
        """
        if self.root.is_dir():
            return
        try:
            self.root.mkdir(parents=True)
        except FileExistsError:
            return  # another run created it a moment ago and tags it
        for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                            "# This file is a cache directory tag created by lintkit.\n"),
                           (".gitignore", "# Automatically created by lintkit.\n*\n")):
            try:
                with open(self.root / name, "x", encoding="ascii") as fh:
                    fh.write(text)
            except FileExistsError:
                pass
