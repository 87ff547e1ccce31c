"""The GitHub Action (action.yml) run locally: its steps in order, with the variables a runner sets, on a
scratch git repository with Japanese file names (a shallow clone of a PR branch, as actions/checkout makes).

The install step really runs: ``pip install`` of this checkout (the action's own path, then a wheel
through the ``lintkit`` input) into a throw-away virtual environment that borrows lintkit's dependencies
from the test environment (``PIP_NO_DEPS``). setup-python is the Python on PATH, the cache directory
simply persists between runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
import yaml

from tests.adoption.actionrunner import ActionRun, run_action
from tests.conftest import ROOT, SARIF_SCHEMA
from tests.reporters.test_github import parse

OLD = ("---\ntitle: {topic}\ndate: 2025-12-0{day}\n---\n\n"
       "{topic}について、現場で聞いた話をまとめます。\n\n---END---\n\n"
       "一つ目の話は、{topic}の費用が想定より小さかったことです。\n\n---END---\n\n"
       "二つ目の話は、{topic}の準備に時間がかかったことです。\n\n---END---\n\n"
       "三つ目の話は、{topic}を続けるには担当者が必要だということです。\n\n---END---\n")
OLD_POSTS = {"2025-12-01-古い記事.md": "社内勉強会", "2025-12-02-比較:A,B 100%.md": "料金比較",
             "2025-12-03-plain.md": "在宅勤務"}
NEW_NAME = "2026-01-05-生成AIの導入.md"
NEW_POST = """---
title: 生成AIの導入で変わる社内の仕事
date: 2026-01-05
---

生成AIを業務に導入する企業が増えています。本稿では、導入の手順と注意点を具体的な事例に沿って整理します。

## 導入の手順

最初に取り組むべきは、対象業務の棚卸しです。どの作業に時間がかかっているのかを
部署ごとに洗い出し、生成AIに任せられる部分を見極めます。

次に、小さな試行から始めます。効果を数字で確かめてから、対象を広げていくのが安全です。

最初に取り組むべきは、対象業務の棚卸しです。どの作業に時間がかかっているのかを
部署ごとに洗い出し、生成AIに任せられる部分を見極めます。

## 注意点

社外秘の情報を入力しないよう、利用の決まりを先に定めておきます。「入力してよい情報の範囲を明文化することが大切です。

---END---

最後に、導入後の振り返りを定期的に行いましょう。
"""
# what the PR adds or changes, and nothing else: (path, line, code)
PR_FINDINGS = {
    ("_posts/2025-12-01-古い記事.md", 24, "S104"),  # an appended paragraph and marker
    ("_posts/2025-12-02-比較:A,B 100%.md", 10, "A303"),  # a changed line
    (f"_posts/{NEW_NAME}", 15, "S102"),  # lines 15-16: a multi-line range (no columns)
    (f"_posts/{NEW_NAME}", 20, "A303"),
    (f"_posts/{NEW_NAME}", 22, "S104"),
}
OLD_FINDINGS = {(f"_posts/{name}", line, "S104") for name in OLD_POSTS for line in (8, 12, 16, 20)}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def make_origin(root: Path) -> Path:
    """A bare repository: main = the archive (old findings), branch feature = the pull request."""
    work = root / "author"
    (work / "_posts").mkdir(parents=True)
    git(work, "init", "-q", "-b", "main")
    for day, (name, topic) in enumerate(OLD_POSTS.items(), start=1):
        (work / "_posts" / name).write_text(OLD.format(topic=topic, day=day), encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "archive")
    for n in range(3):  # history on main, so that the shallow clone must be deepened to meet it
        (work / "README.md").write_text(f"blog {n}\n", encoding="utf-8")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", f"main {n}")
    git(work, "checkout", "-q", "-b", "feature")
    old = work / "_posts" / "2025-12-01-古い記事.md"
    old.write_text(old.read_text(encoding="utf-8") + "\n追記した段落です。\n\n---END---\n", encoding="utf-8")
    cmp = work / "_posts" / "2025-12-02-比較:A,B 100%.md"
    cmp.write_text(cmp.read_text(encoding="utf-8").replace("費用が想定より小さかった", "費用が「想定より小さかった"),
                   encoding="utf-8")
    git(work, "commit", "-q", "-am", "edit old posts")
    (work / "_posts" / NEW_NAME).write_text(NEW_POST, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "new post")
    bare = root / "origin.git"
    git(root, "clone", "-q", "--bare", str(work), str(bare))
    return bare


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("action")
    bare = make_origin(root)
    # setup-python's stand-in: a fresh virtual environment (lintkit is NOT in it until the action installs
    # it) that borrows the test environment's packages (pip, lintkit's dependencies) through a .pth line
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return {"root": root, "bare": bare, "venv": venv}


def clone(setup: dict[str, Any], name: str) -> Path:
    """actions/checkout's default: a shallow clone (depth 1) of the branch, origin set."""
    work = setup["root"] / name
    git(setup["root"], "clone", "-q", "--depth", "1", "--branch", "feature", setup["bare"].as_uri(), str(work))
    return work


