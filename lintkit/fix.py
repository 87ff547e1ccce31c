"""Safe automatic fixes (``--fix``) and their preview (``--diff``).

Only fixes marked ``safe`` are applied (generation markers and stray
separators, exact duplicate paragraphs, conflicts whose choice is
unambiguous). A fix is a set of whole-line ``Edit``s applied together or not
at all; when fixes overlap, the one that starts first (then: ends first,
then: its code) wins and the others wait for the next pass. Passes repeat,
re-checking the text each time, until nothing is left to fix (as ruff does),
so a second ``--fix`` changes nothing.

Bytes outside the edited lines are never touched: the BOM, each line's own
terminator (``\\n``, ``\\r\\n`` or ``\\r``), the final newline or its absence,
and the file mode are kept. Writes are atomic: a temporary file in the same
directory, then ``os.replace``.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from lintkit.config import Config
from lintkit.discover import discover
from lintkit.engine import Plan, RunResult, lint_paths
from lintkit.escape import printable
from lintkit.errors import InputError, LocatedError
from lintkit.finding import Edit, Finding, Fix
from lintkit.archive.cache import digest
from lintkit.messages import msg
from lintkit.output import temp_prefix
from lintkit.source import BinaryFile, SourceText, decode, read_bytes

MAX_PASSES = 10

_WORDS = {
    "fixed": {"ja": "{n}件の指摘を修正しました（{files}ファイル）", "en": "Fixed {n} finding(s) in {files} file(s)."},
    "would": {"ja": "{n}件の指摘を修正できます（{files}ファイル）", "en": "Would fix {n} finding(s) in {files} file(s)."},
    "nothing": {"ja": "修正できる指摘はありません", "en": "No fixable findings."},
    "unwritten": {"ja": "{n}件の修正は書き込めませんでした（{files}ファイル、理由は上記）",
                  "en": "{n} fix(es) in {files} file(s) could not be written (see above)."},
}


def words(key: str, lang: str, **args: object) -> str:
    table = _WORDS[key]
    return (table.get(lang) or table["ja"]).format(**args)


# ---------------------------------------------------------------- applying edits

def safe_fixes(findings: Iterable[Finding]) -> list[Fix]:
    return [f.fix for f in findings if f.fix is not None and f.fix.safe and f.fix.edits]


def _conflicts(a: Edit, b: Edit) -> bool:
    return (a.start_line < b.end_line and b.start_line < a.end_line) or a.start_line == b.start_line


def select_fixes(fixes: Sequence[Fix], nlines: int) -> list[Fix]:
    """The fixes that can be applied together: in range, not overlapping; deterministic order."""
    def key(fix: Fix) -> tuple[int, int, str, tuple[tuple[int, int, str, bool], ...]]:
        edits = tuple((e.start_line, e.end_line, e.replacement, e.delete) for e in fix.edits)
        return (min(e.start_line for e in fix.edits), max(e.end_line for e in fix.edits), fix.description, edits)

    accepted: list[Fix] = []
    taken: list[Edit] = []
    seen: set[tuple[tuple[int, int, str, bool], ...]] = set()
    for fix in sorted(fixes, key=key):
        k = key(fix)[3]
        if k in seen:
            continue
        if any(not 0 <= e.start_line <= e.end_line <= nlines for e in fix.edits):
            continue
        edits = sorted(fix.edits, key=lambda e: (e.start_line, e.end_line))
        if any(_conflicts(x, y) for x, y in zip(edits, edits[1:])):
            continue
        if any(_conflicts(e, t) for e in edits for t in taken):
            continue
        seen.add(k)
        accepted.append(fix)
        taken.extend(edits)
    return accepted


def _dominant_ending(endings: Sequence[str]) -> str:
    counts = Counter(e for e in endings if e)
    return counts.most_common(1)[0][0] if counts else "\n"


def apply_edits(source: SourceText, edits: Iterable[Edit]) -> bytes:
    """The file's bytes with non-overlapping whole-line ``edits`` applied."""
    lines, endings = list(source.lines), list(source.endings)
    if source.text == "":
        lines, endings = [], []
    eol = _dominant_ending(endings)
    out_lines: list[str] = []
    out_endings: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start_line, e.end_line)):
        out_lines.extend(lines[pos:e.start_line])
        out_endings.extend(endings[pos:e.start_line])
        if not (e.delete and e.replacement == ""):
            new = e.replacement.split("\n")
            if e.end_line > e.start_line:  # replaced lines: their own terminators
                last_ending = endings[e.end_line - 1]
                inner = endings[e.start_line] or eol
            else:  # inserted lines: the terminator of the line before them
                last_ending = inner = (endings[e.start_line - 1] if e.start_line > 0 else "") or eol
            out_lines.extend(new)
            out_endings.extend([inner] * (len(new) - 1) + [last_ending])
        pos = max(pos, e.end_line)
    out_lines.extend(lines[pos:])
    out_endings.extend(endings[pos:])
    if out_lines:
        # every line but the last keeps a terminator; the last one ends like the original file did
        final = endings[-1] if endings else ""
        for i in range(len(out_endings) - 1):
            if not out_endings[i]:
                out_endings[i] = eol
        out_endings[-1] = final
    return source.render(out_lines, out_endings)


