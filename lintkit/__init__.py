"""lintkit: a content-quality linter and fact-checker for AI-written Japanese Markdown.

The public API (see README "Python API")::

    from lintkit import Linter
    result = Linter().lint_text(text, path="posts/a.md")

The names below are imported on first use (PEP 562), so that importing one
module of the package (``lintkit.errors``) does not load the whole engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "Config": "lintkit.config",
    "Edit": "lintkit.finding",
    "Finding": "lintkit.finding",
    "Fix": "lintkit.finding",
    "FixResult": "lintkit.api",
    "LintResult": "lintkit.api",
    "Linter": "lintkit.api",
    "LintkitError": "lintkit.errors",
    "LocatedError": "lintkit.errors",
    "Related": "lintkit.finding",
    "Severity": "lintkit.finding",
    "load_config": "lintkit.api",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from lintkit.api import FixResult, LintResult, Linter, load_config
    from lintkit.config import Config
    from lintkit.errors import LintkitError, LocatedError
    from lintkit.finding import Edit, Finding, Fix, Related, Severity


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lintkit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
