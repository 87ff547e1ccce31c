"""The regular-expression engine for pattern packs: RE2 (google-re2), linear time.

Pack regexes are untrusted input (a writer's repository, a colleague's pack).
Python's ``re`` backtracks: ``(a+)+$`` on ``"aaaa…ab"`` takes exponential
time and would hang a pre-commit hook or a CI job. RE2 compiles to an
automaton and matches in time linear in the input, whatever the pattern, and
it refuses the features that need backtracking (backreferences, look-around)
with a compile error. We chose it over vetting patterns for ``re`` (no
reliable static check exists: nested quantifiers, overlapping alternatives
under a star...) because a guarantee beats a heuristic. Compile errors become
``RegexError`` with RE2's reason; callers turn them into ``PackError``
naming the file, line and key.

Differences from ``re`` that pack authors meet: no ``(?=…)``/``(?<=…)``/
``\\1``; ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only (use ``[0-9０-９]``
or ``\\p{Han}``); ``\\Z`` is spelled ``\\z``; counted repetition is at most
``{1000}``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Protocol

import re2

MAX_MEM = 8 << 20  # bytes of automaton memory per pattern (RE2's default)


class RegexError(ValueError):
    """A pattern RE2 cannot compile (syntax, unsupported feature, too large)."""


class Match(Protocol):
    def span(self, group: int = 0) -> tuple[int, int]: ...
    def start(self, group: int = 0) -> int: ...
    def end(self, group: int = 0) -> int: ...


class Regex(Protocol):
    def search(self, text: str, pos: int = 0) -> Match | None: ...
    def finditer(self, text: str) -> Iterator[Match]: ...


@lru_cache(maxsize=1)
def _options() -> re2.Options:
    opts = re2.Options()
    opts.max_mem = MAX_MEM
    opts.log_errors = False
    return opts


SHOWN = 80  # characters of a pattern quoted in an error (a 60,000-phrase alternation is megabytes)


def _shown(pattern: str) -> str:
    return repr(pattern) if len(pattern) <= SHOWN else repr(pattern[:SHOWN]) + f"... ({len(pattern)} characters)"


def _any_byte(pattern: str) -> bool:
    """Whether ``pattern`` uses ``\\C`` (any single byte): it matches inside a UTF-8 character, so matches
    come out empty or misplaced in the text."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            if pattern[i + 1:i + 2] == "C":
                return True
            i += 2
        else:
            i += 1
    return False


def compile_regex(pattern: str) -> Regex:
    """Compile with RE2 (UTF-8, linear-time matching) or raise RegexError."""
    if _any_byte(pattern):
        raise RegexError(f"\\C (any byte) is not allowed in {_shown(pattern)}: it matches inside a character; "
                         "use . for any character")
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise RegexError(f"invalid or unsupported regular expression {_shown(pattern)}: {reason} "
                         "(RE2 syntax: no look-around or backreferences)") from None


def escape(literal: str) -> str:
    """A regex matching ``literal`` exactly."""
    return re2.escape(literal)


def alternation(patterns: Iterable[str]) -> str:
    """One regex matching wherever any of ``patterns`` matches (each keeps its own inline flags)."""
    return "|".join(f"(?:{p})" for p in patterns)
