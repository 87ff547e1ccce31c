"""Where the project lives: the one place that names its distribution and its repository URL.

The SARIF reporter links each rule to its section of docs/rules.md here
(``helpUri``); pyproject.toml's ``[project.urls]`` and the docs use the same
address (a test checks that they agree).
"""

from __future__ import annotations

DISTRIBUTION = "lintkit-ja"  # the name on the package index ("lintkit" there is an unrelated project)
REPOSITORY = "https://github.com/lintkit-ja/lintkit"
RULES_DOC = f"{REPOSITORY}/blob/main/docs/rules.md"


def rule_doc_url(code: str, name: str) -> str:
    """The address of a rule's section in docs/rules.md (GitHub's heading anchor for "### CODE name")."""
    return f"{RULES_DOC}#{code.lower()}-{name}"
