"""Release hygiene: one version, a changelog section for it, the MIT license, one project address,
and docs that pin only versions the changelog knows (docs/releasing.md)."""

from __future__ import annotations

import re
import sys

import pytest

import lintkit
from lintkit import project
from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
CHANGELOG_VERSIONS = set(re.findall(r"^## (\d+\.\d+\.\d+) \(", CHANGELOG, flags=re.M))
PINNING_DOCS = ["README.md", "docs/ci.md", "docs/releasing.md"]
PIN = re.compile(r"(?:rev:\s*|@)v(\d+\.\d+\.\d+)\b")


def test_one_version_with_a_changelog_section() -> None:
    assert PYPROJECT["project"]["version"] == lintkit.__version__
    assert lintkit.__version__ in CHANGELOG_VERSIONS


def test_distribution_name_and_addresses_agree() -> None:
    meta = PYPROJECT["project"]
    assert meta["name"] == project.DISTRIBUTION != "lintkit"
    assert meta["scripts"] == {"lintkit": "lintkit.cli:main"}
    assert all(url.startswith(project.REPOSITORY + "/") or url == project.REPOSITORY
               for url in meta["urls"].values())
    for doc in PINNING_DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        for url in re.findall(r"https://github\.com/[\w.-]+/lintkit\b", text):
            assert url == project.REPOSITORY, (doc, url)


def test_license_is_the_mit_text_pyproject_declares() -> None:
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text


@pytest.mark.parametrize("doc", PINNING_DOCS)
def test_docs_pin_only_versions_of_the_changelog(doc: str) -> None:
    pins = PIN.findall((ROOT / doc).read_text(encoding="utf-8"))
    assert set(pins) <= CHANGELOG_VERSIONS, (doc, pins)


def test_pin_pattern_sees_every_form_the_docs_use() -> None:
    sample = 'rev: v9.9.9\nuses: lintkit-ja/lintkit@v8.8.8\n"lintkit-ja @ git+https://x/lintkit@v7.7.7"'
    assert PIN.findall(sample) == ["9.9.9", "8.8.8", "7.7.7"]


def test_rule_doc_links_are_anchors_of_docs_rules_md() -> None:
    from lintkit.rules import all_meta

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for meta in all_meta().values():
        url = project.rule_doc_url(meta.code, meta.name)
        assert url.startswith(project.RULES_DOC + "#")
        anchor = url.rpartition("#")[2]
        assert f"### {meta.code} {meta.name}\n" in page and anchor == f"{meta.code.lower()}-{meta.name}"
