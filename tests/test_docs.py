"""The user docs name only what exists: every ``--option`` (of the lintkit subcommand it is written after,
or of some subcommand, or of the script named on its line), every ``--format`` value, every rule code,
every configuration snippet (validated by the configuration loader), every repository path and relative
link. README's rule table lists every rule."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import click
import pytest

from lintkit.api import load_config
from lintkit.cli import cli
from lintkit.errors import ConfigError
from lintkit.rules import all_meta
from tests.conftest import ROOT

DOCS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "action.yml",
               *(p for p in (ROOT / "docs").glob("*.md") if p.name != "rules.md")])  # rules.md is generated
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
INVOCATION = re.compile(r"\blintkit\s+(?P<command>[a-z]+)\b(?P<rest>[^`|#\n]*)")
FOREIGN_LINE = re.compile(r"(?:^|[\s(`\"'])(?:git|pip|python -m pip|pre-commit|claude)\s+[a-z-]+")
SCRIPT = re.compile(r"(?P<script>(?:benchmarks|tools)/[\w/]+\.py|\b[\w]+\.py)\b")
CODE = re.compile(r"(?<![\w-])(?P<code>[SFAM][1-4]\d\d)(?![\w])")
REPO_PATH = re.compile(r"`(?P<path>(?:rules|tools|benchmarks|lintkit|tests|docs|fixtures)/[\w./-]*[\w/])`")
LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)]*)?\)")


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


@cache
def _options() -> dict[str, frozenset[str]]:
    """Long options of each lintkit subcommand (and of the group itself, as '')."""
    found: dict[str, frozenset[str]] = {}
    for name, command in [("", cli), *cli.commands.items()]:  # type: ignore[attr-defined]
        names = {"--help"}
        for param in command.params:
            names |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")}
        found[name] = frozenset(names)
    return found


def _format_choices(command: str) -> frozenset[str]:
    for param in cli.commands[command].params:  # type: ignore[attr-defined]
        if "--format" in param.opts and isinstance(param.type, click.Choice):
            return frozenset(str(c) for c in param.type.choices)
    return frozenset()


@cache
def _script_options(script: str) -> frozenset[str]:
    """The ``add_argument("--x")`` options of a benchmark or tool script (found by its name)."""
    candidates = [ROOT / script] if "/" in script else [*ROOT.glob(f"benchmarks/{script}"),
                                                         *ROOT.glob(f"tools/{script}")]
    names: set[str] = set()
    for path in candidates:
        if path.is_file():
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
                    names |= {a.value for a in node.args if isinstance(a, ast.Constant)
                              and isinstance(a.value, str) and a.value.startswith("--")}
    return frozenset(names)


def _lines(path: Path) -> list[tuple[int, str]]:
    return list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))


def option_problems(path: Path) -> list[str]:
    """What is wrong with the options written in ``path``: one line per unknown option or format."""
    options = _options()
    anywhere = frozenset().union(*options.values())
    problems: list[str] = []
    for n, line in _lines(path):
        checked: set[int] = set()
        for call in INVOCATION.finditer(line):
            command = call["command"]
            if command not in options:
                continue  # 'lintkit is…' in prose, 'lintkit-ja' …
            rest = call["rest"]
            for opt in OPTION.finditer(rest):
                checked.add(call.start("rest") + opt.start())
                if opt[0] not in options[command]:
                    problems.append(f"{_id(path)}:{n}: lintkit {command} has no {opt[0]}")
            for fmt in re.finditer(r"--format[ =]([a-z][\w-]*)", rest):
                if fmt[1] not in _format_choices(command):
                    problems.append(f"{_id(path)}:{n}: lintkit {command} has no --format {fmt[1]}")
        scripts = [m["script"] for m in SCRIPT.finditer(line)]
        foreign = FOREIGN_LINE.search(line) is not None
        for opt in OPTION.finditer(line):
            if opt.start() in checked or opt[0] in anywhere:
                continue
            if any(opt[0] in _script_options(Path(s).name if "/" not in s else s) for s in scripts):
                continue
            if foreign and not INVOCATION.search(line):
                continue  # git / pip / pre-commit options on their own command line
            problems.append(f"{_id(path)}:{n}: {opt[0]} is no option of lintkit (nor of a script on the line)")
        for fmt in re.finditer(r"--(?:format|report)[ =]`?([a-z][\w-]*)", line):
            if not any(fmt[1] in _format_choices(c) for c in ("check", "claims")):
                problems.append(f"{_id(path)}:{n}: no lintkit format {fmt[1]}")
    return problems


@pytest.mark.parametrize("path", DOCS, ids=_id)
def test_every_option_written_exists(path: Path) -> None:
    assert option_problems(path) == []


def test_the_option_check_can_fail(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("Run `lintkit check --fromat json` or `lintkit claims --diff-base main`;\n"
                   "`--no-such-flag` anywhere; `lintkit check --format yaml`;\n"
                   "`benchmarks/bench_structure_accuracy.py --half tune`;\n`--half` of no script.\n"
                   "git fetch --deepen=10 (git's own)\n", encoding="utf-8")
    problems = option_problems(doc)
    text = "\n".join(problems)
    assert "--fromat" in text and "lintkit claims has no --diff-base" in text and "--no-such-flag" in text
    assert "--format yaml" in text
    assert sum("--half" in p for p in problems) == 1  # the script's --half is known, the bare one is not
    assert "--deepen" not in text


@pytest.mark.parametrize("path", DOCS, ids=_id)
def test_every_rule_code_written_exists(path: Path) -> None:
    codes = set(all_meta())
    unknown = [f"{_id(path)}:{n}: {m['code']}" for n, line in _lines(path) for m in CODE.finditer(line)
               if m["code"] not in codes]
    assert unknown == []


def test_the_readme_rule_table_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([SFAM]\d{3}) \| ([a-z-]+) \|", readme, re.M))
    assert rows == {code: meta.name for code, meta in all_meta().items()}


def _config_blocks(path: Path) -> list[tuple[int, str, str]]:
    """(line, kind, text) of the fenced configuration snippets: YAML starting '# .lintkit.yaml', TOML with
    a [tool.lintkit] table."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for m in re.finditer(r"^```(yaml|toml)\n(.*?)^```", text, re.M | re.S):
        body = m[2]
        line = text.count("\n", 0, m.start()) + 2
        if m[1] == "yaml" and body.startswith("# .lintkit.yaml"):
            blocks.append((line, ".lintkit.yaml", body))
        elif m[1] == "toml" and "[tool.lintkit" in body:
            blocks.append((line, "pyproject.toml", body))
    return blocks


