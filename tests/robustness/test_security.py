"""Security: no unsafe YAML, no evaluation of input, escaped output, paths never resolved beyond what was given."""

from __future__ import annotations

import ast
import html.parser
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from badinputs import write
from tests.conftest import SARIF_SCHEMA

PACKAGE = Path(__file__).resolve().parents[2] / "lintkit"
SCHEMA = SARIF_SCHEMA

# yaml attributes that never construct arbitrary Python objects
_SAFE_YAML = {"SafeLoader", "compose", "YAMLError", "MarkedYAMLError", "Node", "MappingNode", "SequenceNode",
              "ScalarNode", "CollectionNode", "reader", "CSafeLoader", "safe_dump",
              # events only (parsing, no construction): lintkit.yamlsafe measures nesting with them
              "parse", "SequenceStartEvent", "MappingStartEvent", "SequenceEndEvent", "MappingEndEvent"}
_EVAL_NAMES = {"eval", "exec", "compile", "__import__", "execfile", "input"}
_BAD_ATTRS = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"), ("marshal", "loads"),
              ("os", "system"), ("os", "popen"), ("shelve", "open"), ("dill", "loads")}


def unsafe_uses(source: str, path: str = "<source>") -> list[str]:
    """Every use of an unsafe construct in a module, as 'path:line: what'."""
    problems: list[str] = []
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in _EVAL_NAMES:
                problems.append(f"{path}:{node.lineno}: {f.id}()")
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (f.value.id, f.attr) in _BAD_ATTRS:
                problems.append(f"{path}:{node.lineno}: {f.value.id}.{f.attr}()")
            if (isinstance(f, ast.Name) and f.id == "getattr" and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Name) and node.args[0].id == "yaml"
                    and not (isinstance(node.args[1], ast.Constant) and node.args[1].value in _SAFE_YAML)):
                problems.append(f"{path}:{node.lineno}: getattr(yaml, ...)")
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    problems.append(f"{path}:{node.lineno}: shell=")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
            if node.attr not in _SAFE_YAML:
                problems.append(f"{path}:{node.lineno}: yaml.{node.attr}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module == "yaml" and any(n not in _SAFE_YAML for n in names):
                problems.append(f"{path}:{node.lineno}: from yaml import {', '.join(names)}")
            if "pickle" in names or module == "pickle":
                problems.append(f"{path}:{node.lineno}: pickle")
    return problems


def test_the_scanner_catches_what_it_looks_for() -> None:
    bad = ("import yaml\nimport pickle\nyaml.load(s, Loader=yaml.Loader)\nyaml.unsafe_load(s)\neval('1')\n"
           "exec(code)\nsubprocess.run(cmd, shell=True)\nfrom yaml import FullLoader\nyaml.full_load(s)\n"
           "getattr(yaml, 'UnsafeLoader')\n")
    found = unsafe_uses(bad)
    for what in ("yaml.load", "yaml.Loader", "yaml.unsafe_load", "eval()", "exec()", "shell=", "FullLoader",
                 "yaml.full_load", "pickle", "getattr(yaml"):
        assert any(what in p for p in found), what
    assert unsafe_uses("import yaml\nyaml.compose(t, Loader=yaml.SafeLoader)\nre.compile('x')\n"
                       "getattr(yaml, 'CSafeLoader', None)\n") == []


def test_no_unsafe_yaml_and_no_evaluation_anywhere_in_the_package() -> None:
    problems: list[str] = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    for file in files:
        problems += unsafe_uses(file.read_text(encoding="utf-8"), str(file.relative_to(PACKAGE.parent)))
    assert problems == []


def test_yaml_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    from lintkit import yamlsafe

    marker = tmp_path / "pwned"
    for text in (f"!!python/object/apply:os.system ['touch {marker}']\n",
                 f"x: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
                 "x: !!python/name:os.system\n", "x: !!python/module:os\n"):
        with pytest.raises(yamlsafe.YamlError, match="constructor"):
            yamlsafe.load(text)
    assert not marker.exists()


# ------------------------------------------------------------------ output escaping

HOSTILE_NAME = "a<b>&\"c'%0A:d,e.md"
HOSTILE = """## 見出し

本文です。

<<<<<<< <script>alert("x")</script> & ]]> %0A::error::x \x1b[2J
一行目
=======
二行目
>>>>>>> <img src=x onerror=alert(1)>
"""


@pytest.fixture
def hostile_run(cli, tmp_path: Path):
    write(tmp_path / "posts" / HOSTILE_NAME, HOSTILE)
    write(tmp_path / "posts" / "binary.md", b"\x00\x01<script>")
    write(tmp_path / "posts" / "sjis<script>.md", "本文です。\n".encode("cp932"))

    def run(fmt: str):
        result = cli("check", "--format", fmt, "--select", "S106", "posts")
        assert result.code == 2  # the Shift_JIS file
        return result

    return run


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def test_html_escapes_article_text_and_paths(hostile_run) -> None:
    out = hostile_run("html").out
    parser = _Tags()
    parser.feed(out)
    assert parser.handlers == []  # no onerror=... attribute came through
    assert "img" not in parser.tags
    assert "<script>alert" not in out and "&lt;script&gt;" in out
    assert "a&lt;b&gt;&amp;" in out  # the file name, escaped


def test_sarif_is_valid_and_keeps_text_as_text(hostile_run, tmp_path: Path) -> None:
    out = hostile_run("sarif").out
    doc = json.loads(out)
    messages = [r["message"]["text"] for run in doc["runs"] for r in run["results"]]
    assert any('<script>alert("x")</script>' in m for m in messages)
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for run in doc["runs"] for r in run["results"] for loc in r["locations"]]
    assert uris and all(not u.startswith(("file:", "/")) and str(tmp_path) not in u for u in uris)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_junit_is_well_formed_xml(hostile_run) -> None:
    out = hostile_run("junit").out
    root = ET.fromstring(out.encode("utf-8"))
    text = "".join(root.itertext()) + "".join(str(v) for el in root.iter() for v in el.attrib.values())
    assert '<script>alert("x")</script>' in text  # kept as text, not markup
    assert HOSTILE_NAME in text


