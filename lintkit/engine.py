"""The lint engine: a plan (rules, options, severities) applied to documents and files.

``lint_paths`` is what the CLI calls; ``lint_text`` is the library entry
point for one string. Neither prints anything: they return findings and the
errors of files that could not be checked.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from dataclasses import replace
from typing import Callable, ContextManager, Iterable

from lintkit import suppression
from lintkit.analysis import DocumentAnalysis
from lintkit.archive import index as archive_index, parallel
from lintkit.archive.crossdup import CODE as CROSS, FileFingerprint
from lintkit.archive.cache import Cache
from lintkit.config import Config
from lintkit.discover import discover
from lintkit.document import Document
from lintkit.errors import LintkitError, LocatedError, RuleCrash
from lintkit.facts.runtime import FACT_CODES, RESOURCE as facts_resource, FactsRuntime
from lintkit.finding import Finding, Severity
from lintkit.meta import RuleMeta
from lintkit.packs import RESOURCE as packs_resource, load_packs
from lintkit.results import FileResult, RunResult
from lintkit.rules import RUN_RULES, all_meta, registry, run_registry
from lintkit.rules.base import Rule, RuleContext, RunContext, RunRule
from lintkit.facts.runtime import shared_claims
from lintkit.source import BinaryFile, SourceText, decode, read_source
from lintkit.messages import msg

__all__ = ["FileResult", "FingerprintPlan", "Plan", "RunResult", "archive_of", "lint_paths", "lint_text"]


class Plan:
    """Everything needed to check files, prepared once per run (and per worker process)."""

    def __init__(self, config: Config, *, cross: bool = False, facts: bool = True) -> None:
        self.config = config
        self.cross = cross  # files are compared with each other (S108): fingerprint each document
        packs = load_packs(config.extend_packs)  # built-in + user pattern packs, compiled once per run
        self.metas: dict[str, RuleMeta] = all_meta(config.extend_packs)
        self.rules: dict[str, Rule] = registry(config.extend_packs)
        self.run_rules: dict[str, RunRule] = {code: rule for code, rule in run_registry().items()
                                              if code in self.metas}
        # what the selection decides whatever the path, once per run (the config is frozen): the rules it
        # enables and their severities
        sel = config.selection
        self._enabled = [(rule, self.metas[code]) for code, rule in self.rules.items() if sel.enabled(self.metas[code])]
        self._severity = {code: sel.severity_of(meta) for code, meta in self.metas.items()}
        self.run = RunContext(
            lang=config.lang,
            options={code: config.options_for(meta) for code, meta in self.metas.items()},
        )
        self.run.resources[packs_resource] = packs
        if facts and any(code in self.metas and config.selection.enabled(self.metas[code]) for code in FACT_CODES):
            # the reference index, name index and claim extractor: built once per run
            self.run.resources[facts_resource] = FactsRuntime.load(
                config.reference, aliases=config.extra.get("aliases"), fields=config.extra.get("reference-fields"),
                config_path=config.path or "<configuration>")

    def active(self, path: str) -> list[tuple[Rule, RuleMeta]]:
        sel = self.config.selection
        if not sel.per_file_ignores:
            return list(self._enabled)  # (enabled_for is enabled when no per-file ignore can match)
        return [(rule, meta) for rule, meta in self._enabled if sel.enabled_for(meta, path)]

    def check_document(self, doc: Document) -> FileResult:
        result = FileResult(doc.path)
        sel = self.config.selection
        active = self.active(doc.path)
        codes = frozenset(m.code for _, m in active)
        analysis = DocumentAnalysis(doc, self.run.rule_options)  # what several rules read, computed once
        for rule, meta in active:
            ctx = RuleContext(meta, self.run.options[meta.code], self.run, codes, analysis)
            severity = self._severity[meta.code]
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
                result.claims = facts.records(doc, shared_claims(analysis, facts))
            except Exception:  # already reported as a crash of the fact rules
                result.claims = []
        result.findings.sort(key=Finding.sort_key)
        if self.cross:
            for code, run_rule in self.run_rules.items():
                meta = self.metas[code]
                if not sel.enabled_for(meta, doc.path):
                    continue
                try:
                    result.fingerprint = run_rule.fingerprint(doc, RuleContext(meta, self.run.options[code], self.run,
                                                                               frozenset(), analysis))
                except Exception as exc:  # as for a rule: the file's other findings still count
                    result.errors.append(RuleCrash(doc.path, code, exc))
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


class FingerprintPlan(Plan):
    """Only the run rules' fingerprints of a document, no findings: S108's archive index
    (``lintkit.archive.index``). Built like a ``Plan`` in each worker, without the fact rules' data."""

    def __init__(self, config: Config, *, cross: bool = True) -> None:
        super().__init__(config, cross=True, facts=False)

    def check_document(self, doc: Document) -> FileResult:
        result = FileResult(doc.path)
        analysis = DocumentAnalysis(doc, self.run.rule_options)
        for code, run_rule in self.run_rules.items():
            meta = self.metas[code]
            if not self.config.selection.enabled_for(meta, doc.path):
                continue
            try:
                result.fingerprint = run_rule.fingerprint(doc, RuleContext(meta, self.run.options[code], self.run,
                                                                           frozenset(), analysis))
            except Exception as exc:
                result.errors.append(RuleCrash(doc.path, code, exc))
        return result