# ---------------------------------------------------------------- one file

@dataclass
class FileFix:
    """What fixing one file did (or would do)."""

    path: str
    original: bytes
    fixed: bytes
    applied: int = 0  # fixes applied over all passes
    remaining: list[Finding] = field(default_factory=list)  # findings of the fixed text
    errors: list[LocatedError] = field(default_factory=list)  # of the last check (a rule that crashed)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(plan: Plan, source: SourceText, original: bytes) -> FileFix:
    """Apply safe fixes to one text until none is left (at most MAX_PASSES passes)."""
    checked = plan.check_source(source)
    findings = checked.findings
    current, data = source, original
    applied = 0
    for _ in range(MAX_PASSES):
        chosen = select_fixes(safe_fixes(findings), len(current.lines))
        if not chosen:
            break
        new = apply_edits(current, (e for fix in chosen for e in fix.edits))
        if new == data:
            break
        applied += len(chosen)
        data = new
        current = decode(source.path, new)
        checked = plan.check_source(current)
        findings = checked.findings
    return FileFix(source.path, original, data, applied, findings, list(checked.errors))


class NotWritten(InputError):
    """A fixed file that was deliberately left alone (it changed meanwhile, its owner cannot be kept...)."""


def writable(path: str) -> bool:
    """Whether the user means the file to be written: it has a write bit, and this user may write it.

    Root may write anything, so a file without any write bit (``chmod 444``) counts as read-only
    for root too, as it does for ``rm`` and editors.
    """
    try:
        info = os.stat(path)
    except OSError:
        return True  # the write reports the problem
    return bool(info.st_mode & 0o222) and os.access(path, os.W_OK)


def _unchanged(path: str, before: os.stat_result, original: bytes) -> bool:
    """The file still is what was read: same inode, size, mtime and content."""
    try:
        now = os.stat(path)
        if (now.st_ino, now.st_dev, now.st_size, now.st_mtime_ns) != \
                (before.st_ino, before.st_dev, before.st_size, before.st_mtime_ns):
            return False
        return digest(read_bytes(path)) == digest(original)
    except (OSError, LocatedError):
        return False


