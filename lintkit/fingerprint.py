"""A finding's content fingerprint: what it flags, not where.

The fingerprint hashes the rule code and the flagged text (the finding's
range, whitespace runs collapsed; the whole lines when the range is empty),
so it survives edits elsewhere in the file: a paragraph inserted above moves
the line, not the fingerprint. The baseline (lintkit/baseline.py) anchors its
entries on (path, code, fingerprint) and SARIF's ``partialFingerprints``
carries it, so code scanning tracks a finding across commits the same way.

The same text flagged twice by one rule in one file gives the same
fingerprint twice; users of fingerprints count occurrences.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Mapping, Sequence

from lintkit.errors import LintkitError
from lintkit.finding import Finding
from lintkit.source import SourceText, read_source

VERSION = "1"  # bump when the text or the hash changes (stored baselines then no longer match)
SARIF_KEY = f"lintkitContent/v{VERSION}"
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9０-９]+")


def flagged_text(lines: Sequence[str], f: Finding) -> str:
    """The text in the finding's range (0-based lines, columns in code points, end column exclusive)."""
    if not lines or f.line >= len(lines):
        return ""
    last = min(max(f.end_line, f.line), len(lines) - 1)
    if last == f.line:
        text = lines[f.line][f.column:f.end_column] if f.end_column > f.column else ""
    else:
        text = "\n".join([lines[f.line][f.column:], *lines[f.line + 1:last], lines[last][:f.end_column]])
    if not text.strip():  # an empty or blank range: the lines it sits on
        text = "\n".join(lines[f.line:last + 1])
    return text


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def digest(code: str, text: str) -> str:
    return hashlib.blake2b(f"{VERSION}\0{code}\0{text}".encode("utf-8", "surrogatepass"),
                           digest_size=10).hexdigest()


def fingerprint(f: Finding, lines: Sequence[str] | None) -> str:
    """The finding's fingerprint; without the file's lines (it cannot be read), one of its message with
    the numbers taken out (messages name other lines: 「71行目と重複」)."""
    if lines is None:
        return digest(f.code, "\0message\0" + _DIGITS.sub("#", normalize(f.message)))
    return digest(f.code, normalize(flagged_text(lines, f)))


class Fingerprinter:
    """Fingerprints of findings, reading each file when first needed (a few files kept at a time).

    ``texts`` gives the text of paths that are not files (standard input)."""

    def __init__(self, texts: Mapping[str, SourceText] | None = None, keep: int = 8) -> None:
        self._texts = dict(texts or {})
        self._lines: OrderedDict[str, tuple[str, ...] | None] = OrderedDict()
        self._keep = keep

    def lines(self, path: str) -> tuple[str, ...] | None:
        if path in self._texts:
            return self._texts[path].lines
        if path in self._lines:
            self._lines.move_to_end(path)
            return self._lines[path]
        try:
            lines: tuple[str, ...] | None = read_source(path).lines
        except LintkitError:
            lines = None
        self._lines[path] = lines
        if len(self._lines) > self._keep:
            self._lines.popitem(last=False)
        return lines

    def __call__(self, f: Finding) -> str:
        return fingerprint(f, self.lines(f.path))
