"""The content-hash cache: hits, misses, invalidation, corrupt entries, atomic writes."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from lintkit.archive import cache as cache_mod
from lintkit.archive.cache import Cache, digest, run_key
from lintkit.config import Config, with_cli
from lintkit.engine import FileResult, Plan, lint_paths
from lintkit.finding import Edit, Finding, Fix, Related, Severity
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
POSTS = FIXTURES / "archive" / "posts"


def _archive(tmp_path: Path) -> Path:
    target = tmp_path / "posts"
    shutil.copytree(POSTS, target)
    return target


def _entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.json.z"))


def _finding() -> Finding:
    return Finding("a.md", "S102", "duplicate-paragraph", Severity.ERROR, 4, 0, 5, 12, "段落が重複",
                   (Related("a.md", 1, 0, "最初の出現"),), Fix(True, "削除", (Edit(4, 6, "", True),)),
                   {"similarity": 0.97, "other_line": 2, "nested": {"k": [1, 2]}})


def test_round_trip_keeps_findings_fingerprints_and_claims(tmp_path: Path) -> None:
    plan = Plan(Config(), cross=True)
    path = str(POSTS / "2025-01-10-alpha.md")
    data = Path(path).read_bytes()
    result = plan.check_bytes(path, data)
    result.findings.append(_finding())
    result.claims = [{"path": path, "line": 3, "value": 2.5, "status": "match", "qualifiers": ["約"]}]
    cache = Cache(tmp_path / "c", "k1")
    cache.put(path, digest(data), result)
    back = cache.get(path, digest(data), FileResult, need_fingerprint=True)
    assert back is not None
    assert back.findings == result.findings
    assert back.fingerprint == result.fingerprint
    assert back.claims == result.claims
    assert cache.hits == 1
    # a fingerprint that does not decompress, or a unit pointing past the text, is a miss
    [entry] = _entries(tmp_path / "c")
    doc = json.loads(zlib.decompress(entry.read_bytes()))
    for damage in ("text", "unit"):
        broken = json.loads(json.dumps(doc))
        if damage == "text":
            broken["fingerprint"]["text"] = "AAAA"
        else:
            broken["fingerprint"]["units"][0][6] = 10_000
        entry.write_bytes(zlib.compress(json.dumps(broken).encode()))
        assert cache.get(path, digest(data), FileResult, need_fingerprint=True) is None


def test_miss_on_other_content_path_or_run_key(tmp_path: Path) -> None:
    result = FileResult("a.md", findings=[_finding()])
    cache = Cache(tmp_path, "k1")
    cache.put("a.md", digest(b"one"), result)
    assert cache.get("a.md", digest(b"two"), FileResult, need_fingerprint=False) is None
    assert cache.get("b.md", digest(b"one"), FileResult, need_fingerprint=False) is None
    assert Cache(tmp_path, "k2").get("a.md", digest(b"one"), FileResult, need_fingerprint=False) is None
    # an entry without a fingerprint does not serve a run that compares files
    assert cache.get("a.md", digest(b"one"), FileResult, need_fingerprint=True) is None
    assert cache.get("a.md", digest(b"one"), FileResult, need_fingerprint=False) is not None


def test_run_key_follows_configuration_reference_data_and_version(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    base = Config()
    key = run_key(base)
    assert run_key(base) == key
    assert run_key(with_cli(base, METAS, select=("S1",))) != key
    assert run_key(replace(base, lang="en")) != key
    assert run_key(replace(base, rule_options={"S108": {"threshold": 0.95}})) != key
    ref = tmp_path / "ref.yml"
    ref.write_text("lintkit: reference/1\nentities: []\n", encoding="utf-8")
    with_ref = replace(base, reference=(str(ref),))
    before = run_key(with_ref)
    ref.write_text("lintkit: reference/1\nentities: []\n# changed\n", encoding="utf-8")
    assert run_key(with_ref) != before
    monkeypatch.setattr(cache_mod, "__version__", "9.9.9")
    assert run_key(base) != key


@pytest.mark.parametrize("damage", ["truncate", "garbage", "not-zlib", "other-key", "bad-type", "other-format"])
def test_corrupt_entries_are_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    result = FileResult("a.md", findings=[_finding()])
    cache = Cache(tmp_path, "k1")
    d = digest(b"text")
    cache.put("a.md", d, result)
    [entry] = _entries(tmp_path)
    raw = entry.read_bytes()
    doc = json.loads(zlib.decompress(raw))
    if damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        entry.write_bytes(zlib.compress(b"{not json"))
    elif damage == "not-zlib":
        entry.write_bytes(b"\x00\x01\x02")
    else:
        if damage == "other-key":
            doc["key"] = "0" * 64
        elif damage == "bad-type":
            doc["findings"][0]["line"] = "4"
        else:
            doc["format"] = 999
        entry.write_bytes(zlib.compress(json.dumps(doc).encode()))
    assert cache.get("a.md", d, FileResult, need_fingerprint=False) is None
    cache.put("a.md", d, result)
    assert cache.get("a.md", d, FileResult, need_fingerprint=False).findings == result.findings


def test_results_with_errors_or_unserializable_data_are_not_cached(tmp_path: Path) -> None:
    from lintkit.errors import InputError

    cache = Cache(tmp_path, "k1")
    cache.put("a.md", "d1", FileResult("a.md", errors=[InputError("a.md", "boom")]))
    cache.put("b.md", "d2", FileResult("b.md", checked=False))
    odd = FileResult("c.md", findings=[replace(_finding(), data={"when": object()})])
    cache.put("c.md", "d3", odd)
    assert _entries(tmp_path) == []


def test_second_run_reads_the_cache_and_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    posts = _archive(tmp_path)
    config = Config()
    cache = Cache(tmp_path / "cache", run_key(config))
    first = lint_paths([str(posts)], config, cache=cache)
    assert len(_entries(tmp_path / "cache")) == 6

    def boom(self: Plan, path: str, data: bytes) -> FileResult:
        raise AssertionError("checked again instead of read from the cache")

    monkeypatch.setattr(Plan, "check_bytes", boom)
    again = Cache(tmp_path / "cache", run_key(config))
    second = lint_paths([str(posts)], config, cache=again)
    assert again.hits == 6 and again.misses == 0
    assert second.findings == first.findings
    assert second.clusters == first.clusters
    monkeypatch.undo()
    # one changed file is checked again, the others come from the cache
    changed = posts / "2025-03-20-delta.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n追記の段落です。\n", encoding="utf-8")
    third_cache = Cache(tmp_path / "cache", run_key(config))
    lint_paths([str(posts)], config, cache=third_cache)
    assert (third_cache.hits, third_cache.misses) == (5, 1)


def test_cli_cache_default_location_no_cache_and_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    from lintkit.cli import main

    posts = _archive(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "posts", "--no-cache", "--format", "json"])
    uncached = capfd.readouterr().out
    assert code in (0, 1) and '"S108"' in uncached
    assert not (tmp_path / ".lintkit_cache").exists()
    assert main(["check", "posts", "--format", "json"]) == code
    assert capfd.readouterr().out == uncached
    root = tmp_path / ".lintkit_cache"
    assert (root / "CACHEDIR.TAG").is_file() and (root / ".gitignore").read_text() .strip().endswith("*")
    assert len(_entries(root)) == 6
    assert main(["check", "posts", "--format", "json"]) == code
    assert capfd.readouterr().out == uncached
    assert main(["check", str(posts), "--cache-dir", "elsewhere", "-j", "1"]) == code
    assert len(_entries(tmp_path / "elsewhere")) == 6
    assert not list(tmp_path.rglob(".tmp-*"))  # atomic writes leave no temporary files


def test_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    posts = _archive(tmp_path)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    cache = Cache(blocker / "cache", "k1")
    result = lint_paths([str(posts)], Config(), cache=cache)
    assert not result.errors and not cache.writable
    assert result.findings == lint_paths([str(posts)], Config()).findings


def test_unreadable_file_is_reported_not_cached(tmp_path: Path) -> None:
    posts = _archive(tmp_path)
    bad = posts / "broken.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    cache = Cache(tmp_path / "cache", "k1")
    result = lint_paths([str(posts)], Config(), cache=cache)
    assert str(bad) not in result.files
    assert len(_entries(tmp_path / "cache")) == 6
    assert os.path.exists(bad)
