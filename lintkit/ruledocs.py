"""Rule documentation as text: one rule for ``lintkit explain``, every rule for docs/rules.md.

Both are rendered from the same data (``rules/*.yaml``, ``rules/packs/*.yaml``
through ``all_meta`` and ``load_packs``), so the generated reference page
cannot drift from what ``explain`` prints; a test compares the page with a
fresh rendering.
"""

from __future__ import annotations

import difflib
import os
from typing import Mapping

import yaml

from lintkit.meta import RuleMeta
from lintkit.packs import PackRule, PackSet
from lintkit.project import rule_doc_url

_WORDS = {
    "ja": {"severity": "既定の重大度", "family": "系統", "fixable": "自動修正", "yes": "あり", "no": "なし",
           "config": "設定", "patterns": "パターン", "from": "定義元", "scope": "範囲", "message": "メッセージ",
           "default": "既定", "range": "範囲", "extends": "拡張", "phrase": "語句", "regex": "正規表現",
           "exceptions": "例外"},
    "en": {"severity": "default severity", "family": "family", "fixable": "fix", "yes": "yes", "no": "no",
           "config": "Configuration", "patterns": "Patterns", "from": "defined in", "scope": "scope",
           "message": "message", "default": "default", "range": "range", "extends": "extended by",
           "phrase": "phrase", "regex": "regex", "exceptions": "exceptions"},
}


def find_rule(metas: Mapping[str, RuleMeta], key: str) -> RuleMeta | None:
    """A rule by code (any case) or name."""
    return metas.get(key.strip().upper()) or next((m for m in metas.values() if m.name == key.strip().lower()), None)


def suggestions(metas: Mapping[str, RuleMeta], key: str) -> list[str]:
    names = [m.name for m in metas.values()] + list(metas)
    return difflib.get_close_matches(key, names, n=3, cutoff=0.6)


def _shown_path(path: str) -> str:
    """Built-in pack paths relative to the rules directory, user ones as given."""
    norm = path.replace(os.sep, "/")
    marker = "/packs/"
    if "/_rules/packs/" in norm or "/rules/packs/" in norm:
        return "rules/packs/" + norm.rsplit(marker, 1)[1]
    return path


def header(meta: RuleMeta, lang: str) -> str:
    w = _WORDS[lang]
    return (f"{w['severity']}: {meta.severity.value} · {w['family']}: {meta.family} · "
            f"{w['fixable']}: {w['yes'] if meta.fixable else w['no']}")


def yaml_value(value: object) -> str:
    """A value as it is written in the configuration (YAML flow style): true, null, [a, b], 0.9, {k: v}."""
    if isinstance(value, tuple):
        value = list(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 20).strip()
    return text.removesuffix("...").strip()


def options_section(meta: RuleMeta, lang: str, level: int = 2) -> str:
    """Generated list of the rule's options (type, default, range) for the config file."""
    if not meta.options:
        return ""
    w = _WORDS[lang]
    lines = [f"{'#' * level} {w['config']}", ""]
    for spec in meta.options.values():
        default = list(spec.default) if isinstance(spec.default, tuple) else spec.default
        extra = ""
        if spec.min is not None or spec.max is not None:
            extra = f", {w['range']} {spec.min if spec.min is not None else ''}..{spec.max if spec.max is not None else ''}"
        doc = spec.doc.get(lang) or spec.doc.get("ja") or ""
        lines.append(f"- `rules.{meta.name}.{spec.name}` ({spec.type}, {w['default']} `{yaml_value(default)}`{extra}): "
                     f"{doc}")
    return "\n".join(lines) + "\n"


