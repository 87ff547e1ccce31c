"""Baseline of known findings for a legacy archive (the detekt baseline / ESLint suppressions idea).

``lintkit check … --write-baseline FILE`` records the current findings;
``--baseline FILE`` (or the configuration key ``baseline``) reports only the
findings that are not in it. An entry is anchored on the file's path, the rule
code and the finding's content fingerprint (lintkit/fingerprint.py), with a
count, never on the line: inserting a paragraph above a finding does not bring
it back, and a second copy of the same flagged text is reported (the count is
exceeded).

Paths are stored relative to the baseline file's directory (``/`` separated),
so a baseline committed at the repository root works from any directory.
Entries of checked files that no longer match anything are *stale*: counted in
the summary, and dropped when the baseline is written again. Entries of files
that were not checked in this run (a pre-commit hook, a pull request) are left
alone: they are neither stale nor dropped.

The file is JSON, one entry per line, sorted, so that its diffs review well.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from lintkit.errors import ConfigError, LocatedError
from lintkit.finding import Finding
from lintkit.messages import msg, render

if TYPE_CHECKING:
    from lintkit.engine import RunResult

FORMAT = 1
Key = tuple[str, str, str]  # (path relative to the baseline's directory, code, fingerprint)


class BaselineError(LocatedError):
    """A baseline file that cannot be read or is not a lintkit baseline."""


@dataclass(frozen=True)
class Baseline:
    path: str
    counts: Mapping[Key, int]
    messages: Mapping[Key, str]

    @property
    def base(self) -> Path:
        return Path(os.path.abspath(self.path)).parent


@dataclass(frozen=True)
class Outcome:
    """What applying a baseline did: findings it hid, entries of checked files that matched nothing."""

    suppressed: int
    stale: int
    baseline: str


@dataclass(frozen=True)
class Written:
    entries: int  # findings recorded (counting repeats)
    pruned: int  # entries of checked files that no longer matched, dropped
    kept: int  # entries of files not checked in this run, kept as they were
    baseline: str


def key_path(path: str, base: Path) -> str:
    """A finding's path as the baseline stores it: relative to ``base`` when inside it, ``/`` separated."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def _keys(findings: Iterable[Finding], base: Path, fingerprint: Callable[[Finding], str]) -> list[Key]:
    return [(key_path(f.path, base), f.code, fingerprint(f)) for f in findings]


def load(path: str) -> Baseline:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BaselineError(path, msg("baseline.not-found")) from None
    except OSError as exc:
        raise BaselineError(path, msg("baseline.cannot-read", detail=exc.strerror or exc)) from None
    try:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("tool") != "lintkit" or doc.get("format") != FORMAT:
            raise ValueError("not a lintkit baseline of format 1")
        counts: dict[Key, int] = {}
        messages: dict[Key, str] = {}
        for entry in doc["entries"]:
            key = (str(entry["path"]), str(entry["code"]), str(entry["fingerprint"]))
            count = entry.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise ValueError("an entry's count must be a positive integer")
            counts[key] = counts.get(key, 0) + count
            messages.setdefault(key, str(entry.get("message", "")))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BaselineError(path, msg("baseline.invalid", detail=exc)) from None
    return Baseline(path, counts, messages)


def apply(result: "RunResult", baseline: Baseline, fingerprint: Callable[[Finding], str]) -> tuple["RunResult", Outcome]:
    """The run without the findings the baseline knows, and what that did."""
    base = baseline.base
    left = Counter(baseline.counts)
    kept: list[Finding] = []
    for f, key in zip(result.findings, _keys(result.findings, base, fingerprint)):
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(f)
    checked = {key_path(p, base) for p in result.files}
    stale = sum(n for (path, _, _), n in left.items() if n > 0 and path in checked)
    outcome = Outcome(len(result.findings) - len(kept), stale, baseline.path)
    return replace(result, findings=kept), outcome


def write(path: str, result: "RunResult", fingerprint: Callable[[Finding], str]) -> Written:
    """Record the run's findings in ``path`` (atomically). Entries of files this run did not check are kept
    from the file already there; those of checked files are replaced (the stale ones thereby dropped)."""
    base = Path(os.path.abspath(path)).parent
    previous = load(path) if os.path.exists(path) else None
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for f, key in zip(result.findings, _keys(result.findings, base, fingerprint)):
        counts[key] += 1
        messages.setdefault(key, f.message)
    checked = {key_path(p, base) for p in result.files} | {k[0] for k in counts}
    kept = pruned = 0
    if previous is not None:
        still = Counter(counts)
        for key, n in previous.counts.items():
            if key[0] not in checked:
                counts[key] += n
                messages.setdefault(key, previous.messages.get(key, ""))
                kept += n
            else:
                pruned += max(0, n - still[key])
    lines = [json.dumps({"path": k[0], "code": k[1], "fingerprint": k[2], "count": counts[k],
                         "message": messages.get(k, "")}, ensure_ascii=False)
             for k in sorted(counts)]
    text = ('{"tool": "lintkit", "format": %d,\n "entries": [\n  %s\n ]}\n'
            % (FORMAT, ",\n  ".join(lines))) if lines else '{"tool": "lintkit", "format": %d, "entries": []}\n' % FORMAT
    tmp = f"{path}.lintkit-tmp"
    try:
        Path(tmp).write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise BaselineError(path, msg("baseline.cannot-write", detail=exc.strerror or exc)) from None
    return Written(sum(counts.values()) - kept, pruned, kept, path)


def applied_words(o: Outcome, lang: str) -> str:
    text = render(msg("baseline.applied", baseline=o.baseline, n=o.suppressed), lang)
    if o.stale:
        text += render(msg("baseline.stale", n=o.stale), lang)
    return text


def written_words(w: Written, lang: str) -> str:
    text = render(msg("baseline.written", baseline=w.baseline, n=w.entries), lang)
    if w.pruned:
        text += render(msg("baseline.pruned", n=w.pruned), lang)
    if w.kept:
        text += render(msg("baseline.kept", n=w.kept), lang)
    return text


def validate_config(path: str, key: str, value: Any, base: Path) -> str:
    """The configuration key ``baseline``: a file path, relative to the configuration file."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, msg("baseline.config"), key=key)
    return value if os.path.isabs(value) else str(base / value)
