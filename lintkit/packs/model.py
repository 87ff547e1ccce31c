"""Value types of a compiled pattern pack.

A pack defines one rule (code, name, severity, messages, docs) and the
patterns that find it; or, when its code is already defined by another pack,
it extends that rule's patterns and exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from lintkit.finding import Severity
from lintkit.meta import RuleMeta
from lintkit.packs.regex import Regex
from lintkit.packs.yamlpos import dotted

# Where a pattern looks. paragraph/sentence/line all cover the text of
# paragraphs (list items, quotes and table cells included), cut differently,
# so one pattern takes at most one of them.
PARAGRAPH = "paragraph"
SENTENCE = "sentence"
LINE = "line"
HEADING = "heading"
FRONT_MATTER = "front-matter"
SCOPES = (PARAGRAPH, SENTENCE, LINE, HEADING, FRONT_MATTER)
BODY_SCOPES = (PARAGRAPH, SENTENCE, LINE)

# What an exception must share with a match to cancel it.
WITHIN_MATCH = "match"  # the exception's match overlaps the pattern's match
WITHIN_SENTENCE = "sentence"  # the exception occurs in the same sentence
WITHIN_BLOCK = "block"  # the exception occurs in the same paragraph or heading
WITHINS = (WITHIN_MATCH, WITHIN_SENTENCE, WITHIN_BLOCK)

PHRASE = "phrase"  # literal, compared after width folding, case-insensitive
REGEX = "regex"  # RE2, compared after width folding (case-sensitive unless the regex says (?i))


@dataclass(frozen=True)
class Matcher:
    kind: str  # PHRASE or REGEX
    source: str  # the phrase(s) or regex as written (phrases joined by " | ")
    regex: Regex
    pattern: str  # the RE2 source actually compiled


@dataclass(frozen=True)
class PackException:
    matcher: Matcher
    within: str
    path: str


@dataclass(frozen=True)
class Pattern:
    matcher: Matcher
    scopes: frozenset[str]
    message: str  # key into the rule's messages
    exceptions: tuple[PackException, ...]
    path: str
    at: tuple[str | int, ...]  # ("patterns", 3): where it is in its file

    @property
    def key(self) -> str:
        """``patterns[3]``."""
        return dotted(self.at)


@dataclass(frozen=True)
class ScopePlan:
    """The patterns of one rule that look at one scope, ready to run.

    ``free`` patterns have no anchors, so a match inside a sentence or line is
    also a match inside its paragraph: one search of the paragraph with the
    combined ``prefilter`` (every free pattern as one alternation) rules out
    most paragraphs. ``anchored`` ones (``^``, ``$``, ``\\A``, ``\\z``) are run
    on each unit.
    """

    scope: str
    free: tuple[Pattern, ...]
    anchored: tuple[Pattern, ...]
    prefilter: Regex | None  # None when it could not be compiled (too large): run every free pattern


@dataclass(frozen=True)
class PackRule:
    """A rule defined by one pack file plus the patterns of the packs that extend it."""

    meta: RuleMeta  # code, name, severity, family, words: what every rule has (a pack rule has no options)
    patterns: tuple[Pattern, ...]
    exceptions: tuple[PackException, ...] = ()
    sources: tuple[str, ...] = ()  # pack files, the defining one first
    builtin: bool = True
    skip_blockquotes: bool = False  # quoted material (a model's answer shown as an example) is not reported
    plans: tuple[ScopePlan, ...] = ()

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name


@dataclass(frozen=True)
class PackFile:
    """One validated pack file. Whether it defines its rule or extends an
    existing one is decided when packs are merged (by its code)."""

    path: str
    code: str
    name: str | None
    severity: Severity | None
    family: str | None
    summary: Mapping[str, str] | None
    messages: Mapping[str, Mapping[str, str]]
    docs: Mapping[str, str] | None
    patterns: tuple[Pattern, ...]
    exceptions: tuple[PackException, ...] = ()
    skip_blockquotes: bool = False
    locate: Callable[[tuple[str | int, ...]], int | None] = lambda at: None  # key path -> 1-based line

    def line(self, key: str) -> int | None:
        """The line of a top-level key (found by re-reading the file: only for error messages)."""
        return self.locate((key,))
