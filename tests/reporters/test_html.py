"""The HTML report: self-contained, escaped, complete; and it renders in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import RunResult, lint_paths
from lintkit.finding import Finding, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

POSTS = FIXTURES / "archive" / "posts"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def render(result: RunResult, lang: str = "ja") -> str:
    return REPORTERS["html"](result, ReportOptions(lang=lang, metas=all_meta()))


@pytest.fixture(scope="module")
def archive() -> tuple[RunResult, str]:
    # S108 only: the counts below must not move when another rule changes
    result = lint_paths([str(POSTS)], with_cli(Config(), all_meta(), select=("S108",)))
    return result, render(result)


def _card(page: str, key: str) -> int:
    m = re.search(rf'id="count-{key}"><div class="n">(\d+)</div>', page)
    assert m, key
    return int(m.group(1))


def test_summary_counts(archive: tuple[RunResult, str]) -> None:
    result, page = archive
    counts = result.counts()
    assert _card(page, "files") == 6
    assert _card(page, "findings") == len(result.findings) == 4
    assert (_card(page, "error"), _card(page, "warning"), _card(page, "info")) == (
        counts["error"], counts["warning"], counts["info"])
    assert _card(page, "clusters") == 3  # the watering paragraph (2 findings), a section, a paragraph
    assert 'id="rule-S108"' in page


def test_self_contained(archive: tuple[RunResult, str]) -> None:
    _, page = archive
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_month_chart_ranked_files_clusters_and_sections(archive: tuple[RunResult, str]) -> None:
    result, page = archive
    chart = page[page.index('id="months"'):page.index('id="ranked"')]
    for month in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05"):
        assert f">{month}</text>" in chart
    assert chart.count("<rect") == 3  # 2025-02, 2025-03 (gamma and delta), 2025-05: warnings only
    ranked = page[page.index('id="ranked"'):page.index('id="clusters"')]
    assert ranked.count("<tr>") == 1 + 4
    clusters = page[page.index('id="clusters"'):page.index('id="files"')]
    assert clusters.count('class="cluster-head"') == 3
    assert "3. 支柱と誘引" in clusters  # a section cluster shows its first heading (alpha's)
    assert "水やりは朝のうちに済ませるのが基本です" in clusters  # a paragraph cluster shows its text
    assert "2025-04-02-epsilon.md:19" in clusters  # suppressed occurrences are still listed
    assert clusters.count("<details>") == 1  # the signature, left out as boilerplate
    files = page[page.index('id="files"'):]
    assert files.count("<details id=") == 4
    for f in result.findings:
        assert f'<td class="num">{f.line + 1}</td>' in files


def test_article_text_is_escaped(tmp_path: Path) -> None:
    evil = '本文<script>x("1")</script><img src=x> ---END---'
    post = tmp_path / "2025-08-01-<b>evil.md"
    post.write_text(f"---\ntitle: t\ndate: 2025-08-01\n---\n\n## 見出し<i>\n\n{evil}\n", encoding="utf-8")
    result = lint_paths([str(post)], Config())
    assert any(f.line == 7 for f in result.findings)
    page = render(result)
    assert "<script" not in page and "<img" not in page and "<b>evil" not in page and "<i>" not in page
    assert html.escape('<script>x("1")</script><img src=x>') in page
    assert html.escape(str(post)) in page


def test_control_characters_are_shown_not_written(tmp_path: Path) -> None:
    post = tmp_path / "2025-08-02-ctl.md"
    post.write_text("---\ntitle: t\n---\n\n本文\x1b[31mです\x07 ---END---\n", encoding="utf-8")
    result = lint_paths([str(post)], Config())
    assert any(f.line == 4 for f in result.findings)
    page = render(result)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    assert "本文\u241b[31mです\u2407" in page
    page.encode("utf-8")  # no lone surrogate either


def test_claims_table_when_facts_were_checked() -> None:
    claims = [
        {"path": "a.md", "line": 3, "column": 1, "text": "GPT-4oは入力$2.50", "entity": "openai/gpt-4o",
         "attribute": "price.input", "value": 2.5, "unit": "USD", "qualifiers": [], "status": "match",
         "expected": 2.5, "source": "pricing.yml"},
        {"path": "a.md", "line": 5, "column": 1, "text": "出力は$12<b>", "entity": "openai/gpt-4o",
         "attribute": "price.output", "value": 12.0, "unit": "USD", "qualifiers": ["約"], "status": "mismatch",
         "expected": 10.0, "source": "pricing.yml"},
        {"path": "b.md", "line": 9, "column": 1, "text": "謎のモデルは90点", "entity": None,
         "attribute": "benchmark.mmlu", "value": 90, "unit": None, "qualifiers": [], "status": "unverifiable",
         "expected": None, "source": None},
        {"path": "b.md", "line": 12, "column": 1, "text": "市場は2440億ドル", "entity": "market/global-ai",
         "attribute": "market.size", "value": 244e9, "unit": "USD", "qualifiers": [], "status": "match",
         "expected": 244e9, "source": "market_sizes.yml"},
    ]
    result = RunResult(files=["a.md", "b.md"], findings=[
        Finding("a.md", "F201", "claim-mismatch", Severity.ERROR, 4, 0, 4, 5, "価格が違います")], claims=claims)
    page = render(result)
    table = page[page.index('id="claims"'):]
    assert 'id="claims-mismatch">不一致 1<' in table and 'id="claims-match">一致 2<' in table
    assert 'id="claims-unverifiable">検証不能 1<' in table
    assert table.index("出力は$12&lt;b&gt;") < table.index("GPT-4oは入力$2.50")  # mismatches first
    assert _card(page, "claims") == 4
    assert "244,000,000,000 USD" in table and ">2.5 USD<" in table  # numbers people read
    assert 'id="claims"' not in render(RunResult(files=["a.md"]))


def test_paths_shown_without_their_common_directory(archive: tuple[RunResult, str]) -> None:
    _, page = archive
    header = page[page.index("<header>"):page.index("</header>")]
    assert f"<code>{html.escape(str(POSTS))}/</code>" in header
    ranked = page[page.index('id="ranked"'):page.index('id="clusters"')]
    assert ">2025-02-03-beta.md</a>" in ranked and str(POSTS) not in ranked


def test_english_labels(archive: tuple[RunResult, str]) -> None:
    result, _ = archive
    page = render(result, "en")
    assert "Cross-article duplicate clusters (S108)" in page and 'lang="en"' in page


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


_RECORDER = ("<script>window.__errors=[];addEventListener('error',function(e){window.__errors.push("
             "String(e.message||e.type))},true);</script>")
_PROBE = ("<script>addEventListener('load',function(){var d=document.documentElement;"
          "d.setAttribute('data-errors',JSON.stringify(window.__errors));"
          "d.setAttribute('data-cards',JSON.stringify(Array.prototype.map.call("
          "document.querySelectorAll('.card'),function(c){return [c.id,c.innerText]})));"
          "var s=document.querySelector('#months svg');d.setAttribute('data-svg',s?s.getBoundingClientRect().height:0)"
          "});</script>")


@pytest.mark.skipif(_chromium() is None, reason="no chromium on PATH (CI installs Debian's chromium package)")
def test_renders_in_headless_chromium(archive: tuple[RunResult, str], tmp_path: Path) -> None:
    result, page = archive
    # the report has no script; the test adds two to read what the browser shows
    probed = page.replace("<head>", "<head>" + _RECORDER, 1).replace("</body>", _PROBE + "</body>", 1)
    target = tmp_path / "report.html"
    target.write_text(probed, encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [_chromium() or "", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", target.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    dom = proc.stdout
    errors = re.search(r'data-errors="([^"]*)"', dom)
    assert errors and json.loads(html.unescape(errors.group(1))) == []
    cards = dict(json.loads(html.unescape(re.search(r'data-cards="([^"]*)"', dom).group(1))))
    counts = result.counts()
    assert cards["count-files"].split()[0] == "6"
    assert cards["count-findings"].split()[0] == str(len(result.findings))
    assert cards["count-warning"].split()[0] == str(counts["warning"])
    assert cards["count-clusters"].split()[0] == "3"
    assert float(re.search(r'data-svg="([^"]*)"', dom).group(1)) > 100  # the chart is drawn
