"""S108 cross-duplicate as a run-level rule: a fingerprint per file, one finish per run.

The index (MinHash, LSH, clusters, boilerplate) is ``lintkit.archive.crossdup``;
this module says what of a document is compared (S102's units and the
sections, end matter left out) and applies the file's suppression comments
to the findings through the ordinary suppression path.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate
from typing import Sequence

from lintkit import suppression
from lintkit.archive import crossdup
from lintkit.archive.crossdup import PARAGRAPH, SECTION, CrossOptions, CrossResult, FileFingerprint, Unit
from lintkit.document import HEADING, Document, Section
from lintkit.finding import Finding
from lintkit.meta import builtin_meta
from lintkit.rules.base import RuleContext
from lintkit.rules.duplicates import Settings, analyze
from lintkit.similarity import normalize


class CrossDuplicate:
    """S108: paragraphs and sections repeated across the files of one run."""

    code = crossdup.CODE

    def fingerprint(self, doc: Document, ctx: RuleContext) -> FileFingerprint:
        """The file's compact view (built in the worker that checked it)."""
        options = CrossOptions.of(ctx.run.rule_options)
        shared = ctx.shared(doc)
        # the settings of a run where S101 reports sections (the units are the same whichever rules run)
        analysis = analyze(shared, Settings.of(replace(ctx, active=frozenset())))
        blocks = doc.blocks
        texts: dict[int, str] = {u.block: u.text for u in analysis.units if blocks[u.block].parent is None}
        last_lines: dict[int, int] = {u.block: u.last for u in analysis.units}
        for b in doc.headings:
            if b.parent is None:
                text = normalize(b.text)
                if text:
                    texts[b.index] = text
        boiler = shared.end_matter(options.markers, options.section_markers).blocks
        order = sorted(i for i in texts if i not in boiler)
        pieces = tuple(texts[i] for i in order)
        mins = crossdup.minhash_array(pieces)
        units: list[Unit] = []
        lines = doc.lines
        compared = [k for k, i in enumerate(order)
                    if blocks[i].kind != HEADING and len(pieces[k]) >= options.min_length]
        for k, sig in zip(compared, crossdup.signatures([pieces[k] for k in compared], mins[compared])):
            block = blocks[order[k]]
            last = last_lines.get(order[k], block.last_line)
            units.append(Unit(PARAGRAPH, block.start, _indent(lines[block.start]), last, len(lines[last]), k, k + 1,
                              sig, ""))
        ends = list(accumulate((len(p) for p in pieces), initial=0))  # ends[k]: the length of pieces[:k]
        spans: list[tuple[Section, int, int, int]] = []  # (section, its heading, first piece, end piece)
        for section in doc.sections:
            if section.heading is None or section.heading not in texts or section.heading in boiler:
                continue
            first = bisect_left(order, section.heading)
            last_block = section.blocks[-1] if section.blocks else section.heading
            last = bisect_right(order, last_block)
            if last - first < 2 or ends[last] - ends[first + 1] < options.section_min_length:
                continue
            spans.append((section, section.heading, first, last))
        if spans:
            import numpy as np  # as in crossdup: only where S108 runs

            merged = np.stack([mins[first:last].min(axis=0) for _, _, first, last in spans])
            section_texts = ["\n".join(pieces[first:last]) for _, _, first, last in spans]
            for (section, h, first, last), sig in zip(spans, crossdup.signatures(section_texts, merged)):
                end = _last_text_line(doc, section.start, section.end)
                heading = blocks[h]
                units.append(Unit(SECTION, section.start, _indent(lines[section.start]), end, len(lines[end]),
                                  first, last, sig, heading.text.strip()))
        units.sort(key=lambda u: (u.line, u.kind))
        directives = suppression.find_directives(doc, builtin_meta())
        return FileFingerprint.of(pieces, units, directives, len(doc.lines))

    def finish(self, files: Sequence[tuple[str, FileFingerprint]], ctx: RuleContext,
               archive: Sequence[tuple[str, FileFingerprint]] = ()) -> CrossResult:
        """The run's findings (suppression comments applied) and clusters, over every file's fingerprint;
        ``archive``: the posts of ``cross-duplicate.archive`` (compared, never reported)."""
        scopes = {path: suppression.build(list(fp.directives), fp.lines) for path, fp in files if fp.directives}

        def suppressed(finding: Finding) -> bool:
            found = scopes.get(finding.path)
            return found is not None and found.suppresses(finding)

        return crossdup.cross_duplicates(files, CrossOptions.of(ctx.run.rule_options), ctx.meta, ctx.lang,
                                         suppressed if scopes else None, archive=archive)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _last_text_line(doc: Document, start: int, end: int) -> int:
    last = max(start, min(end, len(doc.lines)) - 1)
    while last > start and not doc.lines[last].strip():
        last -= 1
    return last
