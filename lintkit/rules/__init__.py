"""The explicit registry of document rules: code → rule instance.

Adding a rule: write its module here, its metadata in ``rules/<family>.yaml``,
and add it to ``_RULES`` below. No import magic.
"""

from __future__ import annotations

from functools import lru_cache

from lintkit.errors import LintkitError
from lintkit.meta import RuleMeta, builtin_meta
from lintkit.rules.base import Rule
from lintkit.rules import conflicts, duplicates, separators
from lintkit.rules import facts

_RULES: tuple[Rule, ...] = (
    duplicates.DuplicateSection(),
    duplicates.DuplicateParagraph(),
    separators.StraySeparator(),
    conflicts.ConflictMarker(),
    facts.ClaimMismatch(),
    facts.ClaimUnverifiable(),
    facts.ClaimInconsistent(),
    facts.StaleReference(),
)

# Run-level rules: metadata in rules/*.yaml like every rule (so codes, names, selection,
# severities, options and docs work the same), but checked once per run over all the files
# (lintkit/engine.py hands them to lintkit/archive/), never per document: not in _RULES.
RUN_RULES: frozenset[str] = frozenset({"S108"})  # cross-duplicate: lintkit/archive/crossdup.py


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    """Every built-in document rule by code (sorted)."""
    metas = builtin_meta()
    result: dict[str, Rule] = {}
    for rule in _RULES:
        if rule.code not in metas:
            raise LintkitError(f"rule {rule.code} has no metadata in rules/*.yaml")
        result[rule.code] = rule
    return dict(sorted(result.items()))


def all_meta() -> dict[str, RuleMeta]:
    """Metadata of every rule lintkit knows (document rules and run-level ones such as S108)."""
    return dict(sorted(builtin_meta().items()))
