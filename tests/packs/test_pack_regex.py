"""Pack regexes are untrusted: RE2 matches in linear time and refuses what would need backtracking."""

from __future__ import annotations

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import lint_text
from lintkit.errors import PackError
from lintkit.packs import load_packs
from lintkit.packs.regex import RegexError, compile_regex
from lintkit.rules import all_meta

# (a+)+ followed by a character that is not there: Python's re tries every way of
# splitting the run of a's, 2**n of them. On 100,000 a's that would not finish in the
# age of the universe; RE2 answers in one pass.
EVIL = "(a+)+c"
N = 100_000


def test_catastrophic_pattern_is_linear_under_re2() -> None:
    regex = compile_regex(EVIL)
    assert regex.search("a" * N + "b") is None
    m = regex.search("a" * N + "c")
    assert m is not None and m.span() == (0, N + 1)


def test_catastrophic_pattern_in_a_user_pack_does_not_hang_a_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "evil.yaml"
    pack.write_text(f"code: X666\nname: evil\nseverity: error\nscope: paragraph\n"
                    f"messages: {{default: 'bad {{match}}'}}\npatterns:\n  - regex: '{EVIL}'\n"
                    f"  - regex: '(x+x+)+y'\n", encoding="utf-8")
    paths = (str(pack),)
    config = with_cli(Config(extend_packs=paths), all_meta(paths), select=("X666",))
    text = "a" * N + "b\n\n" + "x" * N + "\n\nここは aac で終わります。\n"
    found = lint_text(text, "evil.md", config)
    assert [(f.code, f.line + 1, f.data["match"]) for f in found] == [("X666", 5, "aac")]


@pytest.mark.parametrize("pattern, words", [
    (r"(?<=円)高", "look-around"),
    (r"(?=AI)", "look-around"),
    (r"(\w)\1", "backreferences"),
    (r"a{1001}", "repetition"),
    (r"(unclosed", "missing )"),
])
def test_patterns_that_need_backtracking_or_are_broken_are_rejected(pattern: str, words: str) -> None:
    with pytest.raises(RegexError) as info:
        compile_regex(pattern)
    assert "invalid or unsupported regular expression" in str(info.value)
    assert words in str(info.value) or "RE2 syntax" in str(info.value)


def test_a_lookbehind_in_a_pack_is_a_located_pack_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "p.yaml"
    pack.write_text("code: A302\npatterns:\n  - 穴\n  - regex: '(?<=［)要記入'\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_packs([str(pack)])
    err = info.value
    assert (err.path, err.line, err.key) == (str(pack), 4, "patterns[1].regex")
    assert "no look-around or backreferences" in err.message
