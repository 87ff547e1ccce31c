"""Merge pack files into pack rules, build their scope plans, and cache per process.

Built-in packs live in ``rules/packs/*.yaml``; user packs come from the
configuration's ``extend-packs``. A user pack whose code is a pack rule's
code extends it (its patterns and exceptions are added; new message keys are
added, the rule's own messages, name, severity and docs are kept); any other
code defines a new rule. Codes of rules implemented in code (``S102``,
``A303``...) cannot be taken.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from lintkit.errors import PackError
from lintkit.meta import RuleMeta, builtin_meta
from lintkit.packs.loader import read_pack
from lintkit.packs.model import SCOPES, PackFile, PackRule, Pattern, ScopePlan
from lintkit.packs.regex import Regex, RegexError, alternation, compile_regex
from lintkit.resources import rules_dir


@dataclass(frozen=True)
class PackSet:
    """Every pack rule of a run, by code (sorted)."""

    rules: Mapping[str, PackRule]

    def get(self, code: str) -> PackRule | None:
        return self.rules.get(code)


def builtin_pack_paths() -> list[Path]:
    base = rules_dir() / "packs"
    return sorted(p for p in base.glob("*.yaml") if p.is_file()) if base.is_dir() else []


@lru_cache(maxsize=1)
def builtin_files() -> tuple[PackFile, ...]:
    return tuple(read_pack(p) for p in builtin_pack_paths())


def _file_key(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
        return (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return (os.path.abspath(path), -1, -1)


def load_packs(extend_packs: Sequence[str] = ()) -> PackSet:
    """The built-in packs plus ``extend_packs``, validated, merged and compiled (cached per process)."""
    return _load(tuple(_file_key(p) for p in extend_packs), tuple(extend_packs))


@lru_cache(maxsize=8)
def _load(keys: tuple[tuple[str, int, int], ...], paths: tuple[str, ...]) -> PackSet:
    del keys  # part of the cache key only: an edited pack file is read again
    reserved = {code: meta.name for code, meta in builtin_meta().items()}
    user = [read_pack(p) for p in paths]
    return merge(builtin_files(), user, reserved)


def merge(builtin: Iterable[PackFile], user: Iterable[PackFile], reserved: Mapping[str, str]) -> PackSet:
    """Pack rules from built-in then user pack files; ``reserved`` maps code-defined rules' codes to names."""
    rules: dict[str, PackRule] = {}
    names = {name: code for code, name in reserved.items()}
    for is_builtin, files in ((True, builtin), (False, user)):
        for pf in files:
            if pf.code in reserved:
                raise PackError(pf.path, f"{pf.code} ({reserved[pf.code]}) is implemented in code, not by a pack; "
                                f"use a new code, or the code of a pack rule "
                                f"({', '.join(sorted(rules)) or 'none'}) to extend it",
                                line=pf.line("code"), key="code")
            if pf.code in rules:
                rules[pf.code] = _extend(rules[pf.code], pf)
            else:
                rule = _define(pf, is_builtin, names)
                names[rule.name] = rule.code
                rules[pf.code] = rule
    return PackSet({code: _with_plans(rules[code]) for code in sorted(rules)})


def _define(pf: PackFile, builtin: bool, names: Mapping[str, str]) -> PackRule:
    for key, value in (("name", pf.name), ("severity", pf.severity)):
        if value is None:
            raise PackError(pf.path, f"a pack that defines rule {pf.code} needs '{key}'", line=pf.line("code"),
                            key=key)
    assert pf.name is not None and pf.severity is not None
    if "default" not in pf.messages:
        raise PackError(pf.path, f"a pack that defines rule {pf.code} needs messages.default",
                        line=pf.line("messages"), key="messages")
    if pf.name in names:
        raise PackError(pf.path, f"rule name {pf.name!r} is already used by {names[pf.name]}",
                        line=pf.line("name"), key="name")
    summary = pf.summary or {"ja": f"パターンパック {os.path.basename(pf.path)} の語句", "en":
                             f"Phrases of the pattern pack {os.path.basename(pf.path)}"}
    docs = pf.docs or _generated_docs(pf, summary)
    _check_message_keys(pf, pf.messages)
    meta = RuleMeta(code=pf.code, name=pf.name, family=pf.family or "packs", severity=pf.severity,
                    summary=summary, messages=dict(pf.messages), docs=docs, options={})
    return PackRule(meta=meta, patterns=pf.patterns, exceptions=pf.exceptions, sources=(pf.path,), builtin=builtin,
                    skip_blockquotes=pf.skip_blockquotes)


def _extend(rule: PackRule, pf: PackFile) -> PackRule:
    if pf.name is not None and pf.name != rule.name:
        raise PackError(pf.path, f"code {pf.code} is rule {rule.name!r}; a pack that extends it must use that name "
                        "or leave 'name' out (use a new code to define a new rule)",
                        line=pf.line("name"), key="name")
    messages = dict(rule.meta.messages)
    for key, texts in pf.messages.items():
        messages.setdefault(key, texts)  # the rule's own messages are kept
    _check_message_keys(pf, messages)
    return replace(rule, meta=replace(rule.meta, messages=messages), patterns=rule.patterns + pf.patterns,
                   exceptions=rule.exceptions + pf.exceptions, sources=rule.sources + (pf.path,))


def _check_message_keys(pf: PackFile, messages: Mapping[str, object]) -> None:
    for p in pf.patterns:
        if p.message not in messages:
            raise PackError(p.path, f"unknown message key {p.message!r} (defined: {', '.join(messages)})",
                            line=pf.locate(p.at + ("message",)), key=f"{p.key}.message")


def _generated_docs(pf: PackFile, summary: Mapping[str, str]) -> dict[str, str]:
    items = "\n".join(f"- `{p.matcher.source}`" for p in pf.patterns)
    name = os.path.basename(pf.path)
    return {
        "ja": f"## 何をするか\n{summary['ja']}\n\nパターンパック `{name}` で定義されたルールです。\n\n## パターン\n{items}\n",
        "en": f"## What it does\n{summary['en']}\n\nA rule defined by the pattern pack `{name}`.\n\n## Patterns\n{items}\n",
    }


# ----------------------------------------------------------------- plans

def has_anchor(pattern: str) -> bool:
    """True if the regex can assert a text edge (``^ $ \\A \\z \\B`` outside a character class)."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if not in_class and i + 1 < n and pattern[i + 1] in "AzB":
                return True
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern.startswith("^", i + 1):
                i += 1
            if pattern.startswith("]", i + 1):
                i += 1
        elif c in "^$":
            return True
        i += 1
    return False


def _prefilter(patterns: Sequence[Pattern]) -> Regex | None:
    try:
        return compile_regex(alternation(p.matcher.pattern for p in patterns))
    except RegexError:
        return None  # too large combined: the patterns are run one by one


def _with_plans(rule: PackRule) -> PackRule:
    plans: list[ScopePlan] = []
    for scope in SCOPES:
        pats = [p for p in rule.patterns if scope in p.scopes]
        if not pats:
            continue
        free = tuple(p for p in pats if not has_anchor(p.matcher.pattern))
        anchored = tuple(p for p in pats if has_anchor(p.matcher.pattern))
        plans.append(ScopePlan(scope, free, anchored, _prefilter(free) if free else None))
    return replace(rule, plans=tuple(plans))
