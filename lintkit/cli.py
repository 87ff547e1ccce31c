"""The command line: a thin shim over library calls that return findings.

``main(argv) -> int`` never raises and never prints a traceback: usage,
configuration and input errors are one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Any, Iterable, Iterator, Sequence

import click

from lintkit import __version__, progress
from lintkit import baseline as baselines
from lintkit import gitdiff
from lintkit import fix as fixing
from lintkit.config import LANGS, Config, load_config, with_cli
from lintkit.archive.cache import Cache
from lintkit.archive.parallel import default_jobs
from lintkit.engine import RunResult, lint_paths
from lintkit.errors import LintkitError, UsageError
from lintkit.escape import printable
from lintkit.finding import Severity
from lintkit.fingerprint import Fingerprinter
from lintkit.messages import DEFAULT_LANG, Msg, msg, render
from lintkit.source import decode
from lintkit.reporters import REPORTERS, ReportOptions, report_chunks
from lintkit import links, output as report_output, ruledocs
from lintkit.packs import load_packs
from lintkit.packs.configured import configured_packs
from lintkit.rules import all_meta
from lintkit.source import SourceText, decode, read_stdin


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def _utf8(text: str) -> bytes:
    """Output is always valid UTF-8: a file name that is not (a lone surrogate from the OS) shows as '?'."""
    return text.encode("utf-8", "replace")


def _err(message: str) -> None:
    """One line on stderr: control characters in file names and quoted text are shown escaped."""
    click.echo(_utf8(f"lintkit: {printable(message)}\n"), err=True, nl=False)


def _write(text: str | Iterable[str], output: str | None) -> None:
    """Write a report (or its pieces, joined into blocks of about a megabyte) to stdout or to a file,
    which appears whole or not at all (``lintkit.output``)."""
    blocks = _blocks([text] if isinstance(text, str) else text)
    if output is None:
        for block in blocks:
            click.echo(_utf8(block), nl=False)
        return
    report_output.write((_utf8(block) for block in blocks), output)


def _stdin(name: str) -> bytes:
    """All of standard input, bounded like a file (``lintkit check -`` after ``yes |`` must not eat memory)."""
    return read_stdin(name, getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None)


def _checked_texts(stdin: bytes | None, name: str) -> dict[str, SourceText]:
    """The text read from standard input, by the name it is reported under: reporters quote it from
    here, never from a file of that name on disk (``--stdin-filename /etc/passwd``)."""
    if stdin is None:
        return {}
    try:
        return {name: decode(name, stdin)}
    except LintkitError:
        return {name: decode(name, b"")}  # not checked (not UTF-8): nothing to quote, and not the disk


def _blocks(pieces: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer)


def _config(ctx_obj: dict[str, Any], config_path: str | None, **cli: Any) -> Config:
    metas = all_meta(configured_packs(config_path))  # user packs may define rules the config selects
    config = with_cli(load_config(metas, explicit=config_path), metas, **cli)
    ctx_obj["lang"] = config.lang  # errors raised from here on speak the configured language
    return config


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lintkit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """lintkit: lint and fact-check AI-written Japanese Markdown articles."""
    ctx.ensure_object(dict)
    try:
        os.getcwd()
    except OSError as exc:  # the shell's directory was deleted (or is unreadable): nothing relative resolves
        raise UsageError(msg("cli.cwd-gone", detail=exc.strerror or exc)) from None


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Rule codes, prefixes or names to enable (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule codes, prefixes or names to disable (comma-separated).")
@click.option("--reference", multiple=True, help="Reference data file or directory (repeatable).")
@click.option("--config", "config_path", type=str, default=None, help="Configuration file (skips discovery).")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Message language (default: ja).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--output", "-o", type=str, default=None, help="Write the report to a file instead of stdout.")
@click.option("--stdin-filename", type=str, default="-", help="Path to report for input read from '-'.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what remains.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing "
                                           "(exit 1 if there would be changes).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores). The results do not depend on it.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=str, default=None,
              help="Where the result cache lives (default: .lintkit_cache in the project root).")
@click.option("--cross", is_flag=True,
              help="Compare the files with each other (S108) even when only one file is checked.")
@click.option("--baseline", "baseline_path", type=str, default=None,
              help="Report only findings not recorded in this baseline file (config: baseline).")
@click.option("--write-baseline", type=str, default=None,
              help="Record the current findings in this baseline file (stale entries are dropped).")
@click.option("--diff-base", type=str, default=None,
              help="Pull-request mode: check the files changed since REF (merge base with HEAD) and report "
                   "only findings on added or changed lines.")
@click.option("--summary", "summary_path", type=str, default=None,
              help="Also append the Markdown job summary (format github-summary) to this file, e.g. "
                   "\"$GITHUB_STEP_SUMMARY\" (same run).")
@click.option("--report", "reports", multiple=True, metavar="FORMAT=FILE",
              help="Also write the report in FORMAT to FILE (same run; repeatable), e.g. sarif=lintkit.sarif.")
@click.option("--show-info", is_flag=True, help="Text output: list info findings too (default: one summary line).")
@click.option("--link-template", type=str, default=None,
              help="HTML report: link each finding to its line, e.g. "
                   "'https://github.com/{owner}/{repo}/blob/{rev}/{path}#L{line}' (config: link-template).")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
          reference: tuple[str, ...], config_path: str | None, lang: str | None, fail_on: str | None,
          exit_zero: bool, output: str | None, stdin_filename: str, fix: bool, diff: bool, jobs: int | None,
          no_cache: bool, cache_dir: str | None, cross: bool, baseline_path: str | None,
          write_baseline: str | None, diff_base: str | None, summary_path: str | None, reports: tuple[str, ...],
          show_info: bool, link_template: str | None) -> None:
    """Check Markdown files and directories (``-`` reads standard input)."""
    config = _config(ctx.obj, config_path, select=_split(select) or None, ignore=_split(ignore),
                     reference=reference, lang=lang, fail_on=fail_on)
    also = _report_specs(reports)
    if summary_path is not None:
        also.append(("github-summary", summary_path, True))
    template = link_template or config.extra.get(links.KEY)
    linked = {fmt, *(f for f, _, _ in also)} & _LINKED
    report_links = {"links": links.resolve(template)} if template and linked else {}  # checked before the run
    changed = None
    if diff_base is not None:
        changed = gitdiff.changes(diff_base, [p for p in paths if p != "-"], config.exclude)
        paths = changed.files + (("-",) if "-" in paths else ())
    elif not paths:
        paths = (".",)
    if output is not None:
        report_output.check_target(output, paths)
    for _, also_path, appended in also:
        if appended:
            report_output.check_append(also_path, paths)
        else:
            report_output.check_target(also_path, paths)
    if fix and not diff and "-" in paths:
        raise UsageError(msg("cli.fix-stdin"))
    stdin = _stdin(stdin_filename) if "-" in paths else None
    if diff:
        run = fixing.fix_paths(paths, config, write=False, stdin=stdin, stdin_filename=stdin_filename)
        for error in run.errors:
            _err(error.render(config.lang))
        _write("".join(fixing.unified_diff(f) for f in run.changed), output)
        _err(fixing.words("would", config.lang, n=run.applied, files=len(run.changed)) if run.changed
             else fixing.words("nothing", config.lang))
        ctx.exit(2 if run.errors else 0 if exit_zero or not run.changed else 1)
    result: RunResult
    if fix:
        run, result = fixing.fix_then_lint(paths, config)
        _err(fixing.summary(run, config.lang))
    else:
        cache = None if no_cache else Cache.for_config(config, cache_dir)
        result = lint_paths(paths, config, stdin=stdin, stdin_filename=stdin_filename,
                            jobs=jobs or default_jobs(), cache=cache, cross=cross, progress=progress.bar)
    for error in result.errors:
        _err(error.render(config.lang))
    for note in result.notes:
        _err(note.render(config.lang))
    result, narrowed = _narrow(result, config, changed, baseline_path or config.extra.get("baseline"),
                               write_baseline, stdin, stdin_filename)
    options = ReportOptions(lang=config.lang, metas=all_meta(config.extend_packs),
                            color=output is None and fmt == "text" and sys.stdout.isatty()
                            and "NO_COLOR" not in os.environ, show_info=show_info,
                            extra={**report_links, **narrowed}, texts=_checked_texts(stdin, stdin_filename))
    for also_fmt, also_path, appended in also:  # the other reports of this run first, the exit status last
        if appended:
            report_output.append(_utf8("".join(report_chunks(also_fmt, result, options))), also_path)
        else:
            _write(report_chunks(also_fmt, result, replace(options, color=False)), also_path)
    _write(report_chunks(fmt, result, options), output)
    ctx.exit(result.exit_code(config.fail_on, exit_zero))


_LINKED = frozenset({"html", "github-summary"})  # the formats that link findings to their lines


def _report_specs(specs: Sequence[str]) -> list[tuple[str, str, bool]]:
    """``--report FORMAT=FILE`` values (written whole, not appended), checked before the run."""
    out = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not path or name not in REPORTERS:
            raise UsageError(msg("cli.report-spec", spec=spec, allowed=sorted(REPORTERS)))
        out.append((name, path, False))
    return out


def _narrow(result: RunResult, config: Config, changed: gitdiff.Changes | None, baseline_path: str | None,
            write_baseline: str | None, stdin: bytes | None, stdin_filename: str) -> tuple[RunResult, dict[str, Any]]:
    """Adoption filters: write / apply the baseline, then keep only findings on changed lines (--diff-base).
    The baseline comes first, so that its entries for lines outside the diff do not count as stale."""
    if baseline_path is None and write_baseline is None and changed is None:
        return result, {}
    texts = {}
    if stdin is not None:
        try:
            texts[stdin_filename] = decode(stdin_filename, stdin)
        except LintkitError:
            pass
    fingerprint = Fingerprinter(texts)
    if write_baseline is not None:
        written = baselines.write(write_baseline, result, fingerprint)
        _err(baselines.written_words(written, config.lang))
        baseline_path = write_baseline
    if baseline_path is not None:
        result, outcome = baselines.apply(result, baselines.load(baseline_path), fingerprint)
        _err(baselines.applied_words(outcome, config.lang))
    narrowed: dict[str, Any] = {}
    if changed is not None:
        result, hidden = gitdiff.only_added(result, changed)
        _err(gitdiff.words(changed, hidden, config.lang))
        narrowed["diff"] = {"base": changed.base[:12], "files": len(changed.files), "hidden": hidden}
    return result, narrowed


@cli.command("claims")
@click.argument("paths", nargs=-1, type=str, required=True)
@click.option("--reference", multiple=True, help="Reference data file or directory (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--config", "config_path", type=str, default=None, help="Configuration file (skips discovery).")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Summary language (default: ja).")
@click.option("--output", "-o", type=str, default=None, help="Write the list to a file instead of stdout.")
@click.pass_context
def claims_cmd(ctx: click.Context, paths: tuple[str, ...], reference: tuple[str, ...], fmt: str,
               config_path: str | None, lang: str | None, output: str | None) -> None:
    """List every numeric claim (price, score, market figure) with its status against the reference data."""
    from lintkit.facts import api as claims_api

    config = _config(ctx.obj, config_path, reference=reference, lang=lang)
    if output is not None:
        report_output.check_target(output, paths)
    result = claims_api.collect_claims(paths, config)
    for error in result.errors:
        _err(error.render(config.lang))
    for note in result.notes:
        _err(note.render(config.lang))
    text = claims_api.render_json(result) if fmt == "json" else claims_api.render_text(result, config.lang)
    _write(text, output)
    ctx.exit(2 if result.errors else 0)


@cli.command("rules")
@click.option("--lang", type=click.Choice(LANGS), default="ja")
def rules_cmd(lang: str) -> None:
    """List every rule: code, name, default severity, fixable, summary."""
    metas = all_meta(configured_packs())
    width = max(len(m.name) for m in metas.values())
    for m in metas.values():
        fix = "fix" if m.fixable else "   "
        click.echo(f"{m.code}  {m.name:<{width}}  {m.severity.value:<7}  {fix}  {m.summary[lang]}")


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(LANGS), default="ja")
@click.pass_context
def explain(ctx: click.Context, rule: str, lang: str) -> None:
    """Print a rule's documentation (by code or name), with its options and, for pack rules, its patterns."""
    packs = configured_packs()
    metas = all_meta(packs)
    meta = ruledocs.find_rule(metas, rule)
    if meta is None:
        close = ruledocs.suggestions(metas, rule)
        ctx.obj["lang"] = lang
        raise UsageError(msg("cli.unknown-rule", rule=repr(rule),
                             hint=msg("hint.did-you-mean", name=close) if close else ""))
    click.echo(ruledocs.explain_text(meta, lang, load_packs(packs)), nl=False)


