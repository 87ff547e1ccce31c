"""Building line edits for fixes, so that removing a block never leaves a double blank line."""

from __future__ import annotations

from lintkit.document import Document
from lintkit.finding import Edit


def _blank(doc: Document, line: int) -> bool:
    return 0 <= line < len(doc.lines) and not doc.lines[line].strip()


def delete_lines(doc: Document, start: int, end: int) -> Edit:
    """Delete lines ``[start, end)`` and one blank line beside them when they sit between blanks.

    ``a\\n\\nX\\n\\nb`` becomes ``a\\n\\nb``; a block at the end of the file
    takes the blank line before it, so the file does not end in a blank line.
    """
    if _blank(doc, start - 1) and _blank(doc, end):
        end += 1
    elif _blank(doc, start - 1) and end >= len(doc.lines):
        start -= 1
    return Edit(start, end, "", True)


def replace_line(line: int, text: str) -> Edit:
    return Edit(line, line + 1, text, False)
