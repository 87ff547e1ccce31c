"""Reading a file's bytes into text without losing what is needed to write it back.

Lines are split on ``\\r\\n``, ``\\r`` and ``\\n`` only (what CommonMark calls
line endings), never on the other characters ``str.splitlines`` knows, so
line numbers agree with markdown-it and with editors.

What is not UTF-8 text is classified on purpose, never guessed into mojibake:

- UTF-16/UTF-32 (with a byte-order mark, or UTF-16 without one), Shift_JIS
  (cp932), EUC-JP and ISO-2022-JP are detected by a cheap strict trial
  decode and reported as an ``EncodingError`` naming the encoding found:
  the file is not checked and the run exits 2 (the writer must re-save it
  as UTF-8; Jekyll reads posts as UTF-8 and would publish mojibake).
- A binary file (not UTF-8 and a NUL byte in the first 8 KiB, the test git
  and grep use, or mostly control bytes) is a ``BinaryFile``: skipped with a one-line note
  that does *not* change the exit code, because a binary file is not an
  article that failed to be checked but something that is not an article at
  all (an image or archive saved under a ``.md`` name); pre-commit's
  ``types: [markdown]`` never even passes such files to a hook.
- Invalid UTF-8 bytes, and a few NUL bytes in otherwise valid UTF-8 text, are an
  ``EncodingError`` with the line and column of the first bad byte (exit 2).
- Files that are not regular files (FIFOs, devices) and files larger than
  ``MAX_BYTES`` are an ``InputError`` (exit 2): reading them could block or
  exhaust memory.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass

from typing import Any

from lintkit.errors import InputError, LocatedError
from lintkit.messages import Msg, msg

_BOM = "\ufeff"
_EOL = re.compile(r"\r\n|\r|\n")
_EOL_BYTES = re.compile(rb"\r\n|\r|\n")

MAX_BYTES = 32 * 1024 * 1024  # larger "articles" are refused, not read into memory
SNIFF_BYTES = 8192  # how much of a file the binary and UTF-16 tests look at

# bytes that never occur in text (C0 controls other than \t \n \v \f \r and ESC, and DEL)
_CONTROL = bytes(b for b in range(32) if b not in (8, 9, 10, 11, 12, 13, 27)) + b"\x7f"
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE"),  # before UTF-16LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)
_LEGACY = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))
_ISO2022_ESC = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D")


class EncodingError(InputError):
    """A file that is not UTF-8; ``encoding`` names what was detected (None: unknown bytes)."""

    def __init__(self, path: str, message: Msg | str, *, encoding: str | None = None,
                 line: int | None = None) -> None:
        self.encoding = encoding
        super().__init__(path, message, line=line)


class BinaryFile(InputError):
    """A file that is not text at all: skipped with a note, not an error (see the module docstring)."""


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


# ------------------------------------------------------------ classification

def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based (line, column in code points) of byte ``index``, lines split as CommonMark does."""
    line_start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0  # the BOM is not a column
    line = 1
    for match in _EOL_BYTES.finditer(data, 0, index):
        line += 1
        line_start = match.end()
    column = len(data[line_start:index].decode("utf-8", "replace")) + 1
    return line, column


