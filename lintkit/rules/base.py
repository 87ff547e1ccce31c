"""What a rule is: metadata from ``rules/*.yaml`` plus a ``check(doc, ctx)`` that yields findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol, Sequence

from lintkit.analysis import DocumentAnalysis
from lintkit.document import Document
from lintkit.finding import Finding, Fix, Related, Severity
from lintkit.meta import RuleMeta, builtin_meta

if TYPE_CHECKING:  # value types of the S108 index (which imports nothing of the rules)
    from lintkit.archive.crossdup import CrossResult, FileFingerprint


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

    def rule_options(self, code: str) -> Mapping[str, Any]:
        """The run's options of rule ``code`` (its defaults when the run has none for it).

        The one place a rule reads another rule's options (S103, S105 and the duplicate
        analysis read S104's markers; S108 reads S105's end-matter markers).
        """
        found = self.options.get(code)
        if found is not None:
            return found
        meta = builtin_meta().get(code)
        return meta.default_options() if meta is not None else {}


@dataclass(frozen=True)
class RuleContext:
    """What a rule's ``check`` receives besides the document."""

    meta: RuleMeta
    options: Mapping[str, Any]
    run: RunContext
    active: frozenset[str] = frozenset()  # codes of every rule that runs on this document
    analysis: DocumentAnalysis | None = None  # the shared analyses of the document being checked

    def shared(self, doc: Document) -> DocumentAnalysis:
        """The shared analyses of ``doc`` (lintkit/analysis.py): the engine's, computed once per document."""
        if self.analysis is not None and self.analysis.doc is doc:
            return self.analysis
        return DocumentAnalysis(doc, self.run.rule_options)  # a rule checked outside the engine

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


class RunRule(Protocol):
    """A run-level rule (S108): ``fingerprint`` each document (in the process that checks it, with
    the document's context), then ``finish`` once over every file's fingerprint (in the parent).

    ``finish`` applies the files' suppression comments to its findings; the engine applies
    selection and severity overrides as for document rules.
    """

    code: str

    def fingerprint(self, doc: Document, ctx: RuleContext) -> FileFingerprint: ...

    def finish(self, files: Sequence[tuple[str, FileFingerprint]], ctx: RuleContext,
               archive: Sequence[tuple[str, FileFingerprint]] = ()) -> CrossResult: ...
