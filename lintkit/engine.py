"""The lint engine: a plan (rules, options, severities) applied to documents and files.

``lint_paths`` is what the CLI calls; ``lint_text`` is the library entry
point for one string. Neither prints anything: they return findings and the
errors of files that could not be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from contextlib import nullcontext
from typing import Any, Callable, ContextManager, Iterable

from lintkit import suppression
from lintkit.archive import crossdup, parallel
from lintkit.archive.cache import Cache
from lintkit.config import Config
from lintkit.discover import discover
from lintkit.document import Document
from lintkit.errors import LintkitError, LocatedError, RuleCrash
from lintkit.facts.runtime import FACT_CODES, RESOURCE as facts_resource, FactsRuntime
from lintkit.finding import Finding, Severity
from lintkit.meta import RuleMeta
from lintkit.packs import RESOURCE as packs_resource, load_packs
from lintkit.rules import all_meta, registry
from lintkit.rules.base import Rule, RuleContext, RunContext
from lintkit.source import BinaryFile, SourceText, decode, read_source
from lintkit.messages import msg


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)
    checked: bool = True
    notes: list[LocatedError] = field(default_factory=list)  # skipped on purpose (binary files)
    fingerprint: Any = None  # S108's compact view of the file (crossdup.FileFingerprint) when files are compared
    claims: list[dict[str, Any]] = field(default_factory=list)  # numeric claims (DESIGN claims JSON records)


@dataclass
class RunResult:
    files: list[str] = field(default_factory=list)  # files that were checked
    findings: list[Finding] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)  # files not checked, rule crashes
    notes: list[LocatedError] = field(default_factory=list)  # files skipped on purpose; exit code unchanged
    clusters: list[Any] = field(default_factory=list)  # S108 duplicate clusters (crossdup.Cluster)
    claims: list[dict[str, Any]] = field(default_factory=list)  # numeric claims of every file, when fact rules ran

    def exit_code(self, fail_on: Severity, exit_zero: bool = False) -> int:
        if self.errors:
            return 2
        if exit_zero:
            return 0
        return 1 if any(f.severity.rank >= fail_on.rank for f in self.findings) else 0

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            c[f.severity.value] += 1
        return c


class Plan:
    """Everything needed to check files, prepared once per run (and per worker process)."""

    def __init__(self, config: Config, *, cross: bool = False) -> None:
        self.config = config
        self.cross = cross  # files are compared with each other (S108): fingerprint each document
        packs = load_packs(config.extend_packs)  # built-in + user pattern packs, compiled once per run
        self.metas: dict[str, RuleMeta] = all_meta(config.extend_packs)
        self.rules: dict[str, Rule] = registry(config.extend_packs)
        self.run = RunContext(
            lang=config.lang,
            options={code: config.options_for(meta) for code, meta in self.metas.items()},
        )
        self.run.resources[packs_resource] = packs
        if any(code in self.metas and config.selection.enabled(self.metas[code]) for code in FACT_CODES):
            # the reference index, name index and claim extractor: built once per run
            self.run.resources[facts_resource] = FactsRuntime.load(
                config.reference, aliases=config.extra.get("aliases"), fields=config.extra.get("reference-fields"),
                config_path=config.path or "<configuration>")

    def active(self, path: str) -> list[tuple[Rule, RuleMeta]]:
        sel = self.config.selection
        return [(rule, self.metas[code]) for code, rule in self.rules.items()
                if sel.enabled_for(self.metas[code], path)]

    def check_document(self, doc: Document) -> FileResult:
        result = FileResult(doc.path)
        sel = self.config.selection
        active = self.active(doc.path)
        codes = frozenset(m.code for _, m in active)
        for rule, meta in active:
            ctx = RuleContext(meta, self.run.options[meta.code], self.run, codes)
            severity = sel.severity_of(meta)
            try:
                found = list(rule.check(doc, ctx))
            except LintkitError as exc:
                result.errors.append(exc if isinstance(exc, LocatedError) else RuleCrash(doc.path, meta.code, exc))
                continue
            except Exception as exc:  # a bug in a rule must not hide the other rules' findings
                result.errors.append(RuleCrash(doc.path, meta.code, exc))
                continue
            if severity != meta.severity:
                found = [_with_severity(f, severity) for f in found]
            result.findings.extend(found)
        result.findings = self._suppress(doc, result.findings, codes)
        facts = self.run.resources.get(facts_resource)
        if facts is not None and any(m.code in FACT_CODES for _, m in active):
            try:
                result.claims = facts.records(doc)
            except Exception:  # already reported as a crash of the fact rules
                result.claims = []
        result.findings.sort(key=Finding.sort_key)
        if self.cross and sel.enabled_for(self.metas[crossdup.CODE], doc.path):
            try:
                result.fingerprint = crossdup.fingerprint(doc, self.run)
            except Exception as exc:  # as for a rule: the file's other findings still count
                result.errors.append(RuleCrash(doc.path, crossdup.CODE, exc))
        return result

    def _suppress(self, doc: Document, findings: list[Finding], checked: frozenset[str]) -> list[Finding]:
        """Inline suppression comments, and M402 for the ones that suppress nothing."""
        sel = self.config.selection
        m402 = self.metas.get(suppression.CODE)
        report = None
        if m402 is not None and sel.enabled_for(m402, doc.path):
            report = RuleContext(m402, self.run.options.get(m402.code, {}), self.run)
        kept = suppression.apply(doc, findings, self.metas, checked=checked,
                                 enabled=lambda meta: sel.enabled_for(meta, doc.path), report=report)
        if m402 is not None and report is not None and sel.severity_of(m402) != m402.severity:
            kept = [_with_severity(f, sel.severity_of(m402)) if f.code == m402.code else f for f in kept]
        return kept

    def check_source(self, source: SourceText) -> FileResult:
        try:
            doc = Document.parse(source)
        except Exception as exc:  # a parser bug on hostile input must not stop the run
            error = LocatedError(source.path, msg("internal.parse", detail=f"{type(exc).__name__}: {exc}"))
            return FileResult(source.path, errors=[error], checked=False)
        try:
            return self.check_document(doc)
        except Exception as exc:  # outside the rules (suppression, claims...): lose this file, not the run
            error = LocatedError(source.path, msg("internal.check", detail=f"{type(exc).__name__}: {exc}"))
            return FileResult(source.path, errors=[error], checked=False)

    def check_bytes(self, path: str, data: bytes) -> FileResult:
        try:
            source = decode(path, data)
        except BinaryFile as exc:
            return FileResult(path, checked=False, notes=[exc])
        except LocatedError as exc:
            return FileResult(path, errors=[exc], checked=False)
        return self.check_source(source)

    def check_file(self, path: str) -> FileResult:
        try:
            source = read_source(path)
        except BinaryFile as exc:
            return FileResult(path, checked=False, notes=[exc])
        except LocatedError as exc:
            return FileResult(path, errors=[exc], checked=False)
        return self.check_source(source)


def _with_severity(f: Finding, severity: Severity) -> Finding:
    return replace(f, severity=severity)


def lint_text(text: str, path: str = "<string>", config: Config | None = None) -> list[Finding]:
    """Findings for one Markdown string (library entry point)."""
    plan = Plan(config or Config())
    return plan.check_source(decode(path, text.encode("utf-8"))).findings


def lint_paths(paths: Iterable[str], config: Config, *, stdin: bytes | None = None,
               stdin_filename: str = "-", jobs: int = 1, cache: Cache | None = None, cross: bool = False,
               progress: Callable[[int], ContextManager[Callable[[int], None] | None]] | None = None) -> RunResult:
    """Check files and directories (``-`` reads ``stdin``).

    ``jobs``: worker processes for the files (the results are the same for
    any number); ``cache``: reuse the results of unchanged files; ``cross``:
    compare the files with each other (S108) even when only one is checked
    (it is on whenever more than one is); ``progress(total)``: a context
    manager giving ``advance(n)`` (or None), called as files are done.
    """
    result = RunResult()
    paths = list(paths)
    disk = [p for p in paths if p != "-"]
    found = discover(disk, config.exclude)
    result.errors.extend(found.errors)
    count = len(found.files) + ("-" in paths)
    cross_meta = all_meta().get(crossdup.CODE)
    cross = (cross or count > 1) and cross_meta is not None and config.selection.enabled(cross_meta)
    plan = Plan(config, cross=cross)
    file_results: list[FileResult] = []
    if "-" in paths:
        file_results.append(plan.check_bytes(stdin_filename, stdin or b""))
    with progress(len(found.files)) if progress is not None else nullcontext() as advance:
        file_results.extend(parallel.check_files(plan, found.files, jobs=jobs, cache=cache,
                                                 need_fingerprint=cross, progress=advance))
    for fr in file_results:
        if fr.checked:
            result.files.append(fr.path)
        result.findings.extend(fr.findings)
        result.errors.extend(fr.errors)
        result.notes.extend(fr.notes)
        result.claims.extend(fr.claims)
    if cross:
        _cross_check(plan, file_results, result)
    result.findings.sort(key=Finding.sort_key)
    return result


def _cross_check(plan: Plan, file_results: list[FileResult], result: RunResult) -> None:
    """S108 over the fingerprints the files returned (files where S108 is off have none)."""
    meta = plan.metas[crossdup.CODE]
    fingerprints = [(fr.path, fr.fingerprint) for fr in file_results if fr.fingerprint is not None]
    cross = crossdup.cross_duplicates(fingerprints, plan.run, meta)
    severity = plan.config.selection.severity_of(meta)
    result.findings.extend(f if severity == meta.severity else _with_severity(f, severity) for f in cross.findings)
    result.clusters = list(cross.clusters)
