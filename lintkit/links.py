"""Links from a report to a finding's line in the repository's web view.

A template such as ``https://github.com/{owner}/{repo}/blob/{rev}/{path}#L{line}`` (config key
``link-template``, option ``--link-template``). Placeholders:

- ``{path}``: the file's path relative to the git work tree (else to the current directory),
  ``/``-separated and percent-encoded (Japanese file names work);
- ``{line}``: the 1-based line;
- ``{owner}``, ``{repo}``: from ``GITHUB_REPOSITORY`` (set on Actions runners), else from the
  ``origin`` remote's URL;
- ``{rev}``: ``GITHUB_SHA``, else ``git rev-parse HEAD``.

The template is checked when read (only these placeholders, ``{path}`` required, an http(s) URL
or a relative one), and the git values are looked up once, only when the template uses them.
"""

from __future__ import annotations

import os
import re
import string
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote

from lintkit.errors import ConfigError, UsageError
from lintkit.messages import msg

KEY = "link-template"
PLACEHOLDERS = ("path", "line", "owner", "repo", "rev")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_REMOTE = re.compile(r"[:/]([^/:]+)/([^/]+?)(?:\.git)?/?$")


def check_template(template: str) -> None:
    """Raise ValueError (with a catalogue message) unless ``template`` is a usable link template."""
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise ValueError(msg("link.syntax", detail=exc)) from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        raise ValueError(msg("link.placeholder", names=["{" + f + "}" for f in unknown],
                             allowed=["{" + p + "}" for p in PLACEHOLDERS]))
    if "path" not in fields:
        raise ValueError(msg("link.needs-path"))
    scheme = _SCHEME.match(template)
    if scheme and scheme.group(0).lower() not in ("http:", "https:"):
        raise ValueError(msg("link.scheme", scheme=scheme.group(0)))


def validate_config(path: str, key: str, value: Any, base: Path) -> str:
    """The ``link-template`` configuration key (registered in ``lintkit.config.EXTRA_KEYS``)."""
    if not isinstance(value, str):
        raise ConfigError(path, msg("value.string"), key=key)
    try:
        check_template(value)
    except ValueError as exc:
        raise ConfigError(path, exc.args[0], key=key) from None
    return value


@dataclass(frozen=True)
class Links:
    """A checked template with the repository values filled in: ``url(path, line)``."""

    template: str
    values: Mapping[str, str] = field(default_factory=dict)
    root: str | None = None  # paths are made relative to this directory (the git work tree)

    def url(self, path: str, line: int | str) -> str:
        """The link for a 1-based ``line`` of ``path`` (``line="{line}"`` keeps the placeholder for the page)."""
        return self.template.format_map({**self.values, "path": self._path(path), "line": line})

    def _path(self, path: str) -> str:
        full = os.path.abspath(path)
        rel = os.path.relpath(full, self.root) if self.root else os.path.relpath(full)
        rel = rel.replace(os.sep, "/")
        return quote(rel.encode("utf-8", "surrogateescape"), safe="/")


def _git(args: list[str], cwd: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def resolve(template: str, cwd: str | None = None, env: Mapping[str, str] | None = None) -> Links:
    """Check ``template`` and fill in what it needs from the environment and git (UsageError if missing)."""
    where = cwd or os.getcwd()
    environ = os.environ if env is None else env
    try:
        check_template(template)
    except ValueError as exc:
        raise UsageError(msg("link.option", detail=exc.args[0])) from None
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    values: dict[str, str] = {}
    if fields & {"owner", "repo"}:
        slug = environ.get("GITHUB_REPOSITORY", "")
        m = re.fullmatch(r"([^/]+)/([^/]+)", slug)
        if m is None:
            remote = _git(["remote", "get-url", "origin"], where) or ""
            m = _REMOTE.search(remote)
        if m is None:
            raise UsageError(msg("link.unknown-repo"))
        values["owner"], values["repo"] = m.group(1), m.group(2)
    if "rev" in fields:
        rev = environ.get("GITHUB_SHA") or _git(["rev-parse", "HEAD"], where)
        if not rev:
            raise UsageError(msg("link.unknown-rev"))
        values["rev"] = rev
    return Links(template, values, _git(["rev-parse", "--show-toplevel"], where))
