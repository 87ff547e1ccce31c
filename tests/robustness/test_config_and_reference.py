"""Invalid configuration and reference files: exit 2, one line naming the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from badinputs import ARTICLE, binary_bytes, write, yaml_bomb


@pytest.fixture
def post(tmp_path: Path) -> Path:
    return write(tmp_path / "post.md", ARTICLE)


CONFIGS = [
    # (file name, content, expected stderr line after "lintkit: error: ")
    (".lintkit.yaml", "select: [S104\nignore: 3\n", "cfg.yaml:2: invalid YAML: expected ',' or ']', but got ':'"),
    (".lintkit.yaml", "select: [S104]\nbogus: 1\n", "cfg.yaml: bogus: unknown key (allowed: "),
    (".lintkit.yaml", "select: 3\n", "cfg.yaml: select: expected a list of strings"),
    (".lintkit.yaml", "rules:\n  duplicate-paragraph:\n    threshold: high\n",
     "cfg.yaml: rules.duplicate-paragraph.threshold: expected a number"),
    (".lintkit.yaml", "- just\n- a list\n", "cfg.yaml: "),
    (".lintkit.yaml", yaml_bomb(), "cfg.yaml:6: YAML expands to more than"),  # where the budget ran out
    (".lintkit.yaml", "x: !!python/object/apply:os.system ['true']\n", "cfg.yaml:1: invalid YAML: could not determine"),
    (".lintkit.yaml", "select: ['S1\x0004']\n", "cfg.yaml:"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CONFIGS)
def test_invalid_config_names_file_line_and_key(cli, tmp_path: Path, post: Path, name: str, content: str,
                                                 expected: str) -> None:
    write(tmp_path / "cfg.yaml", content)
    run = cli("check", "--config", "cfg.yaml", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("lintkit: error: " + expected), run.err
    assert run.out == ""  # no report from a run that could not start


def test_discovered_config_is_named_too(cli, tmp_path: Path, post: Path) -> None:
    write(tmp_path / ".lintkit.yaml", "select: [S104]\nbogus: 1\n")
    run = cli("check", "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert ".lintkit.yaml: bogus: unknown key" in run.err_lines[0]


def test_invalid_pyproject(cli, tmp_path: Path, post: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lintkit]\nselect = "S104"\nignore = [1, 2\n')
    run = cli("check", "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert "pyproject.toml" in run.err_lines[0] and "invalid TOML" in run.err_lines[0]


@pytest.mark.parametrize("data", [binary_bytes(), "select: [S104]\n".encode("utf-16"),
                                  "# 設定\nselect: [S104]\n".encode("cp932")])
def test_config_that_is_not_utf8_text(cli, tmp_path: Path, post: Path, data: bytes) -> None:
    write(tmp_path / "cfg.yaml", data)
    run = cli("check", "--config", "cfg.yaml", "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert run.err_lines[0].startswith("lintkit: error: cfg.yaml")


@pytest.mark.parametrize("given", ["missing.yaml", "adir"])
def test_config_that_is_not_a_file(cli, tmp_path: Path, post: Path, given: str) -> None:
    (tmp_path / "adir").mkdir()
    run = cli("check", "--config", given, "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert run.err_lines[0].startswith(f"lintkit: error: {given}")


REFERENCES = [
    ("lintkit: reference/1\nentities:\n  - id: x\n    names: [X]\n    facts:\n      price.input: [1, 2\n",
     "ref.yaml:7: invalid YAML"),
    ("lintkit: reference/1\nentities:\n  - id: x\n    names: [X]\n    facts:\n      price.input: abc\n",
     "ref.yaml:6: x.facts.price.input: "),
    (yaml_bomb(), "ref.yaml:6: YAML expands to more than"),
    ("\x00\x01\x02", "ref.yaml:1: invalid YAML: special characters are not allowed"),
    ("a: 1\nb: \"x\x01y\"\n", "ref.yaml:2: invalid YAML: special characters are not allowed"),
    ("lintkit: reference/1\nentities: [\n", "ref.yaml:"),
    ("lintkit: reference/1\nentities:\n  - id: x\n    names: [X]\n    facts:\n      price.input: !!python/name:os.system\n",
     "ref.yaml:6: invalid YAML: could not determine a constructor"),
]


@pytest.mark.parametrize(("content", "expected"), REFERENCES)
def test_invalid_reference_names_file_line_and_key(cli, tmp_path: Path, post: Path, content: str,
                                                    expected: str) -> None:
    write(tmp_path / "ref.yaml", content)
    run = cli("check", "--reference", "ref.yaml", "post.md")
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("lintkit: error: " + expected), run.err


@pytest.mark.parametrize("data", [binary_bytes(), "a: 1\n".encode("utf-16"), "# 価格\na: 1\n".encode("euc_jp")])
def test_reference_that_is_not_utf8_text(cli, tmp_path: Path, post: Path, data: bytes) -> None:
    write(tmp_path / "refs" / "bad.yml", data)
    run = cli("check", "--reference", "refs", "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert run.err_lines[0].startswith("lintkit: error: refs/bad.yml"), run.err


def test_missing_reference(cli, tmp_path: Path, post: Path) -> None:
    run = cli("check", "--reference", "nope.yaml", "post.md")
    assert run.code == 2 and len(run.err_lines) == 1
    assert run.err_lines[0].startswith("lintkit: error: nope.yaml")
