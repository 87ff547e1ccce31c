"""The exception hierarchy: everything lintkit raises on purpose derives from LintkitError.

Messages are catalogue entries (``lintkit.messages.msg(id, **values)``, words in rules/errors.yaml),
shown in the user's language by ``exc.render(lang)``; ``str(exc)`` is the English text.
A plain string is still accepted (shown the same in both languages).
"""

from __future__ import annotations

from typing import Any

from lintkit.messages import Msg, render


class LintkitError(Exception):
    """Root of every error lintkit raises on purpose (exit code 2 at the CLI edge)."""

    def render(self, lang: str) -> str:
        """The one-line message in ``lang`` (ja or en)."""
        if len(self.args) == 1 and isinstance(self.args[0], Msg):
            return render(self.args[0], lang)
        return super().__str__()

    def __str__(self) -> str:
        return self.render("en")


class LocatedError(LintkitError):
    """An error that belongs to a file, optionally to a line and a key in it."""

    def __init__(self, path: str, message: Msg | str, *, line: int | None = None, key: str | None = None) -> None:
        self.path = path
        self.text = message  # the catalogue message (or a plain string)
        self.line = line  # 1-based, as shown to users
        self.key = key
        super().__init__(render(message, "en"))

    @property
    def message(self) -> str:
        """The message in English (without the location); ``message_in(lang)`` for the user's language."""
        return render(self.text, "en")

    def message_in(self, lang: str) -> str:
        return render(self.text, lang)

    def render(self, lang: str) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message_in(lang)}"

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


class OutputError(LocatedError):
    """A report that cannot (or must not) be written to the ``--output`` file."""


class WorkerDied(LocatedError):
    """The worker process checking a file died (out of memory, a crash in a native library)."""


class RuleCrash(LocatedError):
    """A rule raised an unexpected exception while checking a file."""

    def __init__(self, path: str, rule: str, exc: BaseException) -> None:
        self.rule = rule
        self.exc = exc
        super().__init__(path, Msg("internal.rule-crash", {"rule": rule, "detail": f"{type(exc).__name__}: {exc}"}))