def write_atomic(path: str, data: bytes, *, original: bytes | None = None,
                 before: os.stat_result | None = None) -> None:
    """Replace ``path``'s content atomically, keeping its mode, owner and group (a symlink's target is written).

    With ``original`` and ``before`` (the bytes read and the ``os.stat`` taken before reading them),
    the file is checked again right before the replace: if it changed meanwhile (an editor saved it),
    it is left alone and NotWritten is raised. A file with several hard links is not replaced (that
    would split the links), nor one whose owner or group cannot be kept.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        info = os.stat(target)
        if info.st_nlink > 1:
            raise NotWritten(path, msg("fix.hard-links", n=info.st_nlink))
        mode = stat.S_IMODE(info.st_mode)
        import tempfile  # here: a check that fixes nothing never loads it (start-up time)

        fd, tmp = tempfile.mkstemp(dir=directory, prefix=temp_prefix(os.path.basename(target)),
                                   suffix=".lintkit-tmp")
    except OSError as exc:
        raise InputError(path, msg("fix.cannot-write", detail=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        created = os.stat(tmp)
        if (created.st_uid, created.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.chown(tmp, info.st_uid, info.st_gid)
            except PermissionError:
                raise NotWritten(path, msg("fix.owner", owner=f"{info.st_uid}:{info.st_gid}")) from None
        os.chmod(tmp, mode)  # after chown, which clears the set-id bits
        if original is not None and before is not None and not _unchanged(target, before, original):
            raise NotWritten(path, msg("fix.changed-meanwhile"))
        os.replace(tmp, target)
    except BaseException as exc:  # Ctrl-C or a full disk mid-write: the original is untouched, no litter left
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
        raise InputError(path, msg("fix.cannot-write", detail=exc.strerror or exc)) from None


# ---------------------------------------------------------------- a run

@dataclass
class FixRun:
    files: list[FileFix] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)
    notes: list[LocatedError] = field(default_factory=list)  # files left alone on purpose (read-only)
    unwritten: list[FileFix] = field(default_factory=list)  # fixes found but not written (errors or notes say why)

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)


def summary(run: FixRun, lang: str) -> str:
    """The one-line summary of ``--fix``: what was fixed, and what was found but not written."""
    done = words("fixed", lang, n=run.applied, files=len(run.changed)) if run.changed else ""
    if run.unwritten:
        lost = words("unwritten", lang, n=sum(f.applied for f in run.unwritten), files=len(run.unwritten))
        return f"{done} {lost}" if done else lost
    return done or words("nothing", lang)


def fix_paths(paths: Iterable[str], config: Config, *, write: bool, stdin: bytes | None = None,
              stdin_filename: str = "-") -> FixRun:
    """Fix files (``write=True``) or only compute the fixes (``--diff``). ``-`` is fixed in memory only."""
    plan = Plan(config)
    run = FixRun()
    paths = list(paths)
    found = discover([p for p in paths if p != "-"], config.exclude)
    run.errors.extend(found.errors)
    if "-" in paths:
        data = stdin or b""
        try:
            run.files.append(fix_source(plan, decode(stdin_filename, data), data))
        except LocatedError as exc:
            run.errors.append(exc)
    for path in found.files:
        try:
            before = os.stat(path)
            original = read_bytes(path)
            source = decode(path, original)
        except BinaryFile:
            continue  # not an article: the check that follows notes it, as a plain check does
        except LocatedError as exc:
            run.errors.append(exc)
            continue
        except OSError as exc:
            run.errors.append(InputError(path, msg("file.cannot-read", detail=exc.strerror or exc)))
            continue
        if source.render(list(source.lines), list(source.endings)) != original:
            run.errors.append(InputError(path, msg("fix.changed")))
            continue
        result = fix_source(plan, source, original)
        if write and result.changed:
            if not writable(path):
                run.notes.append(NotWritten(path, msg("fix.read-only", n=result.applied)))
                run.unwritten.append(result)
                continue
            try:
                write_atomic(path, result.fixed, original=original, before=before)
            except LocatedError as exc:
                run.errors.append(exc)
                run.unwritten.append(result)
                continue
        run.files.append(result)
    return run


def unified_diff(fix: FileFix) -> str:
    """A unified diff of one file's fixes (``\\ No newline at end of file`` as git writes it)."""
    if not fix.changed:
        return ""
    a = decode(fix.path, fix.original)
    b = decode(fix.path, fix.fixed)
    old = [t + e for t, e in zip(a.lines, a.endings)] if a.text else []
    new = [t + e for t, e in zip(b.lines, b.endings)] if b.text else []
    out: list[str] = []
    name = printable(fix.path)  # the lines are the article's own (a patch must apply); the name is shown
    for line in difflib.unified_diff(old, new, fromfile=name, tofile=name):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_then_lint(paths: Sequence[str], config: Config) -> tuple[FixRun, RunResult]:
    """``--fix``: write the safe fixes, then check again and return the remaining findings (as ruff does).

    The report comes from the ordinary ``lint_paths`` so that it is exactly
    what a plain ``check`` of the fixed files says; errors of the fix pass
    that the check does not see (a file that could not be written) join it.
    """
    run = fix_paths(paths, config, write=True)
    result = lint_paths(paths, config)
    known = {str(e) for e in result.errors}
    result.errors.extend(e for e in run.errors if str(e) not in known)
    result.notes.extend(run.notes)
    return run, result
