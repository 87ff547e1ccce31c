"""Read and validate one pattern-pack file into a ``PackFile`` (patterns compiled).

Every problem raises ``PackError(path, message, line=, key=)``: the file,
the 1-based line of the offending key or item, and its dotted key
(``patterns[3].regex``).
"""

from __future__ import annotations

import os
import re
import string
from pathlib import Path as FsPath
from typing import Any, Mapping

from lintkit import yamlsafe
from lintkit.errors import PackError
from lintkit.finding import Severity
from lintkit.messages import Msg, msg
from lintkit.packs import normalize
from lintkit.packs.model import (
    BODY_SCOPES, HEADING, PARAGRAPH, PHRASE, REGEX, SCOPES, WITHIN_MATCH, WITHINS,
    Matcher, PackException, PackFile, Pattern,
)
from lintkit.packs.regex import RegexError, alternation, compile_regex, escape
from lintkit.packs.yamlpos import Path, dotted, key_lines, line_of
from lintkit.source import read_data

FORMAT = "pack/1"
TOP_KEYS = ("lintkit", "code", "name", "severity", "family", "scope", "skip-blockquotes", "summary", "messages",
            "docs", "patterns", "exceptions")
PATTERN_KEYS = ("phrase", "phrases", "regex", "message", "scope", "exceptions")
EXCEPTION_KEYS = ("phrase", "phrases", "regex", "within")
MESSAGE_FIELDS = ("match",)
DEFAULT_SCOPE = (PARAGRAPH, HEADING)
CODE_RE = re.compile(r"^[A-Z]{1,3}[0-9]{2,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_PHRASE = 500


class _Ctx:
    """The file being validated: raises located errors.

    Lines are found by a second read of the file, done only when an error
    needs one: loading a valid pack costs one YAML pass.
    """

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: dict[Path, int] | None = None

    def line(self, at: Path) -> int | None:
        if self._lines is None:
            self._lines = key_lines(self.text)
        return line_of(self._lines, at)

    def error(self, at: Path, message: Msg | str) -> PackError:
        return PackError(self.path, message, line=self.line(at), key=dotted(at) or None)


def read_pack(path: str | FsPath) -> PackFile:
    """Load, validate and compile the pack at ``path``."""
    p = str(path)
    if not os.path.lexists(p):
        raise PackError(p, msg("pack.not-found"))
    try:
        text = read_data(p, PackError).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(p, msg("file.not-utf8", detail=exc.reason)) from None
    return parse_pack(p, text)


def parse_pack(path: str, text: str) -> PackFile:
    """Validate and compile the text of a pack file (``path`` is used in errors)."""
    data = yamlsafe.load_file_text(path, text, PackError)
    ctx = _Ctx(path, text)
    if not isinstance(data, dict):
        raise ctx.error((), msg("pack.not-mapping"))
    for key in data:
        if key not in TOP_KEYS:
            raise ctx.error((str(key),), msg("key.unknown", hint="", allowed=TOP_KEYS))
    if "lintkit" in data and data["lintkit"] != FORMAT:
        raise ctx.error(("lintkit",), msg("pack.format", expected=repr(FORMAT)))
    code = data.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise ctx.error(("code",), msg("pack.code"))
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or not NAME_RE.match(name)):
        raise ctx.error(("name",), msg("pack.name"))
    severity = None
    if "severity" in data:
        try:
            severity = Severity.parse(str(data["severity"]))
        except ValueError:
            raise ctx.error(("severity",), msg("value.one-of", allowed=("error", "warning", "info"))) from None
    family = data.get("family")
    if family is not None and not isinstance(family, str):
        raise ctx.error(("family",), msg("value.string"))
    skip_quotes = data.get("skip-blockquotes", False)
    if not isinstance(skip_quotes, bool):
        raise ctx.error(("skip-blockquotes",), msg("value.bool"))
    default_scope = _scopes(ctx, ("scope",), data["scope"]) if "scope" in data else frozenset(DEFAULT_SCOPE)
    summary = _bilingual(ctx, ("summary",), data["summary"]) if "summary" in data else None
    docs = _bilingual(ctx, ("docs",), data["docs"]) if "docs" in data else None
    messages = _messages(ctx, data.get("messages", {}))
    raw_patterns = data.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise ctx.error(("patterns",), msg("pack.patterns"))
    patterns = tuple(_pattern(ctx, ("patterns", i), item, default_scope) for i, item in enumerate(raw_patterns))
    exceptions = _exceptions(ctx, ("exceptions",), data.get("exceptions", []))
    return PackFile(path=path, code=code, name=name, severity=severity, family=family, summary=summary,
                    messages=messages, docs=docs, patterns=patterns, exceptions=exceptions,
                    skip_blockquotes=skip_quotes, locate=ctx.line)


# ----------------------------------------------------------------- parts

def _bilingual(ctx: _Ctx, at: Path, value: Any) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"ja": value, "en": value}
    if isinstance(value, dict) and isinstance(value.get("ja"), str) and value["ja"].strip():
        for k, v in value.items():
            if k not in ("ja", "en"):
                raise ctx.error(at + (str(k),), msg("pack.language"))
            if not isinstance(v, str) or not v.strip():
                raise ctx.error(at + (str(k),), msg("value.non-empty-string"))
        return {"ja": value["ja"], "en": value.get("en", value["ja"])}
    raise ctx.error(at, msg("pack.bilingual"))