def test_config_snippets_are_found() -> None:
    found = {_id(p): len(_config_blocks(p)) for p in DOCS}
    assert found["docs/ci.md"] >= 3  # the archive one, the full example and its pyproject.toml twin


@pytest.mark.parametrize("path", DOCS, ids=_id)
def test_every_config_snippet_is_valid(path: Path, tmp_path: Path) -> None:
    for line, name, body in _config_blocks(path):
        target = tmp_path / str(line) / name
        target.parent.mkdir()
        target.write_text(body, encoding="utf-8")
        try:
            load_config(target)
        except ConfigError as exc:
            pytest.fail(f"{_id(path)}:{line}: {exc.render('en')}")


def test_a_bad_config_snippet_is_caught(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("```yaml\n# .lintkit.yaml\nrules:\n  content-after-footer: {marker: [x]}\n```\n", encoding="utf-8")
    [(line, name, body)] = _config_blocks(doc)
    (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path / name)


@pytest.mark.parametrize("path", DOCS, ids=_id)
def test_every_repository_path_and_relative_link_exists(path: Path) -> None:
    missing = []
    for n, line in _lines(path):
        for m in REPO_PATH.finditer(line):
            if not any(ROOT.glob(m["path"])):
                missing.append(f"{_id(path)}:{n}: {m['path']}")
        for m in LINK.finditer(line):
            target = m["target"]
            if "://" not in target and not target.startswith("mailto:") and \
                    not (path.parent / target).exists():
                missing.append(f"{_id(path)}:{n}: link {target}")
    assert missing == []