def act(setup: dict[str, Any], work: Path, event: str, **inputs: str) -> ActionRun:
    temp = setup["root"] / f"runner-temp-{work.name}-{event}-{len(list(setup['root'].glob('runner-temp-*')))}"
    temp.mkdir()
    sha = git(work, "rev-parse", "HEAD").strip()
    env = {
        "PATH": f"{setup['venv'] / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(temp)),
        "LANG": "C.UTF-8",
        "CI": "true", "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_BASE_REF": "main" if event.startswith("pull_request") else "",
        "GITHUB_HEAD_REF": "feature" if event.startswith("pull_request") else "",
        "GITHUB_SHA": sha,
        "GITHUB_REF": "refs/pull/7/merge" if event.startswith("pull_request") else "refs/heads/feature",
        "GITHUB_REPOSITORY": "example/blog",
        "GITHUB_SERVER_URL": "https://github.com",
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(temp),
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        # pip install --no-deps --no-build-isolation (hatchling, a test dependency, builds the checkout); lintkit-ja
        # is installed (editable) in the borrowed packages: install over it, into the venv
        "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_IGNORE_INSTALLED": "1", "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1",
    }
    return run_action(ROOT, inputs=inputs, env=env, workspace=work, temp=temp,
                      provides={"actions/setup-python@v5": "the Python on PATH",
                                "actions/cache@v4": "the cache directory persists"})


def annotations(run: ActionRun) -> list[tuple[str, dict[str, str], str]]:
    return [parse(line) for line in run.step("lint").stdout.splitlines() if line.startswith("::")]


def found(run: ActionRun) -> set[tuple[str, int, str]]:
    return {(p["file"], int(p["line"]), p["title"].split()[0]) for _, p, _ in annotations(run) if "file" in p}


def check_well_formed(run: ActionRun) -> None:
    for line in run.step("lint").stdout.splitlines():
        if not line.startswith("::"):
            continue
        name, props, _ = parse(line)
        raw_props = line[2:line.index("::", 2)].partition(" ")[2]
        for raw in raw_props.split(","):
            value = raw.partition("=")[2]
            assert not set(value) & {":", ",", "\r", "\n"} and not re.search(r"%(?!25|3A|2C|0D|0A)", value), raw
        if "file" not in props:
            assert name == "notice" and props == {"title": "lintkit"}
            continue
        assert int(props["endLine"]) >= int(props["line"])
        multi = props["endLine"] != props["line"]
        assert ("col" in props) == ("endColumn" in props) == (not multi)
        assert props["title"].split()[0] in {"S102", "S104", "A303"}


