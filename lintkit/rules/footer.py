"""S105 content-after-footer: article body that follows the end matter.

The end matter is found from two kinds of markers (options, defaults in
``rules/structure.yaml``): phrases of the closing disclaimer
(``markers``: "アフィリエイトリンクが含まれ"...) and phrases of end-matter
section headings (``section-markers``: "あわせて読みたい", "おすすめ書籍",
CTA headings...). What is end matter and what body follows it is the shared
analysis :func:`lintkit.analysis.end_matter` (S108 leaves the same end matter
out of its comparison); this rule reports each continuation it finds, from
its first block to its last substantive one, pointing at the footer it
follows.
"""

from __future__ import annotations

from typing import Iterator

from lintkit.document import Document
from lintkit.finding import Finding
from lintkit.rules.base import RuleContext


class ContentAfterFooter:
    code = "S105"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        markers = tuple(ctx.options["markers"])
        section_markers = tuple(ctx.options["section-markers"])
        blocks = doc.blocks
        for run in ctx.shared(doc).end_matter(markers, section_markers).continuations:
            footer = blocks[run.footer]
            end_line = blocks[run.last].last_line
            yield ctx.report(
                doc, blocks[run.first].start, 0, end_line, len(doc.lines[end_line]) if end_line < len(doc.lines) else 0,
                args={"footer_line": footer.start + 1, "footer": run.phrase},
                related=[ctx.related(doc.path, footer.start, 0)],
                data={"footer_line": footer.start + 1, "footer": run.phrase},
            )