_SIGNALS = ("SIGTERM", "SIGHUP")  # besides SIGINT (KeyboardInterrupt): stop as Ctrl-C does


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C (workers stopped, no half-written output)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise _Stopped(signum)


def _install_signal_handlers() -> dict[int, Any]:
    """SIGTERM and SIGHUP unwind the run (only the main thread can install handlers)."""
    import signal
    import threading

    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in _SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _stop)
    return previous


def _interrupted(exc: BaseException | None, lang: str) -> int:
    """The exit code of a run stopped by a signal: 128 + its number (130 for Ctrl-C), as shells report it."""
    while exc is not None and not isinstance(exc, KeyboardInterrupt):
        exc = exc.__context__
    if isinstance(exc, _Stopped):
        _err(render(msg("cli.terminated", signal=exc.signum), lang))
        return 128 + exc.signum
    _err(render(msg("cli.interrupted"), lang))
    return 130
def _lang_in(argv: Sequence[str]) -> str:
    """The ``--lang`` of the command line, read before click parses it (a usage error needs the language too)."""
    lang = DEFAULT_LANG
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            lang = value
    return lang


def _click_message(exc: click.ClickException) -> Msg:
    """A click error in the catalogue's words (click's own text, in English, only as a detail)."""
    ctx = getattr(exc, "ctx", None)
    param = getattr(exc, "param", None)
    name = param.get_error_hint(ctx) if param is not None and ctx is not None else getattr(exc, "param_hint", None)
    if isinstance(exc, click.NoSuchOption):
        close = sorted(exc.possibilities or ())
        return msg("cli.no-such-option-close", option=exc.option_name, close=close) if close else \
            msg("cli.no-such-option", option=exc.option_name)
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return msg("cli.needs-value", option=exc.option_name)
    if isinstance(exc, click.MissingParameter) and name:
        return msg("cli.missing", param=name)
    if isinstance(exc, click.BadParameter) and param is not None and isinstance(param.type, click.Choice):
        return msg("cli.bad-choice", param=name, allowed=[str(c) for c in param.type.choices])
    if isinstance(exc, click.BadParameter) and name:
        return msg("cli.bad-value", param=name, detail=exc.message)
    if exc.message.startswith("No such command"):
        return msg("cli.no-such-command", detail=exc.message.split(" ", 3)[-1].rstrip("."))
    return msg("cli.usage", detail=exc.message)


