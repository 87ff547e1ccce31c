"""The exception hierarchy: everything lintkit raises on purpose derives from LintkitError."""

from __future__ import annotations

from typing import Any


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

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only constructor arguments: rebuilt from the attributes, so that an error crosses a process
        # boundary (worker → parent) as it is; an exception held as a cause travels as its text
        state = {k: (RuntimeError(str(v)) if isinstance(v, BaseException) else v) for k, v in vars(self).items()}
        return _rebuild, (type(self), self.args, state)


def _rebuild(cls: type[LocatedError], args: tuple[Any, ...], state: dict[str, Any]) -> LocatedError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    vars(error).update(state)
    return error


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


class WorkerDied(LocatedError):
    """The worker process checking a file died (out of memory, a crash in a native library)."""


class RuleCrash(LocatedError):
    """A rule raised an unexpected exception while checking a file."""

    def __init__(self, path: str, rule: str, exc: BaseException) -> None:
        self.rule = rule
        self.exc = exc
        super().__init__(path, f"internal error in rule {rule}: {type(exc).__name__}: {exc}")
