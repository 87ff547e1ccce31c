"""Run a composite action's steps locally, the way a GitHub runner does (for tests/adoption/test_action.py).

- ``${{ expr }}`` is substituted in ``if:``, ``env:``, ``with:`` and ``run:`` from the contexts a runner
  has (``inputs``, ``github``, ``runner``, ``steps.<id>.outputs``, ``env``); only what a composite action
  of ours uses is understood (context lookups, string literals, ``==``, ``!=``): anything else fails the
  test instead of being guessed.
- A ``run:`` step is written to a file and run with ``bash --noprofile --norc -eo pipefail {0}`` (the
  runner's ``shell: bash``) in ``GITHUB_WORKSPACE``, with fresh ``GITHUB_OUTPUT``, ``GITHUB_ENV``,
  ``GITHUB_PATH`` and ``GITHUB_STEP_SUMMARY`` files; outputs are read back (``k=v`` and ``k<<EOF``).
- A ``uses:`` step is replaced by what it provides (the caller's ``provides`` map: setup-python is the
  Python already on PATH, the cache directory simply persists), after checking its ``with:`` resolves.
- The first failing step stops the action (later steps are skipped, as without ``if: always()``).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)
_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=)|(?P<name>[A-Za-z_][\w.-]*))")


@dataclass
class StepRun:
    id: str | None
    name: str
    kind: str  # "run" | "uses" | "skipped"
    status: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    uses: str = ""
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    steps: list[StepRun]
    outputs: dict[str, str]

    @property
    def status(self) -> int:
        return next((s.status for s in self.steps if s.status), 0)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)

    def step(self, id: str) -> StepRun:
        return next(s for s in self.steps if s.id == id)


class Expressions:
    def __init__(self, contexts: Mapping[str, Any]) -> None:
        self.contexts = contexts

    def lookup(self, name: str) -> str:
        head, *rest = name.split(".")
        value: Any = self.contexts[head]
        for part in rest:
            if value == "":
                return ""  # a property of null is null ('' in a string): a step that did not run
            if not isinstance(value, Mapping):
                raise KeyError(name)
            value = value.get(part, "")  # a missing property is '' (as the runner's null in a string)
        if isinstance(value, Mapping):
            raise KeyError(f"{name} is an object")
        return "" if value is None else str(value)

    def evaluate(self, expr: str) -> str | bool:
        tokens: list[tuple[str, str]] = []
        pos = 0
        expr = expr.strip()
        while pos < len(expr):
            m = _TOKEN.match(expr, pos)
            if m is None or m.end() == pos:
                raise ValueError(f"expression not understood by the test runner: {expr!r}")
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        values: list[str] = []
        ops: list[str] = []
        for kind, text in tokens:
            if kind == "op":
                ops.append(text)
            elif kind == "str":
                values.append(text[1:-1].replace("''", "'"))
            elif text in ("true", "false"):
                values.append(text)
            else:
                values.append(self.lookup(text))
        if len(values) == 1 and not ops:
            return values[0]
        if len(values) == 2 and len(ops) == 1:
            # the runner compares strings case-insensitively
            same = values[0].lower() == values[1].lower()
            return same if ops[0] == "==" else not same
        raise ValueError(f"expression not understood by the test runner: {expr!r}")

    def substitute(self, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            value = self.evaluate(m.group(1))
            return str(value).lower() if isinstance(value, bool) else value

        return _EXPR.sub(one, text)

    def condition(self, text: str | None) -> bool:
        if text is None:
            return True  # default: success() (no earlier step failed: the caller stops at the first failure)
        inner = text.strip()
        m = re.fullmatch(r"\$\{\{(.*)\}\}", inner, re.S)
        value = self.evaluate(m.group(1) if m else inner)
        return value if isinstance(value, bool) else value not in ("", "false", "0")


def _read_outputs(path: Path) -> dict[str, str]:
    """A GITHUB_OUTPUT file: ``name=value`` lines and ``name<<DELIM`` … ``DELIM`` blocks."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body: list[str] = []
            i += 1
            while lines[i] != delim:
                body.append(lines[i])
                i += 1
            out[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def run_action(action_dir: Path, *, inputs: Mapping[str, str], env: Mapping[str, str], workspace: Path,
               temp: Path, provides: Mapping[str, str] | None = None) -> ActionRun:
    """Run ``action_dir/action.yml`` (composite) with ``inputs`` (defaults filled in) and the runner's ``env``."""
    action = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs not declared by the action: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    steps_ctx: dict[str, dict[str, Any]] = {}
    contexts: dict[str, Any] = {
        "inputs": values,
        "github": {"action_path": str(action_dir), "workspace": str(workspace),
                   "event_name": env.get("GITHUB_EVENT_NAME", ""), "base_ref": env.get("GITHUB_BASE_REF", ""),
                   "head_ref": env.get("GITHUB_HEAD_REF", ""), "sha": env.get("GITHUB_SHA", ""),
                   "ref": env.get("GITHUB_REF", ""), "repository": env.get("GITHUB_REPOSITORY", ""),
                   "server_url": env.get("GITHUB_SERVER_URL", "")},
        "runner": {"os": env.get("RUNNER_OS", "Linux"), "temp": env.get("RUNNER_TEMP", str(temp))},
        "steps": steps_ctx,
        "env": dict(env),
    }
    ex = Expressions(contexts)
    job_env = dict(env)
    job_env["GITHUB_ACTION_PATH"] = str(action_dir)
    job_env["GITHUB_WORKSPACE"] = str(workspace)
    extra_path: list[str] = []
    runs: list[StepRun] = []
    failed = False
    for n, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id")
        record = StepRun(sid, step.get("name", f"step {n}"), "skipped")
        runs.append(record)
        if failed or not ex.condition(step.get("if")):
            continue
        if "uses" in step:
            record.kind = "uses"
            record.uses = step["uses"]
            record.with_ = {k: ex.substitute(str(v)) for k, v in (step.get("with") or {}).items()}
            assert provides is not None and step["uses"] in provides, f"no stand-in for {step['uses']}"
            if sid:
                steps_ctx[sid] = {"outputs": {}}
            continue
        assert step.get("shell") == "bash", "a composite run step must name its shell"
        record.kind = "run"
        files = {name: temp / f"{name.lower()}_{n}" for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH",
                                                                  "GITHUB_STEP_SUMMARY")}
        for f in files.values():
            f.write_text("", encoding="utf-8")
        step_env = {**job_env, **{k: ex.substitute(str(v)) for k, v in (step.get("env") or {}).items()},
                    **{k: str(v) for k, v in files.items()}}
        step_env["PATH"] = os.pathsep.join([*extra_path, job_env["PATH"]])
        script = temp / f"step_{n}.sh"
        script.write_text(ex.substitute(step["run"]), encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=workspace, env=step_env, capture_output=True, timeout=600)
        record.status = proc.returncode
        record.stdout = proc.stdout.decode("utf-8")
        record.stderr = proc.stderr.decode("utf-8", "replace")
        record.outputs = _read_outputs(files["GITHUB_OUTPUT"])
        record.summary = files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
        job_env.update(_read_outputs(files["GITHUB_ENV"]))
        extra_path[:0] = [p for p in files["GITHUB_PATH"].read_text(encoding="utf-8").splitlines() if p]
        if sid:
            steps_ctx[sid] = {"outputs": record.outputs}
        failed = proc.returncode != 0
    outputs = {name: ex.substitute(str(spec.get("value", ""))) for name, spec in action.get("outputs", {}).items()}
    return ActionRun(runs, outputs)
