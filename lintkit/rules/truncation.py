"""S103 truncated-paragraph: prose cut off mid-sentence or mid-word.

The decision is morphological: the part of speech and conjugation of the last
real morpheme of a block (fugashi / unidic-lite), not a list of final
characters. Blocks that end a sentence (。！？) or introduce something (：)
never reach the tagger, and of the others only the last few dozen characters
are tokenized, so the cost is a few short tokenizations per article.

Besides the morpheme test, two placements betray a cut:
- an unpunctuated fragment right before a separator, a generation marker
  (the patterns of S104's ``markers`` option) or the end of the file;
- a paragraph whose earlier sentences end with 。 but whose last one stops
  on the same line without a final form.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Mapping, NamedTuple

from lintkit.analysis import MarkerLines, non_prose
from lintkit.document import (BLOCKQUOTE, CODE, HEADING, HR, HTML, LIST_ITEM, PARAGRAPH, TABLE, Block,
                              Document)
from lintkit.finding import Finding, Related, Severity
from lintkit.morph import Morpheme, iter_tail, tokenize, tokenize_tail
from lintkit.prose import OBJECT
from lintkit.rules.base import RuleContext

_TERMINAL = "。．！？!?…‥"
_LEAD_IN = "：:"
_COMMA = "、，,"
_OPENERS = "「『（(【〔［[〈《“‘"
# what may trail the last word without being the end of the text
_TRAIL_RE = re.compile(r"(?:[\s」』）)】〕］\]〉》\"'”’*_~`→←]|\[?\^[\w-]+\]?)+$")
# every match of _TRAIL_RE ends with one of these (at the end of the text, or before its last "\n")
_TRAIL_LAST_RE = re.compile(r"[\s」』）)】〕］\]〉》\"'”’*_~`→←\w-]")
# a bracket that holds nothing but code or a URL: "ID（`{#x}`）" ends with the code, not with "（"
_OBJECT_GROUP_RE = re.compile(r"[（(「『【［\[]\s*\ufffc[\s\ufffc]*[）)」』】］\]]")
_CLOSED_TAIL_RE = re.compile(r"[」』）)】〕］\]〉》][\s*_~]*$")
_PAREN_TAIL_RE = re.compile(r"(?:（[^（）\n]*）|\([^()\n]*\))\s*$")
_CONFLICT_RE = re.compile(r"^(?:<{7}|>{7}|={7}|\|{7})")
_IAL_LINE_RE = re.compile(r"^\s*\{:[^}]*\}\s*$")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*\S+(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$")
_FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^[^\]]+\]:\s*")
_LABEL_RE = re.compile(r"^[^\s：:。、`]{1,12}[：:](?![:/])\s*\S")  # not "`std::env`", not "https:"
_EMPHASIZED_TAIL_RE = re.compile(r"(?:^|[。！？!?]\s*)(\*\*|__)(?!\s)[^*_\n]+(?<!\s)\1\s*$")
_EMPHASIS_RE = re.compile(r"^\s*(\*\*|__|\*|_)(?!\s).*(?<!\s)\1\s*$", re.S)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_FINAL_FORMS = ("終止形", "意志推量形", "命令形")
_CONJUGATING = ("動詞", "形容詞", "助動詞")
_SKIP_POS = ("補助記号", "空白")
_WINDOW = 96  # characters tokenized at the end of a block
_BOUNDARY = "。．！？!?、，\n 　"

# what follows the text of a paragraph
FOLLOW_NONE = ""
FOLLOW_MARKER = "marker"
FOLLOW_SEPARATOR = "separator"
FOLLOW_EOF = "eof"
FOLLOW_LEAD = "lead"  # a list or table that the paragraph introduces
FOLLOW_BLOCK = "block"  # a code block, quote or HTML block after the paragraph
_ENDS = (FOLLOW_MARKER, FOLLOW_SEPARATOR, FOLLOW_EOF)
_GRAMMAR_REASONS = ("comma", "particle", "renyou", "rentai", "conjunction")


class Tail(NamedTuple):
    """The end of a block's prose: ``body`` is the text up to where it stops."""

    body: str  # prose up to the stop, trailing closers and objects removed
    follows: str  # FOLLOW_*
    after: int | None  # block index of the first block after a marker/separator (the probable continuation)
    bracketed: bool  # the text ends by closing a bracket: what is inside was finished
    raw: str  # the block's prose up to the stop, closers and all


