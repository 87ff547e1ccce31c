"""Library entry point of ``lintkit claims``: every numeric claim of some files, checked or not."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from lintkit import __version__
from lintkit.config import Config
from lintkit.discover import discover
from lintkit.document import Document
from lintkit.errors import LocatedError, RuleCrash
from lintkit.escape import finite, printable
from lintkit.facts.binding import mismatch_code
from lintkit.facts.runtime import FactsRuntime
from lintkit.source import BinaryFile, read_source

STATUSES = ("match", "mismatch", "unverifiable", "unbound")


@dataclass
class ClaimsResult:
    files: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)
    notes: list[LocatedError] = field(default_factory=list)  # files skipped on purpose (binary)

    def counts(self) -> dict[str, int]:
        c = Counter(r["status"] for r in self.claims)
        return {s: c.get(s, 0) for s in STATUSES}


def runtime_for(config: Config) -> FactsRuntime:
    """The fact runtime a configuration asks for (its reference data, aliases and field names)."""
    return FactsRuntime.load(config.reference, aliases=config.extra.get("aliases"),
                             fields=config.extra.get("reference-fields"),
                             config_path=config.path or "<configuration>")


def collect_claims(paths: Iterable[str], config: Config, runtime: FactsRuntime | None = None) -> ClaimsResult:
    """Claims of every Markdown file under ``paths`` (ReferenceDataError if the reference data is invalid)."""
    rt = runtime or runtime_for(config)
    result = ClaimsResult()
    found = discover(list(paths), config.exclude)
    result.errors.extend(found.errors)
    for path in found.files:
        try:
            doc = Document.parse(read_source(path))
            records = rt.records(doc)
        except BinaryFile as exc:
            result.notes.append(exc)
            continue
        except LocatedError as exc:
            result.errors.append(exc)
            continue
        except Exception as exc:  # a bug loses this file's claims, not the whole listing
            result.errors.append(RuleCrash(path, "claims", exc))
            continue
        result.files.append(path)
        result.claims.extend(records)
    return result


def render_json(result: ClaimsResult) -> str:
    doc = {
        "version": 1,
        "tool": {"name": "lintkit", "version": __version__},
        "summary": {"files": len(result.files), "claims": len(result.claims), **result.counts()},
        "claims": result.claims,
        "input_errors": [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors],
        "notes": [{"path": e.path, "message": e.message} for e in result.notes],
    }
    return json.dumps(finite(doc), ensure_ascii=False, indent=2) + "\n"


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "〜".join(_num(v) for v in value)
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:.4g}"


def render_text(result: ClaimsResult, lang: str = "ja") -> str:
    """One claim per line: ``path:line:col  status  entity  attribute  text  [expected]``, then a summary."""
    rows = []
    for r in result.claims:
        entity = r["entity"] or (f"?{r['entity_name']}" if r["entity_name"] else "-")
        expected = f"expected {_num(r['expected'])}" if r["status"] == "mismatch" else ""
        doubts = [str(d) for d in r.get("doubts") or ()]
        if r["status"] == "mismatch" and doubts:  # F205's (F204's when the reference moved on since the post),
            expected += f" ({mismatch_code(doubts)}: {', '.join(doubts)})"  # with what made it uncertain
        if r["status"] == "unverifiable" and r.get("suggestion"):
            expected = f"(similar: {r['suggestion']})"
        rows.append((f"{printable(r['path'])}:{r['line']}:{r['column']}", r["status"], printable(entity),
                     r["attribute"] or "-", printable(r["text"]), printable(expected)))
    out = []
    if rows:
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            out.append("  ".join(col.ljust(widths[i]) if i < 5 else col for i, col in enumerate(row)).rstrip())
    c = result.counts()
    n, files = len(result.claims), len(result.files)
    if lang == "en":
        out.append(f"{n} claim{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}: "
                   + ", ".join(f"{c[s]} {s}" for s in STATUSES))
    else:
        names = {"match": "一致", "mismatch": "不一致", "unverifiable": "検証不能", "unbound": "未結合"}
        out.append(f"{files}ファイルで{n}件の数値の記述（" + "、".join(f"{names[s]}{c[s]}" for s in STATUSES) + "）")
    return "\n".join(out) + "\n"
