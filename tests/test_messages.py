"""Error messages: one catalogue (rules/errors.yaml), Japanese by default, English with --lang en or config lang."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path
from typing import Callable

import pytest

from lintkit.cli import main
from lintkit.errors import ConfigError, ReferenceDataError
from lintkit.messages import Msg, catalogue, msg, placeholders, render
from tests.conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        capfdbinary.readouterr()
        code = main(list(argv))
        out, err = capfdbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return run


def _ids_used() -> tuple[set[str], set[str]]:
    """Ids passed to msg()/Msg() in lintkit/ (both branches of a conditional), and f-string id prefixes."""
    ids: set[str] = set()
    prefixes: set[str] = set()

    def take(node: ast.expr) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            ids.add(node.value)
        elif isinstance(node, ast.IfExp):
            take(node.body)
            take(node.orelse)
        elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
            prefixes.add(str(node.values[0].value))

    for file in sorted((ROOT / "lintkit").rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("msg", "Msg", "template") \
                    and node.args:
                take(node.args[0])
    return ids, prefixes


def test_every_id_used_in_the_code_is_in_the_catalogue_in_both_languages() -> None:
    cat = catalogue()
    ids, prefixes = _ids_used()
    assert len(ids) > 80  # the scan finds the calls (a scan that finds nothing would pass anything)
    assert sorted(ids - set(cat)) == []
    for prefix in prefixes:
        assert any(i.startswith(prefix) for i in cat), prefix
    used = ids | {i for i in cat for p in prefixes if i.startswith(p)}
    used |= {f"{i}.one" for i in used}  # an id's English singular variant (render picks it for n = 1)
    assert sorted(set(cat) - used) == []  # no dead entries either


@pytest.mark.parametrize("error_id", sorted(catalogue()))
def test_each_entry_has_ja_and_en_with_the_same_placeholders(error_id: str) -> None:
    entry = catalogue()[error_id]
    assert set(entry) == {"ja", "en"}
    assert placeholders(entry["ja"]) == placeholders(entry["en"])
    if entry["ja"] != entry["en"]:  # an entry that is only a placeholder ({detail}) is the same in both
        assert JAPANESE.search(entry["ja"]), entry["ja"]
        assert not JAPANESE.search(entry["en"]), entry["en"]


def test_a_one_variant_is_used_for_n_1_only() -> None:
    assert render(msg("count.findings", n=1), "en") == "1 finding"
    assert render(msg("count.findings", n=2), "en") == "2 findings"
    assert render(msg("count.findings", n=0), "en") == "0 findings"
    assert render(msg("count.findings", n=1), "ja") == "1件の指摘"
    for i in catalogue():  # a variant belongs to an entry and has its placeholders
        if i.endswith(".one"):
            base = catalogue()[i[: -len(".one")]]
            assert placeholders(catalogue()[i]["en"]) == placeholders(base["en"]) >= {"n"}, i


def test_text_summary_says_each_count_in_the_right_number() -> None:
    from lintkit.finding import Finding, Severity
    from lintkit.reporters.base import ReportOptions
    from lintkit.reporters.text import render as text_report
    from lintkit.results import RunResult

    findings = [Finding("a.md", "S104", "stray-separator", Severity.ERROR, 0, 0, 0, 3, "m"),
                Finding("a.md", "S102", "duplicate-paragraph", Severity.WARNING, 1, 0, 1, 3, "m"),
                Finding("a.md", "S102", "duplicate-paragraph", Severity.WARNING, 2, 0, 2, 3, "m")]
    result = RunResult(files=["a.md"], findings=findings)
    en = text_report(result, ReportOptions(lang="en")).splitlines()[-1]
    assert en == "Found 3 findings (1 error, 2 warnings, 0 infos) in 1 file."
    ja = text_report(result, ReportOptions(lang="ja")).splitlines()[-1]
    assert ja == "1ファイルで3件の指摘（エラー1、警告2、情報0）"


def test_report_words_come_from_the_catalogue() -> None:
    from lintkit.baseline import Outcome, Written, applied_words, written_words

    assert applied_words(Outcome(1, 2, "b.json"), "en").startswith("baseline b.json: 1 known finding not shown; 2 entries")
    assert written_words(Written(3, 1, 0, "b.json"), "ja") == "ベースライン b.json: 3件の指摘を記録しました（一致しなくなった1件を削除）"


def test_render_languages_nested_hints_and_lists() -> None:
    m = msg("key.unknown", hint=msg("hint.did-you-mean", name="'select'"), allowed=["select", "ignore"])
    assert render(m, "en") == "unknown key (did you mean 'select'? allowed: select, ignore)"
    assert render(m, "ja") == "不明なキーです（もしかして 'select'？ 使えるキー: select, ignore）"
    assert str(m) == render(m, "en")
    assert render("plain text", "ja") == "plain text"
    # an id missing from the catalogue still says something, never raises
    assert render(Msg("no.such-id", {"x": "1"}), "ja") == "no.such-id (x=1)"


def test_errors_render_with_their_location_and_pickle() -> None:
    err = ReferenceDataError("refs/a.yml", msg("reference.unknown-unit", unit="'EUR'", allowed=("USD", "JPY")),
                             line=7, key="entities[0].facts.price.input.unit")
    assert err.render("ja") == ("refs/a.yml:7: entities[0].facts.price.input.unit: 不明な単位 'EUR' です"
                                "（使える単位: USD, JPY）")
    assert str(err) == err.render("en") == ("refs/a.yml:7: entities[0].facts.price.input.unit: unknown unit 'EUR' "
                                            "(allowed: USD, JPY)")
    assert err.message == "unknown unit 'EUR' (allowed: USD, JPY)"
    again = pickle.loads(pickle.dumps(err.text))
    assert render(again, "ja") == err.message_in("ja")


def _bad_config(tmp_path: Path, text: str) -> None:
    (tmp_path / ".lintkit.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a.md").write_text("# 見出し\n\n本文です。\n", encoding="utf-8")


def test_config_error_japanese_by_default_english_with_lang(cli: Cli, tmp_path: Path) -> None:
    _bad_config(tmp_path, "selct: [S1]\n")
    code, _, err = cli("check", "a.md")
    assert code == 2
    assert err == (f"lintkit: エラー: {tmp_path / '.lintkit.yaml'}: selct: 不明なキーです（もしかして 'select'？ "
                   "使えるキー: select, ignore, per-file-ignores, severity, reference, rules, extend-packs, lang, "
                   f"exclude, fail-on, {err.split('fail-on, ', 1)[1].split('）')[0]}）\n")
    code, _, err = cli("check", "a.md", "--lang", "en")
    assert code == 2 and err.startswith(f"lintkit: error: {tmp_path / '.lintkit.yaml'}: selct: unknown key "
                                        "(did you mean 'select'? allowed: select, ignore,")
    assert len(err.splitlines()) == 1


def test_option_value_error_names_key_and_allowed_in_both(cli: Cli, tmp_path: Path) -> None:
    _bad_config(tmp_path, "rules:\n  duplicate-paragraph:\n    threshold: 2\n")
    _, _, ja = cli("check", "a.md")
    _, _, en = cli("check", "a.md", "--lang=en")
    key = "rules.duplicate-paragraph.threshold"
    assert ja.endswith(f"{key}: 0.5 から 1.0 までの値を指定してください（使える値: float from 0.5 to 1）\n")
    assert en.endswith(f"{key}: expected a value from 0.5 to 1.0 (allowed: float from 0.5 to 1)\n")


def test_reference_error_follows_the_configured_language(cli: Cli, tmp_path: Path) -> None:
    refs = tmp_path / "refs.yml"
    refs.write_text("lintkit: reference/1\nentities:\n  - id: x/model\n    names: [モデルX]\n    facts:\n"
                    "      price.input: {value: 1.0, unit: EUR}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 見出し\n\nモデルXの入力価格は$1.0です。\n", encoding="utf-8")
    code, _, ja = cli("check", "a.md", "--reference", "refs.yml", "--no-cache")
    assert code == 2 and len(ja.splitlines()) == 1
    assert ja.startswith("lintkit: エラー: refs.yml:6: x/model.facts.price.input.unit: 不明な単位 'EUR' です（")
    (tmp_path / ".lintkit.yaml").write_text("lang: en\n", encoding="utf-8")  # config lang, no flag
    code, _, en = cli("check", "a.md", "--reference", "refs.yml", "--no-cache")
    assert code == 2
    assert en.startswith("lintkit: error: refs.yml:6: x/model.facts.price.input.unit: unknown unit 'EUR' (")


def test_pack_and_input_errors_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("code: X901\npatterns: []\n", encoding="utf-8")
    (tmp_path / ".lintkit.yaml").write_text("extend-packs: [pack.yaml]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 見出し\n", encoding="utf-8")
    _, _, ja = cli("check", "a.md")
    _, _, en = cli("check", "a.md", "--lang", "en")
    assert ja == f"lintkit: エラー: {tmp_path / 'pack.yaml'}:2: patterns: 空でないパターンのリストを指定してください\n"
    assert en == f"lintkit: error: {tmp_path / 'pack.yaml'}:2: patterns: expected a non-empty list of patterns\n"
    (tmp_path / ".lintkit.yaml").unlink()
    (tmp_path / "sjis.md").write_bytes("# 見出し\n\n日本語の本文です。\n".encode("shift_jis"))
    code, _, ja = cli("check", "sjis.md", "--no-cache")
    assert code == 2 and "lintkit: sjis.md: 文字コードが UTF-8 ではなく Shift_JIS です（推定）" in ja
    _, _, en = cli("check", "sjis.md", "--no-cache", "--lang", "en")
    assert "lintkit: sjis.md: encoding is Shift_JIS (detected), not UTF-8" in en


@pytest.mark.parametrize("argv, ja, en", [
    (["check", "--frobnicate"], "--frobnicate というオプションはありません", "no such option --frobnicate"),
    (["check", "--format", "xml"], "'--format' には次のいずれかを指定してください: github, github-summary, html,",
     "'--format' must be one of: github, github-summary, html,"),
    (["check", "--jobs"], "--jobs には値が必要です", "option --jobs requires a value"),
    (["claims"], "'PATHS...' を指定してください", "missing 'PATHS...'"),
    (["chekc"], "'chekc' というコマンドはありません", "no such command 'chekc'"),
])
def test_click_usage_errors_are_one_translated_line(cli: Cli, argv: list[str], ja: str, en: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("lintkit: 使い方の誤り: " + ja), err
    code, _, err = cli(argv[0], "--lang", "en", *argv[1:])
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith("lintkit: usage error: " + en), err


def test_explain_unknown_rule_in_both(cli: Cli) -> None:
    code, _, ja = cli("explain", "placeholdr")
    assert code == 2 and ja.startswith("lintkit: エラー: 不明なルール 'placeholdr' です（もしかして placeholder")
    code, _, en = cli("explain", "placeholdr", "--lang", "en")
    assert code == 2 and en.startswith("lintkit: error: unknown rule 'placeholdr' (did you mean placeholder")


def test_library_errors_keep_english_str_and_a_config_error_type() -> None:
    err = ConfigError("c.yaml", msg("value.one-of", allowed=("ja", "en")), key="lang")
    assert str(err) == "c.yaml: lang: expected one of: ja, en"
    assert err.render("ja") == "c.yaml: lang: 次のいずれかを指定してください: ja, en"


def test_reports_give_input_errors_in_the_report_language(cli: Cli) -> None:
    import json

    code, out, _ = cli("check", "missing.md", "--format", "json", "--no-cache")
    assert code == 2 and json.loads(out)["input_errors"][0]["message"] == "そのようなファイルやディレクトリはありません"
    code, out, _ = cli("check", "missing.md", "--format", "json", "--no-cache", "--lang", "en")
    assert code == 2 and json.loads(out)["input_errors"][0]["message"] == "no such file or directory"
