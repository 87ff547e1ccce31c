"""The explicit registry of document rules: code → rule instance.

Adding a rule: write its module here, its metadata in ``rules/<family>.yaml``,
and add it to ``_RULES`` below. No import magic.
"""

from __future__ import annotations

from functools import lru_cache

from lintkit.errors import LintkitError
from lintkit.meta import RuleMeta, builtin_meta
from lintkit.rules.base import Rule, RunRule
from lintkit.rules import artifacts, conflicts, cross, duplicates, footer, frontmatter, numbering, separators, title
from lintkit.rules import truncation
from lintkit.rules import facts
from lintkit.packs import PatternRule, load_packs

_RULES: tuple[Rule, ...] = (
    duplicates.DuplicateSection(),
    duplicates.DuplicateParagraph(),
    truncation.TruncatedParagraph(),
    separators.StraySeparator(),
    conflicts.ConflictMarker(),
    footer.ContentAfterFooter(),
    numbering.HeadingNumbering(),
    artifacts.UnbalancedBrackets(),
    artifacts.UnclosedCodeFence(),
    frontmatter.FrontMatterInvalid(),
    title.TitleDefect(),
    facts.ClaimMismatch(),
    facts.ClaimUnverifiable(),
    facts.ClaimInconsistent(),
    facts.StaleReference(),
    facts.ClaimPossibleMismatch(),
)

# Run-level rules: metadata in rules/*.yaml like every rule (so codes, names, selection,
# severities, options and docs work the same), but a fingerprint per file and one finish per
# run over all the files (lintkit/rules/base.py ``RunRule``), never a check per document.
_RUN_RULES: tuple[RunRule, ...] = (
    cross.CrossDuplicate(),  # S108; the index is lintkit/archive/crossdup.py
)
RUN_RULES: frozenset[str] = frozenset(rule.code for rule in _RUN_RULES)


@lru_cache(maxsize=1)
def _code_rules() -> dict[str, Rule]:
    metas = builtin_meta()
    result: dict[str, Rule] = {}
    for rule in _RULES:
        if rule.code not in metas:
            raise LintkitError(f"rule {rule.code} has no metadata in rules/*.yaml")
        result[rule.code] = rule
    return result


def run_registry() -> dict[str, RunRule]:
    """Every run-level rule by code."""
    metas = builtin_meta()
    for rule in _RUN_RULES:
        if rule.code not in metas:
            raise LintkitError(f"rule {rule.code} has no metadata in rules/*.yaml")
    return {rule.code: rule for rule in _RUN_RULES}


def registry(extend_packs: tuple[str, ...] = ()) -> dict[str, Rule]:
    """Every document rule by code (sorted): the built-in ones and one per pack rule
    (``rules/packs/*.yaml`` plus the user packs ``extend_packs``)."""
    result: dict[str, Rule] = dict(_code_rules())
    for code in load_packs(extend_packs).rules:
        result[code] = PatternRule(code)
    return dict(sorted(result.items()))


def all_meta(extend_packs: tuple[str, ...] = ()) -> dict[str, RuleMeta]:
    """Metadata of every rule lintkit knows (document rules and run-level ones such as S108),
    pack rules included (built-in packs and the user packs ``extend_packs``)."""
    metas = dict(builtin_meta())
    for code, rule in load_packs(extend_packs).rules.items():
        metas[code] = rule.meta
    return dict(sorted(metas.items()))