def _messages(ctx: _Ctx, raw: Any) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise ctx.error(("messages",), msg("pack.messages"))
    result: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        at: Path = ("messages", str(key))
        texts = _bilingual(ctx, at, value)
        for lang, template in texts.items():
            try:
                parts = list(string.Formatter().parse(template))
            except ValueError as exc:
                raise ctx.error(at, msg("pack.bad-template", lang=lang, detail=exc)) from None
            for _, f, spec, conversion in parts:
                if f is None:
                    continue
                if f not in MESSAGE_FIELDS or spec or conversion:
                    # only {match} itself: a format spec ({match:>400000000}) can allocate without bound,
                    # attribute or index access ({match.__class__}) walks objects
                    shown = f + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                    raise ctx.error(at, msg("pack.placeholder-form", name="{" + shown[:60] + "}", lang=lang,
                                            allowed=["{" + m + "}" for m in MESSAGE_FIELDS]))
        result[str(key)] = texts
    return result


def _scopes(ctx: _Ctx, at: Path, raw: Any) -> frozenset[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(s, str) for s in items):
        raise ctx.error(at, msg("pack.scopes", allowed=SCOPES))
    for s in items:
        if s not in SCOPES:
            raise ctx.error(at, msg("pack.unknown-scope", scope=repr(s), allowed=SCOPES))
    if sum(s in BODY_SCOPES for s in items) > 1:
        raise ctx.error(at, msg("pack.body-scopes", scopes=BODY_SCOPES))
    return frozenset(items)


def _strings(ctx: _Ctx, at: Path, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        raise ctx.error(at, msg("value.strings"))
    for i, s in enumerate(items):
        where = at if isinstance(raw, str) else at + (i,)
        if not isinstance(s, str) or not s.strip():
            raise ctx.error(where, msg("value.non-empty-string"))
        if len(s) > MAX_PHRASE:
            raise ctx.error(where, msg("pack.too-long", max=MAX_PHRASE))
    return items


def _matcher(ctx: _Ctx, at: Path, item: Mapping[str, Any]) -> Matcher:
    kinds = [k for k in ("phrase", "phrases", "regex") if k in item]
    if len(kinds) != 1:
        raise ctx.error(at, msg("pack.one-matcher"))
    kind = kinds[0]
    if kind == "regex":
        source = item["regex"]
        if not isinstance(source, str) or not source:
            raise ctx.error(at + ("regex",), msg("pack.regex-string"))
        compiled_source = normalize.width(source)
        try:
            regex = compile_regex(compiled_source)
        except RegexError as exc:
            raise ctx.error(at + ("regex",), msg("pack.bad-regex", detail=exc)) from None
        if regex.search("") is not None:
            raise ctx.error(at + ("regex",), msg("pack.empty-match"))
        return Matcher(REGEX, source, regex, compiled_source)
    phrases = _strings(ctx, at + (kind,), item[kind])
    compiled_source = "(?i:" + alternation(escape(normalize.width(p)) for p in phrases) + ")"
    try:
        regex = compile_regex(compiled_source)
    except RegexError as exc:  # pragma: no cover - escaped literals always compile
        raise ctx.error(at + (kind,), str(exc)) from None
    return Matcher(PHRASE, " | ".join(phrases), regex, compiled_source)


def _exceptions(ctx: _Ctx, at: Path, raw: Any) -> tuple[PackException, ...]:
    if not isinstance(raw, list):
        raise ctx.error(at, msg("pack.exceptions"))
    result: list[PackException] = []
    for i, item in enumerate(raw):
        where = at + (i,)
        if isinstance(item, str):
            item = {"phrase": item}
        if not isinstance(item, dict):
            raise ctx.error(where, msg("pack.exception-item"))
        for key in item:
            if key not in EXCEPTION_KEYS:
                raise ctx.error(where + (str(key),), msg("key.unknown", hint="", allowed=EXCEPTION_KEYS))
        within = item.get("within", WITHIN_MATCH)
        if within not in WITHINS:
            raise ctx.error(where + ("within",), msg("value.one-of", allowed=WITHINS))
        result.append(PackException(_matcher(ctx, where, item), within, ctx.path))
    return tuple(result)


def _pattern(ctx: _Ctx, at: Path, item: Any, default_scope: frozenset[str]) -> Pattern:
    if isinstance(item, str):
        item = {"phrase": item}
    if not isinstance(item, dict):
        raise ctx.error(at, msg("pack.pattern-item"))
    for key in item:
        if key not in PATTERN_KEYS:
            raise ctx.error(at + (str(key),), msg("key.unknown", hint="", allowed=PATTERN_KEYS))
    matcher = _matcher(ctx, at, item)
    scopes = _scopes(ctx, at + ("scope",), item["scope"]) if "scope" in item else default_scope
    message = item.get("message", "default")
    if not isinstance(message, str):
        raise ctx.error(at + ("message",), msg("pack.message-key"))
    exceptions = _exceptions(ctx, at + ("exceptions",), item.get("exceptions", []))
    return Pattern(matcher, scopes, message, exceptions, ctx.path, at)
