"""The public Python API: a ``Linter`` built once and reused.

    from lintkit import Linter

    linter = Linter(select=["S", "A"])
    result = linter.lint_text(markdown, path="posts/a.md")
    for f in result.findings: ...          # Finding: 0-based line/column, code, message, fix
    fixed = linter.fix_text(markdown).text  # the safe fixes of ``--fix`` applied

Everything expensive (rule registry, options, compiled pattern packs, the
reference data of the fact rules) is prepared once in the constructor; a
call costs the check of its text only. Nothing is printed and nothing is
raised for a text: errors (a crashing rule, undecodable input) come back
in ``errors`` next to the findings of the other rules. The CLI, the
language server (``lintkit server``) and the MCP server (``lintkit mcp``)
are shims over this class.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Mapping

from lintkit.archive.cache import Cache
from lintkit.config import Config, load_config as _load_config, with_cli
from lintkit.document import Document
from lintkit.engine import Plan, lint_paths as _lint_paths
from lintkit.errors import LocatedError, RuleCrash
from lintkit.facts.api import runtime_for
from lintkit.facts.runtime import RESOURCE as FACTS, FactsRuntime
from lintkit.finding import Finding
from lintkit.fix import fix_source
from lintkit.meta import RuleMeta
from lintkit.packs import RESOURCE as PACKS, PackSet
from lintkit.packs.configured import configured_packs
from lintkit.results import RunResult
from lintkit.rules import all_meta
from lintkit.source import SourceText, decode

__all__ = ["FixResult", "LintResult", "Linter", "load_config"]

_SURROGATE = re.compile("[\ud800-\udfff]")
Selectors = str | Iterable[str] | None


@dataclass(frozen=True)
class LintResult:
    """The findings of one text (sorted by line, column, code) and what kept parts of it from being checked."""

    findings: tuple[Finding, ...] = ()
    errors: tuple[LocatedError, ...] = ()  # a rule that crashed (RuleCrash), input that could not be read

    @property
    def ok(self) -> bool:
        return not self.findings and not self.errors


@dataclass(frozen=True)
class FixResult:
    """A text with the safe fixes applied (as ``lintkit check --fix`` does), and what is left."""

    text: str
    applied: int = 0  # fixes applied over all passes
    remaining: tuple[Finding, ...] = ()  # the findings of the fixed text
    errors: tuple[LocatedError, ...] = ()

    @property
    def changed(self) -> bool:
        return self.applied > 0


def load_config(path: str | os.PathLike[str] | None = None, *, start: str | os.PathLike[str] | None = None) -> Config:
    """The configuration in ``path`` (``.lintkit.yaml`` or ``pyproject.toml``), or the one found by walking
    up from ``start`` (default: the current directory); defaults when there is none. ConfigError if invalid."""
    explicit = None if path is None else os.fspath(path)
    begin = None if start is None else Path(start)
    metas = all_meta(configured_packs(explicit, begin))  # user packs may define rules the config selects
    return _load_config(metas, explicit=explicit, start=begin)


def _selectors(value: Selectors) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(s.strip() for item in items for s in item.split(",") if s.strip())


def _encode(text: str) -> bytes:
    # a lone surrogate (from a bad decode upstream) cannot be encoded: it stands in as U+FFFD, one code
    # point for one, so that every position stays where it was
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8")


def _text_source(path: str, text: str) -> SourceText:
    return decode(path, _encode(text))


class Linter:
    """Rules, options, packs and reference data prepared once; ``lint_text`` / ``fix_text`` per call.

    ``config``: a ``Config`` (``load_config()``), a path to a configuration file, or None for the
    defaults (no file is searched for: pass ``load_config()`` for that). ``select`` / ``ignore``:
    rule codes, prefixes or names, like ``--select`` / ``--ignore``; ``reference``: reference-data
    files or directories, like ``--reference``. Bad values raise ConfigError.
    """

    def __init__(self, config: Config | str | os.PathLike[str] | None = None, *, select: Selectors = None,
                 ignore: Selectors = None, reference: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None
                 = None) -> None:
        if config is None:
            config = Config()
        elif not isinstance(config, Config):
            config = load_config(config)
        refs: tuple[str, ...] = ()
        if reference is not None:
            items = [reference] if isinstance(reference, (str, os.PathLike)) else list(reference)
            refs = tuple(os.fspath(r) for r in items)
        chosen = _selectors(select)
        self.config: Config = with_cli(config, all_meta(config.extend_packs), select=chosen or None,
                                       ignore=_selectors(ignore), reference=refs)
        self._plans: dict[bool, Plan] = {False: Plan(self.config)}  # per-file plan; cross-file one on demand
        self._facts: FactsRuntime | None = None

    # what the plan knows -------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self._plans[False]

    @property
    def metas(self) -> Mapping[str, RuleMeta]:
        """Every rule's metadata by code (pack rules included), selected or not."""
        return self.plan.metas

    @property
    def packs(self) -> PackSet:
        """The compiled pattern packs (built-in and ``extend-packs``)."""
        packs: PackSet = self.plan.run.resources[PACKS]
        return packs

    @property
    def facts(self) -> FactsRuntime:
        """The reference data, name index and claim extractor (loaded once, on first use when no
        fact rule is selected)."""
        loaded = self.plan.run.resources.get(FACTS)
        if isinstance(loaded, FactsRuntime):
            return loaded
        if self._facts is None:
            self._facts = runtime_for(self.config)
        return self._facts

    # one text -------------------------------------------------------------

    def lint_text(self, text: str, path: str = "<string>") -> LintResult:
        """The findings of one Markdown text; ``path`` is reported in findings and selects per-file-ignores."""
        try:
            source = _text_source(path, text)
        except LocatedError as exc:
            return LintResult((), (exc,))
        result = self.plan.check_source(source)
        return LintResult(tuple(result.findings), tuple(result.errors))

    def fix_text(self, text: str, path: str = "<string>") -> FixResult:
        """``text`` with the safe fixes applied until none is left (the edits of ``lintkit check --fix``)."""
        original = _encode(text)
        try:
            source = decode(path, original)
        except LocatedError as exc:
            return FixResult(text, 0, (), (exc,))
        fixed = fix_source(self.plan, source, original)
        if not fixed.applied:
            return FixResult(text, 0, tuple(fixed.remaining), tuple(fixed.errors))
        return FixResult(fixed.fixed.decode("utf-8"), fixed.applied, tuple(fixed.remaining), tuple(fixed.errors))

    def claims_text(self, text: str, path: str = "<string>") -> tuple[list[dict[str, Any]], list[LocatedError]]:
        """Every numeric claim of one text as ``lintkit claims --format json`` lists them, and errors."""
        try:
            doc = Document.parse(_text_source(path, text))
            return self.facts.records(doc), []
        except LocatedError as exc:
            return [], [exc]
        except Exception as exc:  # a bug loses this text's claims, not the caller
            return [], [RuleCrash(path, "claims", exc)]

    # files ------------------------------------------------------------------

    def lint_paths(self, paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, cache: Cache | None = None,
                   cross: bool = False, stdin: bytes | None = None, stdin_filename: str = "-",
                   progress: Callable[[int], ContextManager[Callable[[int], None] | None]] | None = None
                   ) -> RunResult:
        """Check files and directories like ``lintkit check`` (S108 compares them when there are several)."""
        return _lint_paths([os.fspath(p) for p in paths], self.config, stdin=stdin, stdin_filename=stdin_filename,
                           jobs=jobs, cache=cache, cross=cross, progress=progress, plan_for=self._plan_for)

    def _plan_for(self, cross: bool) -> Plan:
        plan = self._plans.get(cross)
        if plan is None:
            plan = self._plans[cross] = Plan(self.config, cross=cross)
        return plan

