"""The HTML report: self-contained, escaped, complete; and it renders in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from lintkit import links
from lintkit.cli import main
from lintkit.config import Config, with_cli
from lintkit.errors import LintkitError
from lintkit.engine import RunResult, lint_paths
from lintkit.finding import Finding, Severity
from lintkit.reporters import REPORTERS, ReportOptions
from lintkit.reporters import html as html_report
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

POSTS = FIXTURES / "archive" / "posts"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def render(result: RunResult, lang: str = "ja") -> str:
    return REPORTERS["html"](result, ReportOptions(lang=lang, metas=all_meta()))


def without_script(page: str) -> str:
    """The page without its own (one, inline) script: what is left comes from the results."""
    start, end = page.index("<script>"), page.index("</script>") + len("</script>")
    return page[:start] + page[end:]


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
    assert page.lower().count("<script") == 1 and "<script>" in page  # one inline script, no src
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "fetch(" not in page and "XMLHttpRequest" not in page and "import(" not in page
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
    page = without_script(render(result))
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


def test_claims_table_shows_possible_mismatches_and_why_even_when_f205_is_not_selected(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: テスト\ndate: 2025-10-01 09:00:00 +0900\n---\n\n"
                    "DeepSeek R1がGPT-4oのMMLU（88.7）を上回る89.5を記録した。\n\n"  # a comparison: possible (F205)
                    "GPT-4o Miniの入力は$0.25/1Mだ。\n\n"  # the reference (2026-02-01) moved on since the post (F204)
                    "GPT-4oはMMLUで90.5を記録した。\n", encoding="utf-8")  # certain: F201
    config = with_cli(Config(), all_meta(), select=("F201",), reference=(str(FIXTURES / "facts" / "binding"),))
    result = lint_paths([str(post)], config)
    assert [f.code for f in result.findings] == ["F201"]  # F205 not selected: no finding...
    for lang, words in (("ja", ("不一致（F201）", "不一致の可能性（F205）", "参照データが記事より新しい（F204）",
                                "確実でない理由", "比較の表現",
                                "参照データ（2026-02-01時点）が記事の日付（2025-10-01）より新しく")),
                        ("en", ("mismatch (F201)", "possible mismatch (F205)", "reference newer than the post (F204)",
                                "Not certain because", "a comparison",
                                "the reference (2026-02-01) is newer than the post (2025-10-01)"))):
        table = without_script(render(result, lang))
        table = table[table.index('id="claims"'):]
        table = table[:table.index("</section>")]
        for word in words:  # ...but the claims table shows both possible mismatches, with their reasons
            assert html.escape(word, quote=True) in table, (lang, word)
        assert 'id="claims-possible">' in table and 'id="claims-mismatch">' in table and 'id="claims-moved_on">' in table
        rows = re.findall(r"<tr><td><span class=\"st (\w+)\">", table)
        assert rows[:3] == ["mismatch", "moved_on", "possible"]  # F201, F204's moved-on, F205
        assert table.count('class="doubt"') == 2  # the reasons are on the moved-on and possible rows only


def test_claims_rows_are_categorized_by_their_rule_not_by_the_binding_field() -> None:
    def claim(line: int, binding: str, doubts: list[str], status: str = "mismatch") -> dict[str, object]:
        return {"path": "a.md", "line": line, "column": 1, "text": f"{line}0億ドル", "entity": "openai",
                "attribute": "company.valuation", "value": line * 1e9, "unit": "USD", "qualifiers": [],
                "status": status, "binding": binding, "doubts": doubts, "expected": 5e11, "source": "c.yml",
                "as_of": "2026-02-01", "article_date": "2025-10-01", "expected_year": None}

    claims = [claim(1, "certain", []),  # F201
              claim(2, "certain", ["reference-newer"]),  # F204 moved on: a certain binding, a newer reference
              claim(3, "certain", ["year-assumed"]),  # F205: a certain binding, an assumed year
              claim(4, "possible", ["reference-newer", "competing-entity"]),  # F205
              claim(5, "possible", ["competing-entity"], status="match")]
    page = without_script(render(RunResult(files=["a.md"], claims=claims)))
    table = page[page.index('id="claims"'):]
    table = table[:table.index("</section>")]
    rows = re.findall(r"<tr><td><span class=\"st (\w+)\">", table)
    assert rows == ["mismatch", "moved_on", "possible", "possible", "match"]
    assert [html_report._claim_status(c) for c in claims] == ["mismatch", "moved_on", "possible", "possible", "match"]


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
    assert 'id="claims-mismatch">不一致（F201） 1<' in table and 'id="claims-match">一致 2<' in table
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


# ---------------------------------------------------------------- ranking, links, filters (issue 14)

def _post(path: Path, chars: int) -> str:
    path.write_text("本" * chars + "\n", encoding="utf-8")
    return str(path)


def _finding(path: str, code: str, severity: Severity, line: int = 0) -> Finding:
    return Finding(path, code, code.lower(), severity, line, 0, line, 1, "指摘")


def test_ranking_errors_first_then_density_and_infos_do_not_rank(tmp_path: Path) -> None:
    long_one = _post(tmp_path / "long.md", 40_000)   # 2 errors in 40,000 chars
    short_one = _post(tmp_path / "short.md", 2_000)  # 1 error + 1 warning in 2,000 chars
    dense = _post(tmp_path / "dense.md", 4_000)      # 1 error in 4,000 chars
    infos = _post(tmp_path / "infos.md", 1_000)      # 30 infos
    warned = _post(tmp_path / "warned.md", 20_000)   # 1 warning
    findings = [_finding(long_one, "S102", Severity.ERROR), _finding(long_one, "S103", Severity.ERROR),
                _finding(short_one, "S104", Severity.ERROR), _finding(short_one, "S107", Severity.WARNING),
                _finding(dense, "S104", Severity.ERROR), _finding(warned, "A303", Severity.WARNING),
                *[_finding(infos, "F202", Severity.INFO, i) for i in range(30)]]
    result = RunResult(files=[long_one, short_one, dense, infos, warned], findings=findings)
    ranked = html_report.rank_files(html_report.group(findings), lambda p: Path(p).stat().st_size // 3)
    assert [Path(p).name for p, _ in ranked] == ["long.md", "short.md", "dense.md", "warned.md", "infos.md"]
    short_rank = dict(ranked)[short_one]
    assert round(short_rank.density, 1) == 10.0  # (1 error + 1 warning) per 10,000 of 2,000 chars
    assert dict(ranked)[infos].density == 0.0
    page = render(result)
    table = page[page.index('id="ranked"'):page.index('id="clusters"')]
    names = re.findall(r'<a href="#f\d+">([^<]+)</a>', table)
    assert names == ["long.md", "short.md", "dense.md", "warned.md", "infos.md"]
    assert "40,000" in table and ">10.0<" in table


def test_link_template_placeholders_are_checked() -> None:
    links.check_template("https://github.com/{owner}/{repo}/blob/{rev}/{path}#L{line}")
    links.check_template("../blob/{path}#L{line}")
    for bad, words in [("https://x/{path}#L{lien}", "{lien}"), ("https://x/{line}", "{path}"),
                       ("javascript:alert(1)//{path}", "javascript:"), ("https://x/{path", "link template")]:
        with pytest.raises(ValueError) as caught:
            links.check_template(bad)
        assert words in str(caught.value), bad


def test_link_template_fills_repository_values_and_quotes_japanese_paths(tmp_path: Path) -> None:
    resolved = links.resolve("https://github.com/{owner}/{repo}/blob/{rev}/{path}#L{line}", cwd=str(tmp_path),
                             env={"GITHUB_REPOSITORY": "writers/blog", "GITHUB_SHA": "0123abc"})
    target = tmp_path / "_posts" / "記事 1.md"
    url = resolved.url(str(target), 12)
    assert url.startswith("https://github.com/writers/blog/blob/0123abc/")
    assert url.endswith("_posts/%E8%A8%98%E4%BA%8B%201.md#L12")
    with pytest.raises(LintkitError) as caught:
        links.resolve("https://x/{rev}/{path}", cwd=str(tmp_path), env={})  # no git here, no GITHUB_SHA
    assert "{rev}" in str(caught.value)


def test_link_template_config_key_and_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    monkeypatch.chdir(tmp_path)
    post = tmp_path / "a.md"
    post.write_text("# 見出し\n\n本文です。\n---END---\n", encoding="utf-8")
    (tmp_path / ".lintkit.yaml").write_text("link-template: 'https://example.org/{path}#L{line}'\n", encoding="utf-8")
    assert main(["check", "a.md", "--format", "html", "--output", "r.html", "--no-cache"]) == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'data-u="https://example.org/a.md#L{line}"' in page and '<a class="ln">4</a>' in page
    (tmp_path / ".lintkit.yaml").write_text("link-template: 'https://example.org/{file}'\n", encoding="utf-8")
    capfdbinary.readouterr()
    assert main(["check", "a.md", "--format", "html", "--no-cache"]) == 2
    err = capfdbinary.readouterr().err.decode("utf-8")
    assert err.count("\n") == 1 and ".lintkit.yaml: link-template: " in err and "{file}" in err
    (tmp_path / ".lintkit.yaml").unlink()
    assert main(["check", "a.md", "--format", "html", "--no-cache", "--lang", "en",
                 "--link-template", "https://example.org/{path}#L{row}"]) == 2
    err = capfdbinary.readouterr().err.decode("utf-8")
    assert err.startswith("lintkit: error: --link-template: unknown placeholder {row}")


_FILTER_PROBE = (
    "<script>addEventListener('load',function(){var d=document,e=d.documentElement;"
    "var rows=[].filter.call(d.querySelectorAll('#files tr'),function(tr){"
    "return tr.querySelector('.sev')&&tr.offsetParent!==null});"
    "e.setAttribute('data-visible',JSON.stringify(rows.map(function(tr){"
    "var a=tr.querySelector('a.ln');return [tr.querySelector('.sev').textContent,+tr.cells[0].textContent,"
    "a?a.href:'']})));"
    "e.setAttribute('data-count',d.getElementById('f-count').textContent);"
    "e.setAttribute('data-filtering',d.body.classList.contains('filtering'));"
    "var t=d.querySelector('#claims table'),s=d.querySelector('#claims');"
    "e.setAttribute('data-claims',JSON.stringify([t.scrollWidth,s.clientWidth]));"
    "var th=d.querySelectorAll('#rules thead th')[5];th.click();"  # the total column: most first
    "e.setAttribute('data-sorted',JSON.stringify([].map.call(d.querySelectorAll('#rules tbody tr'),"
    "function(tr){return +tr.cells[5].textContent})));"
    "});</script>")

LONG_CLAIMS = [
    {"path": "a.md", "line": 3, "column": 1, "text": "とても長い主張の本文" * 12, "entity": "vendor/" + "x" * 90,
     "attribute": "benchmark.some-very-long-attribute-name-without-spaces", "value": 123456789012.5,
     "unit": "USD", "qualifiers": [], "status": "mismatch", "expected": 98765432101.25,
     "source": "https://example.org/" + "a" * 160},
]


def _browse(page: str, tmp_path: Path, fragment: str, width: int = 1400) -> dict[str, object]:
    target = tmp_path / "report.html"
    target.write_text(page.replace("</body>", _FILTER_PROBE + "</body>", 1), encoding="utf-8")
    cmd = [_chromium() or "", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}",
           f"--window-size={width},1000", "--virtual-time-budget=5000", "--dump-dom",
           f"{target.as_uri()}#{fragment}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = {}
    for name in ("visible", "count", "filtering", "claims", "sorted"):
        m = re.search(rf'data-{name}="([^"]*)"', proc.stdout)
        assert m, (name, proc.stdout[:500])
        value = html.unescape(m.group(1))
        found[name] = json.loads(value) if name in ("visible", "claims", "sorted", "filtering") else value
    return found


@pytest.mark.skipif(_chromium() is None, reason="no chromium on PATH (CI installs Debian's chromium package)")
def test_filters_links_sorting_and_claims_width_in_headless_chromium(tmp_path: Path) -> None:
    result = lint_paths([str(POSTS), str(FIXTURES / "fix")], with_cli(Config(), all_meta()))
    codes = {f.code for f in result.findings}
    assert {"S104", "S108"} <= codes and len(codes) >= 3  # something to filter out
    result = replace(result, claims=LONG_CLAIMS)
    resolved = links.resolve("https://example.org/{owner}/{repo}/blob/{rev}/{path}#L{line}",
                             env={"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"})
    page = REPORTERS["html"](result, ReportOptions(lang="ja", metas=all_meta(), extra={"links": resolved}))

    by_rule = _browse(page, tmp_path, "rule=S104&sev=error")
    want = sorted((f.code, f.line + 1) for f in result.findings if f.code == "S104")
    assert sorted((c, n) for c, n, _ in by_rule["visible"]) == want  # type: ignore[union-attr]
    assert by_rule["count"].startswith(f"{len(want)} / {len(result.findings)} ")  # type: ignore[union-attr]
    assert by_rule["filtering"] is True
    first = next(f for f in result.findings if f.code == "S104")
    assert [first.code, first.line + 1, resolved.url(first.path, first.line + 1)] in by_rule["visible"]  # type: ignore[operator]
    table_width, card_width = by_rule["claims"]  # type: ignore[misc]
    assert 0 < table_width <= card_width  # the claims table stays inside its card at 1,400 px
    assert by_rule["sorted"] == sorted(by_rule["sorted"], reverse=True)  # type: ignore[arg-type]

    by_severity = _browse(page, tmp_path, "sev=warning")
    assert sorted((c, n) for c, n, _ in by_severity["visible"]) == sorted(  # type: ignore[union-attr]
        (f.code, f.line + 1) for f in result.findings if f.severity is Severity.WARNING)

    marker = next(f for f in result.findings if f.path.endswith("markers.md"))
    by_text = _browse(page, tmp_path, "q=markers.md")
    assert sorted((c, n) for c, n, _ in by_text["visible"]) == sorted(  # type: ignore[union-attr]
        (f.code, f.line + 1) for f in result.findings if f.path.endswith("markers.md"))
    assert (marker.code, marker.line + 1) in [(c, n) for c, n, _ in by_text["visible"]]  # type: ignore[union-attr]

    unfiltered = _browse(page, tmp_path, "")
    assert unfiltered["filtering"] is False and len(unfiltered["visible"]) == len(result.findings)  # type: ignore[arg-type]
    assert unfiltered["count"].startswith(f"{len(result.findings)} / {len(result.findings)} ")  # type: ignore[union-attr]
