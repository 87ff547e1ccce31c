"""M401 front-matter-invalid: front matter that is not a closed YAML mapping."""

from __future__ import annotations

from typing import Iterator

from lintkit.document import Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext

_KINDS = {
    "list": ("リスト", "list"), "str": ("文字列", "string"), "int": ("数値", "number"),
    "float": ("数値", "number"), "bool": ("真偽値", "boolean"),
}


class FrontMatterInvalid:
    code = "M401"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        fm = doc.front_matter
        lines = doc.lines
        if fm is None:
            if doc.unclosed_front_matter:
                yield ctx.report(doc, 0, 0, 0, len(lines[0].rstrip()), message="unclosed")
            return
        if not fm.closed:
            opener = lines[fm.start] if fm.start < len(lines) else ""
            yield ctx.report(doc, fm.start, 0, fm.start, len(opener.rstrip()), message="unclosed")
            return
        if fm.error is None:
            return
        line = fm.error_line if fm.error_line is not None else fm.start
        line = min(max(line, fm.start), max(fm.end - 1, fm.start))
        related = [ctx.related(doc.path, fm.start, 0)] if line != fm.start else []
        if fm.data is not None and not isinstance(fm.data, dict):
            ja, en = _KINDS.get(type(fm.data).__name__, ("値", "scalar"))
            yield ctx.report(doc, line, 0, message="not-mapping", args={"kind": ja if ctx.lang == "ja" else en},
                             related=related, data={"error": fm.error})
            return
        error = fm.error.removeprefix("invalid YAML: ")
        yield ctx.report(doc, line, 0, args={"error": error}, related=related, data={"error": fm.error})
