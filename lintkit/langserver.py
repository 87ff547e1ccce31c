"""``lintkit server``: a language server over stdio (pygls), a thin shim over ``lintkit.Linter``.

- Diagnostics on open, on change (debounced: ``DEBOUNCE`` seconds after the
  last keystroke) and on save; cleared on close. Positions are converted from
  code points to the encoding negotiated at ``initialize`` (UTF-16 unless the
  client offers another), as the protocol requires.
- Code actions: one quick fix per finding with a safe fix (the edits of that
  fix), and ``source.fixAll.lintkit`` (every safe fix, as ``lintkit check
  --fix`` applies them). Edits are computed by the same code as ``--fix``
  and sent as whole-line text edits.
- Hover over a diagnostic shows the rule's docs (``lintkit explain``);
  ``codeDescription`` points to the same docs as a Markdown file.
- Configuration: found per workspace folder, as ``lintkit check`` run from
  the folder's root finds it (``.lintkit.yaml`` / ``pyproject.toml``,
  walking up); re-read when the file changes (``workspace/didChangeWatchedFiles``,
  and a stat of the file before each check for clients that do not watch).
  One ``Linter`` (one plan) per configuration, reused for every check.

Checks run on one worker thread (one tokenizer, never two checks at once),
so the server keeps answering while a long document is checked.
"""

from __future__ import annotations

import asyncio
import difflib
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lintkit import __version__
from lintkit.api import Linter, LintResult, load_config
from lintkit.config import Config, find_config
from lintkit.errors import LintkitError
from lintkit.finding import Finding, Severity
from lintkit.fix import apply_edits
from lintkit.messages import DEFAULT_LANG
from lintkit.ruledocs import explain_text
from lintkit.source import decode, split_lines

T = TypeVar("T")

NAME = "lintkit"
DEBOUNCE = 0.15  # seconds of quiet after a change before the document is checked
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{NAME}"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


# ---------------------------------------------------------------- positions and edits (pure functions)


