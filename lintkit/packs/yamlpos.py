"""Where each key and list item of a YAML document is: (path) → 1-based line.

Used only to point validation errors at a line, so it runs only when there is
an error to report. The document has already
been loaded by ``lintkit.yamlsafe`` (safe loader, alias-bomb bounded); this
re-reads the same text as a node graph with PyYAML's safe composer, which
never constructs Python objects and keeps aliases shared, so it costs one
linear pass.
"""

from __future__ import annotations

from typing import Union

import yaml

Key = Union[str, int]
Path = tuple[Key, ...]


def key_lines(text: str) -> dict[Path, int]:
    """Line of every mapping key and sequence item, by its path from the root."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[Path, int] = {}
    if root is None:
        return lines
    lines[()] = root.start_mark.line + 1
    stack: list[tuple[Path, yaml.Node, int]] = [((), root, 0)]
    seen: set[int] = set()
    while stack:
        path, node, depth = stack.pop()
        if id(node) in seen or depth > 100:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
                lines.setdefault(path + (key,), k.start_mark.line + 1)
                stack.append((path + (key,), v, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault(path + (i,), item.start_mark.line + 1)
                stack.append((path + (i,), item, depth + 1))
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def dotted(path: Path) -> str:
    """``("patterns", 3, "regex")`` → ``patterns[3].regex``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