class TruncatedParagraph:
    code = "S103"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        shared = ctx.shared(doc)
        own, _ = shared.marker_patterns
        markers = shared.markers
        check_headings = bool(ctx.options.get("check-headings", True))
        blocks = doc.blocks
        splits = _WordSplits(doc)
        style = _DocStyle(doc)
        for block in blocks:
            if block.kind == HEADING:
                if check_headings and block.parent is None:
                    finding = self._heading(doc, ctx, block, own)
                    if finding is not None:
                        yield finding
            elif block.kind == PARAGRAPH and block.container != TABLE:
                finding = self._paragraph(doc, ctx, block, own, markers, splits, style)
                if finding is not None:
                    yield finding

    # headings -------------------------------------------------------------

    def _heading(self, doc: Document, ctx: RuleContext, block: Block, own: re.Pattern[str]) -> Finding | None:
        body = _body(block.text)
        if not body or body[-1] in _TERMINAL + _LEAD_IN + OBJECT or _CLOSED_TAIL_RE.search(block.text):
            return None
        reason = _char_reason(doc, block, body) or _morph_reason(_last_morphemes(doc, block, len(body)), HEADING)
        if reason is None and _run_in(doc, block, body) and not _ends_final(doc, block, body):
            # "## 〜のか？ 〜です。〜ます。〜が、今": paragraphs run into a heading line are judged as prose
            reason = "unfinished" if _unfinished(doc, block, body) else None
        related: list[Related] = []
        follows, after = self._next(doc, block, own)
        if reason is None and _gap_after(doc, block):
            later = _heading_restarted(doc, block, body)
            if later is not None:
                reason = "restarted"  # "### 広告" + blank lines + "### 広告主にとっての…": the heading was begun again
                related.append(ctx.related(doc.path, doc.blocks[later].start, 0))
        if follows == FOLLOW_MARKER:
            # the output stopped at a heading ("### 考慮すべきこと：倫理とガバ" + ---END---): whether or not
            # its last word is whole, the section it opens was never written
            reason = reason or "heading-marker"
            if after is not None:
                related.append(ctx.related(doc.path, doc.blocks[after].start, 0))
        if reason is None:
            return None
        return self._report(doc, ctx, block, body, reason, related)

    # paragraphs -----------------------------------------------------------

    def _paragraph(self, doc: Document, ctx: RuleContext, block: Block,
                   own: re.Pattern[str], markers: MarkerLines, splits: _WordSplits,
                   style: _DocStyle) -> Finding | None:
        if _CONFLICT_RE.match(doc.lines[block.start]):
            return None
        tail = self._tail(doc, block, own, markers)
        if tail is None:
            return None
        body = tail.body
        if not body or body[-1] in _TERMINAL + _LEAD_IN or non_prose(block.content):
            return None
        if _ends_with_link_line(doc, block) or _LINK_END_RE.search(block.content) or _english_tail(body):
            return None  # "…お手伝いします。\n[無料相談を申し込む](/contact/)": a call to action, not a sentence
        lead_in = tail.follows == FOLLOW_LEAD
        gap = _gap_after(doc, block)  # two or more blank lines, then more text: where output was resumed
        kind = LIST_ITEM if block.container == LIST_ITEM else PARAGRAPH
        if _EMPHASIZED_TAIL_RE.search(block.content):
            kind = HEADING  # "**未来への招待：フロンティアへ**" is a heading in bold, with a heading's style
        reason: str | None = None
        severity: Severity | None = None  # the rule's (error) unless the evidence is weaker
        known: list[bool] = []

        def siblings() -> bool:  # computed once, when a check needs it
            if not known:
                known.append(_terminated_siblings(doc, block, body))
            return known[0]

        if body[-1] == OBJECT:
            pass  # code or a URL is the last word: a noun
        elif kind == LIST_ITEM and tail.follows not in _ENDS:
            # terse notes in lists ("〜だから", "〜として") are normal unless the output stops
            # there: only an opening bracket shows a cut, and the tagger is not needed
            reason = "open" if _ends_open(body) else None
        else:
            reason = _char_reason(doc, block, body)
            if reason is None:
                reason = _morph_reason(_last_morphemes(doc, block, len(body)), kind)
            if tail.bracketed and reason in _GRAMMAR_REASONS:
                reason = None  # "（全体を置き換え）", "「AIを」": the closing bracket was written
            if lead_in and reason in _GRAMMAR_REASONS and _introduces(doc, block, body, reason):
                return None  # "彼らは、" + a list: the list completes the sentence
            if (tail.follows == FOLLOW_BLOCK and reason in _GRAMMAR_REASONS and _terse(doc, block, body, reason)
                    and not siblings()):
                return None  # a terse note before code ("〜を加速させるから"); after finished sentences, a cut
            if reason is None and _unclosed(tail.raw):
                reason = "unclosed"  # "投資家の皆さんには、日本企業が「信頼できるAI": the quote was never closed
        if reason is None and kind != LIST_ITEM and not _labelish(
                doc, block, lambda: siblings() or _terminated_siblings(doc, block, body, titled=True)):
            final = _ends_final(doc, block, body)
            # a final form without 。 ("〜する") is a missing 。 or a cut ("〜するために"): the context
            # decides. The other sentences of the paragraph all end with 。 and the text stops before a
            # marker, a separator or the end of the file, or the paragraph's lines are one sentence each
            # (every other line ends with 。): a cut. Otherwise a missing 。, which is not this rule's.
            context = siblings() and body[-1] not in _COMMA and not _ends_particle(doc, block, body)
            if (not final or context) and not tail.bracketed:
                # (a text that closes a bracket before a separator is finished: a list of sources
                # 「総務省「情報通信白書」、経済産業省「DXレポート」」 + ---)
                if tail.follows in (FOLLOW_MARKER, FOLLOW_SEPARATOR):
                    reason = "fragment"
                elif tail.follows == FOLLOW_EOF:
                    reason = "eof"
            if reason is None and not final and _unfinished(doc, block, body):
                reason = "unfinished"
            if reason is None and not final and kind == PARAGRAPH and splits.continued(block, body):
                reason = "midword"  # "…既定値はコンストラ" where the article writes "コンストラクタ" only
            if reason is None and kind == PARAGRAPH:
                reason, severity = _segment_reason(doc, block, tail, final, style)
            if ((reason is None or severity is not None) and gap and tail.follows == FOLLOW_NONE
                    and not tail.bracketed and not _questions_only(body)
                    and (context or (not final and _gap_cut(doc, block, body, siblings, style)))):
                # "〜にかかっている" + two blank lines + other text: the output stopped here and was resumed
                reason, severity = "gap", None
        elif reason is None and kind == PARAGRAPH:
            # a label or a caption: only a word cut in two shows ("このテンプレー" under code)
            if not _ends_final(doc, block, body) and splits.continued(block, body, label=True):
                reason = "midword"
        elif (reason is None and kind == LIST_ITEM and body[-1] != OBJECT and not tail.bracketed
              and (gap and tail.follows == FOLLOW_NONE or tail.follows in (FOLLOW_MARKER, FOLLOW_SEPARATOR))):
            # a list item written as prose (its earlier sentences end with 。, or the items before it
            # are sentences) that stops where the output was resumed, or stops on a clause before a
            # separator or marker ("〜現状は、地政学" + ---)
            final = _ends_final(doc, block, body)
            prose_item = siblings() or _terminated_siblings(doc, block, body, titled=True)
            if (gap and tail.follows == FOLLOW_NONE and not _questions_only(body)
                    and (prose_item and (not final or body[-1] not in _COMMA and not _ends_particle(doc, block, body))
                         or not final and _clause_tail(body) and _sentence_items(doc, block))):
                reason = "gap"
            elif (prose_item and tail.follows in (FOLLOW_MARKER, FOLLOW_SEPARATOR) and not final
                  and _clause_tail(body)):
                reason = "fragment"
        split_at: int | None = None
        if reason is None and kind == PARAGRAPH and tail.follows == FOLLOW_NONE:
            split_at = splits.after(block, body)
            reason = "midword" if split_at is not None else None
        restart: int | None = None
        if reason is None and kind != HEADING and tail.follows in (FOLLOW_NONE, FOLLOW_LEAD, FOLLOW_BLOCK):
            restart = _restarted(doc, block, body, siblings, gap) if kind == PARAGRAPH or gap else None
            reason = "restarted" if restart is not None else None
        if reason is None and kind == PARAGRAPH and (gap and tail.follows == FOLLOW_NONE or tail.follows in _ENDS):
            # (the last text before a marker, a separator or the end of the file may stop right before
            # the 。 of the earlier paragraph's first sentence: the rest of that paragraph is missing)
            restart = _opening_of_earlier(doc, block, body, ended=tail.follows != FOLLOW_NONE)
            reason = None if restart is None else "repeat-cut" if tail.follows == FOLLOW_NONE else "repeat-end"
        if reason is None and _unclosed_bold(block.content):
            reason = "unclosed-bold"  # "**見過ごせない課題" (one line, never closed): a bold heading cut short
        if reason is None:
            return None
        related: list[Related] = []
        if split_at is not None:
            related.append(ctx.related(doc.path, doc.blocks[split_at].start, 0))
        if restart is not None:
            related.append(ctx.related(doc.path, doc.blocks[restart].start, 0))
        if reason == "continued":
            nxt_block = doc.next_block(block)
            if nxt_block is not None:
                related.append(ctx.related(doc.path, nxt_block.start, 0))
        if reason == "fragment" and tail.after is not None:
            nxt = doc.blocks[tail.after]
            if nxt.kind == PARAGRAPH:
                related.append(ctx.related(doc.path, nxt.start, 0))
        return self._report(doc, ctx, block, body, reason, related, severity)

    def _tail(self, doc: Document, block: Block, own: re.Pattern[str], markers: MarkerLines) -> Tail | None:
        """Where the paragraph's text stops, and what comes right after it."""
        lines = doc.lines
        follows = FOLLOW_NONE
        line = block.last_line
        cut_col: int | None = None
        while line >= block.start:
            text = lines[line]
            if not text.strip() or _IAL_LINE_RE.match(text) or _REF_DEF_RE.match(text):
                line -= 1
                continue
            foot = _FOOTNOTE_DEF_RE.match(text)
            if foot and non_prose(text[foot.end():]):
                line -= 1
                continue
            if line in markers.own:
                follows = FOLLOW_MARKER
                line -= 1
                continue
            m = markers.glued.get(line)
            if m:
                follows = FOLLOW_MARKER
                cut_col = m.start()
            break
        if line < block.start:
            return None  # nothing but markers
        if cut_col is None:
            cut_col = len(lines[line].rstrip())
        stop = _prose_index(block, doc.source.line_starts[line] + cut_col)
        raw = block.text[:stop]
        body = _body(raw)
        after: int | None = None
        if block.underline is not None:
            follows = follows or FOLLOW_SEPARATOR
        if not follows or follows == FOLLOW_MARKER:
            nxt, after = self._next(doc, block, own)
            follows = follows or nxt
        return Tail(body, follows, after, bool(_CLOSED_TAIL_RE.search(raw)), raw)

    @staticmethod
    def _next(doc: Document, block: Block, own: re.Pattern[str]) -> tuple[str, int | None]:
        """What follows ``block`` in the document, and the first block after a marker or separator."""
        blocks = doc.blocks
        k = block.index + 1
        follows = FOLLOW_NONE
        n = len(blocks)
        while k < n:
            b = blocks[k]
            if b.kind == HR:
                follows = follows or FOLLOW_SEPARATOR
            elif b.kind == PARAGRAPH and b.end - b.start == 1 and own.match(doc.lines[b.start]):
                follows = FOLLOW_MARKER
            elif b.kind == HTML and b.content.lstrip().startswith("<!--"):
                pass  # comments (suppressions) are transparent
            elif follows:
                return follows, k
            elif b.kind in (LIST_ITEM, TABLE) and _within(doc, b, block.parent):
                return FOLLOW_LEAD, None  # "彼らは、" + a list: the items complete the sentence
            elif b.kind in (CODE, BLOCKQUOTE, HTML) and _within(doc, b, block.parent):
                return FOLLOW_BLOCK, None  # code does not complete a sentence: "次のように書いた場合は" is cut
            else:
                return FOLLOW_NONE, None
            k += 1
        return (follows or FOLLOW_EOF), None

    def _report(self, doc: Document, ctx: RuleContext, block: Block, body: str, reason: str,
                related: list[Related] | None = None, severity: Severity | None = None) -> Finding:
        end_line, end_col = doc.end_position(block, len(body))
        start = _last_sentence_start(body)
        line, col = doc.position(block, start)
        if line != end_line:
            line_start = body.rfind("\n", 0, len(body)) + 1
            line, col = doc.position(block, line_start)
        tail = body[start:].replace("\n", " ")
        if len(tail) > 20:
            tail = "…" + tail[-20:]
        return ctx.report(doc, line, col, end_line, end_col,
                          args={"tail": tail, "reason": ctx.msg(f"reason-{reason}")},
                          related=related or (), data={"reason": reason}, severity=severity)


