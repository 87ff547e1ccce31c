"""The binding model: how a number was tied to an entity and an attribute, and how sure that is.

A sentence is read as clauses; each clause holds mentions (entity names, attribute cues,
numbers with their unit, qualifiers: year, horizon, region, hedge, range). Every number of a
known attribute gets one candidate binding, made in one of a few ways (``EntityHow``,
``AttributeHow``); anything that makes the binding less than certain is recorded as a *doubt*.
A binding is **certain** when it has no doubt: the entity, the attribute cue and the number sit in
one clause (or the entity is the sentence's topic) with no competing entity or attribute cue
between them, or the number is one of a ``それぞれ`` list whose lengths agree, or it is a table
cell under its row's entity and its column's attribute. Only a certain binding can make a
mismatch an error (F201); any other disagreement is F205 (``claim-possible-mismatch``), whose
message names the doubts. Two doubts are about the comparison, not the binding (``COMPARISON_DOUBTS``:
the reference is newer than the post, the year of the number is assumed): they leave the binding
certain, but the mismatch is F204's "the reference moved on" (the newer reference alone) or F205's
(:func:`mismatch_code`).

The doubt codes are the keys of F205's ``doubt-*`` messages in ``rules/facts.yaml``.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from lintkit.meta import RuleMeta, builtin_meta

CERTAIN, POSSIBLE = "certain", "possible"

# how the entity was found
E_CLAUSE = "clause"  # the nearest name before the number in its clause
E_TOPIC = "topic"  # the sentence's topic/subject (Xは、…) in an earlier clause
E_RESPECTIVELY = "respectively"  # a それぞれ list
E_ROW = "table-row"  # the name in the table row's first cells
E_AFTER = "after"  # a name after the number in its clause
E_ALIAS = "subject"  # the clause's subject, in place of a name in a comparison
E_COLUMN = "table-column"  # the name in the table's header cell above the number (columns = entities)
E_PREVIOUS = "previous-sentence"  # the one name of the sentence before (a sentence that names nothing)

# how the attribute was found
A_KEYWORD = "keyword"
A_COLUMN = "column"
A_PAIR = "pair"  # $X/$Y in a price context: input/output
A_CARRIED = "carried"  # from an earlier clause or sentence
A_RESPECTIVELY = "respectively"  # 入力と出力は、それぞれ…
A_ROW = "table-row"  # the keyword in the first cell of a table row whose columns are entities
A_SIZE = "size"  # 「78億ドル規模」 of a market: its size
A_IMPLICIT = "implicit"  # no attribute word: the only attribute of the entity the amount can be (5兆ドル: market cap)

# doubts (extraction side)
D_CARRIED = "attribute-carried"
D_WEAK = "attribute-weak"
D_AFTER = "entity-after"
D_COMPETING = "competing-entity"
D_COMPARISON = "comparison"
D_REPEATED = "repeated-value"
D_NO_COLUMN = "no-column-header"
D_EARLIER = "earlier-value"
D_IMPLICIT = "attribute-implicit"
D_PREVIOUS = "entity-previous-sentence"
# doubts (comparison side)
D_NEWER = "reference-newer"
D_YEAR_ASSUMED = "year-assumed"
# the comparison-side doubts are about the reference value compared with, not about the binding: a claim
# bound with no other doubt has a certain binding (``binding: certain`` in the claims JSON) all the same
COMPARISON_DOUBTS = frozenset({D_NEWER, D_YEAR_ASSUMED})

# why a number stays unbound / unverifiable (the claims JSON ``reason``)
R_NO_ATTRIBUTE = "no-attribute"
R_NO_ENTITY = "no-entity"
R_SCOPE = "scope"


class Binding(NamedTuple):
    """How one claim was bound (``entity``/``attribute``: one of the E_*/A_* ways, "" when not bound)."""

    entity: str = ""
    attribute: str = ""
    doubts: tuple[str, ...] = ()

    @property
    def certainty(self) -> str:
        return certainty(self.doubts)

    def with_doubt(self, doubt: str) -> "Binding":
        return self if doubt in self.doubts else self._replace(doubts=(*self.doubts, doubt))


def certainty(doubts: Sequence[str]) -> str:
    """``certain`` when none of ``doubts`` is about the binding itself (entity, attribute), else ``possible``."""
    return POSSIBLE if any(d not in COMPARISON_DOUBTS for d in doubts) else CERTAIN


def mismatch_code(doubts: Sequence[str]) -> str:
    """The rule that reports a mismatch with these doubts (binding and comparison): F201 with none, F204 when the
    only doubt is a reference newer than the post (the reference moved on), F205 otherwise."""
    if not doubts:
        return "F201"
    return "F204" if tuple(doubts) == (D_NEWER,) else "F205"


def explain_doubts(doubts: Sequence[str], lang: str, *, article_date: str | None, as_of: str | None,
                   year: int | None, meta: RuleMeta | None = None) -> str:
    """What made a binding or a comparison uncertain, in words (F205's ``doubt-*`` messages); shared by F205
    and the HTML report's claims table."""
    meta = meta or builtin_meta()["F205"]
    sep = "、" if lang == "ja" else "; "
    unknown = "不明" if lang == "ja" else "unknown"
    args = {"date": article_date or unknown, "as_of": as_of or unknown, "year": year if year is not None else unknown}
    return sep.join(meta.message(f"doubt-{d}", lang, **args) for d in doubts)
