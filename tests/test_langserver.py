"""``lintkit server`` driven as a subprocess by a real LSP client (pytest-lsp).

One server for the module: initialize (two workspace folders), then each
test opens its own documents; the fixture's teardown sends shutdown and exit.
Findings must be those of ``lintkit check --format json`` on the same text,
and the safe-fix edits those of ``lintkit check --fix``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any, AsyncIterator

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path, to_fs_path  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

import lintkit  # noqa: E402
from lintkit.cli import main  # noqa: E402
from lintkit.finding import Edit  # noqa: E402
from lintkit.fix import apply_edits  # noqa: E402
from lintkit.source import decode  # noqa: E402
from lintkit.langserver import TextLines, text_edits, units  # noqa: E402
from tests.conftest import FIXTURES, ROOT, SEED_000, needs_shared  # noqa: E402

in_session = pytest.mark.asyncio(loop_scope="module")  # every session test talks to the module's one server

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
MARKERS = FIXTURES / "fix" / "markers.md"
EMOJI = "# 絵文字😀の見出し\n\n𠮷野家の😀😀メニューを紹介します。 ---END---\n"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("lsp")
    plain, configured, cache = base / "plain", base / "configured", base / "cache"
    for d in (plain, configured, cache):
        d.mkdir()
    (configured / ".lintkit.yaml").write_text("ignore: [S104]\n", encoding="utf-8")
    return plain, configured, cache


def _env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


class RecordingClient(LanguageClient):
    """pytest-lsp's client keeping every ``publishDiagnostics`` in the order it came.

    ``wait_for_notification`` keeps one waiter per method: two notifications read together (the server
    republishing every open document after a configuration change, under load) deliver the first and drop
    the second, and a test waiting for that one in a loop waits forever. Here nothing is dropped.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()


def _record(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics  # what pytest-lsp's own handler keeps
    client.published.append(params)
    client.arrived.set()


def _recording_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: _record})
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "lintkit", "server"],
                              client_factory=_recording_client,
                              server_env=_env(Path(os.environ.get("TMPDIR", "/tmp")) / "lintkit-lsp-test-cache")),
    scope="module",
)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    plain, configured, _ = request.getfixturevalue("folders")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=False))),
        root_uri=from_fs_path(str(plain)),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(p)), name=p.name) for p in (plain, configured)],
        initialization_options={"debounce": 0.05},
    ))
    yield
    await lsp_client.shutdown_session()


def _published(client: LanguageClient, uri: str, version: int | None) -> asyncio.Future[list[types.Diagnostic]]:
    """The diagnostics of ``uri`` (at ``version``, if given) published from now on: the first such
    notification after this call (call it before sending what makes the server publish)."""
    assert isinstance(client, RecordingClient)
    seen = len(client.published)

    async def wait() -> list[types.Diagnostic]:
        nonlocal seen
        while True:
            for params in client.published[seen:]:
                if params.uri == uri and (version is None or params.version == version):
                    return list(params.diagnostics)
            seen = len(client.published)
            client.arrived.clear()
            await asyncio.wait_for(client.arrived.wait(), 120)  # a backstop: each check takes well under it

    return asyncio.ensure_future(wait())


async def _open(client: LanguageClient, path: Path, text: str) -> tuple[str, list[types.Diagnostic]]:
    uri = from_fs_path(str(path))
    waiting = _published(client, uri, 1)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    return uri, await waiting


def _cli_report(path: Path, capfd: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capfd.readouterr()
    main(["check", "--format", "json", "--no-cache", "--exit-zero", str(path)])
    findings: list[dict[str, Any]] = json.loads(capfd.readouterr().out)["findings"]
    return findings


def _codes_lines(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(d.code), d.range.start.line + 1) for d in diagnostics)


def _cli_fixed(path: Path, tmp: Path, capfd: pytest.CaptureFixture[str]) -> str:
    copy = tmp / path.name
    copy.write_bytes(path.read_bytes())  # not shutil.copy: a read-only original (../shared) would stay read-only
    main(["check", "--fix", "--no-cache", "--exit-zero", str(copy)])
    capfd.readouterr()
    return copy.read_bytes().decode("utf-8")


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply protocol text edits (UTF-16 positions) as an editor does."""
    lines = TextLines(text)
    starts = [0]
    for t, e in zip(lines.lines, lines.endings):
        starts.append(starts[-1] + len(t) + len(e))

    def offset(p: types.Position) -> int:
        if p.line >= len(lines.lines):
            return len(text)
        line = lines.lines[p.line]
        k = 0
        while k < len(line) and units(line[:k + 1]) <= p.character:
            k += 1
        return starts[p.line] + k

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


async def _fix_all(client: LanguageClient, uri: str, end_line: int) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(end_line, 0)),
        context=types.CodeActionContext(diagnostics=[])))
    assert actions is not None
    return [a for a in actions if isinstance(a, types.CodeAction)]


async def _session_matches_the_cli(client: LanguageClient, source: Path, folder: Path, tmp: Path,
                                   capfd: pytest.CaptureFixture[str]) -> None:
    text = source.read_bytes().decode("utf-8")
    uri, diagnostics = await _open(client, folder / source.name, text)
    report = _cli_report(source, capfd)
    expected = [(f["code"], f["line"]) for f in report]
    assert _codes_lines(diagnostics) == sorted(expected) and expected

    # didChange: a blank line doubled above the first finding moves the findings below it down by one
    lines = text.splitlines()
    first = min(n for _, n in expected) - 1
    blank = max(i for i in range(first) if not lines[i].strip())
    waiting = _published(client, uri, 2)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(blank, 0), types.Position(blank, 0)), text="\n")]))
    moved = await waiting
    assert _codes_lines(moved) == sorted((c, n + 1 if n - 1 > blank else n) for c, n in expected)
    waiting = _published(client, uri, 3)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(blank, 0), types.Position(blank + 1, 0)), text="")]))
    assert _codes_lines(await waiting) == sorted(expected)

    # codeAction: fix-all gives the text of `lintkit check --fix`, so it removes exactly its lines
    actions = await _fix_all(client, uri, len(text.splitlines()))
    [fix_all] = [a for a in actions if a.kind == "source.fixAll.lintkit"]
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    fixed = _apply(text, list(fix_all.edit.changes[uri]))
    by_cli = _cli_fixed(source, tmp, capfd)
    assert fixed == by_cli and _removed(text, fixed) == _removed(text, by_cli) != set()
    # a quick fix per finding with a safe fix: the edits of that finding's fix in the JSON report
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    safe = [f for f in report if f["fix"] is not None and f["fix"]["safe"]]
    assert len(quick) == len(safe) > 0
    original = decode(str(source), source.read_bytes())
    for a, f in zip(sorted(quick, key=lambda a: a.diagnostics[0].range.start.line if a.diagnostics else -1), safe):
        assert a.edit is not None and a.edit.changes is not None and a.diagnostics is not None
        assert (a.diagnostics[0].code, a.diagnostics[0].range.start.line + 1) == (f["code"], f["line"])
        edits = [Edit(e["start_line"] - 1, e["end_line"], e["replacement"], e["delete"]) for e in f["fix"]["edits"]]
        assert _apply(text, list(a.edit.changes[uri])) == apply_edits(original, edits).decode("utf-8")


def _removed(before: str, after: str) -> set[int]:
    """0-based lines of ``before`` that are gone or changed in ``after``."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    out: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.update(range(i1, i2))
    return out


