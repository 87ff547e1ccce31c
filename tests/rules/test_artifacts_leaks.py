"""A301 prompt leaks and citation tokens, A302 illustrative variables (issue 13), on fixtures we wrote."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
ART = FIXTURES / "artifacts"


def findings(name: str, code: str) -> list[Finding]:
    config = with_cli(Config(), METAS, select=(code,))
    result = lint_paths([str(ART / name)], config)
    assert not result.errors
    return [f for f in result.findings if f.code == code]


def test_leaked_prompt_blocks_and_citation_tokens() -> None:
    got = [(f.line + 1, f.data["match"]) for f in findings("leaked-prompt.md", "A301")]
    assert got == [
        (8, "【要求事項】"),
        (12, "続きを書いてください："),
        (14, "既存記事でも触れ"),
        (16, "[参照データ]"),
        (18, "導入の手順（続き）"),
    ]


def test_leak_messages_by_kind() -> None:
    msgs = {f.line + 1: f.message for f in findings("leaked-prompt.md", "A301")}
    assert msgs[8].startswith("プロンプト（生成指示）の語句「【要求事項】」")
    assert msgs[16].startswith("モデルの引用マーカー「[参照データ]」")
    assert msgs[18].startswith("見出しに続き生成の印")


def test_clean_twin_is_silent() -> None:
    assert findings("leaked-prompt-clean.md", "A301") == []


def test_illustrative_variables_are_not_placeholders() -> None:
    got = [(f.line + 1, f.data["match"]) for f in findings("placeholder-examples.md", "A302")]
    assert got == [(10, "XX")]  # only the sentence that states a result with the slot left open
