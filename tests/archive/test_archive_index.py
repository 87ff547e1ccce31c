"""S108 against an archive directory (rules: {cross-duplicate: {archive: DIR}}): the index in the cache,
incremental updates, findings only in the checked files, errors."""

from __future__ import annotations

import json


import os
from pathlib import Path
from typing import Callable

import pytest

from lintkit.api import load_config
from lintkit.archive.cache import Cache
from lintkit.engine import lint_paths
from lintkit.results import RunResult
from tests.adoption.helpers import Run, make_cli

# one paragraph of its own per archived post (original text, written for this test)
PARAGRAPHS = [
    "社内の勉強会を月に一度開くことにして、最初の回では表計算の関数を取り上げました。",
    "在宅勤務が続くと、雑談の機会が減って新人が質問しにくくなるという声が出ています。",
    "古い会計システムを入れ替える計画は、見積もりの段階で予算の倍近い金額になりました。",
    "営業部では顧客への提案書を共通の雛形にまとめ、作成時間を半分ほどに減らしています。",
    "物流倉庫の棚配置を見直したところ、ピッキングの歩行距離が目に見えて短くなりました。",
    "問い合わせ窓口の受付時間を延ばすかどうかは、夜間の件数を三か月数えてから決めます。",
    "採用面接の評価項目を統一したことで、面接官ごとの判断のばらつきが小さくなりました。",
    "会議室の予約が重なる問題は、予約の上限を一人二枠にすることでほぼ解消しています。",
    "新製品の試作品を社員に配って意見を集めると、想定していなかった使い方が見つかりました。",
]
HEAD = "---\ntitle: {title}\ndate: 2025-11-{day:02d}\n---\n\n## 概要\n\n"


def post(i: int, extra: str = "") -> str:
    return HEAD.format(title=f"記事{i}", day=i + 1) + PARAGRAPHS[i] + "\n" + (f"\n{extra}\n" if extra else "")


