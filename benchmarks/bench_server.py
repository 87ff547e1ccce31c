"""Warm re-lint through the language server, and the Python API's per-call cost against a cold CLI run.

    .venv/bin/python benchmarks/bench_server.py [POST.md] [--changes 60] [--cold 5]

POST.md defaults to the corpus post closest to 40 KB in ../shared/corpus/allforces/_posts.

1. ``lintkit server`` in a child process, driven by pygls's LSP client over
   stdio: initialize (debounce 0, so that the delay measured is the check and
   not the wait for quiet), didOpen, then ``--changes`` one-character edits
   (a character inserted in the middle of a prose line, then removed again,
   alternately). For each edit: the time from sending ``didChange`` to
   receiving the ``publishDiagnostics`` of that version (wall clock, in the
   client: IPC, the incremental edit, the check and the conversion of every
   position included). Median and p95 of that wall time, and the server
   process's CPU time per edit (utime + stime from /proc, over all the
   edits), which a busy machine does not inflate.
2. In this process: ``Linter.lint_text`` on the same text (median of
   ``--changes`` calls, after one warm-up call; wall and thread CPU time), ``engine.lint_text`` (which
   builds the plan on every call, as the library entry point did before
   ``Linter``), and ``lintkit check POST.md --no-cache`` as a fresh process
   (median of ``--cold`` runs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "allforces" / "_posts"


def _default_post() -> Path:
    posts = sorted(CORPUS.glob("*.md"), key=lambda p: abs(p.stat().st_size - 40_000))
    if not posts:
        sys.exit(f"no posts under {CORPUS}: give a Markdown file of about 40 KB")
    return posts[0]


def _p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]


def _edit_point(text: str) -> tuple[int, int]:
    """A (line, character) in the middle of a long prose line, past the first third of the text."""
    lines = text.splitlines()
    for n in range(len(lines) // 3, len(lines)):
        line = lines[n]
        if len(line) > 40 and not line.lstrip().startswith(("#", "|", "-", "*", "`", ">", "<", "[", "!")):
            return n, len(line) // 2
    return len(lines) // 2, 0


def _cpu_ms(pid: int) -> float:
    """utime + stime of a process, in ms (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


async def _server(post: Path, changes: int) -> tuple[list[float], float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    text = post.read_text(encoding="utf-8")
    uri = post.resolve().as_uri()
    client = LanguageClient("bench", "1")
    published: dict[int, asyncio.Future[float]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
        future = published.get(params.version or 0)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    await client.start_io(sys.executable, "-m", "lintkit", "server", env=env)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=post.parent.resolve().as_uri(),
        initialization_options={"debounce": 0}))
    client.initialized(types.InitializedParams())
    loop = asyncio.get_running_loop()
    published[1] = loop.create_future()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await asyncio.wait_for(published[1], 120)
    line, char = _edit_point(text)
    pid = client._server.pid if client._server is not None else 0
    cpu_before = _cpu_ms(pid) if pid and Path(f"/proc/{pid}/stat").exists() else None
    times: list[float] = []
    for k in range(changes):
        version = k + 2
        published[version] = loop.create_future()
        if k % 2 == 0:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, char), types.Position(line, char)), text="の")
        else:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, char), types.Position(line, char + 1)), text="")
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]))
        received = await asyncio.wait_for(published[version], 120)
        times.append((received - sent) * 1000)
    cpu = (_cpu_ms(pid) - cpu_before) / changes if cpu_before is not None else float("nan")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, cpu


def _api(post: Path, calls: int) -> tuple[float, float, float]:
    from lintkit import Config, Linter
    from lintkit.engine import lint_text

    text = post.read_text(encoding="utf-8")
    linter = Linter()
    linter.lint_text(text, path=str(post))  # warm: the tagger, the lazily compiled indexes
    warm, cpu = [], []
    for _ in range(calls):
        t, c = time.perf_counter(), time.thread_time()
        linter.lint_text(text, path=str(post))
        warm.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    rebuilt = []
    for _ in range(max(3, calls // 6)):
        t = time.perf_counter()
        lint_text(text, str(post), Config())
        rebuilt.append((time.perf_counter() - t) * 1000)
    return statistics.median(warm), statistics.median(cpu), statistics.median(rebuilt)


def _cold(post: Path, runs: int) -> float:
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lintkit", "check", "--no-cache", "--exit-zero", str(post)],
                       cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        walls.append((time.perf_counter() - t) * 1000)
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("post", nargs="?")
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    post = Path(args.post) if args.post else _default_post()
    size = post.stat().st_size
    print(f"post: {post.name} ({size / 1000:.1f} KB, {len(post.read_text(encoding='utf-8').splitlines())} lines)")
    times, server_cpu = asyncio.run(_server(post, args.changes))
    print(f"server, didChange -> publishDiagnostics over {len(times)} one-character edits: "
          f"median {statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms, max {max(times):.1f} ms wall; "
          f"server CPU {server_cpu:.1f} ms per edit")
    warm, warm_cpu, rebuilt = _api(post, args.changes)
    print(f"Linter.lint_text (plan built once): median {warm:.1f} ms wall, {warm_cpu:.1f} ms CPU per call")
    print(f"engine.lint_text (plan built per call): median {rebuilt:.1f} ms per call")
    cold = _cold(post, args.cold)
    print(f"lintkit check POST --no-cache, fresh process: median {cold:.0f} ms wall "
          f"({cold / warm:.0f}x one warm API call)")


if __name__ == "__main__":
    main()
