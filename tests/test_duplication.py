"""The duplicate analysis (lintkit/duplication.py) that S101 and S102 report and S108 compares across files."""

from __future__ import annotations

from dataclasses import replace

from lintkit.analysis import DocumentAnalysis
from lintkit.document import Document
from lintkit.duplication import Settings, analyze
from lintkit.rules import all_meta
from lintkit.similarity import normalize
from lintkit.source import read_source
from tests.conftest import FIXTURES

METAS = all_meta()
DIR = FIXTURES / "duplicates"


def test_analysis_is_shared_by_both_rules() -> None:
    doc = Document.parse(read_source(str(DIR / "duplicated_section.md")))
    shared = DocumentAnalysis(doc, lambda code: METAS[code].default_options())
    o101, o102 = (METAS[c].default_options() for c in ("S101", "S102"))
    settings = Settings(o101["threshold"], o101["min-length"], o102["threshold"], o102["min-length"],
                        o102["near-min-length"], tuple(normalize(p) for p in o102["lead-in-phrases"]), True)
    first = analyze(shared, settings)
    assert analyze(shared, settings) is first
    assert analyze(shared, replace(settings, section_threshold=0.95)) is not first
    # another check of the same document (another run) computes its own: nothing is kept between checks
    assert analyze(DocumentAnalysis(doc, shared.options_of), settings) is not first
