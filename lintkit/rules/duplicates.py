"""S101 duplicate-section and S102 duplicate-paragraph: the findings of the duplicate analysis.

Both rules read one analysis of the document (``lintkit.duplication.analyze``: what
is compared, the seams, flattened re-pastes and parts), computed once and cached
on the document, so that a section S101 reports as a duplicate is not reported
again paragraph by paragraph by S102: one finding per defect. This module says
where each finding sits, what it says and what its fix deletes.
"""

from __future__ import annotations

from typing import Any, Iterator

from lintkit.document import Document, Section
from lintkit.duplication import (PARAGRAPH_CODE, SECTION_CODE, Settings, analyze, indent, last_line,
                                 section_last_line)
from lintkit.edits import delete_lines
from lintkit.finding import Finding, Fix, Severity
from lintkit.rules.base import RuleContext


class DuplicateSection:
    code = SECTION_CODE

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        analysis = analyze(ctx.shared(doc), Settings.of(ctx))
        sections = doc.sections
        reports = [(d, "default") for d in analysis.sections] + [(d, "heading") for d in analysis.headings]
        for dup, key in reports:
            later, first = sections[dup.later], sections[dup.first]
            first_line = first.start if first.heading is not None else _first_body_line(doc, first)
            last = section_last_line(doc, later)
            heading = doc.blocks[later.heading].text.strip() if later.heading is not None else ""
            data: dict[str, Any] = {"other_line": first_line + 1}
            if key == "default":
                data["similarity"] = round(dup.similarity, 4)
            else:
                data["heading"] = heading
            yield ctx.report(doc, later.start, indent(doc.lines[later.start]), last, len(doc.lines[last]),
                             message=key, data=data,
                             args={"other_line": first_line + 1, "similarity": dup.similarity, "heading": heading},
                             related=[ctx.related(doc.path, first_line, indent(doc.lines[first_line]))])


def _first_body_line(doc: Document, section: Section) -> int:
    for b in section.blocks:
        return doc.blocks[b].start
    return section.start


class DuplicateParagraph:
    code = PARAGRAPH_CODE

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        analysis = analyze(ctx.shared(doc), Settings.of(ctx))
        units = analysis.units
        lines = doc.lines
        for run in analysis.paragraphs:
            start, last = units[run.later[0]].start, units[run.later[-1]].last
            first_start, first_last = units[run.first[0]].start, units[run.first[-1]].last
            fix = None
            if run.exact and lines[start : last + 1] == lines[first_start : first_last + 1]:
                fix = Fix(True, ctx.msg("fix"), (delete_lines(doc, start, last + 1),))
            count = len(run.later)
            args = {"other_line": first_start + 1, "other_end_line": first_last + 1,
                    "similarity": run.similarity, "count": count}
            yield ctx.report(
                doc, start, indent(lines[start]), last, len(lines[last]),
                message="default" if count == 1 else "run", args=args,
                severity=Severity.WARNING if run.structured else None,
                related=[ctx.related(doc.path, first_start, indent(lines[first_start]))],
                fix=fix,
                data={"other_line": first_start + 1, "other_end_line": first_last + 1,
                      "similarity": round(run.similarity, 4), "count": count},
            )
        for seam in analysis.seams:
            block, first = doc.blocks[seam.block], doc.blocks[seam.first]
            line, col = doc.position(block, seam.start)
            end_line, end_col = doc.end_position(block, seam.end)
            other_line, other_col = doc.position(first, seam.first_start)
            yield ctx.report(
                doc, line, col, end_line, end_col, message="seam",
                args={"other_line": other_line + 1},
                related=[ctx.related(doc.path, other_line, other_col)],
                data={"kind": "seam", "seam": seam.kind, "other_line": other_line + 1},
            )
        for flat in analysis.flats:
            block = doc.blocks[flat.block]
            if block.prose is None:
                line, col, last = block.start, indent(lines[block.start]), last_line(doc, block)
                end_col = len(lines[last])
            else:
                line, col = doc.position(block, flat.start)
                last, end_col = doc.end_position(block, flat.end)
            first_lines = [doc.position(doc.blocks[b], at)[0] if doc.blocks[b].prose is not None else doc.blocks[b].start
                           for b, at in zip(flat.sources, flat.origins)]
            yield ctx.report(
                doc, line, col, last, end_col, message="flat",
                args={"other_line": first_lines[0] + 1, "count": len(flat.sources),
                      "coverage": flat.coverage},
                related=[ctx.related(doc.path, n, indent(lines[n])) for n in first_lines[:5]],
                data={"kind": "flat", "other_lines": [n + 1 for n in first_lines],
                      "coverage": round(flat.coverage, 4), "sentences": flat.sentences},
            )

        for part in analysis.parts:
            block, other = doc.blocks[part.block], doc.blocks[part.other]
            last = last_line(doc, block)
            yield ctx.report(
                doc, block.start, indent(lines[block.start]), last, len(lines[last]), message=part.kind,
                args={"other_line": other.start + 1, "count": part.sentences},
                related=[ctx.related(doc.path, other.start, indent(lines[other.start]))],
                data={"kind": part.kind, "other_line": other.start + 1, "sentences": part.sentences},
            )