def archive_of(config: Config) -> Path | None:
    """The directory of ``cross-duplicate.archive`` when it is set and S108 runs (ConfigError when it is
    not a directory), else None."""
    meta = all_meta(config.extend_packs).get(CROSS)
    if meta is None or not config.selection.enabled(meta):
        return None
    value = config.options_for(meta).get(archive_index.OPTION)
    return archive_index.directory_of(config, str(value)) if value else None


def _with_severity(f: Finding, severity: Severity) -> Finding:
    return replace(f, severity=severity)


def lint_text(text: str, path: str = "<string>", config: Config | None = None) -> list[Finding]:
    """Findings for one Markdown string (library entry point)."""
    plan = Plan(config or Config())
    return plan.check_source(decode(path, text.encode("utf-8"))).findings


def lint_paths(paths: Iterable[str], config: Config, *, stdin: bytes | None = None,
               stdin_filename: str = "-", jobs: int = 1, cache: Cache | None = None, cross: bool = False,
               progress: Callable[[int], ContextManager[Callable[[int], None] | None]] | None = None,
               plan_for: Callable[[bool], Plan] | None = None) -> RunResult:
    """Check files and directories (``-`` reads ``stdin``).

    ``jobs``: worker processes for the files (the results are the same for
    any number); ``cache``: reuse the results of unchanged files; ``cross``:
    compare the files with each other (S108) even when only one is checked
    (it is on whenever more than one is); ``progress(total)``: a context
    manager giving ``advance(n)`` (or None), called as files are done;
    ``plan_for(cross)``: a plan for ``config`` prepared earlier (``Linter`` reuses its own).
    """
    result = RunResult()
    paths = list(paths)
    archive = archive_of(config)  # checked first: a bad directory is an error before any work
    disk = [p for p in paths if p != "-"]
    found = discover(disk, config.exclude)
    result.errors.extend(found.errors)
    count = len(found.files) + ("-" in paths)
    metas = all_meta()
    cross = (cross or count > 1 or archive is not None) and \
        any(code in metas and config.selection.enabled(metas[code]) for code in RUN_RULES)
    plan = Plan(config, cross=cross) if plan_for is None else plan_for(cross)
    file_results: list[FileResult] = []
    if "-" in paths:
        file_results.append(plan.check_bytes(stdin_filename, stdin or b""))
    with progress(len(found.files)) if progress is not None else nullcontext() as advance:
        file_results.extend(parallel.check_files(plan, found.files, jobs=jobs, cache=cache, factory=Plan,
                                                 need_fingerprint=cross, progress=advance))
    for fr in file_results:
        if fr.checked:
            result.files.append(fr.path)
        result.findings.extend(fr.findings)
        result.errors.extend(fr.errors)
        result.notes.extend(fr.notes)
        result.claims.extend(fr.claims)
    if cross:
        compared: list[tuple[str, FileFingerprint]] = []
        if archive is not None:
            compared, result.archive = archive_index.archive_fingerprints(
                archive, FingerprintPlan(config), FingerprintPlan, cache=cache, jobs=jobs,
                checked=[fr.path for fr in file_results])
        _finish_run_rules(plan, file_results, result, compared)
    result.findings.sort(key=Finding.sort_key)
    return result


def _finish_run_rules(plan: Plan, file_results: list[FileResult], result: RunResult,
                      archive: list[tuple[str, FileFingerprint]]) -> None:
    """The run-level rules (S108) over the fingerprints the files returned (none where the rule is off),
    and the archive's (``cross-duplicate.archive``)."""
    for code, rule in plan.run_rules.items():
        meta = plan.metas[code]
        fingerprints = [(fr.path, fr.fingerprint) for fr in file_results if fr.fingerprint is not None]
        found = rule.finish(fingerprints, RuleContext(meta, plan.run.options[code], plan.run), archive)
        severity = plan.config.selection.severity_of(meta)
        result.findings.extend(f if severity == meta.severity else _with_severity(f, severity) for f in found.findings)
        result.clusters = list(found.clusters)
