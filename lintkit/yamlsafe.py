"""The only way lintkit reads YAML: safe loading with bounded alias expansion.

``yaml.safe_load`` never runs code, but a "billion laughs" document (aliases
of aliases) expands exponentially when constructed. We compose the node graph
first (aliases stay shared there), count the nodes the construction would
visit, and refuse documents that would expand past a budget.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml

from lintkit.errors import LocatedError
from lintkit.messages import Msg, msg

MAX_EXPANDED_NODES = 200_000
# libyaml's parser (when PyYAML was built with it) is ~10x faster than the pure-Python one, which
# matters for the start-up of a one-file run (rule docs, packs, reference data). Its composer
# recurses in C (it crashes past ~20,000 levels), so it only gets documents whose nesting libyaml's
# own event parser (a state machine, no recursion) has measured as at most _FAST_KEEP_DEPTH levels.
# Its result is used only when it parsed without complaint and nests at most _FAST_KEEP_DEPTH
# levels; anything else goes through the pure-Python parser, so errors and their lines stay the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_KEEP_DEPTH = 100


class YamlError(Exception):
    """A YAML problem with an optional 1-based line; callers wrap it in their own LocatedError."""

    def __init__(self, message: Msg, line: int | None = None) -> None:
        super().__init__(message)
        self.text = message
        self.message = str(message)  # English
        self.line = line


def _expanded_size(node: yaml.Node, budget: int) -> int:
    """Nodes visited when constructing ``node`` with aliases expanded; stops past ``budget``."""
    seen_size: dict[int, int] = {}

    def size(n: yaml.Node, depth: int) -> int:
        if depth > 500:
            raise YamlError(msg("yaml.too-deep"), n.start_mark.line + 1)
        key = id(n)
        if key in seen_size:
            return seen_size[key]
        total = 1
        if isinstance(n, yaml.SequenceNode):
            for child in n.value:
                total += size(child, depth + 1)
                if total > budget:
                    break
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k, depth + 1) + size(v, depth + 1)
                if total > budget:
                    break
        seen_size[key] = total
        if total > budget:
            raise YamlError(msg("yaml.alias-bomb", budget=budget), n.start_mark.line + 1)
        return total

    return size(node, 0)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose construction errors (a timestamp with month 13...) carry the value's line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise YamlError(msg("yaml.invalid", detail=exc), node.start_mark.line + 1) from None


def _compose_fast(text: str) -> "yaml.Node | None | Literal[False]":
    """The node graph from libyaml; False when it is not available, not safe here, or finds a problem."""
    if _FAST_LOADER is None:
        return False
    try:
        if not _shallow(text, _FAST_KEEP_DEPTH):
            return False
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except Exception:  # the pure-Python parser then reports it, with the messages and lines it always gave
        return False
    return node if node is None or _depth_at_most(node, _FAST_KEEP_DEPTH) else False


def _shallow(text: str, limit: int) -> bool:
    """Whether the document nests at most ``limit`` collections, from libyaml's event stream.

    libyaml's parser is a state machine with its own stack (no recursion), so this is safe on any
    input; only the composer that follows recurses, and it runs on shallow documents only.
    (Counting brackets instead made every file with more than a few thousand flow collections,
    such as a reference of thousands of ``names: [...]`` entities, take the 10x slower parser.)
    """
    depth = 0
    assert _FAST_LOADER is not None
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > limit:
                return False
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return True


def _depth_at_most(root: yaml.Node, limit: int) -> bool:
    """Whether the node graph nests at most ``limit`` levels (iteratively; a node shared through
    aliases is walked again only when reached deeper; a recursive alias is deeper than any limit)."""
    deepest: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        if deepest.get(id(node), 0) >= depth:
            continue
        deepest[id(node)] = depth
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return True


def load(text: str, budget: int = MAX_EXPANDED_NODES) -> Any:
    """Parse one YAML document safely. Raises YamlError (with a line when known)."""
    fast = _compose_fast(text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader) if fast is False else fast
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(msg("yaml.invalid", detail=exc.problem or exc), line) from None
    except yaml.reader.ReaderError as exc:  # a control character: its line, and a message on one line
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise YamlError(msg("yaml.invalid", detail=f"{exc.reason} (character #x{exc.character:04x})"), line) from None
    except yaml.YAMLError as exc:
        raise YamlError(msg("yaml.invalid", detail=" ".join(str(exc).split()))) from None
    except RecursionError:
        raise YamlError(msg("yaml.too-deep")) from None
    if node is None:
        return None
    _expanded_size(node, budget)
    loader = _LineLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(msg("yaml.invalid", detail=exc.problem or exc), mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise YamlError(msg("yaml.invalid", detail=" ".join(str(exc).split()))) from None
    finally:
        loader.dispose()


def load_file_text(path: str, text: str, error: type[LocatedError]) -> Any:
    """``load`` that raises ``error(path, message, line=...)``."""
    try:
        return load(text)
    except YamlError as exc:
        raise error(path, exc.text, line=exc.line) from None