def patterns_section(rule: PackRule, lang: str, level: int = 2) -> str:
    """Generated list of a pack rule's patterns and where they come from."""
    w = _WORDS[lang]
    lines = [f"{'#' * level} {w['patterns']}", ""]
    lines.append(f"{w['from']}: " + ", ".join(f"`{_shown_path(p)}`" for p in rule.sources))
    lines.append("")
    for p in rule.patterns:
        kind = w["phrase"] if p.matcher.kind == "phrase" else w["regex"]
        scopes = ", ".join(s for s in ("paragraph", "sentence", "line", "heading", "front-matter") if s in p.scopes)
        extra = f"; {w['message']}: {p.message}" if p.message != "default" else ""
        if p.exceptions:
            extra += f"; {w['exceptions']}: {len(p.exceptions)}"
        source = p.matcher.source.replace("`", "\\`")
        lines.append(f"- {kind} ``{source}`` ({w['scope']}: {scopes}{extra})")
    if rule.exceptions:
        lines.append("")
        lines.append(f"{w['exceptions']}:")
        for e in rule.exceptions:
            lines.append(f"- ``{e.matcher.source}`` ({e.within})")
    return "\n".join(lines) + "\n"


def explain_text(meta: RuleMeta, lang: str, packs: PackSet | None = None) -> str:
    """What ``lintkit explain`` prints: title, summary, the rule's docs, generated options and patterns."""
    parts = [f"# {meta.code} {meta.name}", "", header(meta, lang), "", meta.summary[lang].strip(), "",
             meta.docs[lang].rstrip(), ""]
    opts = options_section(meta, lang)
    if opts:
        parts += [opts]
    rule = packs.get(meta.code) if packs is not None else None
    if rule is not None:
        parts += [patterns_section(rule, lang)]
    return "\n".join(parts).rstrip() + "\n"


def demote(markdown: str, by: int) -> str:
    """Add ``by`` levels to every ATX heading outside code fences."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if fence is None and (stripped.startswith("```") or stripped.startswith("~~~")):
            marker = stripped[:3]
            n = len(stripped) - len(stripped.lstrip(marker[0]))
            fence = marker[0] * n
        elif fence is not None and stripped.startswith(fence) and not stripped.strip(fence[0]).strip():
            fence = None
        elif fence is None and line.startswith("#"):
            line = "#" * by + line
        out.append(line)
    return "\n".join(out)


# ----------------------------------------------------------------- reference page

REFERENCE_PATH = "docs/rules.md"
GENERATOR = "tools/gen_rule_docs.py"

_INTRO = """\
Every rule lintkit knows, with its documentation, generated by `{generator}`
from the rule data in `rules/*.yaml` and the pattern packs in `rules/packs/*.yaml`,
the same data `lintkit explain CODE` prints (`--lang en` for English). Do not edit
this page: change the YAML and run `python {generator}` (a test fails when the
page is out of date).

Select or ignore rules by code, code prefix or name (`--select A3`,
`--ignore placeholder`); change a severity or an option in the configuration
(`severity:`, `rules.<name>.<option>`); silence one place with
`<!-- lintkit-disable-next-line A302 -->`.

## Pattern packs

A301 llm-meta-talk and A302 placeholder are *pattern packs*: their code, name,
severity, messages, docs and phrases are YAML in `rules/packs/`, not Python.
Teams meet new phrasings every week, so a writer can add phrases, or whole new
rules, without touching code, the way Vale styles work. List your packs in the
configuration (paths relative to the configuration file):

```yaml
# .lintkit.yaml
extend-packs: [lint/our-phrases.yaml]
```

A pack with a **new code** defines a new rule; a pack with the **code of a pack
rule** (A301, A302, or another pack's) adds its patterns and exceptions to that
rule, keeping the rule's name, severity, messages and docs (new message keys
may be added for its own patterns):

```yaml
lintkit: pack/1          # optional format marker
code: X901               # 1-3 capital letters and 2-4 digits
name: house-phrases      # kebab-case; selects the rule like a code
severity: warning        # error | warning | info
scope: [sentence, heading]   # default for the patterns below
summary: {{ja: 社内で使わない言い回し, en: Phrases we do not publish}}
messages:
  default: {{ja: "「{{match}}」は使いません", en: "We do not write \\"{{match}}\\""}}
patterns:
  - いかがでしたか                # a bare string is a phrase
  - phrases: [結論から言うと, 結論から申し上げると]
  - regex: '(?:必見|神)ツール'
    scope: heading
exceptions:
  - regex: '「[^「」]*」'         # not inside a quotation
```

