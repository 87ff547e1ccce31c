"""The name index: every name of every reference entity, matched in text in one regex pass.

Names are matched in their variants (case, full/half width, hyphen/space/no
separator: ``GPT-4o Mini`` = ``GPT-4o mini`` = ``GPT‑4o-mini``) through a token
trie compiled into one regular expression, longest name first: ``GPT-4o`` never
matches inside ``GPT-4o Mini``, and ``Claude Sonnet 4`` never matches inside
``Claude Sonnet 4.5`` (a name must not be followed by a version continuation or a
model suffix). Model-like names that are not in the reference (``Claude Sonnet
4.5`` when only ``Claude Sonnet 4`` is known) are found by a second pattern built
from the model families, so that their claims are unverifiable rather than bound
to a neighbour. rapidfuzz is used only for "did you mean" suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from lintkit.facts.fastre import LazyPattern, forms, lowered, plain
from lintkit.facts.normalize import fold, name_key
from lintkit.facts.reference import ReferenceIndex

_END = ""
_SEP = r"[ \-_]{0,2}"
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_COMPOUND = re.compile(r"[\u30a0-\u30ff\u3400-\u9fff]")  # katakana, kanji: a name glued to these is part of a compound


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in (folded) text. ``entity`` is the reference id, None for a name the reference lacks."""

    start: int
    end: int
    text: str
    entity: str | None
    key: str

    @property
    def known(self) -> bool:
        return self.entity is not None