def test_action_yml_declares_what_the_docs_say() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {"paths", "config", "python-version", "lintkit", "fail-on", "sarif", "args",
                                     "cache"}
    assert all(spec.get("description") for spec in action["inputs"].values())
    uses = [s["uses"] for s in action["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python@v5", "actions/cache@v4"]
    cache = next(s for s in action["runs"]["steps"] if s.get("uses") == "actions/cache@v4")
    assert "restore-keys" in cache["with"]
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"`{name}`" in docs, f"input {name} is not documented in docs/ci.md"


def test_pull_request_then_push(setup: dict[str, Any]) -> None:
    # the install step builds this checkout without build isolation: hatchling (a test dependency since the
    # action exists) must be importable; a venv made before that lacks it: pip install -e '.[test]'
    pytest.importorskip("hatchling", reason="hatchling (test extra) not installed: pip install -e '.[test]'")
    work = clone(setup, "pr")
    assert git(work, "rev-parse", "--is-shallow-repository").strip() == "true"
    sarif = setup["root"] / "lintkit.sarif"
    pr = act(setup, work, "pull_request", paths="_posts", sarif=str(sarif))
    lint = pr.step("lint")
    assert pr.step("install").status == 0, pr.step("install").stderr
    assert lint.kind == "run" and lint.status == pr.status == 1, (lint.stdout, lint.stderr)
    installed = subprocess.run([str(setup["venv"] / "bin" / "python"), "-c", "import lintkit; print(lintkit.__file__)"],
                               capture_output=True, text=True, check=True, cwd=work).stdout.strip()
    assert Path(installed).is_relative_to(setup["venv"])  # the action installed lintkit (not the checkout's)
    assert pr.outputs["exit-code"] == "1" and pr.outputs["sarif"] == str(sarif)
    # the base was fetched and the shallow clone deepened to the merge base
    assert git(work, "rev-parse", "--verify", "-q", "refs/remotes/origin/main").strip()
    # pull-request mode: exactly the findings on the lines the PR added or changed
    assert found(pr) == PR_FINDINGS
    check_well_formed(pr)
    assert any(p["file"] == "_posts/2025-12-02-比較:A,B 100%.md" for _, p, _ in annotations(pr))
    assert "比較%3AA%2CB 100%25.md" in lint.stdout  # escaped in the property, as the runner reads it
    # the job summary: totals, PR mode, per rule, the first findings linked to their lines, annotation count
    summary = pr.summary
    assert summary.startswith("## lintkit: 指摘5件（エラー3件・警告2件・情報0件）、検査したファイル3件")
    assert "プルリクエストモード" in summary and "変更行の外の8件は除外" in summary
    assert "| S104 stray-separator | エラー | 2 |" in summary
    assert "| A303 unbalanced-brackets | 警告 | 2 |" in summary
    assert "| S102 duplicate-paragraph | エラー | 1 |" in summary
    sha = git(work, "rev-parse", "HEAD").strip()
    link = f"(<https://github.com/example/blog/blob/{sha}/_posts/2026-01-05-%E7%94%9F%E6%88%90AI%E3%81%AE%E5%B0%8E%E5%85%A5.md#L22>)"
    assert f"[\\_posts/{NEW_NAME}:22]{link} | S104 stray-separator | エラー |" in summary
    assert "注釈にならなかった指摘: 0件" in summary
    # SARIF, for github/codeql-action/upload-sarif@v4
    report = json.loads(sarif.read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = report["runs"][0]["results"]
    where = [r["locations"][0]["physicalLocation"] for r in results]
    assert {(unquote(w["artifactLocation"]["uri"]), w["region"]["startLine"], r["ruleId"])
            for w, r in zip(where, results)} == PR_FINDINGS and len(results) == len(PR_FINDINGS)

    # push: everything, past GitHub's caps (15 errors, 2 warnings: 5 errors not annotated), fail-on never
    push = act(setup, work, "push", paths="_posts", **{"fail-on": "never", "lintkit": str(wheel_of(setup))})
    assert push.status == 0 and push.outputs["exit-code"] == "0", push.step("lint").stderr
    assert found(push) == PR_FINDINGS | OLD_FINDINGS
    check_well_formed(push)
    first = push.step("lint").stdout.splitlines()[0]
    assert first.startswith("::notice title=lintkit::5件の指摘は注釈として表示されません") and "ジョブの概要" in first
    errors = sum(1 for name, p, _ in annotations(push) if name == "error")
    assert errors == 15 and "注釈にならなかった指摘: 5件" in push.summary and "注釈: 12件を表示" in push.summary
    assert "プルリクエストモード" not in push.summary
    assert "| S104 stray-separator | エラー | 14 |" in push.summary and "| **合計** | | **17** |" in push.summary
    # the cache persisted: a second push run reads every file from it (no new entries) and says the same
    entries = sorted((work / ".lintkit_cache").rglob("*.json.z"))
    assert len(entries) == 4
    again = act(setup, work, "push", paths="_posts", **{"fail-on": "error", "lintkit": str(wheel_of(setup))})
    assert again.status == 1 and again.step("lint").stdout == push.step("lint").stdout
    assert sorted((work / ".lintkit_cache").rglob("*.json.z")) == entries


def wheel_of(setup: dict[str, Any]) -> Path:
    """A wheel of this checkout (built once): the ``lintkit`` input given as a requirement."""
    pytest.importorskip("hatchling", reason="hatchling (test extra) not installed: pip install -e '.[test]'")
    out = setup["root"] / "wheel"
    if not out.is_dir():  # built offline, with the test environment's hatchling
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                        "--wheel-dir", str(out), str(ROOT)], check=True, capture_output=True, timeout=600)
    return next(out.glob("lintkit_ja-*.whl"))


def test_fail_on_decides_the_exit_status_after_every_output(setup: dict[str, Any]) -> None:
    work = clone(setup, "failon")
    wheel = str(wheel_of(setup))
    warnings_only = {"args": "--select A303", "lintkit": wheel, "paths": "_posts"}
    run = act(setup, work, "pull_request", **warnings_only)
    assert run.status == 0 and found(run) == {f for f in PR_FINDINGS if f[2] == "A303"}
    assert "| A303 unbalanced-brackets | 警告 | 2 |" in run.summary
    run = act(setup, work, "pull_request", **warnings_only, **{"fail-on": "warning"})
    assert run.status == 1 and run.outputs["exit-code"] == "1" and "| A303" in run.summary
    run = act(setup, work, "pull_request", **{**warnings_only, "fail-on": "sometimes"})
    assert run.status == 2 and "fail-on" in run.step("lint").stdout
    run = act(setup, work, "pull_request", **{**warnings_only, "args": "--select S999"})
    assert run.status == 2 and "S999" in run.step("lint").stderr  # a usage error: exit 2, one line
