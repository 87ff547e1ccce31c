"""Fact checking: numeric claims in the text against the writer's reference data.

Modules by job:

- ``normalize``: width/case folding that keeps offsets (1:1), name keys, slugs
- ``numbers``: Japanese numeric expressions (万/億/兆, ``$``/ドル/円, ``/1M``, ranges, %)
- ``vocabulary``: attribute vocabulary, keywords and field names from ``rules/facts.yaml``
- ``reference``: loading reference data (native ``lintkit: reference/1`` and writers' records)
- ``entities``: the name index (variants, longest match first, "did you mean")
- ``claims``: claim extraction and binding (entity, attribute, qualifiers)
- ``binding``: the binding model (how a claim was bound, its doubts: certain | possible)
- ``check``: comparison with the reference (tolerances, units) → claim status
- ``runtime``: what a run holds once (index + extractor) and per-document claim records
"""
