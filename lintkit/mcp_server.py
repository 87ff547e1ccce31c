"""``lintkit mcp``: a Model Context Protocol server over stdio, for writing agents.

A thin shim over :class:`lintkit.Linter`, built once when the server starts
(configuration found from the working directory, as ``lintkit check`` finds
it) and reused by every call. Tools:

- ``lint_text(text, path)``: the findings of a Markdown string, as ``lintkit
  check --format json`` gives them (code, line, column, message, fix ...);
- ``lint_file(path)``: the same for a file on disk;
- ``fix_text(text, path)``: the text with the safe fixes applied, the number
  applied and the findings that remain;
- ``explain_rule(rule)``: a rule's documentation;
- ``list_claims(text, path)``: every numeric claim with its status against
  the reference data (the records of ``lintkit claims --format json``).

Results are structured (``structuredContent`` with an output schema) so an
agent can act on lines and fixes without parsing prose. Requires the optional
extra ``lintkit-ja[mcp]`` (the official ``mcp`` SDK).
"""

from __future__ import annotations

from typing import Any, Sequence

from typing_extensions import TypedDict  # pydantic (under the MCP SDK) needs it on Python < 3.12

from lintkit import __version__
from lintkit.api import Linter
from lintkit.config import Config
from lintkit.errors import LintkitError
from lintkit.finding import Finding
from lintkit.reporters.base import finding_dict
from lintkit.source import read_source

INSTRUCTIONS = (
    "lintkit checks Japanese Markdown articles written by LLM pipelines: duplicated paragraphs and sections, "
    "text cut off mid-sentence, generation markers such as ---END---, text after the footer, conflict markers, "
    "the model talking to its operator, placeholders, and numbers that disagree with the team's reference data. "
    "Call lint_text on a draft, apply fix_text for the safe fixes, rewrite what remains by hand, and lint again "
    "until no error is left. Lines and columns are 1-based."
)


class InputErrorRecord(TypedDict):
    path: str
    line: int | None
    message: str


class LintReport(TypedDict):
    path: str
    summary: dict[str, int]
    findings: list[dict[str, Any]]
    errors: list[InputErrorRecord]


class FixReport(TypedDict):
    path: str
    text: str
    changed: bool
    applied: int
    remaining: list[dict[str, Any]]
    errors: list[InputErrorRecord]


class RuleDoc(TypedDict):
    code: str
    name: str
    severity: str
    fixable: bool
    summary: str
    docs: str


class ClaimsReport(TypedDict):
    path: str
    claims: list[dict[str, Any]]
    errors: list[InputErrorRecord]


def _summary(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {"findings": len(findings), "errors": 0, "warnings": 0, "infos": 0}
    for f in findings:
        counts[f.severity.value + "s"] += 1
    return counts


def _errors(errors: Sequence[LintkitError]) -> list[InputErrorRecord]:
    return [InputErrorRecord(path=getattr(e, "path", ""), line=getattr(e, "line", None),
                             message=getattr(e, "message", str(e))) for e in errors]


class Tools:
    """The tools' logic, independent of the transport (tested directly and through a real MCP client)."""

    def __init__(self, linter: Linter, lang: str = "ja") -> None:
        self.linter = linter
        self.lang = lang

    def lint_text(self, text: str, path: str = "article.md") -> LintReport:
        result = self.linter.lint_text(text, path=path)
        return LintReport(path=path, summary=_summary(result.findings),
                          findings=[finding_dict(f) for f in result.findings], errors=_errors(result.errors))

    def lint_file(self, path: str) -> LintReport:
        source = read_source(path)  # size caps, encodings, FIFOs and devices refused: one clear error
        return self.lint_text(source.text, path=path)

    def fix_text(self, text: str, path: str = "article.md") -> FixReport:
        fixed = self.linter.fix_text(text, path=path)
        return FixReport(path=path, text=fixed.text, changed=fixed.text != text, applied=fixed.applied,
                         remaining=[finding_dict(f) for f in fixed.remaining], errors=_errors(fixed.errors))

    def explain_rule(self, rule: str) -> RuleDoc:
        from lintkit import ruledocs

        metas = self.linter.metas
        meta = ruledocs.find_rule(metas, rule)
        if meta is None:
            close = ruledocs.suggestions(metas, rule)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise LintkitError(f"unknown rule {rule!r}{hint}")
        return RuleDoc(code=meta.code, name=meta.name, severity=meta.severity.value, fixable=meta.fixable,
                       summary=meta.summary[self.lang], docs=ruledocs.explain_text(meta, self.lang, self.linter.packs))

    def list_claims(self, text: str, path: str = "article.md") -> ClaimsReport:
        claims, errors = self.linter.claims_text(text, path=path)
        return ClaimsReport(path=path, claims=claims, errors=_errors(errors))


def build_server(tools: Tools) -> Any:
    """The MCP server with lintkit's tools registered (imports the SDK: ``lintkit-ja[mcp]``)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    server: Any = MCPServer(name="lintkit", version=__version__, instructions=INSTRUCTIONS)

    def guarded(call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except LintkitError as exc:  # bad input: a tool error the agent can read, never a crash of the server
            raise ToolError(str(exc)) from None

    @server.tool(description="Lint a Japanese Markdown article given as text. `path` is the name used in "
                             "findings and for per-file configuration. Returns findings as `lintkit check "
                             "--format json` gives them (1-based line/column, message, safe fix if any).")
    def lint_text(text: str, path: str = "article.md") -> LintReport:
        return guarded(tools.lint_text, text, path)

    @server.tool(description="Lint a Markdown file on disk (path relative to the server's working directory).")
    def lint_file(path: str) -> LintReport:
        return guarded(tools.lint_file, path)

    @server.tool(description="Apply lintkit's safe fixes (generation markers, stray separators, exact duplicate "
                             "paragraphs, unambiguous conflicts) to a text; returns the fixed text, how many "
                             "fixes were applied and the findings that remain.")
    def fix_text(text: str, path: str = "article.md") -> FixReport:
        return guarded(tools.fix_text, text, path)

    @server.tool(description="The documentation of a rule, by code (S102) or name (duplicate-paragraph).")
    def explain_rule(rule: str) -> RuleDoc:
        return guarded(tools.explain_rule, rule)

    @server.tool(description="Every numeric claim (price, benchmark score, market figure) in a text, with its "
                             "status against the reference data: match, mismatch, unverifiable or unbound.")
    def list_claims(text: str, path: str = "article.md") -> ClaimsReport:
        return guarded(tools.list_claims, text, path)

    return server


def serve(config: Config) -> None:
    """Run the server on stdin/stdout until the client closes it."""
    tools = Tools(Linter(config), lang=config.lang)
    build_server(tools).run("stdio")
