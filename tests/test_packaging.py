"""The wheel ships the rule data: rules/**/*.yaml inside it as lintkit/_rules/, found at run time."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheels = list(out.glob("lintkit_ja-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_rule_yaml_files_are_in_the_wheel(wheel: Path) -> None:
    shipped = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert "structure.yaml" in shipped
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for rel in shipped:
            name = f"lintkit/_rules/{rel}"
            assert name in names, f"{name} missing from {wheel.name}"
            assert z.read(name) == (ROOT / "rules" / rel).read_bytes(), f"{name} differs from rules/{rel}"


def test_installed_wheel_finds_its_rules(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = ("import lintkit, lintkit.resources as r; "
             "print(lintkit.__file__); print(r.rules_dir())")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    module_file, rules_dir = proc.stdout.split()
    assert Path(module_file).is_relative_to(site)
    assert Path(rules_dir) == site / "lintkit" / "_rules"
    proc = subprocess.run([sys.executable, "-m", "lintkit", "explain", "S103"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "truncated-paragraph" in proc.stdout