def _utf16_without_bom(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when the NUL bytes sit only in one byte of each pair (ASCII in UTF-16)."""
    sample = data[:SNIFF_BYTES]
    if len(data) % 2 or len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if even and odd:
        return None
    if odd >= 2:
        encoding = "UTF-16LE"
    elif even >= 2:
        encoding = "UTF-16BE"
    else:
        return None
    try:
        text = data.decode(encoding.lower().replace("utf-", "utf_"))
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not _is_textual(text):
        return None
    return encoding


def _is_textual(text: str) -> bool:
    """Text decoded from a guessed encoding reads as text: line breaks or no controls, few controls."""
    controls = sum(text.count(chr(b)) for b in _CONTROL)
    return controls * 50 <= len(text)


def _japanese_share(text: str) -> float:
    """Share of the non-ASCII characters that are hiragana, katakana, CJK ideographs or full-width forms."""
    non_ascii = 0
    japanese = 0
    for ch in text[:65536]:
        if ch < "\x80":
            continue
        non_ascii += 1
        if "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff01" <= ch <= "\uff5e":
            japanese += 1
    return japanese / non_ascii if non_ascii else 0.0


def _legacy_japanese(data: bytes) -> str | None:
    """Shift_JIS or EUC-JP, when ``data`` decodes strictly and reads as Japanese."""
    best: tuple[float, str] | None = None
    for codec, name in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _japanese_share(text)
        if share >= 0.6 and _is_textual(text) and (best is None or share > best[0]):
            best = (share, name)
    return best[1] if best else None


def _mostly_control(data: bytes) -> bool:
    """More than a tenth of the first bytes are NUL or other control bytes (a zero-filled file...)."""
    sample = data[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * 10 > len(sample)


def _is_binary(data: bytes) -> bool:
    """Not UTF-8 and a NUL byte among the first bytes (git's and grep's test), or mostly control bytes."""
    return b"\x00" in data[:SNIFF_BYTES] or _mostly_control(data)


def _encoding_error(path: str, encoding: str, how: str = "detected") -> EncodingError:
    return EncodingError(path, msg("input.encoding", encoding=encoding, how=msg(f"input.encoding-{how}")),
                         encoding=encoding)


def decode(path: str, data: bytes) -> SourceText:
    """Decode UTF-8 (with or without BOM); anything else raises an InputError subclass naming the file."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise _encoding_error(path, name, "bom")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _undecodable(path, data, exc.start) from None
    if "\x00" in text:
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise _encoding_error(path, utf16)
        if _mostly_control(data):
            raise BinaryFile(path, msg("input.binary"))
        index = data.index(b"\x00")
        line, column = _byte_position(data, index)
        raise EncodingError(path, msg("input.nul", column=column), line=line)
    if "\x1b" in text and any(esc in data for esc in _ISO2022_ESC):
        try:
            data.decode("iso2022_jp")
        except UnicodeDecodeError:
            pass
        else:
            raise _encoding_error(path, "ISO-2022-JP")
    return from_text(path, text)


def _undecodable(path: str, data: bytes, start: int) -> InputError:
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _encoding_error(path, utf16)
    if _is_binary(data):
        return BinaryFile(path, msg("input.binary"))
    legacy = _legacy_japanese(data)
    if legacy:
        return _encoding_error(path, legacy)
    line, column = _byte_position(data, start)
    return EncodingError(path, msg("input.not-utf8", byte=f"0x{data[start]:02x}", column=column), line=line)


def from_text(path: str, text: str) -> SourceText:
    """A SourceText of already decoded text (a leading BOM is dropped and remembered)."""
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


# ------------------------------------------------------------ reading

def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file; every OS problem becomes an InputError naming it.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO never blocks the run and a file swapped between a
    check and the read cannot slip through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_error(path, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, msg("input.directory"))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, msg("input.not-regular"))
        if info.st_size > limit:
            raise InputError(path, msg("input.too-large", size=info.st_size, limit=limit))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grew while being read
                raise InputError(path, msg("input.grew", limit=limit))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        os.close(fd)


def read_data(path: str, error: type[LocatedError], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a configuration, pattern pack or reference file: a regular file no larger than
    ``limit`` (a FIFO or ``/dev/zero`` named there would block or never end), else ``error`` naming it."""
    try:
        return read_bytes(path, limit)
    except InputError as exc:
        raise error(path, exc.text) from None


def read_stdin(path: str, stream: Any, limit: int = MAX_BYTES) -> bytes:
    """Standard input (``stream``: its binary buffer, or None when it is closed), at most ``limit`` bytes."""
    if stream is None:
        raise InputError(path, msg("input.stdin-closed"))
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise InputError(path, msg("input.stdin-unreadable", detail=getattr(exc, 'strerror', None) or exc)) from None
    if len(data) > limit:
        raise InputError(path, msg("input.stdin-too-large", limit=limit))
    return bytes(data)


def _os_error(path: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(path, msg("input.no-such-file"))
    if isinstance(exc, IsADirectoryError):
        return InputError(path, msg("input.directory"))
    if isinstance(exc, PermissionError):
        return InputError(path, msg("input.permission"))
    if exc.errno == errno.ELOOP:
        return InputError(path, msg("input.symlink-loop"))
    return InputError(path, msg("file.cannot-read", detail=exc.strerror or exc))


def read_source(path: str) -> SourceText:
    """Read and decode a file; every problem becomes an InputError (or subclass) naming it."""
    return decode(path, read_bytes(path))
