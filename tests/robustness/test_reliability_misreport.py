"""Reliability II, items 12-19: what is printed is escaped, and what is reported is true."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import lintkit.cli
from badinputs import ARTICLE, write

FIXABLE = "## 見出し\n\n本文の段落です。\n---END---\n\n次の段落です。\n"


# ------------------------------------------------------------------ 17. Ctrl-C


def test_17_ctrl_c_exits_130(cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "post.md", ARTICLE)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lintkit.cli, "lint_paths", interrupted)
    run = cli("check", "post.md")
    assert run.code == 130
    assert run.err_lines == ["lintkit: interrupted"]


# ------------------------------------------------------------------ 19. --fix in a read-only directory


def test_19_fix_that_cannot_write_says_so(cli, tmp_path: Path, monkeypatch) -> None:
    """A read-only directory (here: the temporary file cannot be created, as for a user without write
    access; root could write anyway): the summary says the fixes were not written."""
    post = write(tmp_path / "post.md", FIXABLE)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = cli("check", "--fix", "--lang", "en", "--select", "S104", "post.md")
    assert run.code == 2
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert "lintkit: post.md: cannot write the fixed file: Permission denied" in run.err_lines
    assert not any("No fixable findings" in line for line in run.err_lines)
    assert "lintkit: 1 fix(es) in 1 file(s) could not be written (see above)." in run.err_lines


# ------------------------------------------------------------------ 12. control characters never printed raw

INJECTED = "x\n::error file=README.md,line=1::injected\n.md"
HEADING = "## 見出し\x1b]0;pwned\x07\n\n本文です。\n\n## 見出し\x1b]0;pwned\x07\n\n本文です。\n"


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]


def test_12_stderr_cannot_forge_a_workflow_command(cli, tmp_path: Path) -> None:
    write(tmp_path / "posts" / INJECTED, b"\xff\xfe not text \x00")  # reported on stderr (binary, skipped)
    write(tmp_path / "posts" / "a\x1b[2Jb.md", "本文\xff".encode("utf-8") + b"\xff")  # an error on stderr
    run = cli("check", "--format", "github", "posts")
    assert run.err_lines and all(line.startswith("lintkit: ") for line in run.err_lines), run.err
    assert not any(line.lstrip().startswith("::") for line in run.err.splitlines())
    assert _raw_controls(run.err) == []
    assert "\\n::error file=README.md" in run.err  # shown, escaped


def test_12_text_output_shows_escapes_not_terminal_sequences(cli, tmp_path: Path) -> None:
    write(tmp_path / "a\x1b[31mb.md", HEADING)
    run = cli("check", "--lang", "en", "--select", "S101", ".")
    assert run.code == 1, run.err
    assert _raw_controls(run.out) == []
    assert "./a\\x1b[31mb.md:5:1: S101" in run.out
    assert "\\x1b]0;pwned\\x07" in run.out


def test_12_github_output_escapes_other_controls(cli, tmp_path: Path) -> None:
    write(tmp_path / "a\x1b[31mb.md", HEADING)
    run = cli("check", "--format", "github", "--select", "S101", ".")
    assert run.code == 1, run.err
    assert _raw_controls(run.out) == []
    assert all(line.startswith("::") for line in run.out.splitlines())


# ------------------------------------------------------------------ 13. no Infinity in any output

HUGE = "9" * 400
CLAIM_POST = f"## 市場\n\n生成AIの市場規模は{HUGE}億円に達すると言われています。\n"


def test_13_a_number_with_hundreds_of_digits_never_gives_infinity(cli, tmp_path: Path) -> None:
    import json

    write(tmp_path / "post.md", CLAIM_POST)
    for args in (("check", "--format", "json"), ("check", "--format", "sarif"), ("claims", "--format", "json")):
        run = cli(*args, "post.md")
        assert run.code in (0, 1), run.err
        assert "Infinity" not in run.out and "NaN" not in run.out, args
        json.loads(run.out, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", '"1e999"'])
def test_13_non_finite_reference_values_are_errors(cli, tmp_path: Path, value: str) -> None:
    write(tmp_path / "post.md", CLAIM_POST)
    write(tmp_path / "ref.yaml", "lintkit: reference/1\nentities:\n  - id: x\n    names: [X社]\n    facts:\n"
                                 f"      price.input: {value}\n")
    run = cli("check", "--reference", "ref.yaml", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith("lintkit: error: ref.yaml:6: x.facts.price.input:")
    assert "finite" in run.err_lines[0]


# ------------------------------------------------------------------ 14. NaN and inf options


@pytest.mark.parametrize("rule", ["duplicate-section", "cross-duplicate"])
@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_14_non_finite_options_are_config_errors(cli, tmp_path: Path, value: str, rule: str) -> None:
    write(tmp_path / "post.md", ARTICLE)
    write(tmp_path / ".lintkit.yaml", f"rules:\n  {rule}:\n    threshold: {value}\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("lintkit: error: ") and ".lintkit.yaml" in run.err_lines[0]
    assert f"rules.{rule}.threshold" in run.err_lines[0] and "finite" in run.err_lines[0]


def test_14_non_finite_per_tokens_is_a_config_error(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    write(tmp_path / ".lintkit.yaml", "reference-fields:\n  cost: {attribute: price.input, per-tokens: .nan}\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert "reference-fields.cost" in run.err and ".lintkit.yaml" in run.err


# ------------------------------------------------------------------ 15. excerpts come from what was checked


def test_15_html_excerpts_of_stdin_never_come_from_disk(cli, tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    secret = write(tmp_path / "secret.md", "## 見出し\n\n一行目です。\nSECRET-LINE 秘密の行です。\n")  # line 4
    for fmt in ("html", "sarif"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
            "## 見出し\n\n公開する行です。\n---END---\n".encode())))
        run = cli("check", "--format", fmt, "--select", "S104", "--stdin-filename", str(secret), "-")
        assert run.code == 1, run.err
        assert "SECRET-LINE" not in run.out and "秘密" not in run.out


def test_15_html_quotes_the_checked_stdin_line(cli, tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    write(tmp_path / "secret.md", "## 見出し\n\n一行目です。\nSECRET-LINE 秘密の行です。\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("## 見出し\n\n公開する行です。\n---END---\n".encode())))
    run = cli("check", "--format", "html", "--select", "S104", "--stdin-filename", "secret.md", "-")
    assert run.code == 1, run.err
    assert "---END---" in run.out and "SECRET-LINE" not in run.out  # line 4 of standard input


# ------------------------------------------------------------------ 16. the same file twice


def test_16_the_same_file_by_two_spellings_is_checked_once(cli, tmp_path: Path) -> None:
    write(tmp_path / "a.md", ARTICLE)
    os.symlink("a.md", tmp_path / "link.md")
    run = cli("check", "--format", "json", "a.md", str(tmp_path / "a.md"), "./link.md")
    assert run.code == 1, run.err
    assert {(p, code) for p, code, _ in run.found()} == {("a.md", "S104"), ("a.md", "S106")}
    assert run.json()["summary"]["files"] == 1


# ------------------------------------------------------------------ 18. six ways to an internal error


def test_18a_pyproject_with_a_tool_that_is_not_a_table(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    write(tmp_path / "pyproject.toml", "tool = 5\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert run.err_lines == [f"lintkit: error: {tmp_path / 'pyproject.toml'}: tool: expected a table"], run.err


def test_18b_a_deleted_working_directory(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    code = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); from lintkit.cli import main; "
            "sys.exit(main(['check', '--lang', 'en', 'post.md']))")
    done = subprocess.run([sys.executable, "-c", code, str(gone)], capture_output=True, env=env, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.splitlines() == ["lintkit: error: the current directory cannot be used (No such file or directory; "
                                "was it deleted?): cd to an existing directory"], err


def test_18c_a_cache_entry_with_a_wrong_typed_claims_field_is_a_miss(tmp_path: Path) -> None:
    from lintkit.archive.cache import Cache, digest
    from lintkit.engine import FileResult

    cache = Cache(tmp_path / "cache", "key")
    data = ARTICLE.encode()
    for bad in (5, "text", [1, 2], {"a": 1}):
        result = FileResult("a.md", findings=[])
        result.claims = bad  # type: ignore[assignment]
        cache.put("a.md", digest(data), result)
        assert cache.get("a.md", digest(data), FileResult, need_fingerprint=False) is None, bad
    good = FileResult("a.md", findings=[], claims=[{"path": "a.md", "line": 3}])
    cache.put("a.md", digest(data), good)
    hit = cache.get("a.md", digest(data), FileResult, need_fingerprint=False)
    assert hit is not None and hit.claims == [{"path": "a.md", "line": 3}]


def test_18c_the_cli_survives_such_an_entry(cli, tmp_path: Path, monkeypatch) -> None:
    from lintkit.archive import cache as cache_module

    write(tmp_path / "post.md", ARTICLE)
    real_put = cache_module.Cache.put

    def poisoned(self, path, content_digest, result):
        import dataclasses

        # what a hand edit or another version could leave under the right key
        real_put(self, path, content_digest, dataclasses.replace(result, claims=5))

    monkeypatch.setattr(cache_module.Cache, "put", poisoned)
    first = cli("check", "--format", "json", "--cache-dir", "c", "post.md")
    monkeypatch.undo()
    second = cli("check", "--format", "json", "--cache-dir", "c", "post.md", cwd=tmp_path)
    assert first.code == second.code == 1, second.err
    assert second.found() == first.found() and second.err == ""


def test_18d_re2_any_byte_is_refused(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", "## 見出し\n\n日本語の本文です。\n")
    write(tmp_path / "pack.yaml", "lintkit: pack/1\ncode: X902\nname: bytes\nseverity: warning\n"
                                  "summary: テスト\nmessages:\n  default: {ja: 見直し, en: revise}\npatterns:\n"
                                  "  - regex: '本\\C'\n")
    write(tmp_path / ".lintkit.yaml", "extend-packs: [pack.yaml]\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1 and "pack.yaml:9: patterns[0].regex:" in run.err_lines[0], run.err
    assert "\\C" in run.err_lines[0]


def test_18e_fix_works_on_a_file_name_of_240_bytes(cli, tmp_path: Path) -> None:
    name = "あ" * 79 + ".md"  # 240 bytes: a temporary name made by adding to it would pass 255
    assert len(name.encode()) == 240
    post = write(tmp_path / name, FIXABLE)
    run = cli("check", "--fix", "--select", "S104", name)
    assert run.code == 0, run.err
    assert post.read_text(encoding="utf-8") == FIXABLE.replace("---END---\n", "")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_18e_output_to_a_long_file_name(cli, tmp_path: Path) -> None:
    write(tmp_path / "post.md", ARTICLE)
    name = "い" * 80 + ".json"
    run = cli("check", "--format", "json", "-o", name, "post.md")
    assert run.code == 1, run.err
    assert '"S104"' in (tmp_path / name).read_text(encoding="utf-8")


def test_18f_a_huge_pack_error_is_cut(cli, tmp_path: Path) -> None:
    import random

    rng = random.Random(18)
    phrases = ["".join(chr(0x4E00 + rng.randrange(2000)) for _ in range(12)) for _ in range(25_000)]
    write(tmp_path / "post.md", "## 見出し\n\n日本語の本文です。\n")
    write(tmp_path / "pack.yaml", "lintkit: pack/1\ncode: X903\nname: many\nseverity: warning\nsummary: テスト\n"
                                  "messages:\n  default: {ja: 見直し, en: revise}\npatterns:\n  - phrases:\n"
                                  + "".join(f"    - {p}\n" for p in phrases))
    write(tmp_path / ".lintkit.yaml", "extend-packs: [pack.yaml]\n")
    run = cli("check", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err[:500]
    assert "pack.yaml:9: patterns[0].phrases:" in run.err_lines[0] and "too large" in run.err_lines[0]
    assert len(run.err_lines[0]) < 500, len(run.err_lines[0])