# helpers ------------------------------------------------------------------------


_WORD_END_RE = re.compile(r"(?:[ァ-ヺー]+|[A-Za-z]+|[\u3400-\u9fff]+)$")
_WORD_START_RE = re.compile(r"^(?:[ァ-ヺー]+|[A-Za-z]+|[\u3400-\u9fff]+)")
_SPLIT_MAX = 40  # a fragment longer than this is not a piece of a split word
_KNOWN_STUB_MIN = 3  # a dictionary loanword is a stub when the article writes its longer form this often
_KNOWN_PROBES = 8  # look-ups of dictionary loanwords ("オブジェ") per document
_SPLIT_PROBES = 32  # split-word look-ups per document (each scans the article's prose once)


class _WordSplits:
    """Finds a short unpunctuated fragment whose last word continues in the next paragraph.

    "オープン" + blank line + "ソースLLMが…": the two pieces join into a word
    ("オープンソース") that the same article writes whole elsewhere. One per
    document check: the article's prose is joined once, and at most
    ``_SPLIT_PROBES`` fragments are looked up, so a file of thousands of
    one-word paragraphs stays linear.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.probes = _SPLIT_PROBES
        self.known_probes = _KNOWN_PROBES
        self._prose: str | None = None

    def after(self, block: Block, body: str) -> int | None:
        """The next paragraph's block index when ``block`` ends in the first half of a split word."""
        if len(body) > _SPLIT_MAX or self.probes <= 0 or any(ch in _TERMINAL for ch in body):
            return None
        nxt = self.doc.next_block(block)
        if nxt is None or nxt.kind != PARAGRAPH or nxt.parent != block.parent:
            return None
        end, start = _WORD_END_RE.search(body), _WORD_START_RE.match(nxt.text.lstrip())
        if end is None or start is None:
            return None
        self.probes -= 1
        if self._prose is None:
            self._prose = "\n".join(b.text for b in self.doc.prose_blocks())
        joined = end.group() + start.group()
        elsewhere = self._prose.count(joined) - block.text.count(joined) - nxt.text.count(joined)
        return nxt.index if elsewhere > 0 else None


    def continued(self, block: Block, body: str, label: bool = False) -> bool:
        """The last word of ``body`` (a kanji or katakana run) occurs elsewhere in the article, and
        only as the start of a longer word ("評価結" / "評価結果", "コメン" / "コメント").

        ``label``: the text is a label or field value ("**導入領域**: 生産管理"), a noun phrase by
        nature: a kanji word that a compound merely goes on from ("生産管理" / "生産管理者") is whole."""
        m = _TAIL_WORD_RE.search(body)
        if m is None or self.probes <= 0:
            return False
        word = m.group()
        if _KATAKANA_RUN_RE.fullmatch(word):
            ms = _last_morphemes(self.doc, block, len(body))
            gloss = ms[-1].lemma.partition("-")[2] if ms and not ms[-1].unknown and ms[-1].surface == word else ""
            known = bool(gloss) and len(word) >= 3 and 2 * len(word) >= len(gloss)
            # a loanword the dictionary knows whole ("ガイド-guide"); not a stub of a longer one
            # ("メソ-meso" for メソッド, "アプリ-application" for アプリケーション), unless the
            # article writes the longer word again and again ("オブジェ-objet" / "オブジェクト")
        else:
            known = False
        if known:
            if self.known_probes <= 0:
                return False
            self.known_probes -= 1  # a budget of its own: the split-word look-ups keep theirs
        else:
            self.probes -= 1
        if len(word) > 3 and _KANJI_RUN_RE.fullmatch(word):
            word = word[-3:]  # a kanji compound: its last characters ("…非同期処" → "同期処")
        if self._prose is None:
            self._prose = "\n".join(b.text for b in self.doc.prose_blocks())
        katakana = bool(_KATAKANA_RUN_RE.fullmatch(word))
        prose = self._prose
        whole = continued = 0
        rest = ""
        for found in re.finditer(re.escape(word), prose):
            nxt = prose[found.end():found.end() + 1]
            if nxt and (nxt in _KATAKANA_CHARS if katakana else bool(_KANJI_RUN_RE.fullmatch(nxt))):
                continued += 1
                if not rest:
                    more = (_KATAKANA_RUN_RE if katakana else _KANJI_RUN_RE).match(prose, found.end())
                    rest = more.group() if more else ""
            else:
                whole += 1
        if known and (continued < _KNOWN_STUB_MIN or _is_word(rest)):
            return False  # "ガイド" + "ガイドライン": the longer word is a compound of two words
        if label and continued and not katakana and _word_break(word, rest):
            return False  # "生産管理" + "生産管理者" = 生産|管理|者: a whole word that a compound goes on from
        return continued > 0 and whole <= 1  # the one whole occurrence is the end of this paragraph


