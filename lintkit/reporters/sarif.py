"""SARIF 2.1.0 (``--format sarif``) for GitHub code scanning and editors.

One run; ``tool.driver.rules`` holds every rule lintkit knows as a
``reportingDescriptor`` (docs in the chosen language), each result points to
its rule by ``ruleId`` and ``ruleIndex``. Lines and columns are 1-based,
end columns exclusive, and columns count Unicode code points
(``run.columnKind``). ``related`` become ``relatedLocations``, fixes become
``fixes`` (whole-line replacements that, applied as SARIF reads them, give
what ``--fix`` writes; the reporter reads the line lengths of files with
fixes again, so that no region points past a file's end), files that could
not be checked become
``toolExecutionNotifications`` of the invocation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any, Mapping, NamedTuple
from urllib.parse import quote

from lintkit.engine import RunResult
from lintkit.finding import Edit, Finding, Fix, Related, Severity
from lintkit.fingerprint import SARIF_KEY, Fingerprinter
from lintkit.meta import RuleMeta
from lintkit.project import rule_doc_url
from lintkit.reporters.base import TOOL, ReportOptions, finite

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict[str, Any]:
    """A path as given, as a URI: relative paths stay relative (to %SRCROOT%), absolute ones become file URIs."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # a file name that is not UTF-8 keeps its bytes: %FF, as Path.as_uri does
    return {"uri": quote(PurePath(path).as_posix(), safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def first_section(docs: str) -> str:
    """The body of a rule's first docs section ("What it does"), as plain text."""
    lines = docs.strip().splitlines()
    if lines and lines[0].startswith("## "):
        lines = lines[1:]
    body: list[str] = []
    for line in lines:
        if line.startswith("## "):
            break
        body.append(line)
    return "\n".join(body).strip() or docs.strip()


def descriptor(meta: RuleMeta, lang: str, documented: bool = True) -> dict[str, Any]:
    docs = meta.docs.get(lang) or meta.docs.get("ja", "")
    summary = meta.summary.get(lang) or meta.summary.get("ja", meta.name)
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": first_section(docs)},
        "help": {"text": docs.strip() or summary, "markdown": docs.strip() or summary},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": [meta.family], "fixable": meta.fixable},
        **({"helpUri": rule_doc_url(meta.code, meta.name)} if documented else {}),
    }


def _region(f: Finding) -> dict[str, Any]:
    return {
        "startLine": f.line + 1,
        "startColumn": f.column + 1,
        "endLine": max(f.end_line, f.line) + 1,
        "endColumn": max(f.end_column + 1, 1),
    }


def _related(r: Related, index: int) -> dict[str, Any]:
    return {
        "id": index,
        "physicalLocation": {"artifactLocation": artifact_location(r.path),
                             "region": {"startLine": r.line + 1, "startColumn": r.column + 1}},
        "message": {"text": r.message},
    }


class _Shape(NamedTuple):
    lengths: tuple[int, ...]  # of each line, without its terminator
    size: int  # characters in the file


class _Shapes:
    """The shape of each file that has fixes (read once): SARIF regions must stay inside the file."""

    def __init__(self, options: ReportOptions | None = None) -> None:
        self._shapes: dict[str, _Shape | None] = {}
        self._options = options or ReportOptions()

    def __call__(self, path: str) -> _Shape | None:
        if path not in self._shapes:
            source = self._options.source(path)  # standard input: the text checked, never the disk
            self._shapes[path] = None if source is None else _Shape(
                tuple(len(line) for line in source.lines), len(source.text))
        return self._shapes[path]


def _replacement(e: Edit, shape: _Shape | None) -> dict[str, Any]:
    """The edit as a SARIF replacement; applied as SARIF says, it gives what ``--fix`` writes.

    Whole lines ``[start, end)`` are deleted from column 1 of the first to
    column 1 of the line after the last. Lines up to the end of the file are
    deleted from the end of the line before them to the end of the last line
    (the file keeps its final line ending, as ``--fix`` does); the whole file,
    by character offsets. A replacement takes the lines' text and keeps their
    line endings. Without the file (it could not be read again), the line
    after the last stands for the end of the file.
    """
    region: dict[str, Any] = {"startLine": e.start_line + 1, "startColumn": 1,
                              "endLine": e.end_line + 1, "endColumn": 1}
    if not (e.delete and e.replacement == ""):
        if shape is not None and e.start_line < e.end_line <= len(shape.lengths):
            region = {"startLine": e.start_line + 1, "startColumn": 1,
                      "endLine": e.end_line, "endColumn": shape.lengths[e.end_line - 1] + 1}
            return {"deletedRegion": region, "insertedContent": {"text": e.replacement}}
        return {"deletedRegion": region, "insertedContent": {"text": e.replacement + "\n"}}
    if shape is not None and e.end_line >= len(shape.lengths):
        if e.start_line > 0:
            region = {"startLine": e.start_line, "startColumn": shape.lengths[e.start_line - 1] + 1,
                      "endLine": len(shape.lengths), "endColumn": shape.lengths[-1] + 1}
        else:
            region = {"charOffset": 0, "charLength": shape.size}
    return {"deletedRegion": region}


def _fix(path: str, fix: Fix, shapes: _Shapes) -> dict[str, Any]:
    shape = shapes(path)
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": artifact_location(path),
                             "replacements": [_replacement(e, shape) for e in fix.edits]}],
        "properties": {"safe": fix.safe},
    }


def result(f: Finding, rule_index: Mapping[str, int], shapes: _Shapes | None = None,
           fingerprints: Fingerprinter | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path), "region": _region(f)}}],
    }
    if f.code in rule_index:
        out["ruleIndex"] = rule_index[f.code]
    if fingerprints is not None:
        out["partialFingerprints"] = {SARIF_KEY: fingerprints(f)}
    if f.related:
        out["relatedLocations"] = [_related(r, i) for i, r in enumerate(f.related, start=1)]
    if f.fix is not None and f.fix.edits:
        out["fixes"] = [_fix(f.path, f.fix, shapes or _Shapes())]
    out["properties"] = {"rule": f.rule, "severity": f.severity.value, "data": dict(f.data)}
    return out


def render(result_: RunResult, options: ReportOptions) -> str:
    metas = dict(options.metas)
    for f in result_.findings:  # a finding of a rule without metadata still gets a descriptor
        if f.code not in metas:
            metas[f.code] = RuleMeta(f.code, f.rule, "", f.severity, {"ja": f.rule, "en": f.rule}, {},
                                     {"ja": "", "en": ""}, {})
    codes = sorted(metas)
    index = {code: i for i, code in enumerate(codes)}
    shapes = _Shapes(options)
    fingerprints = Fingerprinter()
    from lintkit.rules import all_meta

    builtin = set(all_meta())  # rules documented in docs/rules.md (user pack rules are not)
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message_in(options.lang)},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(e.path),
                **({"region": {"startLine": e.line}} if e.line else {}),
            }}],
        }
        for e in result_.errors
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL["name"],
            "version": TOOL["version"],
            "semanticVersion": TOOL["version"],
            "rules": [descriptor(metas[c], options.lang, c in builtin) for c in codes],
        }},
        "invocations": [{"executionSuccessful": not result_.errors,
                         **({"toolExecutionNotifications": notifications} if notifications else {})}],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [result(f, index, shapes, fingerprints) for f in result_.findings],
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(finite(doc), ensure_ascii=False, indent=2, default=str) + "\n"
