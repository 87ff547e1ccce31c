"""The one markdown-it factory (CommonMark + GFM tables + strikethrough + front matter)."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(front_matter_plugin)
    md.enable(["table", "strikethrough"])
    return md


def parse(text: str) -> list[Token]:
    """Block tokens of a normalized (``\\n`` line endings) text."""
    return parser().parse(text)
