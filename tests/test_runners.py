"""The ecosystem's runners and the README's commands work from anywhere, as people run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SYMPOSIUM_KIT_WORK"] = str(tmp_path / "symposium-work.json")
    return env


def test_kit_start_takes_a_relative_folder_from_where_it_is_run(tmp_path):
    caller = tmp_path / "elsewhere"
    caller.mkdir()
    proc = subprocess.run(
        [str(ROOT / "kit"), "start", "relwork", "--copy-only"],
        cwd=caller,
        capture_output=True,
        text=True,
        timeout=600,
        env=_env(tmp_path),
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in (caller / "relwork").glob("*.ipynb"))[0] == "01-start-here.ipynb"
    assert not (ROOT / "relwork").exists()


@pytest.mark.slow
def test_nbmake_runs_a_student_notebook_from_the_repository_root(tmp_path):
    pytest.importorskip("nbmake")
    before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbmake",
            "notebooks/01-start-here.ipynb",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=_env(tmp_path),
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "1 passed" in proc.stdout
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before  # nothing left behind


def test_plain_pytest_needs_no_nbval_options():
    """pyproject's addopts name no nbval option, so every runner can read the configuration."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"]
    assert "nbval" not in addopts
    assert "--nbval" in (ROOT / "kit").read_text(encoding="utf-8")  # the README's command adds it
