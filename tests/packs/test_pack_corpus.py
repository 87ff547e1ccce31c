"""The default packs on real text: the careful human book stays silent, the LLM blog's leaks are found."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.rules import all_meta
from tests.conftest import CORPUS, needs_shared

METAS = all_meta()
POSTS = CORPUS / "allforces" / "_posts"


def run(paths: list[str], codes: tuple[str, ...]) -> list[tuple[str, str, int, str]]:
    result = lint_paths(paths, with_cli(Config(), METAS, select=codes))
    assert not result.errors
    return [(f.path.rsplit("/", 1)[-1], f.code, f.line + 1, f.data.get("match", "")) for f in result.findings]


@needs_shared
def test_no_meta_talk_or_placeholder_in_js_primer() -> None:
    files = sorted(str(p) for p in (CORPUS / "js-primer").glob("*.md"))
    assert len(files) == 88
    assert run(files, ("A301", "A302")) == []


@needs_shared
def test_the_leaks_of_the_llm_blog_are_found() -> None:
    names = ["2025-10-19-3-chatgpt.md", "2025-08-29-4-googleaisoc.md", "2025-12-08-2-50m-for-ai-defense-whats-the-real-t.md",
             "2025-11-20-1-i-apologize-but-i-am-unable-to-perform.md", "2026-01-14-3-5ai.md"]
    got = run([str(POSTS / n) for n in names], ("A301",))
    assert ("2025-10-19-3-chatgpt.md", "A301", 60, "既存の記事の最後の部分") in got
    assert ("2025-10-19-3-chatgpt.md", "A301", 205, "既存の記事の最後の部分") in got
    assert ("2025-08-29-4-googleaisoc.md", "A301", 58, "The article has 3600 characters") in got
    assert ("2025-12-08-2-50m-for-ai-defense-whats-the-real-t.md", "A301", 295, "承知いたしました") in got
    # the front matter's title: "I apologize, but I am unable to perform ？"
    assert ("2025-11-20-1-i-apologize-but-i-am-unable-to-perform.md", "A301", 3, "I apologize, but") in got
    assert ("2026-01-14-3-5ai.md", "A301", 15, "（Web検索結果：") in got


@needs_shared
def test_example_placeholders_of_the_llm_blog_are_not_reported() -> None:
    # 「〇〇%向上」という数字, 「〇〇さんからの…」といった具合, a quote spanning paragraphs
    names = ["2025-11-01-1-anthropic-claude-4573.md", "2025-09-20-1-openaiappleai.md", "2025-10-12-2-zendeskcs80.md",
             "2026-02-20-2-open-source-llm-roi-maximizati.md"]
    assert run([str(POSTS / n) for n in names], ("A302",)) == []
