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
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, Sequence

from lintkit.archive.cache import Cache, digest
from lintkit.config import Config
from lintkit.errors import LocatedError, WorkerDied
from lintkit.results import FileResult
from lintkit.source import read_bytes
from lintkit.messages import msg

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

MIN_PARALLEL = 8  # fewer files than this are checked in-process
CHUNKS_PER_WORKER = 8  # tasks per worker: small enough to balance, big enough to amortize IPC

Progress = Callable[[int], None]
Checked = tuple[str | None, FileResult]  # (digest of the bytes checked, or None if unreadable; the result)


class Checker(Protocol):
    """What checks one file (``engine.Plan``): this module runs it, in this process or in workers."""

    config: Config
    cross: bool

    def check_bytes(self, path: str, data: bytes) -> FileResult: ...


class CheckerFactory(Protocol):
    """Builds a worker's own checker (``engine.Plan`` itself: a class pickles by reference)."""

    def __call__(self, config: Config, *, cross: bool = False) -> Checker: ...


_CHECKER: Checker | None = None  # the worker's checker, built by _init


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def check_one(plan: Checker, path: str) -> Checked:
    """Read and check one file: (digest of the bytes checked, or None if unreadable; FileResult)."""
    try:
        data = read_bytes(path)
    except LocatedError as exc:
        return None, FileResult(path, errors=[exc], checked=False)
    return digest(data), plan.check_bytes(path, data)


def check_files(plan: Checker, paths: Sequence[str], *, jobs: int = 1, cache: Cache | None = None,
                need_fingerprint: bool = False, progress: Progress | None = None,
                factory: CheckerFactory | None = None) -> list[FileResult]:
    """FileResults for ``paths``, in that order: from the cache, from this process, or from workers.

    ``factory`` builds each worker's own checker like ``plan`` (``engine.Plan``); without one,
    every file is checked in this process.
    """
    results: list[FileResult | None] = [None] * len(paths)
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
    checked: Iterator[Checked]
    if factory is None or workers <= 1 or len(todo_paths) < MIN_PARALLEL:
        checked = (check_one(plan, p) for p in todo_paths)
    else:
        checked = _in_pool(factory, plan.config, plan.cross, todo_paths, workers)
    for i, (content_digest, result) in zip(todo, checked):
        results[i] = result
        if cache is not None and content_digest is not None:
            cache.put(paths[i], content_digest, result)
        if progress is not None:
            progress(1)
    return [r for r in results if r is not None]


def _context() -> "multiprocessing.context.BaseContext":
    import multiprocessing

    # fork is fast (the modules are imported already); the workers build their own Plan and Tagger anyway
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# The signals that stop a run (Ctrl-C; SIGTERM and SIGHUP, which the CLI turns into the same unwinding).
_STOPPING = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back the stopping signals while a pool starts; one that arrived meanwhile is raised on leaving.

    Starting a pool forks its workers and its threads. An exception raised by a signal handler in the
    middle of that is unsafe: raised in an at-fork hook, Python prints and drops it (the run goes on as if
    no signal came); raised half-way through, the executor is left without its manager thread (its
    shutdown raises) or with a forked worker it does not know about (the exit then waits for it forever).
    The threads and workers started here inherit the mask: the threads keep it (a signal for the process
    goes to the main thread, whose handler unwinds the run), the workers clear it in ``_init``.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no fork either
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _close(executor: ProcessPoolExecutor | None, finished: bool) -> None:
    """Shut the pool down; when the run was interrupted (Ctrl-C, an error here), stop the workers first rather
    than wait for the chunks in flight, so that the interpreter's exit does not hang on (or print a traceback
    from) the pool's thread."""
    if executor is None:
        return
    if not finished:
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def _in_pool(factory: CheckerFactory, config: Config, cross: bool, paths: list[str],
             workers: int) -> Iterator[Checked]:
    # imported here: a one-file run (the pre-commit case) never pays for multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunksize = max(1, len(paths) // (workers * CHUNKS_PER_WORKER))
    executor: ProcessPoolExecutor | None = None
    finished = False
    done = 0
    try:
        with _signals_held():  # map() submits every chunk, which forks the workers and starts the threads
            executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init,
                                           initargs=(factory, config, cross, os.getpid()))
            results = executor.map(_work, paths, chunksize=chunksize)
        for content_digest, result in results:
            yield content_digest, result
            done += 1
        finished = True
    except BrokenProcessPool:
        finished = True  # the pool is dead already: nothing to terminate
    finally:
        _close(executor, finished)
    # A worker died (out of memory, a crash in a native library): the files not reported yet are checked
    # again one by one, each in a process of its own, so that only the file that kills its process is lost.
    for path in paths[done:]:
        yield _isolated(factory, config, cross, path)


def _isolated(factory: CheckerFactory, config: Config, cross: bool, path: str) -> Checked:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor: ProcessPoolExecutor | None = None
    finished = False
    try:
        with _signals_held():
            executor = ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_init,
                                           initargs=(factory, config, cross, os.getpid()))
            future = executor.submit(_work, path)
        try:
            content_digest, result = future.result()
        except BrokenProcessPool:
            died = WorkerDied(path, msg("internal.worker-died"))
            content_digest, result = None, FileResult(path, errors=[died], checked=False)
        finished = True
    finally:
        _close(executor, finished)
    return content_digest, result


def _init(factory: CheckerFactory, config: Config, cross: bool, parent: int) -> None:
    global _CHECKER
    from lintkit import morph

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held by the parent while it forked this worker
    morph.tagger.cache_clear()  # a tokenizer of its own, never one inherited through fork
    _CHECKER = factory(config, cross=cross)
    morph.tagger()


def _die_with(parent: int) -> None:
    """End this worker when the parent process ends, however it ends (SIGKILL, a crash, the OOM killer).

    The parent stops its workers itself when it can (Ctrl-C, SIGTERM, SIGHUP); this covers the deaths it
    cannot handle. Linux: PR_SET_PDEATHSIG; elsewhere the pool's own broken-pipe detection remains.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # how the parent stops its workers: always the default
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # under nohup the workers survive a hangup too
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


def _work(path: str) -> Checked:
    assert _CHECKER is not None, "a worker checks files only after _init"
    return check_one(_CHECKER, path)  # errors (LocatedError) pickle as they are
