"""The only way lintkit reads YAML: safe loading with bounded alias expansion.

``yaml.safe_load`` never runs code, but a "billion laughs" document (aliases
of aliases) expands exponentially when constructed. We compose the node graph
first (aliases stay shared there), count the nodes the construction would
visit, and refuse documents that would expand past a budget.
"""

from __future__ import annotations

from typing import Any

import yaml

from lintkit.errors import LocatedError

MAX_EXPANDED_NODES = 200_000


class YamlError(Exception):
    """A YAML problem with an optional 1-based line; callers wrap it in their own LocatedError."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _expanded_size(node: yaml.Node, budget: int) -> int:
    """Nodes visited when constructing ``node`` with aliases expanded; stops past ``budget``."""
    seen_size: dict[int, int] = {}

    def size(n: yaml.Node, depth: int) -> int:
        if depth > 500:
            raise YamlError("YAML nested too deeply", n.start_mark.line + 1)
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
            raise YamlError(
                f"YAML expands to more than {budget} nodes (alias bomb?); refused", n.start_mark.line + 1
            )
        return total

    return size(node, 0)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose construction errors (a timestamp with month 13...) carry the value's line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise YamlError(f"invalid YAML: {exc}", node.start_mark.line + 1) from None


def load(text: str, budget: int = MAX_EXPANDED_NODES) -> Any:
    """Parse one YAML document safely. Raises YamlError (with a line when known)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.reader.ReaderError as exc:  # a control character: its line, and a message on one line
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise YamlError(f"invalid YAML: {exc.reason} (character #x{exc.character:04x})", line) from None
    except yaml.YAMLError as exc:
        raise YamlError("invalid YAML: " + " ".join(str(exc).split())) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply") from None
    if node is None:
        return None
    _expanded_size(node, budget)
    loader = _LineLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"invalid YAML: {exc.problem or exc}", mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise YamlError("invalid YAML: " + " ".join(str(exc).split())) from None
    finally:
        loader.dispose()


def load_file_text(path: str, text: str, error: type[LocatedError]) -> Any:
    """``load`` that raises ``error(path, message, line=...)``."""
    try:
        return load(text)
    except YamlError as exc:
        raise error(path, exc.message, line=exc.line) from None