def _tokens(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", fold(name)).casefold().strip()
    return [t for t in _TOKEN_SPLIT.split(folded) if t]


def _trie_pattern(token_lists: Iterable[list[str]], guard: str = "") -> str:
    """One regex for the token lists (longest first); ``guard`` goes after the first character of each."""
    root: dict[str, dict] = {}
    for tokens in token_lists:
        node = root
        for t in tokens:
            node = node.setdefault(t, {})
        node[_END] = {}

    def alts(node: dict[str, dict], first: bool) -> str:
        parts = []
        for tok in sorted((t for t in node if t != _END), key=lambda t: (-len(t), t)):
            word = re.escape(tok[0]) + guard + re.escape(tok[1:]) if first else _SEP + re.escape(tok)
            parts.append(word + tail(node[tok]))
        return "|".join(parts)

    def tail(node: dict[str, dict]) -> str:
        children = [t for t in node if t != _END]
        if not children:
            return ""
        return f"(?:{alts(node, False)})" + ("?" if _END in node else "")

    return f"(?:{alts(root, True)})" if root else r"(?!x)x"


def _brandless(reference: ReferenceIndex, brands: Iterable[str]) -> dict[str, str]:
    """``Haiku 3.5`` for ``Claude Haiku 3.5``: a name without its brand word, when the rest still names a model
    (a word and a version) and only one entity of the reference has it."""
    lowered_brands = {b.casefold() for b in brands}
    found: dict[str, set[str]] = {}
    shorts: dict[str, str] = {}
    for e in reference.entities.values():
        for n in e.names:
            parts = n.split()
            if len(parts) < 2 or parts[0].casefold() not in lowered_brands:
                continue
            rest = " ".join(parts[1:])
            if not re.match(r"[A-Za-z]", rest) or not re.search(r"\d", rest):
                continue
            found.setdefault(name_key(rest), set()).add(e.id)
            shorts.setdefault(name_key(rest), rest)
    taken = {name_key(n) for e in reference.entities.values() for n in e.names}
    out: dict[str, str] = {}
    for key, ids in found.items():
        if len(ids) == 1 and key not in taken:
            out[next(iter(ids))] = shorts[key]
    return out


class NameIndex:
    """Known names (one trie regex) and model-like unknown names (family regex)."""

    def __init__(self, reference: ReferenceIndex) -> None:
        vocab = reference.vocabulary
        self.by_key: dict[str, str] = {}
        self.display: dict[str, str] = {}  # entity id → its first name
        for e in reference.entities.values():
            for n in e.names:
                self.by_key.setdefault(name_key(n), e.id)
            self.display[e.id] = e.display
        self.names_of: dict[str, tuple[str, ...]] = {e.id: e.names for e in reference.entities.values()}
        # the attributes each entity has values for (an implicit attribute or a name of the sentence before is
        # only taken for an entity the reference can check)
        self.attributes_of: dict[str, frozenset[str]] = {
            e.id: frozenset(a for a, fs in e.facts.items() if fs) for e in reference.entities.values()}
        # entities whose figures belong to a region or segment (markets): a qualifier must be in their names
        self.scoped: frozenset[str] = frozenset(
            e.id for e in reference.entities.values() if any(a.startswith("market.") for a in e.facts))
        weak_names = {eid: list(ns) for eid, ns in reference.weak_names.items()}
        for eid, short in _brandless(reference, vocab.brands).items():
            weak_names.setdefault(eid, []).append(short)
        for eid, weak in weak_names.items():
            for n in weak:
                self.by_key.setdefault(name_key(n), eid)
        token_lists: list[list[str]] = []
        for e in reference.entities.values():
            token_lists.extend(_tokens(n) for n in e.names)
        for eid, weak in weak_names.items():
            token_lists.extend(_tokens(n) for n in weak if self.by_key.get(name_key(n)) == eid)
        token_lists = [t for t in token_lists if t]
        suffix_list = sorted(vocab.suffixes, key=len, reverse=True)
        suffixes = "|".join(re.escape(s) for s in suffix_list) or r"(?!x)x"
        # a name is not followed by a letter or a digit (GPT-4o is not GPT-4o1), except an amount of money glued to a
        # name that ends in a letter (「Nvidia5兆ドル評価」: the company's 5兆ドル)
        stop = (rf"(?:(?![A-Za-z0-9]|[.\-][0-9A-Za-z]|[ \-_](?:{suffixes})(?![A-Za-z])|[ \-]\d{{1,3}}[Bb](?![A-Za-z]))"
                rf"|(?<=[A-Za-z])(?=\d[\d,.]*\s?[兆億万]\s?(?:ドル|円)))")
        self.known = LazyPattern(rf"(?<![A-Za-z0-9]){_trie_pattern(token_lists)}{stop}", re.IGNORECASE)
        # the same, for lowered text, with the look-behind after the first character (fastre)
        self.known_fast: re.Pattern[str] | None = None
        if token_lists and all(plain(t) and t == t.lower() for ts in token_lists for t in ts) and \
                all(plain(s) for s in suffix_list):
            low_suffixes = "|".join(re.escape(s.lower()) for s in suffix_list) or r"(?!x)x"
            low_stop = stop.replace(f"(?:{suffixes})", f"(?:{low_suffixes})")
            self.known_fast = re.compile(_trie_pattern(token_lists, r"(?<![A-Za-z0-9].)") + low_stop)
        family_list = sorted(vocab.families, key=len, reverse=True)
        families = "|".join(re.escape(f) for f in family_list) or r"(?!x)x"
        token = (rf"(?:-\d{{4}}(?:-\d{{2}}){{1,2}}|[ \-]?(?:[A-Za-z]?\d{{1,3}}(?:\.\d+)*[A-Za-z]{{0,2}}(?![0-9A-Za-z])"
                 rf"|[A-Z][a-z]+(?![A-Za-z])|(?i:{suffixes})(?![A-Za-z])))")
        rest = rf"(?![a-z]){token}{{0,5}}(?![A-Za-z0-9]|[.\-_][0-9A-Za-z])"
        self.generic = LazyPattern(rf"(?<![A-Za-z0-9])(?i:{families}){rest}")
        # the same, opening with one branch per form of each family's first letter (fastre)
        self.generic_fast: re.Pattern[str] | None = None
        if family_list and all(f and plain(f) for f in family_list):
            groups: dict[str, list[str]] = {}
            for f in family_list:
                for form in forms(f[0]):
                    groups.setdefault(form, []).append(f)
            heads = [f"{re.escape(form)}(?<![A-Za-z0-9].)(?i:{'|'.join(re.escape(f[1:]) for f in group)})"
                     for form, group in groups.items()]
            self.generic_fast = re.compile(f"(?:{'|'.join(heads)}){rest}")
        self._names = sorted({n for e in reference.entities.values() for n in e.names})
        self._suggest_cache: dict[str, str | None] = {}

    def find(self, folded: str, low: str | None = None) -> list[Mention]:
        """Every name in ``folded`` (already ``fold``-ed) text, left to right, without overlaps.

        ``low`` is ``lowered(folded)`` where the caller has it already.
        """
        found: list[Mention] = []
        if low is None and self.known_fast is not None:
            low = lowered(folded)
        known = self.known.finditer(folded) if low is None or self.known_fast is None else self.known_fast.finditer(low)
        for m in known:
            text = folded[m.start():m.end()]
            if m.start() > 0 and _CJK.search(text) and _COMPOUND.match(folded[m.start() - 1]):
                continue  # 生成AI市場 is not AI市場
            if m.start() > 1 and _CJK.search(text) and folded[m.start() - 1] == "の" and \
                    _COMPOUND.match(folded[m.start() - 2]) and folded[m.start() - 2] not in "年度":
                continue  # アフリカのAI市場 is not (the world's) AI市場
            key = name_key(text)
            found.append(Mention(m.start(), m.end(), text, self.by_key.get(key), key))
        spans = [(x.start, x.end) for x in found]
        extra: list[Mention] = []
        for m in (self.generic_fast or self.generic).finditer(folded):
            s, e = m.start(), m.end()
            text = m.group().rstrip(" -.")
            e = s + len(text)
            if any(s < b and a < e for a, b in spans):
                continue
            key = name_key(text)
            extra.append(Mention(s, e, text, self.by_key.get(key), key))
        if extra:
            found.extend(extra)
            found.sort(key=lambda x: x.start)
        return found

    def suggest(self, name: str) -> str | None:
        """The most similar known name (for "did you mean"), never used for binding."""
        if name in self._suggest_cache:
            return self._suggest_cache[name]
        best = process.extractOne(name, self._names, scorer=fuzz.ratio, processor=lambda s: name_key(s),
                                  score_cutoff=75) if self._names else None
        result = best[0] if best else None
        self._suggest_cache[name] = result
        return result