def test_github_commands_cannot_be_forged(hostile_run) -> None:
    out = hostile_run("github").out
    lines = out.splitlines()
    assert all(line.startswith("::") for line in lines), lines
    assert not any(line.startswith("::error::x") for line in lines)
    for line in lines:
        command, _, message = line[2:].partition("::")
        assert "\n" not in message and "\r" not in message
        props = command.partition(" ")[2]
        for prop in props.split(","):
            key, _, value = prop.partition("=")
            assert ":" not in value and "," not in value  # escaped as %3A / %2C


def test_json_and_text_keep_one_record_per_finding(hostile_run) -> None:
    doc = hostile_run("json").json()
    assert {f["path"] for f in doc["findings"]} == {f"posts/{HOSTILE_NAME}"}
    text = hostile_run("text").out
    assert len([line for line in text.splitlines() if line.startswith("posts/")]) == len(doc["findings"])


def test_paths_are_reported_as_given(cli, tmp_path: Path) -> None:
    write(tmp_path / "site" / "_posts" / "p.md", "## 見出し\n\n本文です。\n---END---\n")
    os.symlink("site/_posts", tmp_path / "link")
    for given, expected in (("site/_posts", "site/_posts/p.md"), ("./site//_posts/", "./site//_posts/p.md"),
                            ("link", "link/p.md"), ("site/_posts/../_posts/p.md", "site/_posts/../_posts/p.md")):
        run = cli("check", "--format", "json", "--select", "S104", given)
        assert {f["path"] for f in run.json()["findings"]} == {expected}, given
    run = cli("check", "--format", "json", "--select", "S104", str(tmp_path / "link"))
    assert {f["path"] for f in run.json()["findings"]} == {str(tmp_path / "link" / "p.md")}  # absolute stays as given


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "html"])
def test_every_format_survives_a_file_name_that_is_not_utf8(cli, tmp_path: Path, fmt: str) -> None:
    write(tmp_path / os.fsdecode(b"bad\xffname.md"), "## 見出し\n\n本文です。\n---END---\n")
    run = cli("check", "--format", fmt, "--select", "S104", ".")  # output decoded as UTF-8 by the fixture
    assert run.code == 1, run.err
    assert run.err == ""
    if fmt == "sarif":
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(run.out)["runs"][0]["results"] for loc in r["locations"]]
        assert uris == ["bad%FFname.md"]  # the file's own bytes, percent-encoded