# a paragraph that ends with a link ("詳しくは<a href=…>公式ガイド</a>"): a pointer, written whole
_LINK_END_RE = re.compile(r"(?:</a>|\]\([^()\s]*\))[\s*_]*$")
_TOPIC_RE = re.compile(r"[^\u3041-\u309f\s]は")
_CAPTION_MAX = 40  # characters of a caption under code or a table at most
_TAIL_WORD_RE = re.compile(r"(?:[ァ-ヺー]{2,}|[\u3400-\u9fff]{2,})$")
_KANJI_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
_KATAKANA_RUN_RE = re.compile(r"[ァ-ヺー]+")
_KATAKANA_CHARS = frozenset(chr(c) for c in range(ord("ァ"), ord("ヺ") + 1)) | {"ー"}


def _is_word(katakana: str) -> bool:
    """``katakana`` is one word the dictionary knows ("ライン-line"), not the tail of a longer one ("クト")."""
    if not katakana:
        return False
    ms = tokenize_tail(katakana, 2)
    return len(ms) == 1 and not ms[0].unknown and ms[0].pos1 == "名詞" and "-" in ms[0].lemma


def _word_break(stub: str, rest: str) -> bool:
    """``stub`` + ``rest`` (kanji) is a compound of the whole stub and a suffix or another word of two
    or more characters ("管理" + "者", "審査" + "担当"): the stub is a whole word. "評価結" + "果" =
    評価|結果 splits a word; "文字" + "列" (a one-kanji noun) may be a word cut short, as before."""
    if not rest or len(stub) < 2:
        return False
    ms = tokenize(stub + rest)
    last = [m for m in ms if m.start < len(stub)]
    nxt = [m for m in ms if m.start == len(stub)]
    return (bool(nxt) and bool(last) and len(last[-1].surface) >= 2 and not last[-1].unknown
            and last[-1].pos1 == "名詞" and (nxt[0].pos1 == "接尾辞" or len(nxt[0].surface) >= 2))


def _prose_index(block: Block, offset: int) -> int:
    """Number of prose characters of ``block`` that come from source before ``offset``."""
    assert block.prose is not None
    stop = 0
    for p, s, n in block.prose.segments:
        if s < offset:
            stop = max(stop, p + min(n, offset - s))
    return stop


def _emphasized(content: str) -> bool:
    """The whole paragraph is one emphasis ("**注意：…**"), not a bold pseudo-heading line closed on
    its own line with a stray closer at the paragraph's end ("**見出し**\n本文…できる**")."""
    m = _EMPHASIS_RE.match(content)
    if m is None:
        return False
    mark = m.group(1)
    inner = content.strip()[len(mark):-len(mark)]
    return len(mark) == 1 or mark not in inner


def _labelish(doc: Document, block: Block, siblings: Callable[[], bool] = lambda: False) -> bool:
    """Emphasized notes, captions under an image, a table or code: labels, not sentences.

    A paragraph that starts with a label but goes on in finished sentences (``siblings``:
    "**技術者の皆さんへ：** 〜ません。〜を開発", also with the label on a line of its own) is prose:
    its last sentence is judged as one."""
    if _emphasized(block.content):
        return True
    content = block.content.lstrip()
    label = _LABEL_RE.match(content)
    if content.startswith(("※", "*※")) or (label and not (_prose_label(label.group()) and siblings())):
        return True  # notes and "問題: …", "出典：…" lines
    k = block.index - 1
    prev = doc.blocks[k] if k >= 0 else None
    while prev is not None and prev.parent is not None and prev.parent != block.parent:
        prev = doc.blocks[prev.parent]  # climb to the sibling level
    if prev is None or prev.parent != block.parent:
        return False
    if prev.kind in (TABLE, CODE):
        # a caption under code or a table is one short line; a sentence with clauses, or several
        # sentences, is prose that happens to follow code ("…設定を読み込んだ後で、既定値はコンストラ")
        text = block.text
        return ("\n" not in text.strip() and len(text) <= _CAPTION_MAX and "、" not in text
                and not _TOPIC_RE.search(text))  # "…メソッドは自作のクラスを…": a sentence, not a caption
    return prev.kind == PARAGRAPH and prev.content.lstrip().startswith("![") and non_prose(prev.content)


def _prose_label(label: str) -> bool:
    """A Japanese lead-in label ("**技術者の皆さんへ：**"), not a footnote or reference mark ("[^1]:")."""
    return not label.startswith("[") and _CJK_RE.search(label) is not None


def _char_reason(doc: Document, block: Block, body: str) -> str | None:
    last = body[-1]
    if _ends_open(body):
        return "open"
    if last in _COMMA:
        ms = _last_morphemes(doc, block, len(body))  # the comma stays in context for the tagger
        if ms and _is_final(ms[-1]) and ms[-1].pos2 != "助動詞語幹":
            return None  # "〜します、": a slip for 。, not a cut ("〜しないよう、" is a clause)
        return "comma"
    return None


def _ends_open(body: str) -> bool:
    """Ends with an opening bracket: "「" after Japanese is a cut, "super(" is code without backticks."""
    last = body[-1]
    return last in _OPENERS and (last not in "([" or (len(body) > 1 and ord(body[-2]) > 0x7F))


def _within(doc: Document, block: Block, ancestor: int | None) -> bool:
    """``block`` is inside ``ancestor`` (a container block index; None is the document)."""
    if ancestor is None:
        return True
    k = block.parent
    while k is not None:
        if k == ancestor:
            return True
        k = doc.blocks[k].parent
    return False


def _body(text: str) -> str:
    """Prose up to its last word: trailing closers, emphasis marks and footnote references removed.

    Only the end of the text is rewritten (a bracket holding only code becomes objects of the
    same length), so the cost does not grow with the paragraph."""
    cut = max(0, len(text) - 200)
    tail = text[cut:]
    if OBJECT in tail:  # (a group holds one)
        tail = _OBJECT_GROUP_RE.sub(lambda m: OBJECT * len(m.group()), tail)
    if not _TRAIL_LAST_RE.match(tail[-1:]):
        return text[:cut] + tail  # (most paragraphs: "。" can end no match of _TRAIL_RE)
    return text[:cut] + _TRAIL_RE.sub("", tail)


def _last_morphemes(doc: Document, block: Block, stop: int) -> list[Morpheme]:
    """The last real morphemes of ``block.text[:stop]`` (symbols, spaces and objects dropped).

    Only the tail is tokenized: a window of the last ``_WINDOW`` characters that starts at a
    sentence or clause boundary when there is one, so the last words segment as in context.
    """
    text = block.text
    lo = max(0, stop - _WINDOW)
    if lo:
        for i in range(lo, max(lo, stop - 16)):
            if text[i] in _BOUNDARY:
                lo = i + 1
                break
    out: list[Morpheme] = []
    for m in iter_tail(text[lo:stop]):  # morphemes built from the end, only until six words are found
        if m.pos1 in _SKIP_POS and not _opens(m):
            if out:
                out.append(m)  # keep brackets/commas between words for the nominal test
            continue
        out.append(m)
        if len(out) >= 6:
            break
    out.reverse()
    while out and out[-1].pos1 in _SKIP_POS:
        out.pop()
    return out


