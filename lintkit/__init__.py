"""lintkit: a content-quality linter and fact-checker for AI-written Japanese Markdown.

The public API (see README "Python API")::

    from lintkit import Linter
    result = Linter().lint_text(text, path="posts/a.md")
"""

__version__ = "0.1.0"  # first: modules imported below read it

from lintkit.api import FixResult, LintResult, Linter, load_config  # noqa: E402
from lintkit.config import Config  # noqa: E402
from lintkit.errors import LintkitError, LocatedError  # noqa: E402
from lintkit.finding import Edit, Finding, Fix, Related, Severity  # noqa: E402

__all__ = [
    "Config",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "LintResult",
    "Linter",
    "LintkitError",
    "LocatedError",
    "Related",
    "Severity",
    "__version__",
    "load_config",
]
