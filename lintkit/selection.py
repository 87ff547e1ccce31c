"""The decision engine for select / ignore / per-file-ignores / severity overrides.

A selector is ``ALL``, a code (``S102``), a code prefix (``S1``, ``F``) or a
rule name (``duplicate-paragraph``). When both a select and an ignore
selector of one layer match a code, the more specific one wins (a name is as
specific as the full code; a full code beats a prefix, a longer prefix beats
a shorter one); on a tie, ignore wins, as in ruff. The command line is a
second layer over the configuration, with ruff's semantics: a ``--select``
there replaces the configured selection (the configured ``ignore`` included)
and is weighed against the command line's ``--ignore``; without ``--select``,
a ``--ignore`` removes rules from whatever the configuration selected.
``per-file-ignores`` apply in both cases.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterable, Mapping

from lintkit.finding import Severity
from lintkit.messages import msg
from lintkit.meta import RuleMeta

class SelectorError(ValueError):
    """A selector that matches no rule."""


def specificity(selector: str, meta: RuleMeta) -> int:
    """How specifically ``selector`` names ``meta``'s rule; -1 if it does not match."""
    s = selector.strip()
    if not s:
        return -1
    if s.upper() == "ALL":
        return 0
    if s == meta.name:
        return len(meta.code)
    if meta.code.startswith(s.upper()):
        return len(s)
    return -1


def validate_selectors(selectors: Iterable[str], metas: Mapping[str, RuleMeta]) -> None:
    for s in selectors:
        if not any(specificity(s, m) >= 0 for m in metas.values()):
            raise SelectorError(msg("selector.unknown", selector=repr(s), known=sorted(metas)))


def _best(selectors: Iterable[str], meta: RuleMeta) -> int:
    return max((specificity(s, meta) for s in selectors), default=-1)


def decide(meta: RuleMeta, select: Iterable[str], ignore: Iterable[str]) -> bool:
    sel, ign = _best(select, meta), _best(ignore, meta)
    if meta.opt_in and sel < len(meta.code):
        return False  # an opt-in rule (F205) runs only when its code or name is selected, never by ALL or a prefix
    return sel >= 0 and sel > ign


@dataclass(frozen=True)
class Selection:
    """Which rules run, per file, and at which severity."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    cli_select: tuple[str, ...] | None = None
    cli_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()

    def enabled(self, meta: RuleMeta) -> bool:
        if self.cli_select is not None:
            return decide(meta, self.cli_select, self.cli_ignore)
        return decide(meta, self.select, self.ignore) and _best(self.cli_ignore, meta) < 0

    def enabled_for(self, meta: RuleMeta, path: str) -> bool:
        if not self.enabled(meta):
            return False
        for pattern, selectors in self.per_file_ignores:
            if matches_path(pattern, path) and _best(selectors, meta) >= 0:
                return False
        return True

    def severity_of(self, meta: RuleMeta) -> Severity:
        best, result = -1, meta.severity
        for selector, sev in self.severity:
            spec = specificity(selector, meta)
            if spec > best:
                best, result = spec, sev
        return result


def matches_path(pattern: str, path: str) -> bool:
    """Glob match against the path as given and against each of its suffixes (``posts/*.md``)."""
    p = PurePath(path).as_posix()
    parts = p.split("/")
    candidates = ["/".join(parts[i:]) for i in range(len(parts))]
    pat = pattern.rstrip("/")
    return any(fnmatch.fnmatchcase(c, pat) or fnmatch.fnmatchcase(c, pat + "/*") or c.startswith(pat + "/")
               for c in candidates)