def _opens(m: Morpheme) -> bool:
    return m.pos2 == "括弧開"


def _morph_reason(ms: list[Morpheme], kind: str) -> str | None:
    """Why the last morpheme cannot end the text of a block of ``kind``, or None."""
    if not ms:
        return None
    m = ms[-1]
    prev = ms[-2] if len(ms) > 1 else None
    if m.pos1 == "接頭辞":
        return "prefix"
    if m.pos1 == "記号" and _CJK_RE.search(m.surface):
        return "midword"  # a lone kanji or kana the dictionary cannot place: a word cut in two
    if prev is not None and _glued_stub(m, prev):
        return "midword"  # "タイムゾー" (ゾー read as ぞ), "キーワ", "コメン", "留ま" (ま read as a filler)
    if m.pos1 == "助詞" and _particle_truncates(m, prev, kind):
        return "particle"
    if m.pos1 == "接続詞" and kind == PARAGRAPH:
        return "conjunction"  # "…を見てきました。また", a paragraph of only "しかし": the next clause never came
    if m.cform.startswith("連用形") and m.pos1 in _CONJUGATING and _renyou_truncates(ms, kind):
        return "renyou"
    if m.pos1 == "連体詞" or (m.pos1 == "助動詞" and m.cform.startswith("連体形")):
        return "rentai"
    return None


def _glued_stub(m: Morpheme, prev: Morpheme) -> bool:
    """The last morpheme is a particle or interjection the tagger made of the stub of a cut word.

    A particle written in katakana right after a katakana word ("タイム|ゾー" = ぞ, "キー|ワ" = わ,
    "コメ|ン" = の) or a one-kana interjection right after a kanji word ("留|ま") is not language:
    the word was cut in two."""
    if not prev.surface or prev.start + len(prev.surface) != m.start:
        return False  # not glued to the word before it
    katakana = bool(_KATAKANA_RUN_RE.fullmatch(m.surface)) and bool(_KATAKANA_RUN_RE.fullmatch(prev.surface[-1:]))
    if m.pos1 == "接尾辞" and katakana and len(m.surface) <= 2 and _KANJI_RUN_RE.search(m.lemma):
        return True  # "サンプルコー": コー read as the suffix 膏
    if m.pos1 not in ("助詞", "助動詞", "感動詞"):
        return False
    if _KATAKANA_RUN_RE.fullmatch(m.surface) and m.lemma != m.surface:
        return katakana
    return (m.pos1 == "感動詞" and len(m.surface) == 1 and m.surface not in "あぁおぉえぇ"
            and bool(_KANJI_RUN_RE.fullmatch(prev.surface[-1:])))


def _particle_truncates(m: Morpheme, prev: Morpheme | None, kind: str) -> bool:
    pos2 = m.pos2
    if pos2 in ("終助詞", "準体助詞"):
        return False
    after_to = prev is not None and prev.pos1 == "助詞" and prev.surface in ("と", "で")  # 〜とは, 〜では
    if kind == HEADING:
        # headings end with へ/を/に/で/まで/から/て/とは/には by style ("未来へ", "〜を目指して", "増やすには")
        if pos2 == "格助詞":
            return m.surface in ("の", "が")
        if pos2 == "係助詞":
            return not (prev is not None and prev.pos2 == "格助詞")
        if pos2 == "接続助詞":
            return m.surface not in ("て", "で")
        return False
    if pos2 == "副助詞":
        return kind == PARAGRAPH and m.surface not in ("か", "など", "まで")
    if pos2 == "係助詞" and after_to:
        return False
    if kind == LIST_ITEM:
        # labels: "はじめに", "高階関数の一部分として", "〜について", "導入から運用まで"
        if pos2 == "格助詞":
            return m.surface in ("の", "が", "を", "と")
        if pos2 == "接続助詞":
            return m.surface not in ("て", "で")
    return True


def _renyou_truncates(ms: list[Morpheme], kind: str) -> bool:
    m = ms[-1]
    if m.pos1 == "助動詞" and kind != PARAGRAPH:
        return False  # "狭間で", "〜可能に" in headings and list items
    if m.pos1 == "形容詞" and kind == HEADING:
        return False  # "スコープを小さく"
    if kind == HEADING and m.lemma == "有る":
        return False  # "鍵は〜にあり": the classical final form
    # a nominalized 連用形 ("課題の深掘り", "その使いこなし", "技術的深掘り") is a noun;
    # walk back over the compound ("使い+こなし", "深+掘り") to what governs it
    k = len(ms) - 2
    while k >= 0 and (ms[k].cform.startswith("連用形") and ms[k].pos1 == "動詞"
                      or ms[k].cform.startswith("語幹") or ms[k].pos1 == "接頭辞"):
        k -= 1
    head = ms[k + 1]
    if k < 0:
        return kind == PARAGRAPH and m.pos1 != "動詞"
    before = ms[k]
    if before.pos1 == "連体詞" or before.pos1 in _SKIP_POS:
        return False
    if (kind == HEADING and before.surface in ("と", "や") and k > 0
            and ms[k - 1].pos1 in ("名詞", "接尾辞", "代名詞")):
        return False  # "正常なシャットダウンと片付け": nouns joined by と, the second one a nominalized 連用形
    if before.pos1 == "助詞":
        return not (before.surface == "の" and before.pos2 == "格助詞")
    if before.pos1 in ("名詞", "接尾辞", "代名詞") and head.pos1 in ("動詞", "形容詞") and head.lemma != "為る":
        return False  # noun + 連用形 compound ("データ収集", "技術的深掘り" = 深 + 掘り); noun + し is a verb
    return True


def _is_final(m: Morpheme) -> bool:
    if m.pos1 == "助詞":
        return m.pos2 in ("終助詞", "準体助詞")
    if m.pos2 == "助動詞語幹":
        return True  # "ダメそう", "〜よう"
    return m.pos1 in _CONJUGATING and m.cform.startswith(_FINAL_FORMS)


def _ends_final(doc: Document, block: Block, body: str) -> bool:
    """The text ends with a sentence-final form (a missing 。, not a cut), ignoring a trailing (…)."""
    cut = max(0, len(body) - 300)  # only the end matters
    stripped = _body(_PAREN_TAIL_RE.sub("", body[cut:]))
    if not stripped:
        return not cut
    if stripped[-1] in _TERMINAL:
        return True
    ms = _last_morphemes(doc, block, cut + len(stripped))
    return bool(ms) and _is_final(ms[-1])


def _unfinished(doc: Document, block: Block, body: str) -> bool:
    """Earlier sentences end with 。 and the last one stops on the same line without it."""
    stop = len(body)
    sentences = [s for s in doc.sentences(block) if s.start < stop]
    if len(sentences) < 2:
        return False
    prev, last = sentences[-2], sentences[-1]
    if "\n" in block.text[prev.end:last.start] or last.text[:1] in "（(":
        return False  # a new line, or a parenthetical remark
    end = prev.text.rstrip("」』）)】 ")[-1:]
    if end in "。．":
        return True
    # not after "？" alone: "〜の真意とは？ その未来" is a title; after a question in a paragraph that has
    # finished a sentence with 。 before ("〜ましたね。〜耳にしましたか？2023年から2029"), a cut
    return (end in "？！?!" and len(_body(last.text).strip()) >= _RESTART_MIN
            and any(s.text.rstrip("」』）)】 *_")[-1:] in "。．" for s in sentences[:-2]))


