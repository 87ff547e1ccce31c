"""Reading a file's bytes into text without losing what is needed to write it back.

Lines are split on ``\\r\\n``, ``\\r`` and ``\\n`` only (what CommonMark calls
line endings), never on the other characters ``str.splitlines`` knows, so
line numbers agree with markdown-it and with editors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from lintkit.errors import InputError

_BOM = "\ufeff"
_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded file.

    ``text`` is the decoded text without the BOM and with every line ending
    normalized to ``\\n`` (so offsets and lines match markdown-it's view);
    ``endings`` keeps each line's original terminator for writing back.
    """

    path: str
    text: str
    bom: bool
    lines: tuple[str, ...]
    endings: tuple[str, ...]
    line_starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of a character offset into ``text``."""
        line = bisect_right(self.line_starts, offset) - 1
        line = max(0, min(line, len(self.lines) - 1))
        return line, offset - self.line_starts[line]

    def offset(self, line: int, column: int = 0) -> int:
        return self.line_starts[line] + column

    def render(self, lines: list[str], endings: list[str]) -> bytes:
        """Encode lines and their endings back to bytes (BOM kept)."""
        body = "".join(text + end for text, end in zip(lines, endings))
        return ((_BOM if self.bom else "") + body).encode("utf-8")


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Split into (lines, terminators); the last terminator may be ''."""
    lines: list[str] = []
    endings: list[str] = []
    pos = 0
    for match in _EOL.finditer(text):
        lines.append(text[pos : match.start()])
        endings.append(match.group())
        pos = match.end()
    lines.append(text[pos:])
    endings.append("")
    if len(lines) > 1 and lines[-1] == "":
        # a final newline ends the last line; it does not start a new one
        lines.pop()
        endings.pop()
    return lines, endings


def decode(path: str, data: bytes) -> SourceText:
    """Decode UTF-8 (with or without BOM); anything else is an InputError naming the file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 is not supported; save the file as UTF-8")
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    lines, endings = split_lines(text)
    normalized = "\n".join(lines) + ("\n" if endings and endings[-1] else "")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return SourceText(path, normalized, bom, tuple(lines), tuple(endings), tuple(starts))


def read_source(path: str) -> SourceText:
    """Read and decode a file; every OS error becomes an InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode(path, data)
