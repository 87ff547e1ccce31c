"""The S103 findings of one fixture in ``fixtures/structure`` (shared by the S103 test modules)."""

from __future__ import annotations

from lintkit.config import Config, with_cli
from lintkit.engine import lint_paths
from lintkit.finding import Finding
from lintkit.rules import all_meta
from tests.conftest import FIXTURES

DIR = FIXTURES / "structure"


def s103(name: str) -> list[Finding]:
    config = with_cli(Config(), all_meta(), select=("S103",))
    result = lint_paths([str(DIR / name)], config)
    assert not result.errors
    return [f for f in result.findings if f.code == "S103"]