@in_session
async def test_own_fixture_session(client: LanguageClient, folders: tuple[Path, Path, Path], tmp_path: Path,
                                   capfd: pytest.CaptureFixture[str]) -> None:
    await _session_matches_the_cli(client, MARKERS, folders[0], tmp_path, capfd)


@in_session
@needs_shared
async def test_seed_000_session(client: LanguageClient, folders: tuple[Path, Path, Path], tmp_path: Path,
                                capfd: pytest.CaptureFixture[str]) -> None:
    await _session_matches_the_cli(client, SEED_000, folders[0], tmp_path, capfd)


@in_session
async def test_positions_are_utf16(client: LanguageClient, folders: tuple[Path, Path, Path]) -> None:
    _, diagnostics = await _open(client, folders[0] / "emoji.md", EMOJI)
    [marker] = [d for d in diagnostics if d.code == "S104"]
    line = EMOJI.splitlines()[2]
    start = line.index("---END---")
    assert marker.range.start.line == 2
    # 𠮷 and 😀 are one code point but two UTF-16 units each: three of them before the marker
    assert marker.range.start.character == len(line[:start].encode("utf-16-le")) // 2 == start + 3
    assert marker.range.end.character == start + 3 + len("---END---")


@in_session
async def test_hover_and_code_description_give_the_rule_docs(client: LanguageClient,
                                                             folders: tuple[Path, Path, Path]) -> None:
    uri, diagnostics = await _open(client, folders[0] / "hover.md", MARKERS.read_text(encoding="utf-8"))
    d = next(d for d in diagnostics if d.code == "S104")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("# S104 stray-separator")
    assert "## " in hover.contents.value  # the docs' sections, one level down
    assert d.code_description is not None
    doc = Path(to_fs_path(d.code_description.href) or "")
    assert doc.is_file() and doc.read_text(encoding="utf-8").startswith("# S104 stray-separator")
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0)))
    assert nothing is None or "S104" not in str(nothing.contents)


@in_session
async def test_save_and_close(client: LanguageClient, folders: tuple[Path, Path, Path]) -> None:
    uri, first = await _open(client, folders[0] / "saved.md", EMOJI)
    assert first
    waiting = _published(client, uri, 1)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert _codes_lines(await waiting) == _codes_lines(first)
    waiting = _published(client, uri, None)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert not await waiting


@in_session
async def test_configuration_per_folder_and_reloaded(client: LanguageClient,
                                                     folders: tuple[Path, Path, Path]) -> None:
    _, configured, _ = folders
    text = "# 題\n\n本文です。\n\n---END---\n\n<<<<<<< HEAD\n甲\n=======\n乙\n>>>>>>> other\n"
    uri, diagnostics = await _open(client, configured / "post.md", text)
    assert {d.code for d in diagnostics} == {"S106"}  # S104 is ignored by the folder's .lintkit.yaml
    config = configured / ".lintkit.yaml"
    config.write_text("ignore: [S106]\n", encoding="utf-8")
    waiting = _published(client, uri, 1)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=from_fs_path(str(config)), type=types.FileChangeType.Changed)]))
    assert {d.code for d in await waiting} == {"S104"}
    # a client that does not watch files: the file is looked at again before each check
    config.write_text("ignore: [S104, S106]\n", encoding="utf-8")
    waiting = _published(client, uri, 2)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    assert not await waiting


def test_text_edits_cover_endings_and_the_last_line() -> None:
    for before, after in [("a\nb\nc\n", "a\nc\n"), ("a\r\nb\r\nc", "a\r\nb"), ("x", ""), ("", "y\n"),
                          ("a\n\nX\n", "a\n"), ("😀a\nb\n", "😀a\n")]:
        assert _apply(before, text_edits(TextLines(before), after)) == after


def test_without_pygls_one_line_error(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "lintkit.langserver", raising=False)
    monkeypatch.delattr(lintkit, "langserver", raising=False)
    assert main(["server"]) == 2
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "lintkit-ja[lsp]" in err and "Traceback" not in err