```yaml
# extends A301: the house's own operator phrases, reported with A301's messages
code: A301
patterns:
  - 本稿の構成案は以下の通りです
exceptions:
  - 参照データ                  # we cite our reference data as （参照データ）; allow it
```

- **Patterns**: `phrase` / `phrases` (literal, compared after folding full-width
  digits and letters and the ideographic space, and ignoring case) or `regex`
  (RE2 syntax, compared after the same width folding, case-sensitive unless it
  says `(?i)`). Each may set `scope`, `message` (a key of `messages`) and its own
  `exceptions`. Messages are `str.format` templates with `{{match}}`.
- **Scopes**: `paragraph`, `sentence` or `line` (the prose of paragraphs, list
  items, quotes and table cells, searched whole, sentence by sentence, or line by
  line; choose one), `heading`, `front-matter` (the values of front-matter lines).
  Code blocks, inline code, URLs and HTML comments are never searched.
- **Exceptions** cancel a match: `within: match` (default; the exception's match
  overlaps it), `within: sentence` (the exception occurs in the same sentence) or
  `within: block` (in the same paragraph or heading). Pack-level exceptions apply
  to every pattern of the rule; `skip-blockquotes: true` leaves quoted material alone.
- **Validation**: packs are checked when loaded. An unknown key, a bad scope, a
  message key that does not exist, an invalid regex... stops the run with exit
  code 2 and one line naming the file, the line and the key, e.g.
  `lint/our-phrases.yaml:12: patterns[2].regex: invalid or unsupported regular
  expression ...`.

### Why RE2

Regular expressions in packs are untrusted input: they come from writers'
repositories and run in pre-commit hooks and CI. Python's `re` backtracks, so a
pattern such as `(a+)+$` takes exponential time on `"aaaa…ab"` and would hang the
run. lintkit compiles pack regexes with **RE2** (`google-re2`), which matches in
time linear in the input whatever the pattern, and which rejects, with a clear
error at load time, the features that need backtracking (look-around `(?=…)`
`(?<=…)`, backreferences `\\1`). We chose a linear-time engine over screening
patterns for `re`, because no static check reliably recognises every pattern
that backtracks without bound, while RE2 gives the guarantee by construction.
Mind RE2's syntax: `\\d`, `\\w`, `\\s`, `\\b` are ASCII-only (write `[0-9０-９]`, or
`\\p{{Han}}`, `\\p{{Hiragana}}`, `\\p{{Katakana}}`); `\\Z` is `\\z`; counted repetition is at
most `{{1000}}`. A regex that can match the empty string is refused.
"""


def _anchor(meta: RuleMeta) -> str:
    return rule_doc_url(meta.code, meta.name).rpartition("#")[2]


def render_reference(metas: Mapping[str, RuleMeta], packs: PackSet) -> str:
    """The whole docs/rules.md page."""
    out: list[str] = ["# lintkit rule reference", "",
                      f"<!-- Generated by {GENERATOR}; do not edit. -->", "",
                      _INTRO.format(generator=GENERATOR).rstrip(), "", "## Rules", "",
                      "| code | name | default | fix | what it flags |", "|---|---|---|---|---|"]
    for meta in metas.values():
        fix = "yes" if meta.fixable else ""
        summary = meta.summary["en"].replace("|", "\\|")
        out.append(f"| [{meta.code}](#{_anchor(meta)}) | {meta.name} | {meta.severity.value} | {fix} | {summary} |")
    out.append("")
    for meta in metas.values():
        out += [f"### {meta.code} {meta.name}", "", header(meta, "en"), "", meta.summary["en"].strip(), "",
                demote(meta.docs["en"].rstrip(), 2), ""]
        opts = options_section(meta, "en", level=4)
        if opts:
            out += [opts]
        rule = packs.get(meta.code)
        if rule is not None:
            out += [patterns_section(rule, "en", level=4)]
        ja = [meta.summary["ja"].strip(), "", demote(meta.docs["ja"].rstrip(), 2), ""]
        opts_ja = options_section(meta, "ja", level=4)
        if opts_ja:
            ja += [opts_ja]
        out += ["<details><summary>日本語</summary>", "", *ja, "</details>", ""]
    return "\n".join(out).rstrip() + "\n"
