"""Empty files and front matter in every broken shape: never a crash, M401 with the YAML error's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from badinputs import CLEAN, write, yaml_bomb
from lintkit.document import Document
from lintkit.rules import registry
from lintkit.source import decode

BODY = "\n## 見出し\n\n本文の段落です。\n"


def doc_of(text: str) -> Document:
    return Document.parse(decode("a.md", text.encode("utf-8")))


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "   \n\t\n", "\r\n\r\n", "\ufeff", "\u3000\n"])
def test_empty_and_blank_files(cli, tmp_path: Path, text: str) -> None:
    write(tmp_path / "empty.md", text)
    doc = doc_of(text)
    assert doc.front_matter is None and doc.headings == []
    run = cli("check", "--format", "json", "empty.md")
    assert run.code == 0 and run.err == ""
    assert run.json()["summary"] == {"files": 1, "findings": 0, "errors": 0, "warnings": 0, "infos": 0}


@pytest.mark.parametrize("text", ["---\ntitle: x\n---\n", "---\ntitle: x\n---", "---\n---\n", "---\n...\n",
                                  "---\r\ntitle: x\r\n---\r\n", "\ufeff---\ntitle: x\n---\n"])
def test_front_matter_only(cli, tmp_path: Path, text: str) -> None:
    doc = doc_of(text)
    assert doc.front_matter is not None and doc.front_matter.closed and doc.front_matter.error is None
    assert doc.blocks == []
    write(tmp_path / "fm.md", text)
    run = cli("check", "--format", "json", "fm.md")
    assert (run.code, run.err, run.json()["findings"]) == (0, "", [])


INVALID = [
    # (text, 1-based line of the error)
    ("---\ntitle: x\nfoo: [1, 2\nbar: 3\n---\n" + BODY, 4),
    ("---\ntitle: x\n  bad: indent\n---\n" + BODY, 3),
    ("---\n- a\n- b\n---\n" + BODY, 2),  # a list, not a mapping
    ("---\njust a string\n---\n" + BODY, 2),
    ("---\n42\n---\n" + BODY, 2),
    ("---\ntitle: x\ndate: 2026-13-45\n---\n" + BODY, 3),  # a construction error: the value's line
    ("---\ntitle: \"unterminated\n---\n" + BODY, 2),
    ("---\n\ttitle: tab\n---\n" + BODY, 2),
    ("---\nx: !!python/object/apply:os.system [\"echo pwned\"]\n---\n" + BODY, 2),
    ("---\n" + "[" * 3000 + "\n---\n" + BODY, 2),  # nested too deeply: no RecursionError
    ("---\n" + "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 2000)) + "---\n" + BODY, 2),
]


@pytest.mark.parametrize(("text", "line"), INVALID)
def test_invalid_front_matter_is_recorded_with_its_line(text: str, line: int) -> None:
    fm = doc_of(text).front_matter
    assert fm is not None and fm.error
    assert fm.error_line is not None and fm.error_line + 1 == line


@pytest.mark.parametrize(("text", "line"), INVALID)
def test_invalid_front_matter_never_stops_the_run(cli, tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path / "bad.md", text)
    write(tmp_path / "good.md", "## 見出し\n\n本文です。\n---END---\n")
    run = cli("check", "--format", "json", "--select", "S104,M401", ".")
    assert run.err == ""
    assert ("./good.md", "S104", 4) in run.found()


needs_m401 = pytest.mark.skipif("M401" not in registry(), reason="M401 front-matter-invalid is not registered yet")


@needs_m401
@pytest.mark.parametrize(("text", "line"), INVALID[:9])
def test_m401_reports_the_yaml_error_line(cli, tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path / "bad.md", text)
    run = cli("check", "--format", "json", "--select", "M401", "bad.md")
    assert run.code == 1
    assert run.found() == {("bad.md", "M401", line)}


@needs_m401
def test_m401_reports_unclosed_front_matter(cli, tmp_path: Path) -> None:
    write(tmp_path / "open.md", "---\ntitle: 閉じていない\ndate: 2026-01-05\n" + BODY)
    run = cli("check", "--format", "json", "--select", "M401", "open.md")
    assert run.code == 1
    assert run.found() == {("open.md", "M401", 1)}


def test_unclosed_front_matter_never_crashes(cli, tmp_path: Path) -> None:
    for name, text in {"a.md": "---\n", "b.md": "---\ntitle: x\n", "c.md": "---\ntitle: x\n" + BODY,
                       "d.md": "----\ntitle: x\n---\n"}.items():
        write(tmp_path / name, text)
    run = cli("check", "--format", "json", ".")
    assert run.code in (0, 1) and run.err == ""
    assert run.json()["summary"]["files"] == 4


def test_yaml_bomb_in_front_matter_is_refused_not_expanded(cli, tmp_path: Path) -> None:
    text = "---\n" + yaml_bomb(levels=9, width=9) + "---\n" + BODY  # 9**9 = 387 million nodes if expanded
    fm = doc_of(text).front_matter
    assert fm is not None and fm.data is None
    assert fm.error is not None and "alias bomb" in fm.error
    write(tmp_path / "bomb.md", text)
    write(tmp_path / "ok.md", CLEAN)
    run = cli("check", "--format", "json", ".")
    assert run.code in (0, 1) and run.err == ""
    assert run.json()["summary"]["files"] == 2


def test_small_anchors_are_still_fine() -> None:
    fm = doc_of("---\nbase: &b {a: 1}\ncopy: *b\ntags: [&t x, *t]\n---\n" + BODY).front_matter
    assert fm is not None and fm.error is None and fm.data["copy"] == {"a": 1}
