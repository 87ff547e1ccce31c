"""Checking many files: the cache first, then the misses in a pool of worker processes.

Each worker builds one ``Plan`` (rules, options, compiled packs) and one
fugashi ``Tagger`` in its initializer and then runs ``Plan.check_bytes``,
the same per-file path as a single-process run, on the files it is given.
Results come back in the order of the input (``Executor.map``), so a run
with ``--jobs 4`` reports exactly what ``--jobs 1`` reports, byte for byte.

A pool costs a fork and a tokenizer per worker: with fewer than
``MIN_PARALLEL`` files to check (the pre-commit case), or ``jobs <= 1``,
the files are checked in this process instead.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, Callable, Sequence

from lintkit.archive.cache import Cache, digest
from lintkit.config import Config
from lintkit.errors import LocatedError, WorkerDied
from lintkit.source import read_bytes
from lintkit.messages import msg

MIN_PARALLEL = 8  # fewer files than this are checked in-process
CHUNKS_PER_WORKER = 8  # tasks per worker: small enough to balance, big enough to amortize IPC

Progress = Callable[[int], None]

_PLAN: Any = None  # the worker's Plan, built by _init


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def check_one(plan: Any, path: str) -> tuple[str | None, Any]:
    """Read and check one file: (digest of the bytes checked, or None if unreadable; FileResult)."""
    from lintkit.engine import FileResult

    try:
        data = read_bytes(path)
    except LocatedError as exc:
        return None, FileResult(path, errors=[exc], checked=False)
    return digest(data), plan.check_bytes(path, data)


def check_files(plan: Any, paths: Sequence[str], *, jobs: int = 1, cache: Cache | None = None,
                need_fingerprint: bool = False, progress: Progress | None = None) -> list[Any]:
    """FileResults for ``paths``, in that order: from the cache, from this process, or from workers."""
    from lintkit.engine import FileResult

    results: list[Any] = [None] * len(paths)
    todo: list[int] = []
    for i, path in enumerate(paths):
        hit = None
        if cache is not None:
            try:
                hit = cache.get(path, digest(read_bytes(path)), FileResult, need_fingerprint=need_fingerprint)
            except LocatedError:
                hit = None  # the check reports it
        if hit is not None:
            results[i] = hit
            if progress is not None:
                progress(1)
        else:
            todo.append(i)
    todo_paths = [paths[i] for i in todo]
    workers = min(jobs, len(todo_paths), default_jobs())  # never more processes than files or cores
    if workers <= 1 or len(todo_paths) < MIN_PARALLEL:
        checked = (check_one(plan, p) for p in todo_paths)
    else:
        checked = _in_pool(plan.config, plan.cross, todo_paths, workers)
    for i, (content_digest, result) in zip(todo, checked):
        results[i] = result
        if cache is not None and content_digest is not None:
            cache.put(paths[i], content_digest, result)
        if progress is not None:
            progress(1)
    return results


def _context() -> Any:
    import multiprocessing

    # fork is fast (the modules are imported already); the workers build their own Plan and Tagger anyway
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _in_pool(config: Config, cross: bool, paths: list[str], workers: int) -> Any:
    # imported here: a one-file run (the pre-commit case) never pays for multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunksize = max(1, len(paths) // (workers * CHUNKS_PER_WORKER))
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init,
                                   initargs=(config, cross, os.getpid()))
    finished = False
    done = 0
    try:
        for content_digest, packed in executor.map(_work, paths, chunksize=chunksize):
            yield content_digest, _unpack(packed)
            done += 1
        finished = True
    except BrokenProcessPool:
        finished = True  # the pool is dead already: nothing to terminate
    finally:
        if not finished:
            # interrupted (Ctrl-C, an error here): stop the workers rather than wait for the chunks in flight,
            # so that the interpreter's exit does not hang on (or print a traceback from) the pool's thread
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
    # A worker died (out of memory, a crash in a native library): the files not reported yet are checked
    # again one by one, each in a process of its own, so that only the file that kills its process is lost.
    for path in paths[done:]:
        yield _isolated(config, cross, path)


def _isolated(config: Config, cross: bool, path: str) -> tuple[str | None, Any]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from lintkit.engine import FileResult

    with ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_init,
                             initargs=(config, cross, os.getpid())) as executor:
        try:
            content_digest, packed = executor.submit(_work, path).result()
        except BrokenProcessPool:
            died = WorkerDied(path, msg("internal.worker-died"))
            return None, FileResult(path, errors=[died], checked=False)
    return content_digest, _unpack(packed)


def _init(config: Config, cross: bool, parent: int) -> None:
    global _PLAN
    from lintkit import morph

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with(parent)
    from lintkit.engine import Plan

    morph.tagger.cache_clear()  # a tokenizer of its own, never one inherited through fork
    _PLAN = Plan(config, cross=cross)
    morph.tagger()


def _die_with(parent: int) -> None:
    """End this worker when the parent process ends, however it ends (SIGKILL, a crash, the OOM killer).

    The parent stops its workers itself when it can (Ctrl-C, SIGTERM, SIGHUP); this covers the deaths it
    cannot handle. Linux: PR_SET_PDEATHSIG; elsewhere the pool's own broken-pipe detection remains.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # handlers inherited from the parent through fork: not here
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above: nobody wants the results
        os._exit(1)


def _work(path: str) -> tuple[str | None, Any]:
    content_digest, result = check_one(_PLAN, path)
    return content_digest, _pack(result)


# Exceptions with keyword-only constructor arguments (LocatedError) do not survive pickling as
# they are; errors travel as (class, attributes) and are rebuilt on the other side.

def _pack(result: Any) -> Any:
    result.errors = [_ErrorBox.of(e) for e in result.errors]
    if hasattr(result, "notes"):
        result.notes = [_ErrorBox.of(e) for e in result.notes]
    return result


def _unpack(result: Any) -> Any:
    result.errors = [e.rebuild() for e in result.errors]
    if hasattr(result, "notes"):
        result.notes = [e.rebuild() for e in result.notes]
    return result


class _ErrorBox:
    __slots__ = ("cls", "state", "text")

    def __init__(self, cls: type[BaseException], state: dict[str, Any], text: str) -> None:
        self.cls = cls
        self.state = state
        self.text = text

    @classmethod
    def of(cls, exc: BaseException) -> "_ErrorBox":
        state = {k: v for k, v in vars(exc).items() if k != "exc"}
        if "exc" in vars(exc):  # RuleCrash: the original exception as text only
            state["exc"] = RuntimeError(str(vars(exc)["exc"]))
        return cls(type(exc), state, str(exc))

    def rebuild(self) -> BaseException:
        exc = self.cls.__new__(self.cls)
        Exception.__init__(exc, self.text)
        vars(exc).update(self.state)
        return exc

    def __getstate__(self) -> tuple[type, dict[str, Any], str]:
        return self.cls, self.state, self.text

    def __setstate__(self, state: tuple[type, dict[str, Any], str]) -> None:
        self.cls, self.state, self.text = state
