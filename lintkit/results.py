"""What a check returns: ``FileResult`` per file, ``RunResult`` per run.

Plain values with no behaviour beyond counting, so that every layer (the
engine, the worker pool, the cache, the reporters, the servers) can use
them without importing the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lintkit.errors import LocatedError
from lintkit.finding import Finding, Severity

if TYPE_CHECKING:  # value types only: no import at run time
    from lintkit.archive.crossdup import Cluster, FileFingerprint
    from lintkit.archive.index import IndexStats


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)
    checked: bool = True
    notes: list[LocatedError] = field(default_factory=list)  # skipped on purpose (binary files)
    fingerprint: FileFingerprint | None = None  # S108's compact view of the file when files are compared
    claims: list[dict[str, Any]] = field(default_factory=list)  # numeric claims (DESIGN claims JSON records)


@dataclass
class RunResult:
    files: list[str] = field(default_factory=list)  # files that were checked
    findings: list[Finding] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)  # files not checked, rule crashes
    notes: list[LocatedError] = field(default_factory=list)  # files skipped on purpose; exit code unchanged
    clusters: list[Cluster] = field(default_factory=list)  # S108 duplicate clusters
    claims: list[dict[str, Any]] = field(default_factory=list)  # numeric claims of every file, when fact rules ran
    archive: IndexStats | None = None  # S108's archive index, when cross-duplicate.archive is set

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