NEW = HEAD.format(title="新しい記事", day=30) + "今回は新しい取り組みを紹介します。内容は以下のとおりです。\n\n" + PARAGRAPHS[3] + "\n"
NEW_LINE = 10  # the repeated paragraph's 1-based line in NEW (front matter 1-4, heading 6, intro 8)


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """_posts/ (the archive, 9 posts) and drafts/new.md repeating _posts/…-03.md's paragraph; config at the root."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_posts").mkdir()
    for i in range(len(PARAGRAPHS)):
        (tmp_path / "_posts" / f"2025-11-{i + 1:02d}-記事{i}.md").write_text(post(i), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "new.md").write_text(NEW, encoding="utf-8")
    (tmp_path / ".lintkit.yaml").write_text("rules:\n  cross-duplicate: {archive: _posts}\n", encoding="utf-8")
    return tmp_path


def run(paths: list[str], *, cache: bool = True, jobs: int = 1) -> RunResult:
    config = load_config()
    return lint_paths(paths, config, jobs=jobs, cache=Cache.for_config(config) if cache else None)


def s108(result: RunResult) -> list[tuple[str, int, list[tuple[str, int]]]]:
    return [(f.path, f.line + 1, [(r.path, r.line + 1) for r in f.related]) for f in result.findings if f.code == "S108"]


def test_a_new_post_repeating_an_archived_one_is_reported_alone(blog: Path) -> None:
    result = run(["drafts/new.md"])
    assert s108(result) == [("drafts/new.md", NEW_LINE, [("_posts/2025-11-04-記事3.md", 8)])]
    [finding] = [f for f in result.findings if f.code == "S108"]
    assert "_posts/2025-11-04-記事3.md:8" in finding.message
    assert result.files == ["drafts/new.md"]  # the archive is compared, not checked
    assert result.archive is not None and result.archive.files == 9 and result.archive.fingerprinted == 9


def test_the_index_is_incremental(blog: Path) -> None:
    first = run(["drafts/new.md"]).archive
    assert first is not None and (first.fingerprinted, first.reused, first.persisted) == (9, 0, True)
    again = run(["drafts/new.md"]).archive
    assert again is not None and (again.fingerprinted, again.reused, again.rehashed, again.dropped) == (0, 9, 0, 0)
    # a file touched without a change is read (stat changed) but not fingerprinted again
    touched = blog / "_posts" / "2025-11-01-記事0.md"
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    stats = run(["drafts/new.md"]).archive
    assert stats is not None and (stats.fingerprinted, stats.rehashed, stats.reused) == (0, 1, 8)
    # the repeated post is rewritten: the finding goes; a new archived post repeats the draft: it comes back
    (blog / "_posts" / "2025-11-04-記事3.md").write_text(post(3).replace(PARAGRAPHS[3], "営業部の話は別の記事に移しました。"),
                                                        encoding="utf-8")
    result = run(["drafts/new.md"])
    assert s108(result) == [] and result.archive is not None and result.archive.fingerprinted == 1
    (blog / "_posts" / "2025-12-01-再掲.md").write_text(HEAD.format(title="再掲", day=1) + PARAGRAPHS[3] + "\n",
                                                       encoding="utf-8")
    result = run(["drafts/new.md"])
    assert s108(result) == [("drafts/new.md", NEW_LINE, [("_posts/2025-12-01-再掲.md", 8)])]
    assert result.archive is not None and (result.archive.files, result.archive.fingerprinted) == (10, 1)
    # a deleted archive file is dropped from the index, and its finding with it
    (blog / "_posts" / "2025-12-01-再掲.md").unlink()
    result = run(["drafts/new.md"])
    assert s108(result) == [] and result.archive is not None
    assert (result.archive.files, result.archive.dropped, result.archive.fingerprinted) == (9, 1, 0)


def test_duplicates_inside_the_archive_are_not_reported(blog: Path) -> None:
    (blog / "_posts" / "2025-11-01-記事0.md").write_text(post(0, extra=PARAGRAPHS[5]), encoding="utf-8")
    (blog / "drafts" / "new.md").write_text(HEAD.format(title="別", day=30) + "まったく別の話題について書いた段落がここにあります。\n",
                                            encoding="utf-8")
    result = run(["drafts/new.md"])
    assert s108(result) == [] and result.clusters == []


def test_a_checked_post_inside_the_archive_is_not_compared_with_itself(blog: Path) -> None:
    result = run(["_posts/2025-11-04-記事3.md"])
    assert s108(result) == [] and result.archive is not None and result.archive.files == 8
    # ...but with the other archived posts it is: and the draft, checked with it, repeats it
    result = run(["_posts/2025-11-04-記事3.md", "drafts/new.md"])
    assert s108(result) == [("drafts/new.md", NEW_LINE, [("_posts/2025-11-04-記事3.md", 8)])]


def test_no_cache_and_workers_give_the_same_findings(blog: Path) -> None:
    expected = s108(run(["drafts/new.md"], cache=False))
    assert expected and not (blog / ".lintkit_cache").exists()
    stats = run(["drafts/new.md"], cache=False).archive
    assert stats is not None and (stats.fingerprinted, stats.persisted) == (9, False)  # in memory, every run
    assert s108(run(["drafts/new.md"], jobs=2)) == expected  # 9 archive files: fingerprinted by 2 workers
    assert s108(run(["drafts/new.md"], jobs=2)) == expected


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes]) -> Callable[..., Run]:
    return make_cli(capfdbinary)


def test_cli_one_staged_file_and_bad_archive(blog: Path, cli: Callable[..., Run]) -> None:
    out = cli("check", "drafts/new.md", "--format", "json", "--select", "S108")
    assert out.code == 0  # S108 is a warning
    [f] = out.json()["findings"]
    assert (f["path"], f["line"], f["related"][0]["path"], f["related"][0]["line"]) == \
        ("drafts/new.md", NEW_LINE, "_posts/2025-11-04-記事3.md", 8)
    (blog / ".lintkit.yaml").write_text("rules:\n  cross-duplicate: {archive: 過去記事}\n", encoding="utf-8")
    out = cli("check", "drafts/new.md")
    assert out.code == 2 and out.out == ""
    [line] = out.err.splitlines()
    assert line.startswith("lintkit: エラー: ") and "過去記事" in line and "ディレクトリではありません" in line
    assert "rules.cross-duplicate.archive" in line and ".lintkit.yaml" in line
    out = cli("check", "drafts/new.md", "--lang", "en")
    assert out.code == 2 and "is not a directory" in out.err
    out = cli("check", "drafts/new.md", "--ignore", "S108")  # S108 off: the archive is not needed
    assert out.code == 0, out.err



def test_a_damaged_index_is_built_again(blog: Path) -> None:
    run(["drafts/new.md"])
    [index] = list((blog / ".lintkit_cache").rglob("archive/*.json.z"))
    for damage in (b"not zlib", index.read_bytes()[:-9]):
        index.write_bytes(damage)
        result = run(["drafts/new.md"])
        assert result.archive is not None and (result.archive.fingerprinted, result.archive.reused) == (9, 0)
        assert s108(result) == [("drafts/new.md", NEW_LINE, [("_posts/2025-11-04-記事3.md", 8)])]
    import zlib

    data = json.loads(zlib.decompress(index.read_bytes()))
    entry = next(iter(data["entries"].values()))
    entry[4][2][4] = 10**6  # a unit whose text range is past the file's pieces
    index.write_bytes(zlib.compress(json.dumps(data).encode()))
    result = run(["drafts/new.md"])
    assert result.archive is not None and result.archive.fingerprinted == 9  # not trusted: rebuilt