def units(text: str, encoding: str | None = types.PositionEncodingKind.Utf16) -> int:
    """Length of ``text`` in the code units of a position encoding (UTF-16 by default)."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class TextLines:
    """A client document's lines (split as the protocol and lintkit split them: \\r\\n, \\r, \\n)."""

    def __init__(self, text: str, encoding: str | None = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.bom = text.startswith("\ufeff")  # lintkit's columns on line 0 do not count it
        lines, endings = split_lines(text)
        self.lines = lines
        self.endings = endings

    def position(self, line: int, column: int) -> types.Position:
        """A lintkit position (0-based line, code-point column) as a protocol position."""
        if line >= len(self.lines):
            last = len(self.lines) - 1
            return types.Position(last, units(self.lines[last], self.encoding))
        if line == 0 and self.bom:
            column += 1
        return types.Position(line, units(self.lines[line][:column], self.encoding))

    def range(self, f: Finding) -> types.Range:
        return types.Range(self.position(f.line, f.column), self.position(f.end_line, f.end_column))

    def line_start(self, line: int) -> types.Position:
        """The start of ``line``; past the last line: the end of the text."""
        if line < len(self.lines):
            return types.Position(line, 0)
        last = len(self.lines) - 1
        if self.endings[last]:
            return types.Position(len(self.lines), 0)
        return types.Position(last, units(self.lines[last], self.encoding))


def text_edits(before: TextLines, after: str) -> list[types.TextEdit]:
    """Whole-line edits turning ``before`` into ``after`` (lines compared with their terminators)."""
    old = [t + e for t, e in zip(before.lines, before.endings)]
    lines, endings = split_lines(after)
    new = [t + e for t, e in zip(lines, endings)]
    if old == [""]:
        old = []
    if new == [""]:
        new = []
    edits: list[types.TextEdit] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = before.line_start(i1), before.line_start(i2)
        edits.append(types.TextEdit(types.Range(start, end), "".join(new[j1:j2])))
    return edits


def finding_diagnostic(f: Finding, lines: TextLines, doc_uri: str | None) -> types.Diagnostic:
    return types.Diagnostic(
        range=lines.range(f),
        message=f.message,
        severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=types.CodeDescription(href=doc_uri) if doc_uri else None,
        source=NAME,
        related_information=None,
        data={"rule": f.rule, "fixable": bool(f.fix is not None and f.fix.safe)},
    )


# ---------------------------------------------------------------- state


@dataclass
class _Checked:
    """The last check of an open document."""

    version: int | None
    text: str
    path: str
    linter: Linter
    result: LintResult
    lines: TextLines


@dataclass
class _ConfigEntry:
    stamp: tuple[str | None, int, int]  # config file, mtime_ns, size
    linter: Linter
    error: str | None = None


@dataclass
class _State:
    linters: dict[str, _ConfigEntry] = field(default_factory=dict)  # start directory → its linter
    checked: dict[str, _Checked] = field(default_factory=dict)  # uri → last check
    pending: dict[str, asyncio.TimerHandle] = field(default_factory=dict)  # uri → debounced check
    shown_errors: set[str] = field(default_factory=set)
    docs_dir: Path | None = None


class LintkitServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.state = _State()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lintkit-check")
        self.debounce = DEBOUNCE

    # configuration ----------------------------------------------------------

    def _start_dir(self, path: str) -> str:
        """The workspace folder holding ``path`` (the longest match), else the file's directory."""
        best = ""
        for folder in self.workspace.folders.values():
            root = to_fs_path(folder.uri)
            if root and (path == root or path.startswith(root.rstrip(os.sep) + os.sep)) and len(root) > len(best):
                best = root
        if not best and self.workspace.root_path and path.startswith(self.workspace.root_path.rstrip(os.sep) + os.sep):
            best = self.workspace.root_path
        return best or os.path.dirname(path) or os.getcwd()

    def linter_for(self, path: str) -> Linter:
        """The linter of the configuration in effect for ``path`` (re-read when the file changed)."""
        start = self._start_dir(path)
        found = find_config(Path(start))
        stamp: tuple[str | None, int, int] = (None, 0, 0)
        if found is not None:
            try:
                st = found.stat()
                stamp = (str(found), st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = (str(found), -1, -1)
        entry = self.state.linters.get(start)
        if entry is not None and entry.stamp == stamp:
            return entry.linter
        error = None
        try:
            linter = Linter(load_config(found) if found is not None else Config(root=Path(start)))
        except LintkitError as exc:  # a bad configuration: say so once, check with the defaults meanwhile
            error = exc.render(DEFAULT_LANG)  # the configuration's own language is unknown
            linter = Linter()
        self.state.linters[start] = _ConfigEntry(stamp, linter, error)  # an error is shown by publish()
        return linter

    def forget_configs(self) -> None:
        self.state.linters.clear()

    def doc_uri(self, linter: Linter, code: str) -> str | None:
        """A file URI of the rule's docs (written once per rule and language)."""
        meta = linter.metas.get(code)
        if meta is None:
            return None
        if self.state.docs_dir is None:
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            self.state.docs_dir = Path(base) / NAME / __version__ / "docs"
        target = self.state.docs_dir / linter.config.lang / f"{code}.md"
        if not target.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(explain_text(meta, linter.config.lang, linter.packs), encoding="utf-8")
            except OSError:
                return None
        return from_fs_path(str(target))

    # checking ------------------------------------------------------------------

    def _path_of(self, uri: str) -> str:
        return to_fs_path(uri) or uri

    def _report_path(self, path: str) -> str:
        """The path as ``lintkit check`` run from the folder's root reports it (relative inside the folder)."""
        start = self._start_dir(path)
        if path.startswith(start.rstrip(os.sep) + os.sep):
            return os.path.relpath(path, start)
        return path

    def check_text(self, uri: str, text: str, version: int | None) -> _Checked:
        """Check a snapshot of a document (on the checking thread)."""
        path = self._path_of(uri)
        linter = self.linter_for(path)
        result = linter.lint_text(text, path=self._report_path(path))
        return _Checked(version, text, path, linter, result, TextLines(text, self.workspace.position_encoding))

    def check_now(self, uri: str) -> _Checked | None:
        """Check the document as the client holds it now, on this thread."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        checked = self.check_text(uri, doc.source, doc.version)
        self.state.checked[uri] = checked
        return checked

    def publish(self, uri: str, checked: _Checked) -> None:
        self._show_config_errors()
        diagnostics = [finding_diagnostic(f, checked.lines, self.doc_uri(checked.linter, f.code))
                       for f in checked.result.findings]
        for error in checked.result.errors:
            diagnostics.append(types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                                message=error.render(checked.linter.config.lang),
                                                severity=types.DiagnosticSeverity.Error,
                                                source=NAME))
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=checked.version))

    def _show_config_errors(self) -> None:
        for entry in self.state.linters.values():
            if entry.error and entry.error not in self.state.shown_errors:
                self.state.shown_errors.add(entry.error)
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"lintkit: {entry.error}"))

    async def check_and_publish(self, uri: str) -> None:
        self.state.pending.pop(uri, None)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return  # closed meanwhile
        text, version = doc.source, doc.version  # a snapshot: edits keep arriving on this thread
        loop = asyncio.get_running_loop()
        checked = await loop.run_in_executor(self.executor, self.check_text, uri, text, version)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # changed or closed meanwhile: the next check publishes
        self.state.checked[uri] = checked
        self.publish(uri, checked)

    def schedule(self, uri: str, delay: float) -> None:
        handle = self.state.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_running_loop()
        if delay <= 0:
            loop.create_task(self.check_and_publish(uri))
            return
        self.state.pending[uri] = loop.call_later(
            delay, lambda: loop.create_task(self.check_and_publish(uri)))

    async def latest(self, uri: str) -> _Checked | None:
        """The check of the document's current version (checked now, on the checking thread, if stale)."""
        checked = self.state.checked.get(uri)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        if checked is None or checked.version != doc.version or checked.text != doc.source:
            loop = asyncio.get_running_loop()
            checked = await loop.run_in_executor(self.executor, self.check_text, uri, doc.source, doc.version)
            self.state.checked[uri] = checked
        return checked

    async def on_checker(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` on the checking thread (the tokenizer is never used by two threads at once)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)


server = LintkitServer()


@server.feature(types.INITIALIZE)
def _initialize(ls: LintkitServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
        ls.debounce = max(0.0, float(options["debounce"]))


@server.feature(types.INITIALIZED)
def _initialized(ls: LintkitServer, params: types.InitializedParams) -> None:
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps is not None else None
    if watched is not None and watched.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}")
                    for name in (".lintkit.yaml", ".lintkit.yml", "pyproject.toml")]
        ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="lintkit-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: LintkitServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: LintkitServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: LintkitServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: LintkitServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    handle = ls.state.pending.pop(uri, None)
    if handle is not None:
        handle.cancel()
    ls.state.checked.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched(ls: LintkitServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.forget_configs()
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri, 0)


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def _folders(ls: LintkitServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    ls.forget_configs()
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def _hover(ls: LintkitServer, params: types.HoverParams) -> types.Hover | None:
    checked = await ls.latest(params.text_document.uri)
    if checked is None:
        return None
    pos = params.position
    docs: list[str] = []
    hit: types.Range | None = None
    for f in checked.result.findings:
        r = checked.lines.range(f)
        if (r.start.line, r.start.character) <= (pos.line, pos.character) <= (r.end.line, r.end.character):
            meta = checked.linter.metas.get(f.code)
            if meta is not None and f.code not in {d.split()[1] for d in docs}:
                docs.append(f"# {f.code} {f.rule}\n\n{f.message}\n\n" + _demoted(explain_text(
                    meta, checked.linter.config.lang, checked.linter.packs)))
                hit = hit or r
    if not docs:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(docs)),
                       range=hit)


def _demoted(text: str) -> str:
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the title is already shown
    return "\n".join(("#" + line) if line.startswith("#") else line for line in lines).strip() + "\n"


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
async def _code_action(ls: LintkitServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    checked = await ls.latest(uri)
    if checked is None:
        return None
    return await ls.on_checker(_actions, ls, checked, params)


def _actions(ls: LintkitServer, checked: _Checked, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    only = params.context.only
    want_quick = not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only)
    want_all = not only or any(types.CodeActionKind.SourceFixAll.value.startswith(k) or k.startswith(
        types.CodeActionKind.SourceFixAll) for k in only)
    actions: list[types.CodeAction] = []
    if want_quick:
        actions.extend(_quick_fixes(checked, params.range, uri))
    if want_all and any(f.fix is not None and f.fix.safe for f in checked.result.findings):
        fixed = checked.linter.fix_text(checked.text, path=ls._report_path(checked.path))
        if fixed.applied:
            edits = text_edits(checked.lines, fixed.text)
            actions.append(types.CodeAction(
                title=_words("fix-all", checked.linter.config.lang, n=fixed.applied),
                kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions or None


def _quick_fixes(checked: _Checked, where: types.Range, uri: str) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    source = None
    for f in checked.result.findings:
        if f.fix is None or not f.fix.safe or not f.fix.edits:
            continue
        r = checked.lines.range(f)
        if (r.end.line, r.end.character) < (where.start.line, where.start.character) or \
                (where.end.line, where.end.character) < (r.start.line, r.start.character):
            continue
        if source is None:
            source = decode(checked.path, checked.text.encode("utf-8", "replace"))
        after = apply_edits(source, f.fix.edits).decode("utf-8", "replace")  # the BOM comes back as U+FEFF
        diagnostic = finding_diagnostic(f, checked.lines, None)
        out.append(types.CodeAction(
            title=f"{f.code}: {f.fix.description}", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic], is_preferred=True,
            edit=types.WorkspaceEdit(changes={uri: text_edits(checked.lines, after)})))
    return out


_WORDS = {
    "fix-all": {"ja": "lintkit: 安全な修正をすべて適用（{n}件）", "en": "lintkit: apply all safe fixes ({n})"},
}


def _words(key: str, lang: str, **args: Any) -> str:
    table = _WORDS[key]
    return (table.get(lang) or table["ja"]).format(**args)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve over stdio until the client exits."""
    server.start_io()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
