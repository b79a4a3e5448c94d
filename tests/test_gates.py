"""The gates the README's test command keeps: ruff, mypy and the import-linter contracts.

Each gate runs the real tool on the repository, as a maintainer would from the
root. The contracts (in ``pyproject.toml``) are also shown to bite: in a
scratch copy of the package, a forbidden import or a cycle makes
``lint-imports`` fail, naming the contract that broke.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(args: list[str], cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if cwd != ROOT:
        env["PYTHONPATH"] = str(cwd)
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: run ./kit test, which installs it")
    return str(path)


def test_ruff_finds_nothing_to_lint():
    proc = _run([_tool("ruff"), "check", "--no-cache", "."])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_finds_nothing_to_reformat():
    proc = _run([_tool("ruff"), "format", "--check", "--no-cache", "."])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_passes_at_the_strictness_in_pyproject():
    proc = _run([_tool("mypy")], timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout


def test_the_import_contracts_are_kept():
    proc = _run([_tool("lint-imports"), "--no-cache"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the package and its configuration, to break on purpose."""
    shutil.copytree(
        ROOT / "symposium_kit",
        tmp_path / "symposium_kit",
        ignore=shutil.ignore_patterns("__pycache__", "data", "notebooks", "lessons"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "debate/model.py",
            "import matplotlib.pyplot",
            "The debate model knows nothing of files, YAML, tables or plots",
        ),
        (
            "scoring/reference.py",
            "import matplotlib",
            "matplotlib, ipywidgets and IPython only in views",
        ),
        ("debate/load.py", "from ..views import cards", "Wings import one way"),
        ("work/workfile.py", "from ..exchange import handout", "Wings import one way"),
        ("debate/anchoring.py", "from . import load", "No import cycles inside a wing"),
    ],
)
def test_a_forbidden_import_or_a_cycle_breaks_a_contract(scratch, module, line, contract):
    _append(scratch / "symposium_kit" / module, line)
    proc = _run([_tool("lint-imports"), "--no-cache"], cwd=scratch)
    assert proc.returncode != 0, proc.stdout
    assert "Broken contracts" in proc.stdout, proc.stdout + proc.stderr
    broken = proc.stdout.split("Broken contracts", 1)[1]  # the broken ones, each a heading
    assert contract in broken, proc.stdout