_RUN_IN_MIN = 2  # finished sentences a heading holds before its last one when paragraphs ran into it


def _run_in(doc: Document, block: Block, body: str) -> bool:
    """A heading line that holds paragraphs ("## 題？ 本文です。本文です。…"): two or more sentences
    before the last one, each ending with 。！？ (a heading's own style puts at most one 。 in it:
    "AI実装、その最前線。〜を読み解く")."""
    if sum(body.count(ch) for ch in _TERMINAL) < _RUN_IN_MIN:
        return False  # (most headings hold no 。 at all: no need to split)
    sentences = [s for s in doc.sentences(block) if s.start < len(body)]
    # (the last sentence is Japanese prose: not a generation marker glued to the line, S104's)
    return (len(sentences) > _RUN_IN_MIN and _CJK_RE.search(sentences[-1].text) is not None
            and _terminated_siblings(doc, block, body))


def _english_tail(body: str) -> bool:
    """An English paragraph of a few words (no Japanese at all): a byline ("March 3, 2024 by
    A. Writer"), a signature, English prose. Japanese morphology says nothing about it; a lone
    word ("Gemini") is still checked."""
    return not _CJK_RE.search(body) and len(body.split()) >= 3


def _ends_particle(doc: Document, block: Block, body: str) -> bool:
    """Ends with a sentence-final particle ("〜でしょうか", "〜ですね"): a question or remark without its mark."""
    ms = _last_morphemes(doc, block, len(body))
    return bool(ms) and ms[-1].pos2 == "終助詞"


def _ends_with_link_line(doc: Document, block: Block) -> bool:
    """The paragraph's last line of text (after sentences on lines of their own) is nothing but a link."""
    last = block.last_line
    while last > block.start and (not doc.lines[last].strip() or _IAL_LINE_RE.match(doc.lines[last])):
        last -= 1
    return last > block.start and non_prose(doc.lines[last].strip())


def _terminated_siblings(doc: Document, block: Block, body: str, titled: bool = False) -> bool:
    """The paragraph has sentences before its last one, and every one of them ends with 。！？.

    ``titled``: a first line of its own is a title and does not count ("1. **目標**" + "〜だろう。〜は、地政学")."""
    if not any(ch in body for ch in _TERMINAL):
        return False  # (one sentence: no need to split)
    sentences = [s for s in doc.sentences(block) if s.start < len(body)]
    if titled:
        first = block.text.find("\n")
        if first < 0 or not block.text[:first].strip():
            return False
        sentences = [s for s in sentences if s.start > first]
    if len(sentences) < 2:
        return False
    return all(s.text.rstrip("」』）)】 *_")[-1:] in _TERMINAL for s in sentences[:-1])


def _last_sentence_start(body: str) -> int:
    i = len(body) - 1
    while i >= 0 and body[i] not in _TERMINAL + "\n":
        i -= 1
    start = i + 1
    while start < len(body) and body[start] in " \u3000\t」』）)":
        start += 1
    return min(start, max(len(body) - 1, 0))


# context: what the whole paragraph and the whole document say about an unpunctuated end ---------

_OPEN_CLOSE = (("「", "」"), ("『", "』"), ("（", "）"), ("【", "】"))
_POLITE_END_RE = re.compile(r"(?:です|ます|でした|ました|ません|でしょう|ください|ましょう)[かねよ]?[」』）)]*[。．]\s*$")
_CLAUSE_RE = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff\ufffc」』）)A-Za-z0-9][がをはにでへも、]")
_SEGMENT_LABEL_RE = re.compile(r"^[^：:。、\n`]{1,16}[：:](?![:/])\s*\S")
_SEGMENT_SKIP = "（(［[【—―–-－*※→⇒・"
_PERIODS = "。．"
_HIRAGANA_RE = re.compile(r"[\u3041-\u309f]")
_CLAUSE_MIN = 6  # characters of a lone unpunctuated clause at least ("代わりに関数")
_NOTES_MAX = 2  # more unpunctuated one-clause paragraphs than this are the document's habit
_LINK_ONLY_RE = re.compile(r"^\s*(?:#{1,6}\s+)?[*_]*\[[^\]]+\]\([^)]*\)[*_]*\s*$")
_CAREFUL_MIN = 5  # paragraphs a document needs before its punctuation habit counts
_LOOSE_SHARE = 0.1  # share of its paragraphs that may stop on a noun without 。 in a careful document


