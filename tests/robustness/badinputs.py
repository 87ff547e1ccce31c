"""Generators of hostile and broken inputs, written into tmp_path at test time.

Nothing here is committed as a binary or large fixture: every byte is made
by these functions. The Japanese text is ours (written for these tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None  # type: ignore[assignment]

# A short original article with two known findings: a generation marker
# (S104, line 9) and a git conflict marker (S106, line 13).
ARTICLE = """---
title: "テスト用の記事"
date: 2026-01-05
---

## はじめに

小さなチームで文章を書くときは、確認の手順を決めておくと安心です。
---END---

## 手順

<<<<<<< HEAD
下書きを読み直し、数字と固有名詞を確かめます。
"""
ARTICLE_FINDINGS = {("S104", 9), ("S106", 13)}

CLEAN = """---
title: "問題のない記事"
---

## 概要

この記事には指摘されるような箇所がありません。
短い段落が続きます。

## まとめ

最後まで読んでいただきありがとうございます。
"""

JAPANESE = "これは検証のための日本語の文章です。句読点、数字の１２３、かな漢字が混ざっています。\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def binary_bytes(size: int = 4096) -> bytes:
    """Bytes of something that is not text (an image-like header, NULs, every byte value)."""
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    body = bytes((i * 37 + 11) % 256 for i in range(size))
    return header + body


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in a legacy or UTF-16/32 encoding (``utf-16`` and ``utf-32`` add a byte-order mark)."""
    return text.encode(encoding)


