"""Claim extraction and binding: numbers in prose → (entity, attribute, value, unit, qualifiers).

Per sentence, four regex passes over the folded text (names, keywords, numbers
and markers) and then a walk in text order:

- attribute: the nearest keyword in the clause that fits the number (``MMLUで91.8``,
  ``8300億ドルの評価額``; ``入力``/``出力`` for prices), else a ``$X/$Y`` pair in a price
  context (input/output), else the attribute carried from the previous clause or
  sentence (``DeepSeek R1も88.9と`` after ``MMLUで91.8``). Blockers (``資金調達``,
  ``シェア``...) end an attribute's reach. Bare numbers are claims only under a
  benchmark attribute.
- entity: ``それぞれ`` lists distribute the values that follow; otherwise the nearest
  name before the number in its clause, then the nearest topic/subject name before it
  in its sentence (``GPT-4oは、``, not ``Googleからの``), then after it in its
  clause (never a name of another sentence: unbound is better than wrong). ``OpenAIのGPT-4o`` and
  ``Google Gemini`` bind to the model, not the company.
- qualifiers: year (``2025年には``), hedges (``予想``, ``見込み``) and ``約`` (approx).

Years, dates, counted things and the numbers inside names (``4.5`` in ``Claude
Opus 4.5``) never become claims.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterator, NamedTuple

from lintkit.document import HEADING, PARAGRAPH, TABLE, Block, Document
from lintkit.facts import binding as B
from lintkit.facts.entities import Mention, NameIndex
from lintkit.facts.fastre import LazyPattern, lowered, plain
from lintkit.facts.normalize import fold
from lintkit.facts.numbers import Marker, Quantity, scan
from lintkit.facts.vocabulary import AttributeSpec, Vocabulary

_CLAUSE = re.compile(r"、|,(?!\d{3})|;|；|\s\|\s|。")
# A "sentence" longer than this (no 。 for pages: a hostile or broken file) is cut at clause ends before it
# is read: binding names to numbers looks back over the sentence for every number in it (quadratic).
MAX_SENTENCE = 1_000
_CUTS = ("、", ",", "，", ";", "；", " ", "\n")
_LIST_GAP = re.compile(r"^(?:\s|や|と|、|,|・|及び|および|または|もしくは|/|[A-Z][A-Za-z]+(?:\s|の))*$")  # "やGoogle "
_HEAD_GAP = re.compile(r"^(?:\s*|の)$")
_OPEN = "「『（(【〔［[〈《"
_CLOSE = "」』）)】〕］]〉》"
_DIGITS = "0123456789０１２３４５６７８９"
_SENTENCE_MARKS = re.compile("[" + re.escape(_OPEN + _CLOSE + "\n。！？!?．.") + "]")
_COMPOUND_NEXT = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fff]")
_SCORE_RANGE = {"%": (0.0, 100.0), "score": (100.0, 5000.0)}

ClauseOf = Callable[[int], int]  # text offset → clause index in its sentence

ATTR, BLOCK, SCOPE, PRICE, RESP, HEDGE = "attr", "block", "scope", "price", "resp", "hedge"
COMP, REGION, PERUNIT, EARLIER = "comparison", "region", "per-unit", "earlier"
_ATTR_LIST_GAP = re.compile(r"^(?:\s|と|、|,|・|や|および|及び|/)*$")  # 入力と出力
_RESP_HEAD = re.compile(r"^(?:\s|\*|価格|料金|単価|スコア|の値|の価格)*(?:は|が|も|では|で)?\s?[、,]?\s?$")
_HORIZON = re.compile(r"(?<![\d.])\d{1,2}\s?(?:年|か年|ヶ年|カ年)(?:間)?(?:で|後|以内|のうち|先|かけて)")
# "GPT-4oのAPI料金は、…" / "Xの2025年の年間売上予測は…、": the name owns the clause's topic noun (not "Xの後継モデルは")
_TOPIC_OF = re.compile(r"の(?:ような[^、,。は]{0,15}(?:は|が|も|では|には|なら)|(?:(?!モデル|後継|競合|製品|企業|会社|サービス|版|ライバル|子会社|次世代|新型)[^、,。は]){0,15}"
                       r"(?:は|が|も|では|には|なら))")  # "Xのような高性能モデルは": X-like models, X
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
_TIGHT = re.compile(r"^\s*(?:規模|相当|程度|近く|超|以上|もの|ほど)?\s*(?:の|を|が)?\s*$")
_MARKET_PHRASE = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・]+の?[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・]*市場")
_OWN_SUBJECT = re.compile(r"[^\sはがものにでとてへや、,]\s?(?:が|は)(?!\s?[、,])")  # 市場全体が…: the clause names its own subject
_CONVERSION = re.compile(r"^\s?[（(]\s?(?:約|およそ)?\s?$")  # 710億ドル（約10兆円）: a restatement
# 「AI SaaSやクラウドAIサービスも800億ドル」: a listed subject of its own, with も (not 「2026年も」, 「売上も」)
_OWN_ALSO = re.compile(r"[や・][^、,。]{1,30}?[A-Za-z\u30a0-\u30ff\u4e00-\u9fff](?<![年月日度期回倍])も(?![、,])")
_SIZE_AFTER = re.compile(r"(?:\s?[（(][^（）()]{0,20}[）)])?\s?(?:の)?規模")  # 78億ドル（約1兆円）規模
_SUBJECT = re.compile(r"^(?:\s|\*|」|』|全体|自体|規模|市場)*(?:は|が|も|では|でも|には|にとって|となると|なら|の|として|に至っては|について|に関して|（|\(|:|：)")


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim, positions 0-based in the document (end column exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    value: float
    high: float | None
    unit: str | None  # "USD", "JPY", "%", "score", None
    attribute: str | None
    entity: str | None  # reference id
    entity_name: str | None  # the name as written
    entity_key: str | None  # name key (groups spellings of an unknown name)
    year: int | None = None
    hedges: tuple[str, ...] = ()
    approx: bool = False
    bound: str | None = None
    half: float = 0.0  # rounding tolerance of the written number
    sentence: str = ""
    binding: B.Binding = B.Binding()
    unbound_reason: str | None = None  # no-attribute | no-entity | scope (when attribute or entity is None)
    year_in_clause: bool = False  # the year is written in the number's own clause
    horizon: bool = False  # "5年で", "今後3年間で": about a future year the text does not name

    @property
    def bound_to_entity(self) -> bool:
        return self.entity_key is not None

    def qualifiers(self) -> dict[str, object]:
        q: dict[str, object] = {}
        if self.year is not None:
            q["year"] = self.year
        if self.hedges:
            q["hedges"] = list(self.hedges)
        if self.approx:
            q["approx"] = True
        if self.bound:
            q["bound"] = self.bound
        if self.horizon:
            q["horizon"] = True
        return q


class _Keyword(NamedTuple):  # (a NamedTuple: built for every keyword of every sentence)
    start: int
    end: int
    kind: str
    attribute: str | None = None
    word: str = ""


@dataclass
class _Pending:
    q: Quantity
    clause: int
    attribute: str | None
    unit: str | None
    scale: float  # price normalization to per 1M tokens
    mention: Mention | None = None
    year: int | None = None
    ahow: str = ""
    ehow: str = ""
    doubts: list[str] = field(default_factory=list)
    reason: str | None = None
    year_in_clause: bool = False
    horizon: bool = False
    blocked: bool = False  # a blocker, a ratio or a scope word made the number's attribute none on purpose


@dataclass
class _BlockState:
    price_ctx: bool = False
    last_attr: str | None = None
    last_attr_sentence: int = -10
    column_attrs: dict[int, str] = field(default_factory=dict)  # table column → attribute (header keywords)
    column_names: dict[int, Mention] = field(default_factory=dict)  # table column → the one name in its header
    previous: str = ""  # the sentence before, folded (its names bind a sentence that names nothing)


class ClaimExtractor:
    """Compiled once per run from the name index and the vocabulary."""

    def __init__(self, names: NameIndex, vocabulary: Vocabulary) -> None:
        self.names = names
        self.vocab = vocabulary
        words: dict[str, tuple[str, str | None]] = {}
        for spec in vocabulary.attributes.values():
            for k in spec.keywords:
                words.setdefault(fold(k).casefold(), (ATTR, spec.name))
        for k in vocabulary.blockers:
            words.setdefault(fold(k).casefold(), (BLOCK, None))
        for k in vocabulary.scope_blockers:
            words.setdefault(fold(k).casefold(), (SCOPE, None))
        for k in vocabulary.price_context:
            words.setdefault(fold(k).casefold(), (PRICE, None))
        for k in vocabulary.respectively:
            words.setdefault(fold(k).casefold(), (RESP, None))
        for k in vocabulary.hedges:
            words.setdefault(fold(k).casefold(), (HEDGE, None))
        for k in vocabulary.comparisons:
            words.setdefault(fold(k).casefold(), (COMP, None))
        for k in vocabulary.regions:
            words.setdefault(fold(k).casefold(), (REGION, None))
        for k in vocabulary.per_unit:
            words.setdefault(fold(k).casefold(), (PERUNIT, None))
        for k in vocabulary.earlier:
            words.setdefault(fold(k).casefold(), (EARLIER, None))
        self._weak = frozenset(fold(k).casefold() for k in vocabulary.weak_keywords)
        self._words = words
        self._kw, self._kw_fast = _keyword_patterns(list(words))

    # -------------------------------------------------------------- public

    def extract(self, doc: Document) -> list[Claim]:
        claims: list[Claim] = []
        for block in doc.blocks:
            if block.kind in (PARAGRAPH, HEADING, TABLE) and block.prose is not None and block.text:
                if not _has_digit(block.text):
                    continue
                claims.extend(self._block(doc, block))
        return claims

    # -------------------------------------------------------------- per block

    def _block(self, doc: Document, block: Block) -> Iterator[Claim]:
        state = _BlockState()
        sentences = _bounded(split_sentences(block.text), block.text)
        if block.kind == TABLE and sentences:
            start, end = sentences[0]
            header = block.text[start:end]
            folded_header = fold(header)
            for kw in self._keywords(folded_header):
                if kw.kind in (ATTR, BLOCK):  # a blocker ("キャッシュ入力"): a column of no attribute
                    state.column_attrs.setdefault(header.count(" | ", 0, kw.start), kw.attribute or "")
            # a table whose columns are entities (| 項目 | GPT-4o | Gemini 2.5 Flash |): the one name of each header cell
            per_cell: dict[int, list[Mention]] = {}
            for m in _heads(self.names.find(folded_header), folded_header):
                per_cell.setdefault(folded_header.count(" | ", 0, m.start), []).append(m)
            state.column_names = {c: ms[0] for c, ms in per_cell.items() if len(ms) == 1 and c > 0}
        texts = [block.text[start:end] for start, end in sentences]
        digits = [_has_digit(t) for t in texts]  # fold() neither makes nor removes digits
        for si, (start, _) in enumerate(sentences):
            state.previous = fold(texts[si - 1]) if si > 0 and block.kind != TABLE else ""
            if not digits[si] and not (si + 1 < len(texts) and digits[si + 1]):
                continue  # no number here, and no number in the next sentence to carry an attribute to
            yield from self._sentence(doc, block, si, start, texts[si], state, table=block.kind == TABLE and si > 0,
                                      has_digit=digits[si])

    def _keywords(self, folded: str, low: str | None = None) -> list[_Keyword]:
        """The keywords of ``folded`` text (``low``: ``lowered(folded)`` where the caller has it already)."""
        if low is None and self._kw_fast is not None:
            low = lowered(folded)
        matches = self._kw.finditer(folded) if low is None or self._kw_fast is None else self._kw_fast.finditer(low)
        out = []
        for m in matches:
            start, end = m.span()
            word = folded[start:end]
            kind, attr = self._words.get(word.casefold(), (BLOCK, None))
            if kind == HEDGE and _COMPOUND_NEXT.match(folded, end):
                continue  # 予測精度, 予測モデル: a noun compound, not a hedge
            out.append(_Keyword(start, end, kind, attr, word))
        return out

    def _sentence(self, doc: Document, block: Block, si: int, offset: int, text: str, state: _BlockState,
                  *, table: bool, has_digit: bool) -> Iterator[Claim]:
        folded = fold(text)
        low = lowered(folded)
        keywords = self._keywords(folded, low)
        if not has_digit:  # computed on the sentence by _block: fold() neither makes nor removes digits
            if any(k.kind == ATTR for k in keywords):
                self._note_attr(keywords, state, si)
            return
        found = list(scan(folded))
        if not keywords and not table and not (state.last_attr is not None and state.last_attr_sentence == si - 1) and \
                all(x.unit is None if isinstance(x, Quantity) else x.kind != "pertok" for x in found):
            return  # bare numbers ("### 3.", "2つの") and nothing that could make one a claim: no names needed
        mentions = _heads(self.names.find(folded, low), folded)
        bounds = [m.end() for m in _CLAUSE.finditer(folded)]

        def clause(pos: int) -> int:
            return bisect_right(bounds, pos)

        def cell(pos: int) -> int:
            return folded.count(" | ", 0, pos)

        spans = [(m.start, m.end) for m in mentions]
        items: list[Quantity] = []
        markers: list[Marker] = []
        for x in found:
            if any(a <= x.start < b for a, b in spans):
                continue
            if isinstance(x, Marker):
                markers.append(x)
            else:
                items.append(_change_to(x, folded))
        if not items:
            return
        hedges = tuple(sorted({k.word for k in keywords if k.kind == HEDGE}))
        scoped = {clause(k.start) for k in keywords if k.kind == SCOPE}
        if any(k.kind == PRICE for k in keywords) or any(m.kind == "pertok" and m.per for m in markers):
            state.price_ctx = True
        pending: list[_Pending] = []
        # walk keywords and quantities in text order, carrying the attribute
        events = sorted([(k.start, 0, k) for k in keywords if k.kind in (ATTR, BLOCK)] +
                        [(q.start, 1, q) for q in items], key=lambda t: (t[0], t[1]))
        carry = state.last_attr if state.last_attr_sentence == si - 1 else None
        carry_sentence = True  # a carry from the previous sentence applies to bare scores only
        pair_second: set[int] = set()
        pair_per: dict[int, float] = {}  # "$1/$5 per 1M": the pair shares its per-token suffix
        for i, q in enumerate(items[:-1]):
            nxt = items[i + 1]
            if q.is_money and nxt.is_money and nxt.start == q.end + 1 and folded[q.end] == "/":
                pair_second.add(i + 1)
                if q.per or nxt.per:
                    pair_per[i] = pair_per[i + 1] = q.per or nxt.per or 1e6
        index_of = {id(q): i for i, q in enumerate(items)}
        # "1ドル稼ぐごとに3.14ドルを失う": the unit of a ratio and the amount per unit are not attribute values
        ratio_base = {i for i, q in enumerate(items) if q.is_money and any(
            k.kind == PERUNIT and k.start >= q.end and folded[q.end:k.start].strip() in ("", "を", "の")
            for k in keywords)}
        ratio_clauses = {clause(items[i].start) for i in ratio_base}
        for _, order, obj in events:
            if order == 0:
                assert isinstance(obj, _Keyword)
                carry = obj.attribute if obj.kind == ATTR else None
                carry_sentence = False
                continue
            assert isinstance(obj, Quantity)
            q = obj
            i = index_of[id(q)]
            if q.is_money and i > 0 and items[i - 1].is_money and _CONVERSION.match(folded[items[i - 1].end:q.start]):
                continue  # a conversion of the amount before it, not a claim of its own
            c = clause(q.start)
            per = q.per or pair_per.get(i) or self._marker_per(markers, q.start) or 1e6
            price_here = state.price_ctx or q.per is not None or i in pair_per
            nearest = self._nearest(q, keywords, c, clause, price_here, folded)
            attr = nearest.attribute if isinstance(nearest, _Keyword) else None  # _NONE: a blocker is nearest
            blocked = nearest is _NONE
            how = B.A_KEYWORD if attr else ""
            doubts: list[str] = []
            if isinstance(nearest, _Keyword) and nearest.word.casefold() in self._weak:
                doubts.append(B.D_WEAK)
            column = cell(q.start) if table else -1
            if nearest is None and table and column in state.column_names:
                # a table whose columns are entities: the attribute is the row's, named in its first cell
                first = [k for k in keywords if k.kind in (ATTR, BLOCK) and cell(k.start) == 0]
                if first:
                    k = first[-1]
                    if k.kind == BLOCK:
                        blocked = True
                    elif self._fits(self.vocab.attributes.get(k.attribute or ""), q, price_here, True):
                        attr, how = k.attribute, B.A_ROW
            if nearest is None and attr is None and not blocked:
                if table and column in state.column_attrs:
                    attr, how = state.column_attrs[column] or None, B.A_COLUMN  # "": a header that names no attribute
                elif q.is_money and price_here and (i in pair_second or (i + 1 < len(items) and i + 1 in pair_second)):
                    attr, how = "price.output" if i in pair_second else "price.input", B.A_PAIR
                elif carry and self._fits(self.vocab.attributes.get(carry), q, price_here) and \
                        (not carry_sentence or q.unit is None):
                    attr, how = carry, B.A_CARRIED
                    doubts.append(B.D_CARRIED if carry_sentence else "")
                    if table and state.column_attrs:
                        doubts.append(B.D_NO_COLUMN)
            if i in pair_second and pending and pending[-1].attribute == "price.input" and attr == "price.input":
                attr = "price.output"
            if i in ratio_base or (c in ratio_clauses and q.is_money and i > min(ratio_base)):
                if q.unit is None:
                    continue
                attr, blocked = None, True
            spec = self.vocab.attributes.get(attr) if attr else None
            if (spec is not None and spec.kind in ("money", "percent") or spec is None and q.is_money) and c in scoped:
                attr, spec, blocked = None, None, True  # a quarter's or a division's figure: not comparable
            if spec is None and q.unit is None:
                continue  # a bare number outside a benchmark: not a claim
            if spec is not None and spec.kind == "score" and not _plausible(spec, q):
                continue
            if spec is not None:
                carry, carry_sentence = attr, False
            unit = q.unit if q.unit is not None else (spec.unit if spec else None)
            scale = 1e6 / per if spec is not None and spec.kind == "price" else 1.0
            pending.append(_Pending(q, c, attr, unit, scale, ahow=how if attr else "",
                                    doubts=[d for d in doubts if d] if attr else [],
                                    reason=None if attr else B.R_NO_ATTRIBUTE, blocked=blocked and not attr))
        if carry is not None or pending:
            state.last_attr, state.last_attr_sentence = carry, si
        self._respective_attributes(pending, keywords, folded)
        self._bind(pending, mentions, keywords, folded, clause, bounds, table)
        if table and state.column_names:
            self._columns(pending, state, folded)
        if state.previous:
            self._previous(pending, mentions, state, folded)
        self._implicit(pending, folded)
        years = [(m.start, m.year) for m in markers if m.kind in ("year", "date") and m.year]
        horizons = [m.start() for m in _HORIZON.finditer(folded)]
        regions = [k for k in keywords if k.kind == REGION]
        for p in pending:
            p.year = _year(years, p.q.start, clause)
            if p.year is not None:
                p.year_in_clause = any(y == p.year and clause(pos) == p.clause for pos, y in years)
            p.horizon = any(pos < p.q.start for pos in horizons) and not p.year_in_clause
            self._scope(p, regions, mentions, folded, clause)
            if p.attribute is not None and (
                    folded.startswith("から", p.q.end) or folded.startswith(" から", p.q.end) or
                    any(k.kind == EARLIER and k.end <= p.q.start and clause(k.start) == p.clause for k in keywords)):
                p.doubts.append(B.D_EARLIER)  # "前年の80.5から88.7へ": 80.5 is not the current value
            yield self._claim(doc, block, offset, text, p, hedges)

    # -------------------------------------------------------------- attribute

    @staticmethod
    def _marker_per(markers: list[Marker], pos: int) -> float | None:
        per = None
        for m in markers:
            if m.kind == "pertok" and m.per and m.start < pos:
                per = m.per
        return per

    def _fits(self, spec: AttributeSpec | None, q: Quantity, price_here: bool, keyword: bool = False) -> bool:
        if spec is None or not spec.accepts(q.unit):
            return False
        if spec.kind == "price":
            return price_here or (keyword and q.unit == "USD")  # 入力$3: a token price by itself
        if spec.kind == "money":
            return q.per is None
        return True

    def _nearest(self, q: Quantity, keywords: list[_Keyword], c: int, clause: ClauseOf,
                 price_here: bool, folded: str) -> _Keyword | _NoneAttr | None:
        best: tuple[int, int, _Keyword] | None = None
        for k in keywords:
            if k.kind not in (ATTR, BLOCK) or clause(k.start) != c:
                continue
            if k.kind == BLOCK and k.start >= q.end and _TIGHT.match(_ASIDE.sub("", folded[q.end:k.start])):
                return _NONE  # "1000億ドル（約15兆円）規模の資金調達": the number is the blocker's, whatever precedes
            if k.kind == ATTR and not self._fits(self.vocab.attributes.get(k.attribute or ""), q, price_here, True):
                continue
            if k.end <= q.start:
                dist, rank = q.start - k.end, 1
            elif k.start >= q.end:
                dist, rank = k.start - q.end, 2
            else:
                continue
            if k.kind == BLOCK:
                rank = 0  # on a tie, a blocker wins (conservative)
            cand = (dist, rank, k)
            if best is None or cand[:2] < best[:2]:
                best = cand
        if best is None:
            return None
        return _NONE if best[2].kind == BLOCK else best[2]

    @staticmethod
    def _note_attr(keywords: list[_Keyword], state: _BlockState, si: int) -> None:
        last = None
        for k in keywords:
            if k.kind == ATTR:
                last = k.attribute
            elif k.kind == BLOCK:
                last = None
        state.last_attr, state.last_attr_sentence = last, si

    # -------------------------------------------------------------- entity

    def _respective_attributes(self, pending: list[_Pending], keywords: list[_Keyword], folded: str) -> None:
        """``入力と出力は、それぞれ0.15ドル、0.60ドル``: a list of attribute cues before それぞれ takes the values
        after it, in order, when the lengths agree (else the values keep no attribute)."""
        for r in (k for k in keywords if k.kind == RESP):
            before = [k for k in keywords if k.end <= r.start and k.kind == ATTR]
            if not before or not _RESP_HEAD.match(folded[before[-1].end:r.start]):
                continue
            group = [before[-1]]
            for k in reversed(before[:-1]):
                if _ATTR_LIST_GAP.match(folded[k.end:group[0].start]):
                    group.insert(0, k)
                else:
                    break
            if len(group) < 2:
                continue
            after = [p for p in pending if p.q.start >= r.end and p.attribute is not None]
            if len(after) % len(group):
                for p in after:
                    p.attribute, p.ahow, p.reason = None, "", B.R_NO_ATTRIBUTE
                continue
            for i, p in enumerate(after):  # AとBの入力と出力は、それぞれ a1, a2, b1, b2
                k = group[i % len(group)]
                p.attribute, p.ahow = k.attribute, B.A_RESPECTIVELY
                p.doubts = [d for d in p.doubts if d not in (B.D_CARRIED, B.D_WEAK)]

    def _bind(self, pending: list[_Pending], mentions: list[Mention], keywords: list[_Keyword], folded: str,
              clause: ClauseOf, bounds: list[int], table: bool) -> None:
        resp = [k for k in keywords if k.kind == RESP]
        comparisons = [k for k in keywords if k.kind == COMP]
        keyword_ends = {k.end for k in keywords if k.kind in (ATTR, PRICE)}
        distributed: set[int] = set()
        for r in resp:
            group = _respective(mentions, r.start, folded)
            if len(group) < 2:
                continue
            after = [p for p in pending if p.q.start >= r.end and p.attribute is not None]
            for p in after:
                distributed.add(id(p))
            if after and len(after) % len(group) == 0:
                size = len(after) // len(group)
                for k, p in enumerate(after):
                    p.mention, p.ehow = group[k // size], B.E_RESPECTIVELY
                    p.doubts = [d for d in p.doubts if d != B.D_CARRIED]
        seen: dict[tuple[str, str | None, int], int] = {}  # (entity key, attribute, clause) → values so far
        for p in pending:
            if id(p) in distributed:
                if p.mention is None and p.attribute is not None:
                    p.reason = B.R_NO_ENTITY
                continue
            c = p.clause
            before = [m for m in mentions if m.end <= p.q.start]
            same = [m for m in before if clause(m.start) == c]
            topics = [m for m in before if _SUBJECT.match(folded[m.end:m.end + 8])]
            strong = [m for m in topics if not folded.startswith("の", m.end)]
            topics = strong or topics  # "Xは" / "Xが" over "Xの"
            start = bounds[c - 1] if c > 0 and c - 1 < len(bounds) else 0
            own = any(start + m.start() + 1 not in keyword_ends
                      for m in _OWN_SUBJECT.finditer(folded[start:p.q.start])) or \
                bool(_OWN_ALSO.search(folded, start, p.q.start))
            if same:
                m = same[-1]
                p.mention, p.ehow = m, B.E_CLAUSE
                if folded.startswith("も", m.end) and B.D_CARRIED in p.doubts:
                    p.doubts.remove(B.D_CARRIED)  # "DeepSeek R1も88.9": も says "the same attribute as before"
                between = [k for k in comparisons if m.end <= k.start < p.q.start]
                key = (m.key, p.attribute, c)
                if between or seen.get(key):
                    p.doubts.append(B.D_COMPARISON if between else B.D_REPEATED)
                    # "DeepSeek R1がGPT-4oのMMLU（88.7）を上回る88.9": the value is likely the clause subject's
                    subjects = [x for x in same[:-1] if x.key != m.key and not folded.startswith("の", x.end)
                                and _SUBJECT.match(folded[x.end:x.end + 8])]
                    if subjects:
                        p.mention, p.ehow = subjects[-1], B.E_ALIAS
            elif table and before:
                p.mention, p.ehow = before[-1], B.E_ROW  # a table row is about the name in its first cells
            elif own:
                pass  # the clause has a subject of its own that is not a known name: leave it unbound
            elif topics:
                m = topics[-1]  # across clauses only a topic or subject (GPT-4oは、… / GPT-4oの…)
                p.mention, p.ehow = m, B.E_TOPIC
                if any(m.end <= x.start and x.end <= p.q.start for x in mentions):
                    p.doubts.append(B.D_COMPETING)  # another name stands between the topic and the number
                elif folded.startswith("の", m.end) and not _TOPIC_OF.match(folded, m.end, _end_of(bounds, clause(m.start))):
                    p.doubts.append(B.D_COMPETING)  # "Xの" across a clause: a modifier, not the topic
            else:
                after_same = [m for m in mentions if m.start >= p.q.end and clause(m.start) == c]
                if after_same:
                    m = after_same[0]
                    p.mention, p.ehow = m, B.E_AFTER
                    # "710億ドル規模とされる生成AI市場は": the number is in a clause modifying the topic that
                    # follows it; certain when no name comes before the number in the sentence
                    if before or not re.match(r"(?:\s|全体|自体)*(?:は|が)(?!\s?[、,]?\s?\d)", folded[m.end:m.end + 6]):
                        p.doubts.append(B.D_AFTER)
            if p.mention is not None:
                key = (p.mention.key, p.attribute, c)
                seen[key] = seen.get(key, 0) + 1
            elif p.attribute is not None:
                p.reason = B.R_NO_ENTITY

    def _columns(self, pending: list[_Pending], state: _BlockState, folded: str) -> None:
        """A table whose header row names the entities (columns = entities) and whose first cell names the
        attribute: a cell is its column's entity's (certain when the row's attribute is its own first cell's
        keyword, as a cell under its row's entity and its column's attribute is)."""
        for p in pending:
            if p.mention is not None:
                continue  # a name in the row (its first cells, or the cell itself): the row is about it
            column = folded.count(" | ", 0, p.q.start)
            name = state.column_names.get(column)
            if name is None:
                continue
            p.mention, p.ehow = name, B.E_COLUMN
            if p.attribute is not None:
                p.reason = None
                p.doubts = [d for d in p.doubts if d != B.D_NO_COLUMN]

    def _previous(self, pending: list[_Pending], mentions: list[Mention], state: _BlockState, folded: str) -> None:
        """A number that no name of its sentence precedes as a topic or subject (「評価額は140億ドルに達した」 after
        「Mistral AIは…。」; 「Googleからも…、企業価値は1830億ドルに」) goes to the one entity of the sentence before
        that the reference has the attribute for — only possibly (F205)."""
        todo = [p for p in pending if p.mention is None and not p.blocked and p.reason != B.R_SCOPE
                and not any(m.start < p.q.start and _SUBJECT.match(folded[m.end:m.end + 8]) for m in mentions)]
        if not todo:
            return
        before = [m for m in self.names.find(state.previous) if m.entity is not None]
        if not before:
            return
        for p in todo:
            if any(x.start() < p.q.start for x in _MARKET_PHRASE.finditer(folded)):
                continue  # the sentence names a market of its own (中国市場は…): not the one before
            wanted = [p.attribute] if p.attribute else self._implicit_attributes(p, folded)
            for attr in wanted:
                ids = {m.entity for m in before if m.entity and attr in self.names.attributes_of.get(m.entity, ())}
                if len(ids) != 1:
                    continue
                eid = next(iter(ids))
                m = next(x for x in reversed(before) if x.entity == eid)
                p.mention, p.ehow = Mention(0, 0, m.text, m.entity, m.key), B.E_PREVIOUS
                if p.attribute is None:
                    p.attribute, p.ahow = attr, (B.A_SIZE if attr == "market.size" else B.A_IMPLICIT)
                    if attr != "market.size":
                        p.doubts.append(B.D_IMPLICIT)
                p.doubts.append(B.D_PREVIOUS)
                p.reason = None
                break

    def _implicit_attributes(self, p: _Pending, folded: str) -> list[str]:
        """The attributes an amount written without an attribute word can only be: 「78億ドル規模」 is a market's
        size; an amount of a trillion dollars or more is a company's market cap (no revenue or valuation is)."""
        if p.blocked or not p.q.is_money or p.q.per is not None:
            return []
        out = []
        size = _SIZE_AFTER.match(folded, p.q.end)
        # 「600億ドル規模に達する」: the subject's size; 「1000億ドル規模のM&A」: the size of what follows, unless what
        # follows is the market itself (「710億ドル規模の生成AI市場」)
        if size and (not folded.startswith("の", size.end()) or
                     p.mention is not None and size.end() < p.mention.start <= size.end() + 2):
            out.append("market.size")
        if p.unit == "USD" and p.q.value * p.scale >= 1e12 and p.q.bound != "max":
            out.append("company.market-cap")
        return [a for a in out if a in self.vocab.attributes]

    def _implicit(self, pending: list[_Pending], folded: str) -> None:
        """An amount with an entity and no attribute word takes the one attribute it can be for that entity."""
        for p in pending:
            if p.attribute is not None or p.mention is None or p.mention.entity is None:
                continue
            has = self.names.attributes_of.get(p.mention.entity, frozenset())
            for attr in self._implicit_attributes(p, folded):
                if attr in has:
                    p.attribute, p.reason = attr, None
                    if attr == "market.size":
                        p.ahow = B.A_SIZE
                    else:
                        p.ahow = B.A_IMPLICIT
                        p.doubts.append(B.D_IMPLICIT)
                    break

    def _scope(self, p: _Pending, regions: list[_Keyword], mentions: list[Mention], folded: str,
               clause: ClauseOf) -> None:
        """A market figure qualified by a region the entity's names lack (中国のAI市場, 国内では…) is not the
        entity's: the binding is dropped (reason ``scope``)."""
        if p.attribute is None or not p.attribute.startswith("market."):
            return
        m = p.mention
        if m is None:
            if any(clause(x.start()) == p.clause for x in _MARKET_PHRASE.finditer(folded, 0, p.q.start)) or \
                    any(r.start < p.q.start for r in regions):
                p.reason = B.R_SCOPE
            return
        if m.entity is None or m.entity not in self.names.scoped:
            return
        names = self.names.names_of.get(m.entity, ())
        for r in regions:
            if r.start >= p.q.start or (m.start <= r.start and r.end <= m.end):
                continue
            if any(r.word.casefold() in fold(n).casefold() for n in names):
                continue
            p.mention, p.ehow, p.reason = None, "", B.R_SCOPE
            p.doubts = []
            return

    # -------------------------------------------------------------- output

    def _claim(self, doc: Document, block: Block, offset: int, text: str, p: _Pending,
               hedges: tuple[str, ...]) -> Claim:
        q = p.q
        line, col = doc.position(block, offset + q.start)
        end_line, end_col = doc.end_position(block, offset + q.end)
        m = p.mention
        doubts = tuple(dict.fromkeys(p.doubts))
        binding = B.Binding(p.ehow if m else "", p.ahow if p.attribute else "", doubts if m and p.attribute else ())
        return Claim(
            line=line, column=col, end_line=end_line, end_column=end_col, text=text[q.start:q.end],
            value=q.value * p.scale, high=q.high * p.scale if q.high is not None else None, unit=p.unit,
            attribute=p.attribute, entity=m.entity if m else None,
            entity_name=(m.text if p.ehow in (B.E_PREVIOUS, B.E_COLUMN) else text[m.end - len(m.text):m.end]) if m else None,
            entity_key=m.key if m else None, year=p.year, hedges=hedges, approx=q.approx, bound=q.bound,
            half=q.half * p.scale, sentence=text, binding=binding,
            unbound_reason=None if m and p.attribute else (p.reason or (B.R_NO_ATTRIBUTE if p.attribute is None
                                                                       else B.R_NO_ENTITY)),
            year_in_clause=p.year_in_clause, horizon=p.horizon,
        )


