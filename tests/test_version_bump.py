"""The committed notebook outputs survive a version bump.

Each ``check()`` in a notebook displays an output of MIME type
``application/vnd.symposium-kit.result+json``; the kit's version goes into that
output's *metadata*, which nbval does not compare, and never into its data or
text, which nbval does compare. So bumping ``__version__`` must not make the
committed editions out of date. The fast test reads every committed edition;
the slow one bumps the version in a scratch copy of the package and runs nbval,
with the project's options, on notebooks holding such outputs.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from symposium_kit._version import __version__

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "symposium_kit"
RESULT_MIME = "application/vnd.symposium-kit.result+json"
VERSION_KEY = "kit_version"
BUMPED = "99.0.0"
# Student and instructor editions of a notebook whose check() calls display result outputs.
NBVAL_NOTEBOOKS = ("notebooks/01-start-here.ipynb", "notebooks/instructor/01-start-here.ipynb")
NBVAL_TIMEOUT = 900  # two notebooks, 120 s per cell at most, 120 s per kernel startup


def committed_editions() -> list[Path]:
    """The committed student and instructor editions, in a stable order.

    Returns
    -------
    list of Path
        ``symposium_kit/notebooks/*.ipynb`` then ``symposium_kit/notebooks/instructor/*.ipynb``.
    """
    folder = PACKAGE / "notebooks"
    return sorted(folder.glob("*.ipynb")) + sorted((folder / "instructor").glob("*.ipynb"))


def outputs(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every output of a notebook's code cells, with the cell's index.

    Parameters
    ----------
    path
        A notebook file (nbformat 4 JSON).

    Returns
    -------
    list of (int, dict)
        ``(cell index, output)`` pairs, in the notebook's order.
    """
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(i, out) for i, cell in enumerate(cells) for out in cell.get("outputs", [])]


def compared_fields(output: dict[str, Any]) -> dict[str, str]:
    """The parts of an output that nbval compares, each as one string (metadata left out).

    Parameters
    ----------
    output
        One output of a code cell.

    Returns
    -------
    dict
        ``{"data/<mime>": JSON text, "text": ..., "evalue": ..., "traceback": ...}``
        for those present; a value's JSON keys are part of its text.
    """
    fields = {f"data/{mime}": json.dumps(value) for mime, value in output.get("data", {}).items()}
    for key in ("text", "evalue", "traceback"):
        if key in output:
            value = output[key]
            fields[key] = "".join(value) if isinstance(value, list) else str(value)
    return fields


def version_pattern(version: str) -> re.Pattern[str]:
    """A regex for ``version`` standing alone (``0.1.0`` but not ``10.1.0`` or ``0.1.01``).

    Parameters
    ----------
    version
        A version string such as ``"0.1.0"``.

    Returns
    -------
    re.Pattern
        Matching the version not preceded by ``N`` or ``N.`` and not followed by
        ``N`` or ``.N`` (a sentence's full stop after it still matches).
    """
    return re.compile(rf"(?<!\d)(?<!\d\.){re.escape(version)}(?!\.?\d)")


def result_outputs(path: Path) -> list[dict[str, Any]]:
    """The ``check()`` result outputs of a notebook.

    Parameters
    ----------
    path
        A notebook file.

    Returns
    -------
    list of dict
        The outputs whose data hold the result MIME type.
    """
    return [out for _, out in outputs(path) if RESULT_MIME in out.get("data", {})]


@pytest.mark.parametrize(
    "notebook", committed_editions(), ids=lambda p: str(p.relative_to(PACKAGE / "notebooks"))
)
def test_committed_outputs_hold_the_kit_version_only_in_metadata(notebook: Path) -> None:
    pattern = version_pattern(__version__)
    found = [
        f"cell {i}, {field}: {'version ' + __version__ if pattern.search(text) else VERSION_KEY}"
        for i, out in outputs(notebook)
        for field, text in compared_fields(out).items()
        if pattern.search(text) or VERSION_KEY in text
    ]
    assert not found, f"{notebook.name}: the version is compared by nbval in\n" + "\n".join(found)


def test_result_outputs_carry_the_kit_version_in_their_metadata() -> None:
    results = [out for nb in committed_editions() for out in result_outputs(nb)]
    assert results, f"no {RESULT_MIME} output in the committed editions: the scan proves nothing"
    versions = {out.get("metadata", {}).get(RESULT_MIME, {}).get(VERSION_KEY) for out in results}
    assert versions == {__version__}


def nbval_options() -> list[str]:
    """nbval's options as the README's test command passes them (``NBVAL_OPTIONS`` in ``kit``).

    Returns
    -------
    list of str
        The words of the bash array, e.g. ``--nbval``, ``--nbval-current-env``, ...
    """
    script = (REPO / "kit").read_text(encoding="utf-8")
    match = re.search(r"^NBVAL_OPTIONS=\((.*?)\)", script, re.MULTILINE | re.DOTALL)
    assert match, "no NBVAL_OPTIONS=(...) in ./kit"
    options = shlex.split(match.group(1))
    assert "--nbval" in options and "--nbval-current-env" in options, options
    return options


def copy_with_version(dest: Path, version: str) -> Path:
    """Copy the package, ``conftest.py``, the sanitizer and ``pyproject.toml``; set the version.

    Parameters
    ----------
    dest
        A new folder outside the repository.
    version
        The ``__version__`` written into the copy's ``symposium_kit/_version.py``.

    Returns
    -------
    Path
        ``dest``, laid out like the repository's root.
    """
    dest.mkdir(parents=True)
    shutil.copytree(
        PACKAGE,
        dest / PACKAGE.name,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
    )
    for rel in ("conftest.py", "pyproject.toml", "tests/nbval-sanitize.cfg"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest / rel)
    version_file = dest / PACKAGE.name / "_version.py"
    text = version_file.read_text(encoding="utf-8")
    bumped, n = re.subn(
        r"^__version__ = .*$", f"__version__ = {version!r}", text, flags=re.MULTILINE
    )
    assert n == 1, f"no single __version__ line in {version_file}"
    version_file.write_text(bumped, encoding="utf-8")
    return dest


def env_importing(copy: Path) -> dict[str, str]:
    """This process's environment with ``copy`` first on ``PYTHONPATH``.

    Parameters
    ----------
    copy
        The scratch copy's root (holding ``symposium_kit/``).

    Returns
    -------
    dict
        So that ``import symposium_kit`` finds the copy, not the editable
        install of the checkout; ``SYMPOSIUM_KIT_WORK`` is removed (the copy's
        ``conftest.py`` sets it per notebook).
    """
    env = {k: v for k, v in os.environ.items() if k != "SYMPOSIUM_KIT_WORK"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(copy), env.get("PYTHONPATH")) if p)
    return env


@pytest.mark.slow
def test_nbval_passes_on_committed_result_outputs_after_a_version_bump(tmp_path: Path) -> None:
    assert __version__ != BUMPED
    for rel in NBVAL_NOTEBOOKS:
        results = result_outputs(PACKAGE / rel)
        assert results, f"{rel} has no {RESULT_MIME} output: nbval would compare nothing"
        assert results[0]["metadata"][RESULT_MIME][VERSION_KEY] == __version__

    copy = copy_with_version(tmp_path / "bumped", BUMPED)
    env = env_importing(copy)
    # The kernel nbval starts (--nbval-current-env) is this Python, in the notebook's folder,
    # with this environment: check there that the copy, with the bumped version, is imported.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import symposium_kit as k; print(k.__version__); print(k.__file__)",
        ],
        cwd=copy / PACKAGE.name / "notebooks",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    version, kit_file = probe.stdout.split()
    assert version == BUMPED
    assert Path(kit_file).resolve() == (copy / PACKAGE.name / "__init__.py").resolve()

    notebooks = [str(copy / PACKAGE.name / rel) for rel in NBVAL_NOTEBOOKS]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "nbval", "-p", "no:cacheprovider"]
        + nbval_options()
        + ["-q", *notebooks],
        cwd=copy,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=NBVAL_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, f"nbval failed after the bump:\n{proc.stdout}\n{proc.stderr}"
    assert re.search(r"\b\d+ passed\b", proc.stdout), proc.stdout
