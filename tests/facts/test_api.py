"""``lintkit claims`` as a library call: bad files are named once, the other files still listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintkit.config import Config
from lintkit.facts import api
from lintkit.facts.runtime import FactsRuntime

POST = "---\ntitle: t\n---\n\nAnthropicのClaude Opus 4.5は、入力$5.00/1M、出力$25.00/1Mです。\n"


def test_binary_file_is_a_note_and_a_crash_loses_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "b.md").write_text(POST, encoding="utf-8")
    (tmp_path / "c.md").write_bytes(b"\x00\x01binary")
    real = FactsRuntime.records

    def flaky(self: FactsRuntime, doc):  # type: ignore[no-untyped-def]
        if doc.path.endswith("b.md"):
            raise RuntimeError("boom")
        return real(self, doc)

    monkeypatch.setattr(FactsRuntime, "records", flaky)
    result = api.collect_claims([str(tmp_path)], Config())
    assert [Path(p).name for p in result.files] == ["a.md"]
    assert [Path(e.path).name for e in result.errors] == ["b.md"] and "boom" in str(result.errors[0])
    assert [Path(n.path).name for n in result.notes] == ["c.md"]
    assert {(r["attribute"], r["value"]) for r in result.claims} >= {("price.input", 5.0), ("price.output", 25.0)}