class _NoneAttr:
    """Marker: a blocker is the nearest keyword (the number is about something else)."""


_NONE = _NoneAttr()


# what ``str.isdigit`` accepts: decimal digits (``\d``) and the other digits of Unicode (superscripts, circled and
# parenthesized digits ...; a test checks the class against ``str.isdigit`` over every code point)
_DIGIT = re.compile(r"[\d\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
                    r"\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
                    r"\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]")


def _has_digit(text: str) -> bool:
    """``any(map(str.isdigit, text))``, searched in C."""
    return _DIGIT.search(text) is not None


def _keyword_patterns(words: list[str]) -> tuple[LazyPattern, re.Pattern[str] | None]:
    """The keyword regex (IGNORECASE, longest word first, ASCII words not inside ASCII words), and its
    fast form for ``lowered`` text (``fastre``; None when a word has cased letters outside ASCII)."""
    ordered = sorted(words, key=len, reverse=True)
    alts = []
    for w in ordered:
        e = re.escape(w)
        if re.match(r"[a-z0-9]", w):
            e = r"(?<![A-Za-z])" + e
        if re.search(r"[a-z0-9]$", w):
            e = e + r"(?![A-Za-z])"
        alts.append(e)
    slow = LazyPattern("|".join(alts) or r"(?!x)x", re.IGNORECASE)
    if not ordered or not all(plain(w) and w == w.lower() for w in ordered):
        return slow, None
    groups: dict[str, list[str]] = {}  # by first character, longest word first within each
    for w in ordered:
        groups.setdefault(w[0], []).append(w)
    branches = []
    for first, group in groups.items():
        head = re.escape(first) + (r"(?<![a-z].)" if re.match(r"[a-z0-9]", first) else "")
        rests = [re.escape(w[1:]) + (r"(?![a-z])" if re.search(r"[a-z0-9]$", w) else "") for w in group]
        branches.append(f"{head}(?:{'|'.join(rests)})")
    return slow, re.compile("|".join(branches))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at 。！？!? and line breaks (not inside brackets), at ．/. only when no digit follows
    (``＄０．１５`` is a number, not two sentences)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    n = len(text)
    for m in _SENTENCE_MARKS.finditer(text):  # only brackets and sentence ends matter: no loop over every character
        i = m.start()
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "\n" or (depth == 0 and (ch in "。！？!?" or (ch in "．." and not (i + 1 < n and
                                                                                   text[i + 1] in _DIGITS)))):
            end = i if ch == "\n" else i + 1
            if text[start:end].strip():
                spans.append((start, end))
            start = i + 1
            if ch == "\n":
                depth = 0
    if text[start:].strip():
        spans.append((start, n))
    return spans


