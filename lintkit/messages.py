"""The error-message catalogue: ``rules/errors.yaml`` holds a Japanese and an English template per error id.

Code that raises an error names the id and its values, ``msg("config.unknown-key", allowed=...)``,
instead of a finished sentence; the words are chosen when the error is shown, in the user's
language (``render(m, "ja")``). ``str()`` of a ``Msg`` is the English text, so logs, tests and
plain ``str(exc)`` keep working. A value that is itself a ``Msg`` is rendered in the same language;
a list or tuple is joined with ", ".

This module imports nothing from lintkit (errors.py imports it), so it finds the catalogue itself,
where resources.rules_dir() finds the rest of the shipped data.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

LANGS = ("ja", "en")
DEFAULT_LANG = "ja"


@dataclass(frozen=True)
class Msg:
    """An error message not yet put into words: a catalogue id and the values of its placeholders."""

    id: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return render(self, lang)

    def __str__(self) -> str:
        return render(self, "en")


def msg(id: str, **args: Any) -> Msg:
    """A message of the catalogue, e.g. ``msg("value.one-of", allowed=("ja", "en"))``.

    Values are kept as text (a ``Msg`` stays a ``Msg``, a list becomes a tuple), so a message
    pickles to a worker process and back whatever it was made from (an OSError, a number).
    """
    return Msg(id, {k: _keep(v) for k, v in args.items()})


def _keep(value: Any) -> Any:
    if isinstance(value, Msg):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_keep(v) for v in value)
    return str(value)


def _catalogue_file() -> Path | None:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules" / "errors.yaml", here.parent / "rules" / "errors.yaml"):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """id -> {"ja": template, "en": template}, read once per process."""
    path = _catalogue_file()
    if path is None:
        return {}
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            data = loader.get_single_data() or {}
        finally:
            loader.dispose()
        return {str(k): {str(lang): str(t) for lang, t in v.items()} for k, v in data["errors"].items()}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, AttributeError, TypeError):
        return {}  # a broken install: messages show their ids (tests/test_messages.py guards the shipped file)


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_value(v, lang) for v in value)
    return str(value)


def render(text: Msg | str, lang: str) -> str:
    """The message in ``lang`` (ja or en; anything else falls back to English). A plain string is returned as is.

    Never raises: an id missing from the catalogue (a data error) still shows the id and the values.
    """
    if not isinstance(text, Msg):
        return text
    templates = catalogue().get(text.id)
    if text.args.get("n") == "1":  # English plurals: an id's ``.one`` variant, when it has one, for n = 1
        templates = catalogue().get(f"{text.id}.one") or templates
    values = {k: _value(v, lang) for k, v in text.args.items()}
    if templates:
        template = templates.get(lang) or templates.get("en") or ""
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            pass
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    return f"{text.id}" + (f" ({shown})" if shown else "")


def template(id: str, lang: str) -> str:
    """The raw template of a catalogue entry in ``lang`` (for words a caller fills itself); the id if missing."""
    templates = catalogue().get(id) or {}
    return templates.get(lang) or templates.get("en") or id


def text_of(exc: BaseException) -> Msg | str:
    """The message an exception was raised with: its ``Msg`` when it carries one, else ``str(exc)``."""
    if exc.args and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)
