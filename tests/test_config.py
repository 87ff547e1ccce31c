"""Configuration: discovery, precedence, every key, and errors that name file, key and allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintkit.config import Config, find_config, from_mapping, load_config, with_cli
from lintkit.engine import lint_paths
from lintkit.errors import ConfigError
from lintkit.finding import Severity
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

METAS = all_meta()
CONFIG = FIXTURES / "config"
YAML_PROJECT = CONFIG / "yaml"
TOML_PROJECT = CONFIG / "pyproject"


def found(config: Config, *paths: Path) -> set[tuple[str, str, int, str]]:
    result = lint_paths([str(p) for p in paths], config)
    assert not result.errors
    return {(Path(f.path).name, f.code, f.line + 1, f.severity.value) for f in result.findings}


def test_discovery_walks_up_from_the_current_directory() -> None:
    assert find_config(YAML_PROJECT / "sub" / "deeper") == (YAML_PROJECT / ".lintkit.yaml").resolve()
    assert find_config(TOML_PROJECT / "posts") == (TOML_PROJECT / "pyproject.toml").resolve()


def test_lintkit_yaml_wins_over_pyproject_in_the_same_directory() -> None:
    config = load_config(METAS, start=CONFIG / "both")
    assert Path(config.path or "").name == ".lintkit.yaml"
    assert config.selection.select == ("S106",)


def test_pyproject_without_tool_lintkit_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    inner = tmp_path / "a"
    inner.mkdir()
    (tmp_path / ".lintkit.yml").write_text("lang: en\n", encoding="utf-8")
    assert find_config(inner) == (tmp_path / ".lintkit.yml").resolve()
    (tmp_path / ".lintkit.yml").unlink()
    assert find_config(inner) != (tmp_path / "pyproject.toml").resolve()


def test_yaml_project_keys_take_effect() -> None:
    config = load_config(METAS, start=YAML_PROJECT / "sub" / "deeper")
    assert config.lang == "en"
    assert config.rule_options["S102"] == {"threshold": 0.95, "min-length": 10}
    assert config.options_for(METAS["S102"])["threshold"] == 0.95
    assert config.exclude == ("posts/drafts",)
    posts = YAML_PROJECT / "posts"
    # select S1+M, ignore S103 and duplicate-section; per-file-ignores silence S104 in posts/old;
    # S106 is a warning; posts/drafts is excluded
    assert found(config, posts) == {
        ("2026-fresh.md", "S104", 5, "error"),
        ("2026-fresh.md", "S106", 7, "warning"),
        ("2026-fresh.md", "S106", 9, "warning"),
    }
    result = lint_paths([str(posts)], config)
    assert result.findings[0].message.startswith("Generation marker")  # lang: en
    assert not any("drafts" in f for f in result.files)


def test_pyproject_keys_take_effect() -> None:
    config = load_config(METAS, start=TOML_PROJECT)
    assert config.fail_on == Severity.WARNING
    assert found(config, TOML_PROJECT / "posts") == {("current.md", "S104", 5, "warning")}
    assert lint_paths([str(TOML_PROJECT / "posts")], config).exit_code(config.fail_on) == 1


def test_command_line_beats_configuration() -> None:
    config = load_config(METAS, start=YAML_PROJECT)
    cli = with_cli(config, METAS, select=("S104",), lang="ja", fail_on="info")
    assert cli.lang == "ja" and cli.fail_on == Severity.INFO
    # --select replaces the configured selection; per-file-ignores still apply
    assert found(cli, YAML_PROJECT / "posts") == {("2026-fresh.md", "S104", 5, "error")}
    cli = with_cli(config, METAS, ignore=("S104",))
    assert found(cli, YAML_PROJECT / "posts") == {
        ("2026-fresh.md", "S106", 7, "warning"), ("2026-fresh.md", "S106", 9, "warning")}
    cli = with_cli(config, METAS, reference=("other/data.yml",))
    assert cli.reference == ("other/data.yml",)


def test_explicit_config_skips_discovery() -> None:
    config = load_config(METAS, explicit=str(CONFIG / "both" / "pyproject.toml"), start=YAML_PROJECT)
    assert config.selection.select == ("S104",)
    with pytest.raises(ConfigError, match="not found"):
        load_config(METAS, explicit=str(CONFIG / "missing.yaml"))


def test_no_configuration_is_the_default(tmp_path: Path) -> None:
    if find_config(tmp_path) is not None:
        pytest.skip("a configuration file above the temporary directory")
    config = load_config(METAS, start=tmp_path)
    assert config.path is None
    assert (config.selection, config.lang, config.fail_on, config.rule_options) == (
        Config().selection, "ja", Severity.ERROR, {})


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    config = from_mapping({"reference": ["data/ref.yml"], "extend-packs": ["packs"]}, "x.yaml", tmp_path, METAS)
    assert config.reference == (str(tmp_path / "data/ref.yml"),)
    assert config.extend_packs == (str(tmp_path / "packs"),)


@pytest.mark.parametrize("name,key,allowed", [
    ("unknown-key.yaml", "selct", "did you mean 'select'? allowed: select, ignore, per-file-ignores"),
    ("bad-severity.yaml", "severity.S104", "allowed: error, warning, info"),
    ("bad-option.yaml", "rules.duplicate-paragraph.threshold", "allowed: float from 0.5 to 1"),
    ("unknown-option.yaml", "rules.stray-separator.markerz", "allowed: markers, standalone-markers, check-edges"),
    ("unknown-rule.yaml", "rules.no-such-rule", "unknown rule (known: "),
    ("bad-selector.toml", "ignore", "unknown rule selector 'Z9'"),
    ("bad-lang.yaml", "lang", "expected one of: ja, en"),
    ("bad-pfi.yaml", "per-file-ignores", "expected a mapping of glob"),
    ("bad-fail-on.yaml", "fail-on", "allowed: error, warning, info"),
    ("not-mapping.yaml", None, "must be a mapping"),
    ("bad-toml.toml", None, "invalid TOML"),
])
def test_bad_configuration_names_file_key_and_allowed(name: str, key: str | None, allowed: str) -> None:
    path = CONFIG / "bad" / name
    with pytest.raises(ConfigError) as info:
        load_config(METAS, explicit=str(path))
    err = info.value
    assert err.path == str(path)
    assert err.key == key
    assert allowed in str(err)
    assert str(err).startswith(str(path))


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(METAS, explicit=str(CONFIG / "bad" / "bad-yaml.yaml"))
    assert info.value.line == 2


def test_bad_command_line_selector() -> None:
    with pytest.raises(ConfigError, match="unknown rule selector 'S9'"):
        with_cli(Config(), METAS, select=("S9",))


def test_config_that_is_not_utf8_is_one_clear_line(tmp_path: Path) -> None:
    from lintkit.errors import ConfigError
    from lintkit.config import read_config_file

    bad = tmp_path / ".lintkit.yaml"
    bad.write_bytes("lang: ja\nselect: [S1]  # 構造\n".encode("shift_jis"))
    with pytest.raises(ConfigError) as info:
        read_config_file(bad)
    message = str(info.value)
    assert message.startswith(str(bad)) and "not valid UTF-8" in message and "\n" not in message
