"""Pack files: the format, and validation errors that name the file, the line and the key."""

from __future__ import annotations

import pytest

from lintkit.errors import PackError
from lintkit.packs import builtin_pack_paths, load_packs, parse_pack
from lintkit.packs.packset import merge
from lintkit.packs.yamlpos import dotted
from lintkit.meta import builtin_meta

GOOD = """\
code: X901
name: house-phrases
severity: warning
summary: {ja: 社内で使わない言い回し, en: Phrases we do not publish}
messages:
  default: {ja: "「{match}」は使いません", en: "We do not write {match}"}
patterns:
  - いかがでしたか
  - phrases: [結論から言うと]
  - regex: '(?:必見|神)ツール'
    scope: heading
"""


def parse(text: str, path: str = "p.yaml"):  # type: ignore[no-untyped-def]
    return parse_pack(path, text)


def error(text: str) -> PackError:
    with pytest.raises(PackError) as info:
        pf = parse(text)
        merge([], [pf], {code: m.name for code, m in builtin_meta().items()})
    return info.value


def test_a_good_pack() -> None:
    pf = parse(GOOD)
    assert (pf.code, pf.name, pf.severity.value) == ("X901", "house-phrases", "warning")
    kinds = [(p.matcher.kind, p.matcher.source, sorted(p.scopes)) for p in pf.patterns]
    assert kinds == [("phrase", "いかがでしたか", ["heading", "paragraph"]),
                     ("phrase", "結論から言うと", ["heading", "paragraph"]),
                     ("regex", "(?:必見|神)ツール", ["heading"])]
    assert [p.key for p in pf.patterns] == ["patterns[0]", "patterns[1]", "patterns[2]"]
    assert [pf.locate(p.at) for p in pf.patterns] == [8, 9, 10]  # lines are found on demand


def test_phrases_ignore_width_and_case() -> None:
    pf = parse(GOOD.replace("  - いかがでしたか", "  - Ｈｅｌｌｏ World"))
    m = pf.patterns[0].matcher
    assert m.regex.search("say HELLO world") is not None
    assert m.regex.search("say ｈｅｌｌｏ　world".translate({0xFF48: "h", 0xFF45: "e", 0xFF4C: "l", 0xFF4F: "o",
                                                        0x3000: " "})) is not None


@pytest.mark.parametrize("patch, line, key, words", [
    ("code: X901", 1, "code", "rule code"),
    ("severity: warning", 3, "severity", "expected one of: error, warning, info"),
    ("scope: [sentence, line]", 12, "scope", "choose one of"),
    ("scope: everywhere", 12, "scope", "unknown scope"),
    ("colour: red", 12, "colour", "unknown key"),
    ("  - regex: '(a)\\1'", 12, "patterns[3].regex", "invalid or unsupported regular expression"),
    ("  - regex: '(?<=a)b'", 12, "patterns[3].regex", "no look-around"),
    ("  - regex: 'a*'", 12, "patterns[3].regex", "matches the empty string"),
    ("  - {phrase: a, regex: b}", 12, "patterns[3]", "exactly one of"),
    ("  - {phrase: a, message: nope}", 12, "patterns[3].message", "unknown message key"),
    ("  - {phrase: a, whatever: 1}", 12, "patterns[3].whatever", "unknown key"),
    ("  - {phrase: a, exceptions: [{phrase: b, within: page}]}", 12, "patterns[3].exceptions[0].within",
     "expected one of"),
    ("  - {phrase: a, scope: [paragraph, sentence]}", 12, "patterns[3].scope", "choose one of"),
])
def test_errors_name_file_line_and_key(patch: str, line: int, key: str, words: str) -> None:
    if patch.startswith("code:"):
        text = GOOD.replace("code: X901", "code: x-901")
    elif patch.startswith("severity:"):
        text = GOOD.replace("severity: warning", "severity: fatal")
    else:
        text = GOOD + patch + "\n"
    err = error(text)
    assert (err.path, err.line, err.key) == ("p.yaml", line, key)
    assert words in err.message
    assert str(err).startswith(f"p.yaml:{line}: {key}: ")


def test_message_placeholders_are_checked() -> None:
    err = error(GOOD.replace('"「{match}」は使いません"', '"「{phrase}」は使いません"'))
    assert (err.line, err.key) == (6, "messages.default") and "{phrase}" in err.message


def test_a_new_rule_needs_name_severity_and_default_message() -> None:
    err = error(GOOD.replace("severity: warning\n", ""))
    assert err.key == "severity" and "defines rule X901" in err.message
    err = error(GOOD.replace("  default:", "  other:"))
    assert err.key == "messages"


def test_codes_of_rules_written_in_code_are_reserved() -> None:
    err = error(GOOD.replace("code: X901", "code: A303"))
    assert (err.line, err.key) == (1, "code") and "implemented in code" in err.message


def test_names_are_unique() -> None:
    err = error(GOOD.replace("name: house-phrases", "name: duplicate-paragraph"))
    assert (err.line, err.key) == (2, "name") and "already used by S102" in err.message


def test_yaml_syntax_errors_have_a_line() -> None:
    with pytest.raises(PackError) as info:
        parse("code: X901\npatterns: [a\n")
    assert info.value.line is not None and info.value.path == "p.yaml"


def test_not_a_mapping() -> None:
    with pytest.raises(PackError) as info:
        parse("- a\n- b\n")
    assert "must be a mapping" in info.value.message


def test_extension_adds_patterns_and_keeps_the_rules_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ext = tmp_path / "ext.yaml"
    ext.write_text("code: A301\nmessages:\n  default: {ja: 上書きされない}\n  house: {ja: '社内語「{match}」'}\n"
                   "patterns:\n  - 本稿の構成案\n  - {phrase: 社内向けメモ, message: house}\n", encoding="utf-8")
    rule = load_packs([str(ext)]).rules["A301"]
    base = load_packs().rules["A301"]
    assert len(rule.patterns) == len(base.patterns) + 2
    assert rule.meta.messages["default"] == base.meta.messages["default"]  # kept
    assert rule.meta.messages["house"]["ja"] == "社内語「{match}」"  # added
    assert rule.sources[-1] == str(ext) and rule.name == "llm-meta-talk"


def test_extension_must_not_rename(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ext = tmp_path / "ext.yaml"
    ext.write_text("code: A302\nname: other-name\npatterns: [穴埋め]\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_packs([str(ext)])
    assert (info.value.path, info.value.line, info.value.key) == (str(ext), 2, "name")


def test_missing_pack_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError) as info:
        load_packs([str(tmp_path / "nope.yaml")])
    assert "not found" in str(info.value)


def test_builtin_packs_are_complete_and_bilingual() -> None:
    assert [p.name for p in builtin_pack_paths()] == ["llm-meta-talk.yaml", "placeholder.yaml"]
    for code in ("A301", "A302"):
        rule = load_packs().rules[code]
        assert rule.builtin and rule.meta.family == "artifacts"
        for lang in ("ja", "en"):
            assert rule.meta.summary[lang].strip() and rule.meta.messages["default"][lang].strip()
        assert "What it does" in rule.meta.docs["en"] and "何をするか" in rule.meta.docs["ja"]
        for key in ("Why it matters", "Example", "Fix", "Options"):
            assert key in rule.meta.docs["en"]


def test_dotted_keys() -> None:
    assert dotted(("patterns", 3, "regex")) == "patterns[3].regex"
    assert dotted(()) == ""