def _plausible(spec: AttributeSpec, q: Quantity) -> bool:
    lo, hi = _SCORE_RANGE.get(spec.unit, (0.0, float("inf")))
    top = q.high if q.high is not None else q.value
    return lo <= q.value and top <= hi


def _bounded(spans: list[tuple[int, int]], text: str, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """Sentence spans, each at most ``limit`` characters (cut after the last clause end, else hard)."""
    if all(end - start <= limit for start, end in spans):
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            cut = max(text.rfind(ch, start + 1, start + limit) for ch in _CUTS)
            cut = cut + 1 if cut > start else start + limit
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _heads(mentions: list[Mention], folded: str) -> list[Mention]:
    """A name directly followed by another (``OpenAIのGPT-4o``, ``Google Gemini``) joins it: the second is the head."""
    out: list[Mention] = []
    start: int | None = None
    for i, m in enumerate(mentions):
        if i + 1 < len(mentions) and _HEAD_GAP.match(folded[m.end:mentions[i + 1].start]):
            start = m.start if start is None else start
            continue
        out.append(m if start is None else Mention(start, m.end, m.text, m.entity, m.key))
        start = None
    return out


def _respective(mentions: list[Mention], pos: int, folded: str) -> list[Mention]:
    """The names listed right before ``それぞれ`` (``AやB``, ``A、B``), in order."""
    before = [m for m in mentions if m.end <= pos]
    if not before:
        return []
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if _LIST_GAP.match(folded[m.end:group[0].start]):
            group.insert(0, m)
        else:
            break
    return group


_CHANGE_END = ("へ", "に増", "に伸", "に拡", "に成", "に向上", "に上昇", "に減", "に低下", "に改善", "まで伸", "まで向上",
               "まで上昇", "まで拡大", "まで増")


def _change_to(q: Quantity, folded: str) -> Quantity:
    """``82.0から88.7へ``: a change, not a range; the claim is the value it changed to (the earlier one is gone)."""
    if q.high is None or "から" not in q.text or not folded.startswith(_CHANGE_END, q.end):
        return q
    cut = q.text.index("から") + 2
    while cut < len(q.text) and q.text[cut] == " ":
        cut += 1
    return Quantity(q.start + cut, q.end, q.text[cut:], q.high, None, q.unit, q.per, q.half)


def _end_of(bounds: list[int], c: int) -> int:
    """The end offset of clause ``c`` (its clause mark included)."""
    return bounds[c] if c < len(bounds) else 10 ** 9


def _year(years: list[tuple[int, int]], pos: int, clause: ClauseOf) -> int | None:
    c = clause(pos)
    before = [(s, y) for s, y in years if s < pos]
    same = [y for s, y in before if clause(s) == c]
    if same:
        return same[-1]
    if before:
        return before[-1][1]
    after = [y for s, y in years if s > pos and clause(s) == c]
    return after[0] if after else None