def _usage_line(exc: click.ClickException, lang: str) -> str:
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "lintkit"
    return render(msg("cli.usage-error", detail=_click_message(exc), command=command), lang)


@cli.command("server")
@click.option("--lang", type=click.Choice(LANGS), default="ja", help="Language of this command's errors.")
@click.pass_context
def server_cmd(ctx: click.Context, lang: str) -> None:
    """Language server over stdio (diagnostics, safe fixes, rule docs on hover); needs lintkit-ja[lsp]."""
    try:
        from lintkit import langserver
    except ImportError as exc:  # pygls (or lsprotocol) is an optional extra
        _err(render(msg("cli.extra-missing", module=getattr(exc, "name", None) or "pygls", extra="lsp"), lang))
        ctx.exit(2)
    ctx.exit(langserver.main())


@cli.command("mcp")
@click.option("--config", "config_path", type=str, default=None, help="Configuration file (skips discovery).")
@click.option("--reference", multiple=True, help="Reference data file or directory (repeatable).")
@click.option("--select", multiple=True, help="Rule codes, prefixes or names to enable (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule codes, prefixes or names to disable (comma-separated).")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Message language (default: ja).")
@click.pass_context
def mcp_cmd(ctx: click.Context, config_path: str | None, reference: tuple[str, ...], select: tuple[str, ...],
            ignore: tuple[str, ...], lang: str | None) -> None:
    """MCP server over stdio for writing agents (lint_text, lint_file, fix_text, explain_rule, list_claims);
    needs lintkit-ja[mcp]."""
    try:
        from lintkit import mcp_server
        import mcp  # noqa: F401  (the optional extra)
    except ImportError as exc:
        _err(render(msg("cli.extra-missing", module=getattr(exc, "name", None) or "mcp", extra="mcp"),
                    lang or ctx.obj.get("lang", DEFAULT_LANG)))
        ctx.exit(2)
    config = _config(ctx.obj, config_path, select=_split(select) or None, ignore=_split(ignore),
                     reference=reference, lang=lang)
    mcp_server.serve(config)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and ``python -m lintkit``."""
    import signal

    previous = _install_signal_handlers()
    try:
        return _main(argv)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(argv: Sequence[str] | None) -> int:
    args = list(argv) if argv is not None else sys.argv[1:]
    state: dict[str, Any] = {"lang": _lang_in(args)}  # the configuration's language replaces it once read
    try:
        rv = cli.main(args=args, prog_name="lintkit", standalone_mode=False, obj=state)
        return int(rv or 0)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort as exc:  # click's form of Ctrl-C (KeyboardInterrupt)
        return _interrupted(exc.__context__ or exc.__cause__, state["lang"])
    except click.ClickException as exc:
        _err(_usage_line(exc, state["lang"]))
        return 2
    except LintkitError as exc:
        _err(render(msg("cli.error", detail=exc.render(state["lang"])), state["lang"]))
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt as exc:
        return _interrupted(exc, state["lang"])
    except Exception as exc:  # never a traceback for a user; LINTKIT_DEBUG=1 shows it
        if os.environ.get("LINTKIT_DEBUG"):
            raise
        _err(render(msg("cli.internal", detail=f"{type(exc).__name__}: {exc}"), state["lang"]))
        return 2
