"""Baseline: recorded findings stay hidden when the text around them moves; new ones and stale entries show."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from lintkit.baseline import BaselineError, load
from lintkit.finding import Finding, Severity
from lintkit.fingerprint import fingerprint, flagged_text
from tests.adoption.helpers import Run, append_block, insert_at_top, make_cli
from tests.conftest import CORPUS, FIXTURES, needs_shared

# distinct, finding-free paragraphs (no numbers, no brackets), one per post, so that S108 sees no repetition
OPENERS = [
    "朝の公園は静かで、池のほとりでは鴨がのんびり泳いでいました。",
    "新しい万年筆を試す前に、手順を紙に書き出しておきました。",
    "週末に押し入れを片付けると、懐かしい写真がたくさん出てきました。",
    "駅までの坂道で、夕飯の献立をあれこれ考えながら歩きました。",
    "古い日記を読み返すと、当時の迷いが手に取るように分かります。",
    "雨上がりの商店街には、焼きたてのパンの香りが漂っていました。",
    "祖母の家の縁側で、冷えた麦茶を飲みながら蝉の声を聞きました。",
    "図書館の窓際の席は、午後になると日差しがやわらかくなります。",
    "自転車のタイヤに空気を入れてから、川沿いの道を走りました。",
    "冬の夜は湯たんぽを抱えて、好きな落語を聞きながら眠ります。",
    "港町の市場では、威勢のいい掛け声があちこちから響いていました。",
    "ベランダのミニトマトが色づき始め、収穫が待ち遠しくなりました。",
    "久しぶりに会った友人と、学生時代の思い出話で盛り上がりました。",
    "山小屋の薪ストーブは、火を起こすまでに少し手間がかかります。",
    "引っ越しの段ボールを開けるたびに、忘れていた物が見つかります。",
    "早起きした日は、近所の神社まで散歩するのが習慣になっています。",
    "美術館の静かな展示室で、一枚の風景画の前に長く立ち止まりました。",
    "台所で味噌汁を温めていると、猫が足元にすり寄ってきました。",
    "夕暮れの海辺を歩くと、砂に残る足跡が波に消されていきました。",
    "書店の片隅で、子どもの頃に夢中で読んだ冒険小説を見つけました。",
    "駅前のパン屋では、毎朝七時に食パンが焼き上がります。",
    "庭の柿の木に、今年もたくさんの実がなりました。",
    "夜行バスの窓から、遠くの街の灯りがゆっくり流れていきました。",
    "古い腕時計を修理に出すと、職人さんが丁寧に説明してくれました。",
    "雪の朝は、玄関先の雪かきから一日が始まります。",
    "近所の銭湯の壁には、大きな富士山の絵が描かれています。",
    "畑で採れた大根を、その日のうちに煮物にしました。",
    "小さな映画館で、昔の白黒映画をもう一度観ました。",
    "登山口の売店で買ったおにぎりが、山頂でいちばんおいしく感じました。",
    "窓辺の観葉植物が、いつの間にか天井に届きそうなほど伸びました。",
]
TOP_SENSITIVE = {"footer_top_notice.md"}  # its promotion notice is allowed only at the very top


def opener(i: int) -> str:
    return OPENERS[i]


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Callable[..., Run]:
    monkeypatch.chdir(tmp_path)
    return make_cli(capfdbinary)


def _codes(run: Run) -> list[tuple[str, str, int]]:
    return [(f["path"], f["code"], f["line"]) for f in run.json()["findings"]]


def test_fixture_archive_moves_new_marker_and_stale(cli: Callable[..., Run], tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "structure", tmp_path / "posts")
    first = cli("check", "posts", "--no-cache", "--write-baseline", "baseline.json", "--format", "json")
    assert first.code == 0 and first.json()["findings"] == []
    recorded = load("baseline.json").counts
    assert sum(recorded.values()) >= 20
    assert "件の指摘を記録しました" in first.err
    posts = sorted(p for p in (tmp_path / "posts").glob("*.md") if p.name not in TOP_SENSITIVE)
    for i, post in enumerate(posts):
        insert_at_top(post, opener(i))
    moved = cli("check", "posts", "--no-cache", "--baseline", "baseline.json", "--format", "json")
    assert moved.code == 0, moved.out
    assert moved.json()["findings"] == []
    append_block(posts[0], "---END---")
    new = cli("check", "posts", "--no-cache", "--baseline", "baseline.json", "--format", "json")
    lines = posts[0].read_text(encoding="utf-8").split("\n")
    assert _codes(new) == [(f"posts/{posts[0].name}", "S104", lines.index("---END---") + 1)]
    assert new.code == 1


def test_fixed_finding_is_stale_and_pruned(cli: Callable[..., Run], tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "structure", tmp_path / "posts")
    cli("check", "posts", "--no-cache", "--write-baseline", "baseline.json")
    target = tmp_path / "posts" / "separators.md"
    text = target.read_text(encoding="utf-8")
    assert "---END---" in text
    target.write_text(text.replace("---END---\n", "", 1), encoding="utf-8")  # the writer fixes one marker
    run = cli("check", "posts", "--no-cache", "--baseline", "baseline.json", "--lang", "en")
    assert run.code == 0
    assert "1 entry no longer match" in run.err
    before = sum(load("baseline.json").counts.values())
    rewrite = cli("check", "posts", "--no-cache", "--write-baseline", "baseline.json", "--lang", "en")
    assert "1 stale entry dropped" in rewrite.err
    assert sum(load("baseline.json").counts.values()) == before - 1
    again = cli("check", "posts", "--no-cache", "--baseline", "baseline.json", "--lang", "en")
    assert "no longer match" not in again.err


def test_a_second_copy_of_a_recorded_text_is_reported(cli: Callable[..., Run], tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    post.write_text("---\ntitle: t\n---\n\n本文です。\n\n---END---\n", encoding="utf-8")
    cli("check", "a.md", "--no-cache", "--write-baseline", "b.json")
    append_block(post, "次の段落です。\n\n---END---")
    run = cli("check", "a.md", "--no-cache", "--baseline", "b.json", "--format", "json")
    assert [(c, line) for _, c, line in _codes(run)] == [("S104", 11)]


def test_paths_are_relative_to_the_baseline_and_other_files_are_kept(cli: Callable[..., Run], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "structure", tmp_path / "posts")
    cli("check", "posts", "--no-cache", "--write-baseline", "baseline.json")
    doc = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"].split("/")[0] for e in doc["entries"]} == {"posts"}
    monkeypatch.chdir(tmp_path / "posts")  # the same baseline from another directory, one file checked
    run = cli("check", "separators.md", "--no-cache", "--baseline", "../baseline.json", "--format", "json")
    assert run.code == 0 and run.json()["findings"] == []
    total = sum(load("../baseline.json").counts.values())
    cli("check", "separators.md", "--no-cache", "--write-baseline", "../baseline.json")
    assert sum(load("../baseline.json").counts.values()) == total  # entries of the other files are kept


def test_config_key_and_bad_baseline(cli: Callable[..., Run], tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    post.write_text("本文です。\n\n---END---\n", encoding="utf-8")
    (tmp_path / ".lintkit.yaml").write_text("baseline: lintkit-baseline.json\n", encoding="utf-8")
    missing = cli("check", "a.md", "--no-cache")
    assert missing.code == 2 and "lintkit-baseline.json" in missing.err and "Traceback" not in missing.err
    cli("check", "a.md", "--no-cache", "--write-baseline", "lintkit-baseline.json")
    assert cli("check", "a.md", "--no-cache").code == 0
    (tmp_path / "lintkit-baseline.json").write_text("[1, 2]", encoding="utf-8")
    bad = cli("check", "a.md", "--no-cache")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1 and "lintkit-baseline.json" in bad.err
    with pytest.raises(BaselineError):
        load(str(tmp_path / "lintkit-baseline.json"))
    (tmp_path / ".lintkit.yaml").write_text("baseline: 3\n", encoding="utf-8")
    assert cli("check", "a.md", "--no-cache").code == 2


def test_fingerprint_is_the_flagged_text_not_the_place() -> None:
    lines = ["a", "本文 ---END---", "x"]
    f = Finding("a.md", "S104", "stray-separator", Severity.ERROR, 1, 3, 1, 12, "m")
    assert flagged_text(lines, f) == "---END---"
    moved = Finding("a.md", "S104", "stray-separator", Severity.ERROR, 2, 3, 2, 12, "other message")
    assert fingerprint(f, lines) == fingerprint(moved, ["", *lines])
    assert fingerprint(f, lines) != fingerprint(Finding("a.md", "S106", "x", Severity.ERROR, 1, 3, 1, 12, "m"), lines)
    multi = Finding("a.md", "S101", "duplicate-section", Severity.ERROR, 0, 0, 2, 1, "m")
    assert flagged_text(lines, multi) == "a\n本文 ---END---\nx"
    empty = Finding("a.md", "A304", "unclosed-code-fence", Severity.ERROR, 1, 0, 1, 0, "m")
    assert flagged_text(lines, empty) == "本文 ---END---"
    # unreadable file: the message without its numbers
    assert fingerprint(Finding("a.md", "S102", "d", Severity.ERROR, 5, 0, 5, 1, "71行目と重複"), None) == \
        fingerprint(Finding("a.md", "S102", "d", Severity.ERROR, 9, 0, 9, 1, "80行目と重複"), None)


@needs_shared
def test_corpus_sample_insert_paragraphs_and_one_marker(cli: Callable[..., Run], tmp_path: Path) -> None:
    """The issue's check: a copy of a corpus sample, a paragraph inserted at the top of 20 posts and one new
    ---END---: only that one is reported; a fixed finding counts as stale."""
    source = sorted((CORPUS / "allforces" / "_posts").glob("*.md"))[::9][:30]  # every 9th post: 30 posts
    posts = tmp_path / "_posts"
    posts.mkdir()
    for p in source:
        shutil.copyfile(p, posts / p.name)
    first = cli("check", "_posts", "--no-cache", "--jobs", "2", "--write-baseline", "baseline.json",
                "--format", "json")
    assert first.code == 0 and first.json()["findings"] == []
    recorded = sum(load("baseline.json").counts.values())
    assert recorded >= 30
    copies = sorted(posts.glob("*.md"))
    for i, post in enumerate(copies[:20]):
        insert_at_top(post, opener(i))
    append_block(copies[3], "---END---")
    run = cli("check", "_posts", "--no-cache", "--jobs", "2", "--baseline", "baseline.json", "--format", "json")
    lines = copies[3].read_text(encoding="utf-8").split("\n")
    end = len(lines) - 1 - lines[::-1].index("---END---")
    assert _codes(run) == [(f"_posts/{copies[3].name}", "S104", end + 1)], run.out
    assert "no longer match" not in run.err and "もう一致しません" not in run.err
    # fix one recorded finding: its entry becomes stale
    doc = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    entry = next(e for e in doc["entries"] if e["code"] in ("S104", "A302", "A301") and e["count"] == 1)
    target = tmp_path / entry["path"]
    found = cli("check", entry["path"], "--no-cache", "--select", entry["code"], "--format", "json").json()
    from lintkit.fingerprint import Fingerprinter
    from lintkit.finding import Finding as F

    fp = Fingerprinter()
    hit = next(f for f in found["findings"]
               if fp(F(f["path"], f["code"], f["rule"], Severity(f["severity"]), f["line"] - 1, f["column"] - 1,
                       f["end_line"] - 1, f["end_column"] - 1, f["message"])) == entry["fingerprint"])
    text = target.read_text(encoding="utf-8").split("\n")
    del text[hit["line"] - 1:hit["end_line"]]
    target.write_text("\n".join(text), encoding="utf-8")
    fixed = cli("check", "_posts", "--no-cache", "--jobs", "2", "--baseline", "baseline.json", "--lang", "en")
    assert "1 entry no longer match" in fixed.err, fixed.err
    assert fixed.code == 1  # the new ---END--- is still there
    assert os.path.exists(tmp_path / "baseline.json")
