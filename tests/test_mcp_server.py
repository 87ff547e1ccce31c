"""``lintkit mcp`` driven as a subprocess by the official SDK's stdio client, compared with the CLI.

The session is the one an agent runs: initialize, tools/list, tools/call.
Findings through the server must equal ``lintkit check --format json`` on the
same text, and ``fix_text`` must give exactly what ``lintkit check --fix``
writes.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, SEED_000, needs_shared

pytest.importorskip("mcp", reason="the optional extra lintkit-ja[mcp] is not installed")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

TOOLS = {"lint_text", "lint_file", "fix_text", "explain_rule", "list_claims"}


def cli_json(path: str, cwd: Path, *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "lintkit", "check", path, "--format", "json", "--no-cache",
                           *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def cli_fixed(path: Path, tmp: Path) -> str:
    copy = tmp / "fixme" / path.name
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    subprocess.run([sys.executable, "-m", "lintkit", "check", str(copy), "--fix", "--no-cache"], cwd=tmp,
                   capture_output=True, timeout=120)
    return copy.read_text(encoding="utf-8")


async def session_calls(cwd: Path, calls: list[tuple[str, dict[str, Any]]]) -> tuple[set[str], list[Any]]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "lintkit", "mcp"], cwd=str(cwd))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "lintkit"
            listed = await session.list_tools()
            names = {t.name for t in listed.tools}
            results = []
            for name, arguments in calls:
                results.append(await session.call_tool(name, arguments))
            return names, results


def run_session(cwd: Path, calls: list[tuple[str, dict[str, Any]]]) -> tuple[set[str], list[Any]]:
    return asyncio.run(asyncio.wait_for(session_calls(cwd, calls), timeout=120))


def same_findings(server: list[dict[str, Any]], cli: list[dict[str, Any]]) -> None:
    assert server == cli
    assert server, "the comparison needs a text with findings"


def check_article(article: Path, tmp_path: Path) -> None:
    text = article.read_text(encoding="utf-8")
    cwd = tmp_path / "work"
    cwd.mkdir()
    name = "article.md"
    (cwd / name).write_text(text, encoding="utf-8")
    names, (linted, filed, fixed) = run_session(cwd, [
        ("lint_text", {"text": text, "path": name}),
        ("lint_file", {"path": name}),
        ("fix_text", {"text": text, "path": name}),
    ])
    assert TOOLS <= names
    expected = cli_json(name, cwd)["findings"]  # run from cwd: the same relative path in findings
    for result in (linted, filed):
        assert not result.is_error, result.content
        same_findings(result.structured_content["findings"], expected)
    assert not fixed.is_error, fixed.content
    assert fixed.structured_content["text"] == cli_fixed(cwd / name, tmp_path)
    assert fixed.structured_content["changed"] is True
    assert fixed.structured_content["applied"] > 0
    remaining = cli_json(f"fixme/{name}", tmp_path)["findings"]
    assert [(f["code"], f["line"]) for f in fixed.structured_content["remaining"]] == \
        [(f["code"], f["line"]) for f in remaining]


def test_session_on_our_fixture(tmp_path: Path) -> None:
    check_article(FIXTURES / "fix" / "markers.md", tmp_path)


@needs_shared
def test_session_on_seed_000(tmp_path: Path) -> None:
    check_article(SEED_000, tmp_path)


def test_explain_claims_and_errors(tmp_path: Path) -> None:
    text = "# 料金\n\nGPT-4oの入力は100万トークンあたり$2.50です。\n"
    _, (explained, unknown, claims, missing) = run_session(tmp_path, [
        ("explain_rule", {"rule": "duplicate-paragraph"}),
        ("explain_rule", {"rule": "S999"}),
        ("list_claims", {"text": text, "path": "price.md"}),
        ("lint_file", {"path": "no-such-file.md"}),
    ])
    doc = explained.structured_content
    assert (doc["code"], doc["name"], doc["severity"]) == ("S102", "duplicate-paragraph", "error")
    assert "S102" in doc["docs"]
    assert unknown.is_error and "S999" in unknown.content[0].text
    records = claims.structured_content["claims"]
    assert [(r["line"], r["value"]) for r in records] == [(3, 2.5)]
    assert missing.is_error and "no-such-file.md" in missing.content[0].text
