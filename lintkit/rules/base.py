"""What a rule is: metadata from ``rules/*.yaml`` plus a ``check(doc, ctx)`` that yields findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Protocol

from lintkit.document import Document
from lintkit.finding import Finding, Fix, Related, Severity
from lintkit.meta import RuleMeta


@dataclass
class RunContext:
    """Run-level state shared by every rule of one run (built once, read-only for rules).

    ``resources`` holds what some rules need and is expensive to build once
    per run: the reference-data index of the fact rules, compiled pattern
    packs... Keys are documented by the modules that set them.
    """

    lang: str = "ja"
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by rule code
    resources: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleContext:
    """What a rule's ``check`` receives besides the document."""

    meta: RuleMeta
    options: Mapping[str, Any]
    run: RunContext
    active: frozenset[str] = frozenset()  # codes of every rule that runs on this document

    @property
    def lang(self) -> str:
        return self.run.lang

    def msg(self, key: str = "default", **args: Any) -> str:
        return self.meta.message(key, self.lang, **args)

    def related(self, path: str, line: int, column: int = 0, key: str = "related", **args: Any) -> Related:
        return Related(path, line, column, self.msg(key, **args))

    def report(
        self,
        doc: Document,
        line: int,
        column: int = 0,
        end_line: int | None = None,
        end_column: int | None = None,
        *,
        message: str = "default",
        args: Mapping[str, Any] | None = None,
        related: Iterable[Related] = (),
        fix: Fix | None = None,
        data: Mapping[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding at 0-based positions; the end defaults to the end of the start line."""
        if end_line is None:
            end_line = line
        if end_column is None:
            end_column = len(doc.lines[end_line]) if end_line < len(doc.lines) else 0
        return Finding(
            path=doc.path,
            code=self.meta.code,
            rule=self.meta.name,
            severity=severity or self.meta.severity,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            message=self.msg(message, **(args or {})),
            related=tuple(related),
            fix=fix,
            data=dict(data or {}),
        )


class Rule(Protocol):
    """A document rule. ``code`` ties it to its metadata in ``rules/*.yaml``."""

    code: str

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]: ...
