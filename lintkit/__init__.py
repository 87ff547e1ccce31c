"""lintkit: a content-quality linter and fact-checker for AI-written Japanese Markdown."""

__version__ = "0.1.0"

__all__ = ["__version__"]
