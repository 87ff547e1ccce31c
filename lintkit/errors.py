"""The exception hierarchy: everything lintkit raises on purpose derives from LintkitError."""

from __future__ import annotations


class LintkitError(Exception):
    """Root of every error lintkit raises on purpose (exit code 2 at the CLI edge)."""


class LocatedError(LintkitError):
    """An error that belongs to a file, optionally to a line and a key in it."""

    def __init__(self, path: str, message: str, *, line: int | None = None, key: str | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line  # 1-based, as shown to users
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class UsageError(LintkitError):
    """Wrong command-line usage."""


class ConfigError(LocatedError):
    """Invalid configuration file or value."""


class ReferenceDataError(LocatedError):
    """Invalid reference data (facts)."""


class PackError(LocatedError):
    """Invalid YAML pattern pack or rule metadata."""


class InputError(LocatedError):
    """A file that could not be read or decoded."""


class OutputError(LocatedError):
    """A report that cannot (or must not) be written to the ``--output`` file."""


class WorkerDied(LocatedError):
    """The worker process checking a file died (out of memory, a crash in a native library)."""


class RuleCrash(LocatedError):
    """A rule raised an unexpected exception while checking a file."""

    def __init__(self, path: str, rule: str, exc: BaseException) -> None:
        self.rule = rule
        self.exc = exc
        super().__init__(path, f"internal error in rule {rule}: {type(exc).__name__}: {exc}")
