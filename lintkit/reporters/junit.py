"""JUnit XML (``--format junit``) for CI systems that show test reports.

One ``testsuite`` named lintkit; one ``testcase`` per checked file (passed
when clean); one ``failure`` per finding, typed by code and rule; a file that
could not be read or checked is a testcase with an ``error``. Text that XML
1.0 cannot hold (control characters) is replaced, so the output always
parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lintkit.engine import RunResult
from lintkit.finding import Finding
from lintkit.reporters.base import ReportOptions

_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _failure(case: ET.Element, f: Finding) -> None:
    node = ET.SubElement(case, "failure", {
        "type": clean(f"{f.code} {f.rule}"),
        "message": clean(f.message),
    })
    node.text = clean(f"{f.path}:{f.line + 1}:{f.column + 1}: {f.code} [{f.severity.value}] {f.rule} {f.message}")


def render(result: RunResult, options: ReportOptions) -> str:
    by_file: dict[str, list[Finding]] = {p: [] for p in result.files}
    for f in result.findings:
        by_file.setdefault(f.path, []).append(f)
    errors_by_file: dict[str, list[str]] = {}
    for e in result.errors:
        errors_by_file.setdefault(e.path, []).append(e.render(options.lang))
    paths = list(by_file) + [p for p in errors_by_file if p not in by_file]
    failed = sum(1 for p in paths if by_file.get(p))
    errored = sum(1 for p in paths if p in errors_by_file and not by_file.get(p))
    attrs = {"name": "lintkit", "tests": str(len(paths)), "failures": str(failed), "errors": str(errored)}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", {**attrs, "skipped": "0"})
    for path in paths:
        case = ET.SubElement(suite, "testcase", {"classname": "lintkit", "name": clean(path), "file": clean(path)})
        for f in by_file.get(path, []):
            _failure(case, f)
        for message in errors_by_file.get(path, []):
            node = ET.SubElement(case, "error", {"type": "input-error", "message": clean(message)})
            node.text = clean(message)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