def yaml_bomb(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" YAML mapping: ``width ** levels`` nodes when expanded."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def deep_list(depth: int) -> str:
    return "".join("  " * i + f"- 項目{i}\n" for i in range(depth))


def deep_quote(depth: int) -> str:
    return ">" * depth + " 引用された文です。\n"


def deep_mixed(depth: int) -> str:
    """Alternating quote and list containers on one line."""
    return "> - " * depth + "入れ子の文です。\n"


PATHOLOGICAL = {
    # the families cmark's pathological tests use, at sizes that are cheap when linear
    "emphasis-open": "*a " * 20000,
    "emphasis-strong-mix": "*a **a " * 10000,
    "underscore-run": "_" * 50000 + "a" + "_" * 49999,
    "star-run-text": "**" * 25000 + "太字" + "**" * 25000,
    "unclosed-links": "[a](" * 20000,
    "nested-brackets": "[" * 20000 + "リンク" + "]" * 20000,
    "nested-parens": "[a](" + "(" * 20000 + ")" * 20000 + ")",
    "backticks": "`a``a" * 10000,
    "unclosed-html": "<a x=" * 20000,
    "html-comment": "<!-- " * 20000,
    "entities": "&#x" * 20000,
    "autolinks": "<http://a" * 20000,
    "table-columns": "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "日|" * 5000 + "\n",
    "setext-runs": "本文\n---\n" * 5000,
    "japanese-brackets": "「" * 20000 + "」" * 10000,
    # openers that never close, in the constructs our own rules look for (Liquid tags, comments, claims)
    "liquid-tags": "本文 " + "{%" * 20000,
    "liquid-vars": "本文 " + "{{" * 20000,
    "inline-comments": "本文" + "a<!--" * 20000,
    "claims-one-clause": "GPT-4oは28%、" * 8000,
    "amounts": "１２３万円と" * 20000,
    "percent-run": "28%" * 20000,
    "dollar-run": "$" * 20000 + "1",
    # many small blocks of one kind
    "disable-next-line": "<!-- lintkit-disable-next-line S104 -->\n---END---\n\n" * 5000,
    "same-headings": "## 同じ見出し\n\n本文です。\n\n" * 5000,
    "conflict-runs": "<<<<<<< HEAD\n本文\n=======\n別\n>>>>>>> x\n" * 5000,
}


def make_fifo(path: Path) -> bool:
    """Create a FIFO if the platform can (False otherwise)."""
    if not hasattr(os, "mkfifo"):
        return False
    os.mkfifo(path)
    return True


_SENTENCES = (
    "導入は小さく始めます。", "効果を数字で確かめます。", "担当者が手順を書きます。",
    "費用は月ごとに見直します。", "結果をチームで共有します。", "次の計画を立てます。",
)


def many_lines(count: int = 100_000) -> str:
    """``count`` lines of varied Markdown: sections, paragraphs, lists, quotes, tables, code, repeats, markers."""
    out: list[str] = ["---", "title: 長い記事", "---"]
    k = 0
    while len(out) < count:
        s = _SENTENCES[k % len(_SENTENCES)]
        t = _SENTENCES[(k * 7 + 3) % len(_SENTENCES)]
        kind = k % 10
        if kind == 0:
            out += [f"## {k // 10}. 節{k % 97}", ""]
        elif kind in (1, 2, 3):
            out += [s + t, ""]  # repeats every few blocks: duplicates everywhere
        elif kind == 4:
            out += [f"- {s}", f"- {t}", "  - 入れ子", ""]
        elif kind == 5:
            out += [f"> {s}", ""]
        elif kind == 6:
            out += ["| 項目 | 値 |", "|---|---|", f"| {s} | {k} |", ""]
        elif kind == 7:
            out += ["```", f"code {k}", "```", ""]
        elif kind == 8:
            out += [f"{s}途中で", "---END---", ""]
        else:
            out += ["---", ""]
        k += 1
    return "\n".join(out[:count]) + "\n"


def one_long_line(size: int = 10_000_000) -> bytes:
    """A single line of about ``size`` bytes of Japanese prose (no line break until the end)."""
    unit = "生成AIの市場は拡大を続けており、導入する企業も増えています。".encode()
    return unit * (size // len(unit)) + b"\n"


# ------------------------------------------------------------------ isolated runs

_CHILD = """
import resource, sys
from lintkit.cli import main
code = main(sys.argv[1:])
sys.stderr.write("\\nMAXRSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


@dataclass(frozen=True)
class Isolated:
    code: int
    out: str
    err: str
    maxrss_mb: float


def start_isolated(args: list[str], cwd: Path, address_space_mb: int = 3072) -> subprocess.Popen[bytes]:
    """``lintkit ARGS`` in a child process whose address space is capped (RLIMIT_AS), started now."""

    def limit() -> None:  # pragma: no cover - runs in the child
        if resource is not None:
            size = address_space_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("LINTKIT_DEBUG", None)
    return subprocess.Popen([sys.executable, "-c", _CHILD, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limit if os.name == "posix" else None)


def finish_isolated(child: subprocess.Popen[bytes], timeout: float) -> Isolated:
    """Wait for a child of ``start_isolated`` (killed after ``timeout`` seconds: a hang is a failure)."""
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise AssertionError(f"lintkit did not finish within {timeout} s: {child.args[3:]}") from None
    text = err.decode("utf-8")
    rss = 0.0
    lines = []
    for line in text.splitlines():
        if line.startswith("MAXRSS_KB="):
            rss = int(line.split("=", 1)[1]) / 1024
        elif line:
            lines.append(line)
    return Isolated(child.returncode, out.decode("utf-8"), "\n".join(lines), rss)


# ------------------------------------------------------------------ children started early

Starter = Callable[[Path], "tuple[subprocess.Popen[bytes], Any] | None"]
BACKGROUND: dict[str, tuple[str, Starter]] = {}  # name -> (test module, starter)


def background(name: str, module: str) -> Callable[[Starter], Starter]:
    """Register a child run that the suite starts as soon as its first robustness test runs.

    The heavy child processes (huge files, pathological inputs, the mixed
    corpus run) then overlap with each other and with the in-process tests;
    a starter gets a fresh directory and returns (child, context), or None
    when its inputs are not available (no ../shared).
    """

    def register(starter: Starter) -> Starter:
        BACKGROUND[name] = (module, starter)
        return starter

    return register