class _DocStyle:
    """How the document ends its paragraphs, computed once.

    ``loose`` counts the paragraphs that stop on a noun without 。！？ or a colon (a label, a blurb,
    a note, or a word cut in two); a document with few of them (``careful``) ends its sentences with
    。, and an unpunctuated noun ending is news there. A paragraph that stops on a particle or a verb
    says nothing about the habit (it is a cut or a missing 。). ``notes`` counts the loose ones
    that hold no punctuation at all (one-clause notes).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._counts: tuple[int, int, int] | None = None

    def _count(self) -> tuple[int, int, int]:
        if self._counts is None:
            n = loose = notes = 0
            for b in self.doc.blocks:
                if b.kind != PARAGRAPH or b.parent is not None or len(b.text) < 10:
                    continue
                text = _body(b.text[-200:]).rstrip()
                if (not text or text[-1] == OBJECT or not _CJK_RE.search(text) or non_prose(b.content)
                        or _EMPHASIS_RE.match(b.content) or _LINK_END_RE.search(b.content)):
                    continue  # code, links and bold pseudo-headings say nothing about the habit
                n += 1
                if text[-1] not in _TERMINAL + _LEAD_IN and not _HIRAGANA_RE.match(text[-1]):
                    loose += 1
                    notes += not any(ch in _TERMINAL + _LEAD_IN for ch in text)
            self._counts = (n, loose, notes)
        return self._counts

    @property
    def careful(self) -> bool:
        n, loose, _ = self._count()
        return n >= _CAREFUL_MIN and loose <= max(_NOTES_MAX, _LOOSE_SHARE * n)

    @property
    def notes(self) -> int:
        return self._count()[2]


def _introduces(doc: Document, block: Block, body: str, reason: str) -> bool:
    """A lead-in that the list or table after it completes: "彼らは、", "主な特徴は"; not "〜を"."""
    if reason == "comma":
        return True
    ms = _last_morphemes(doc, block, len(body))
    return reason == "particle" and bool(ms) and ms[-1].pos2 == "係助詞"


def _terse(doc: Document, block: Block, body: str, reason: str) -> bool:
    """A terse note before code: "以下のように、", "〜を加速させるから"; not "〜の範囲が"."""
    if reason == "comma":
        return True
    ms = _last_morphemes(doc, block, len(body))
    return reason == "particle" and bool(ms) and ms[-1].pos2 == "接続助詞"


def _unclosed(raw: str) -> bool:
    """The last sentence opens a quote or bracket it never closes."""
    cut = max(raw.rfind(ch) for ch in _TERMINAL) + 1
    segment = raw[cut:]
    return any(segment.count(o) > segment.count(c) for o, c in _OPEN_CLOSE)


def _segment_reason(doc: Document, block: Block, tail: Tail, final: bool,
                    style: _DocStyle) -> tuple[str | None, Severity | None]:
    """Why the unpunctuated last sentence of a paragraph is a cut, judged by the paragraph and document.

    - "plain": the sentences before it are polite (〜です。〜ます。) and it stops on a plain form
      ("〜を構築していく", "〜を活用した"): a 連体形 whose noun was cut, not a missing 。 (error);
    - "unfinished": it ends on a noun after a sentence that ends with 。 on an earlier line (one
      sentence a line), or it runs over several lines (a hard-wrapped sentence) after one (error);
    - "nopunct": the paragraph is one unpunctuated clause ending on a noun ("配列は可変長であるため、
      作成") in a document whose other paragraphs end with 。 (warning: a label is possible).
    """
    body = tail.body
    if tail.bracketed:
        return None, None  # "…定義できません（「…」を参照）": what the bracket holds was finished
    cut = max(body.rfind(ch) for ch in _TERMINAL) + 1
    prior, segment = body[:cut], body[cut:]
    text = segment.strip()
    if (len(text) < 4 or text[0] in _SEGMENT_SKIP or not _CJK_RE.search(text) or non_prose(text)
            or _SEGMENT_LABEL_RE.match(text.lstrip(OBJECT + " ")) or _english_tail(text)):
        return None, None  # "Listing 7-19: …", "出典: …": a caption or a label
    prior = prior.rstrip()
    after_period = bool(prior) and _body(prior[-50:]).rstrip()[-1:] in _PERIODS
    if final:
        if after_period and _POLITE_END_RE.search(prior[-60:]):
            ms = _last_morphemes(doc, block, len(body))
            m = ms[-1] if ms else None
            if (m is not None and m.pos1 in _CONJUGATING and m.pos2 != "助動詞語幹"
                    and m.lemma not in ("です", "ます") and not (ms[-2:-1] and ms[-2].lemma in ("です", "ます"))):
                return "plain", None
        if tail.follows == FOLLOW_NONE and _continued_by_next(doc, block):
            return "continued", None
        return None, None
    ms = _last_morphemes(doc, block, len(body))
    if len(ms) >= 2 and ms[-1].pos3 == "サ変可能" and ms[-2].surface == "を":
        return None, None  # "詳しくは公式ドキュメントを参照": a nominal ending (体言止め), an instruction
    wrapped = _wrapped(doc, block, text)
    if after_period and (wrapped or (segment.lstrip(" \u3000\t").startswith("\n") and style.careful)):
        return "unfinished", None
    if tail.follows == FOLLOW_NONE and _continued_by_next(doc, block):
        return "continued", None
    if (not prior and len(text) >= _CLAUSE_MIN and _CLAUSE_RE.search(text) and style.careful and style.notes <= _NOTES_MAX
            and not _beside_link(doc, block)):
        return "nopunct", (None if wrapped else Severity.WARNING)
    return None, None


_GAP_LINES = 2  # blank lines after a paragraph that mark where a continuation was appended
_RESTART_MIN = 4  # characters of the cut text a restarting paragraph repeats at least
_RESTART_LEAD = 16  # characters a restarting paragraph may write before the repeated words
_RESTART_WORD = 2  # characters at least when a gap follows a paragraph of one unpunctuated phrase


def _gap_after(doc: Document, block: Block) -> bool:
    """Two or more blank lines follow the block, then more text: a joint where output was resumed."""
    lines = doc.lines
    k, n = block.end, len(lines)
    blank = 0
    while k < n and not lines[k].strip():
        blank += 1
        k += 1
    return blank >= _GAP_LINES and k < n


def _questions_only(body: str) -> bool:
    """The sentences before the last one end with ？ or ！ only ("〜を入れる？ その真意と〜とは"): a title
    line, whose last part is a heading's noun phrase, not a sentence that lost its 。."""
    cut = max(body.rfind(ch) for ch in _TERMINAL) + 1
    prior = body[:cut]
    return bool(prior.strip()) and not any(ch in prior for ch in _PERIODS)


def _gap_cut(doc: Document, block: Block, body: str, siblings: Callable[[], bool], style: _DocStyle) -> bool:
    """An unpunctuated non-final end before a gap is a cut: the earlier sentences of the paragraph end
    with 。, or its last sentence is a clause ("…に、…が") in a document that ends its paragraphs with 。."""
    if siblings():
        return True
    cut = max(body.rfind(ch) for ch in _TERMINAL) + 1
    text = body[cut:].strip()
    return (style.careful and len(text) >= _CLAUSE_MIN and text[0] not in _SEGMENT_SKIP
            and _CLAUSE_RE.search(text) is not None and not _SEGMENT_LABEL_RE.match(text)
            and not non_prose(text) and not _english_tail(text))


def _clause_tail(body: str) -> bool:
    """The unpunctuated last sentence is a clause ("…集中している現状は、地政学"), not a noun label;
    a label before it ("フィンテック: 〜は目覚ましく、〜、不正") is left out."""
    cut = max(body.rfind(ch) for ch in _TERMINAL) + 1
    text = body[cut:].strip()
    label = _SEGMENT_LABEL_RE.match(text)
    if label:
        text = text[max(text.find("："), text.find(":")) + 1:].strip()
    return (len(text) >= _CLAUSE_MIN and "、" in text and _CLAUSE_RE.search(text) is not None
            and text[0] not in _SEGMENT_SKIP)


def _sentence_items(doc: Document, block: Block) -> bool:
    """The list item holding ``block`` follows items whose text ends with 。 (a list written in sentences)."""
    if block.parent is None:
        return False
    item = doc.blocks[block.parent]
    prev = next((b for b in reversed(doc.blocks[max(0, item.index - _LOOK_BACK):item.index])
                 if b.parent == item.parent and b.end <= item.start), None)
    if prev is None or prev.kind != LIST_ITEM:
        return False
    texts = [doc.blocks[k] for k in prev.children if doc.blocks[k].kind == PARAGRAPH]
    return bool(texts) and _body(texts[-1].text).rstrip()[-1:] in _PERIODS


_OPENING_MIN = 6  # characters of an earlier paragraph's opening a cut repeat holds at least
_OPENING_SENTENCE_MIN = 20  # ... when it is that paragraph's whole first sentence but its 。
_LOOK_BACK = 40  # blocks before a paragraph searched for the one it repeats, or for the list item before
_RESTART_SPAN = 300  # characters at the end of a paragraph compared with the next one at most
_HEADING_LOOKAHEAD = 4  # blocks after a heading where its restarted version may stand


def _opening_of_earlier(doc: Document, block: Block, body: str, ended: bool = False) -> int | None:
    """A paragraph of one unpunctuated phrase, before blank lines, that is the opening of an earlier
    paragraph which goes on ("AnthropicのMCP" after "AnthropicのMCPは、…"): a repeat of that paragraph
    cut short. ``ended``: the phrase is the last text before a marker, a separator or the end of the
    file; then it may also be the earlier paragraph's whole first sentence but its 。 when more
    sentences follow there ("…が挙げられます" after "…が挙げられます。〜。"): the rest was never
    written. Returns the earlier paragraph's block index."""
    text = body.strip()
    if len(text) < _OPENING_MIN or any(ch in text for ch in _TERMINAL) or "\n" in text:
        return None
    for b in doc.blocks[max(0, block.index - _LOOK_BACK):block.index]:  # (bounded: linear in hostile files)
        if b.kind == PARAGRAPH and b.parent == block.parent and len(b.text) > len(text) + 1:
            other = b.text.lstrip()
            if other.startswith(text) and (other[len(text)] not in _TERMINAL
                                           or ended and len(text) >= _OPENING_SENTENCE_MIN
                                           and other[len(text) + 1:].strip()):
                return b.index
    return None


def _heading_restarted(doc: Document, block: Block, body: str) -> int | None:
    """A heading, blank lines, then within a few blocks a heading of the same level that starts with its
    text and goes on inside its last word ("### 広告" … "### 広告主にとっての…"): the heading was cut and
    begun again. Returns the later heading's block index."""
    text = body.strip()
    if not text:
        return None
    for b in doc.blocks[block.index + 1:block.index + 1 + _HEADING_LOOKAHEAD]:
        if b.kind == HEADING and b.level == block.level:
            other = b.text.strip()
            if other.startswith(text) and len(other) > len(text) and _same_word(text[-1], other[len(text)]):
                return b.index
    return None


def _restarted(doc: Document, block: Block, body: str, siblings: Callable[[], bool], gap: bool) -> int | None:
    """The next paragraph starts over from the words where this one stops, and goes on
    ("…自動で地域の訪問介護エージェント" + "動で地域の訪問介護エージェントと連携し…",
    "…必要はありません。ノーコード" + "ノーコード・ローコードツールや…"): the text was cut and
    written again. Returns the next paragraph's block index.

    The repeated words end where this paragraph ends, start within the first ``_RESTART_LEAD``
    characters of the next one, and are at least ``_RESTART_MIN`` characters long. The paragraph's
    earlier sentences end with 。, or the words start inside a word, or blank lines set the two apart;
    a paragraph of one phrase repeated whole ("個人的" + "個人的には、…") only with blank lines."""
    nxt = _next_paragraph(doc, block)
    if nxt is None:
        return None
    text = nxt.text.lstrip(" \u3000\t.…‥")
    cut = max(body.rfind(ch) for ch in _TERMINAL) + 1
    alone = not body[:cut].strip()  # the paragraph is this one unpunctuated phrase
    cut = max(cut, len(body) - _RESTART_SPAN)  # (bounded: a hostile paragraph of one sentence)
    segment = body[cut:].lstrip(" \u3000\t\n")
    least = _RESTART_WORD if alone and gap else _RESTART_MIN
    if len(segment) < least or len(text) <= least:
        return None
    probe = body[-least:]
    j = text.find(probe, 0, _RESTART_LEAD + len(segment) + least)
    while j >= 0:
        n = least  # how many characters before the body's end agree with the text before the probe
        while n < len(segment) and j + least - n - 1 >= 0 and body[-n - 1] == text[j + least - n - 1]:
            n += 1
        start = j + least - n
        whole = n >= len(segment)
        inside = not whole and _same_word(body[-n - 1], body[-n])
        goes_on = len(text) > start + n and _same_word(body[-1], text[start + n])  # "…AI動画生成" + "…生成技術"
        if (start <= _RESTART_LEAD and len(text) > start + n and (n >= _RESTART_MIN or whole)
                and (gap or goes_on and start == 0 and "、" in segment if alone and whole
                     else (gap or inside or siblings()))):
            return nxt.index
        j = text.find(probe, j + 1, _RESTART_LEAD + len(segment) + least)
    return None


def _same_word(a: str, b: str) -> bool:
    """``a`` and ``b`` belong to one run of kanji or of katakana (a word cut in two between them)."""
    return bool((_KANJI_RUN_RE.fullmatch(a) and _KANJI_RUN_RE.fullmatch(b))
                or (_KATAKANA_RUN_RE.fullmatch(a) and _KATAKANA_RUN_RE.fullmatch(b)))


def _next_paragraph(doc: Document, block: Block) -> Block | None:
    """The paragraph right after ``block`` in the document (out of a list or into one), or None when a
    heading, code, a table or a separator comes first."""
    for b in doc.blocks[block.index + 1:]:
        if b.start < block.end:
            continue
        if b.kind == PARAGRAPH:
            return b
        if b.kind not in (LIST_ITEM, BLOCKQUOTE):
            return None
    return None


def _unclosed_bold(content: str) -> bool:
    """A one-line paragraph that opens bold and never closes it ("**見過ごせない課題：", "**1."): a bold
    pseudo-heading cut short."""
    text = content.strip()
    return "\n" not in text and text.startswith("**") and text.count("**") == 1 and len(text) > 2


_WRAP_END_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff、，`」』）]\s*$")


def _wrapped(doc: Document, block: Block, segment: str) -> bool:
    """The unpunctuated last sentence runs over several source lines that each stop inside it
    (a hard-wrapped sentence: "…値は、\\n`coin`に…"), not a link or bold line followed by a note."""
    if "\n" not in segment:
        return False
    n = segment.count("\n")
    last = block.last_line
    lines = doc.lines
    return all(_WRAP_END_RE.search(lines[k]) is not None for k in range(max(block.start, last - n), last))


def _beside_link(doc: Document, block: Block) -> bool:
    """A description under or above a link ("### [書名](…)" + one line about the book + "[詳しく見る →](…)"),
    or a paragraph that starts with a link line: a blurb, not a sentence."""
    lines = doc.lines
    if _LINK_ONLY_RE.match(lines[block.start]):
        return True
    for k in (block.index - 1, block.index + 1):
        if 0 <= k < len(doc.blocks):
            b = doc.blocks[k]
            if b.kind in (HEADING, PARAGRAPH) and b.end - b.start == 1 and _LINK_ONLY_RE.match(lines[b.start]):
                return True
    return False


_CONNECTIVE_RE = re.compile(r"(?:では|でも|だが|だから|だけど|ですが|でしたが|なので|なのに|ところが|ところで"
                            r"|けれど|だって|もし|もっとも|もちろん|まず|まずは|つまり|ただし|ただ|なお|また|さて)")
_FORMAL_NOUNS = frozenset({"はず", "こと", "もの", "ため", "よう", "わけ", "ところ"})


def _continued_by_next(doc: Document, block: Block) -> bool:
    """The next paragraph starts in the middle of a sentence, continuing this one: with an ellipsis
    ("...求められるでしょう。"), a particle or an auxiliary ("でしょう。", "といった問いは"), or a
    formal noun ("はずです。", "ことが重要です。")."""
    nxt = doc.next_block(block)
    if nxt is None or nxt.kind != PARAGRAPH or nxt.parent != block.parent:
        return False
    text = nxt.text.lstrip()
    if text.startswith(("...", "…", "‥")):
        return True
    if not text or not _HIRAGANA_RE.match(text[0]) or _CONNECTIVE_RE.match(text):
        return False  # a particle, an auxiliary or a formal noun is written in hiragana; "では、" starts a sentence
    ms = tokenize(text[:16])
    if not ms:
        return False
    first = ms[0]
    return (first.pos1 in ("助詞", "助動詞") or first.pos1 == "接尾辞"
            or (first.pos1 == "名詞" and first.surface in _FORMAL_NOUNS))
