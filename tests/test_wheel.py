"""The wheel installs into a fresh environment and works there without a checkout.

One module-scoped fixture builds the wheel from a scratch copy of the
repository (so that setuptools' ``build/`` and ``*.egg-info`` never land in the
checkout), creates a fresh virtual environment with ``uv venv`` (the Python
running the tests, no system site-packages) and installs the wheel into it with
``uv pip install``; its dependencies come from PyPI through uv's cache, so a
second run takes seconds. Every command then runs from a temporary folder
outside the repository, with ``PYTHONPATH`` removed, so nothing can be
imported from the checkout: what passes here is what a student's
``pip install symposium-kit`` gets.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from uv import find_uv_bin

pytestmark = [pytest.mark.wheel, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "symposium_kit"
RESULT_MIME = "application/vnd.symposium-kit.result+json"

# What the build needs from the checkout besides the package folder (those that exist).
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE.txt", "MANIFEST.in", "setup.py")
# Build artefacts that setuptools would write beside pyproject.toml when building in place.
ARTEFACT_GLOBS = ("build", "dist", "*.egg-info", "symposium_kit/*.egg-info")

# Timeouts (seconds) for the commands run here.
BUILD_TIMEOUT = 300  # the wheel, the venv, the install (cold uv cache: downloads)
COMMAND_TIMEOUT = 120  # one `symposium-kit` command
NOTEBOOK_TIMEOUT = 600  # one notebook, top to bottom (120 s per cell, 120 s kernel startup)

# Run with the venv's Python: executes a notebook with nbclient in a kernel started from that
# very Python (not whatever "python3" kernelspec the machine has), then appends a probe cell
# that prints the kernel's interpreter and where it imported the kit from.
RUN_NOTEBOOK = """\
import os
import sys
import tempfile

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient


class ThisPython(KernelSpecManager):
    def get_kernel_spec(self, kernel_name):
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
            resource_dir=tempfile.gettempdir(),
        )


source, target = sys.argv[1], sys.argv[2]
folder = os.path.dirname(os.path.abspath(source))
nb = nbformat.read(source, as_version=4)
nb.cells.append(
    nbformat.v4.new_code_cell(
        "import sys, symposium_kit\\nprint(sys.executable)\\nprint(symposium_kit.__file__)",
        metadata={"tags": ["wheel-probe"]},
    )
)
client = NotebookClient(
    nb,
    km=AsyncKernelManager(kernel_spec_manager=ThisPython(), kernel_name="python3"),
    timeout=120,
    startup_timeout=120,
    allow_errors=True,
    record_timing=False,
    resources={"metadata": {"path": folder}},
)
client.execute(cwd=folder, env=dict(os.environ))
nbformat.write(nb, target)
"""


@dataclass(frozen=True)
class Install:
    """A fresh virtual environment with the wheel installed, and where to run commands."""

    venv: Path
    python: Path
    site_packages: Path
    env: dict[str, str]
    scratch: Path
    wheel: Path
    artefacts_before: dict[str, int]
    artefacts_after: dict[str, int]

    def command(self, name: str) -> Path:
        """The path of a console script installed in the venv (e.g. ``symposium-kit``)."""
        return self.venv / "bin" / name


def run(
    args: Sequence[str | os.PathLike[str]],
    cwd: Path,
    env: dict[str, str],
    timeout: float = COMMAND_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run a command with a timeout, capturing its output, stdin closed.

    Parameters
    ----------
    args
        The command and its arguments.
    cwd
        The working folder (always outside the repository here).
    env
        The environment (``PYTHONPATH`` already removed).
    timeout
        Seconds before the command is killed and the test fails.

    Returns
    -------
    subprocess.CompletedProcess
        With ``stdout`` and ``stderr`` as text; the exit code is not checked.
    """
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    """Assert that a command exited 0 and return its standard output.

    Parameters
    ----------
    proc
        A finished command from :func:`run`.

    Returns
    -------
    str
        Its standard output.
    """
    assert proc.returncode == 0, (
        f"{' '.join(proc.args)} exited {proc.returncode}\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )
    return proc.stdout


def clean_env(extra_path: Path | None = None) -> dict[str, str]:
    """This process's environment without anything that could import the checkout.

    Parameters
    ----------
    extra_path
        A ``bin`` folder put first on ``PATH`` (the venv's), if given.

    Returns
    -------
    dict
        ``PYTHONPATH``, ``PYTHONHOME``, ``VIRTUAL_ENV`` and ``SYMPOSIUM_KIT_WORK``
        removed.
    """
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SYMPOSIUM_KIT_WORK"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if extra_path is not None:
        env["PATH"] = os.pathsep.join([str(extra_path), env.get("PATH", "")])
    return env


def repo_version() -> str:
    """The version written in the checkout's ``symposium_kit/_version.py`` (read, not imported).

    Returns
    -------
    str
        The value assigned to ``__version__``.
    """
    tree = ast.parse((PACKAGE / "_version.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, str)
            return value
    raise AssertionError("no __version__ in symposium_kit/_version.py")


def artefacts(root: Path) -> dict[str, int]:
    """Build artefacts in the checkout, each with the newest modification time inside it.

    Parameters
    ----------
    root
        The repository's root folder.

    Returns
    -------
    dict
        ``{relative path: newest st_mtime_ns of it and everything under it}`` for
        ``build/``, ``dist/`` and ``*.egg-info``; an artefact that appears or is
        rewritten changes the result.
    """
    found: dict[str, int] = {}
    for pattern in ARTEFACT_GLOBS:
        for path in root.glob(pattern):
            times = [path.stat().st_mtime_ns] + [p.stat().st_mtime_ns for p in path.rglob("*")]
            found[str(path.relative_to(root))] = max(times)
    return found


def copy_for_build(dest: Path) -> Path:
    """Copy what the build needs (pyproject, README, the package) into ``dest``.

    Parameters
    ----------
    dest
        A new folder outside the repository.

    Returns
    -------
    Path
        ``dest``, now a buildable source tree.
    """
    dest.mkdir(parents=True)
    for name in BUILD_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    shutil.copytree(
        PACKAGE,
        dest / PACKAGE.name,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
    )
    return dest


def student_names() -> list[str]:
    """The committed student editions (``symposium_kit/notebooks/*.ipynb``) a student gets.

    A lesson for the instructor alone (its edition's metadata says ``"audience":
    "instructor"``, as 06's does) is not handed out.
    """
    names = []
    for p in sorted((PACKAGE / "notebooks").glob("*.ipynb")):
        meta = json.loads(p.read_text(encoding="utf-8")).get("metadata", {})
        if meta.get("symposium_kit", {}).get("audience") != "instructor":
            names.append(p.name)
    assert "06-class-results.ipynb" not in names and len(names) >= 5
    return names


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Install]:
    """Build the wheel from a copy of the repository and install it into a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    scratch = base / "work"
    scratch.mkdir()
    uv = find_uv_bin()
    env = clean_env()
    before = artefacts(REPO)

    source = copy_for_build(base / "source")
    dist = base / "dist"
    ok(run([uv, "build", "--wheel", "--out-dir", dist, source], scratch, env, BUILD_TIMEOUT))
    after = artefacts(REPO)
    wheels = sorted(dist.glob("symposium_kit-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}"

    venv = base / "venv"
    ok(run([uv, "venv", "--python", sys.executable, venv], scratch, env, BUILD_TIMEOUT))
    python = venv / "bin" / "python"
    ok(run([uv, "pip", "install", "--python", python, wheels[0]], scratch, env, BUILD_TIMEOUT))

    env = clean_env(venv / "bin")
    purelib = ok(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            scratch,
            env,
        )
    ).strip()
    yield Install(
        venv=venv,
        python=python,
        site_packages=Path(purelib),
        env=env,
        scratch=scratch,
        wheel=wheels[0],
        artefacts_before=before,
        artefacts_after=after,
    )


def test_building_the_wheel_writes_nothing_into_the_repository(install: Install) -> None:
    assert install.artefacts_after == install.artefacts_before
    assert REPO not in install.wheel.parents


def test_the_installed_package_is_the_wheel_not_the_checkout(install: Install) -> None:
    out = ok(
        run(
            [install.python, "-c", "import symposium_kit; print(symposium_kit.__file__)"],
            install.scratch,
            install.env,
        )
    )
    imported = Path(out.strip()).resolve()
    assert imported.is_relative_to(install.site_packages.resolve()), imported
    assert not imported.is_relative_to(REPO), imported
    out = ok(
        run(
            [install.python, "-c", "import json, sys; print(json.dumps(sys.path))"],
            install.scratch,
            install.env,
        )
    )
    on_path = [p for p in json.loads(out) if p and Path(p).resolve().is_relative_to(REPO)]
    assert not on_path, f"the checkout is on the venv's sys.path: {on_path}"


def test_version_option_prints_the_version_of_version_py(install: Install) -> None:
    out = ok(run([install.command("symposium-kit"), "--version"], install.scratch, install.env))
    assert out.strip() == f"symposium-kit {repo_version()}"


def test_start_copy_only_copies_exactly_the_student_notebooks(install: Install) -> None:
    dest = install.scratch / "class"
    ok(
        run(
            [install.command("symposium-kit"), "start", dest, "--copy-only"],
            install.scratch,
            install.env,
        )
    )
    assert sorted(p.name for p in dest.iterdir()) == student_names()
    for name in student_names():
        copied = (dest / name).read_bytes()
        # Instructor editions and masters have the same names: tell them apart by content.
        assert copied == (PACKAGE / "notebooks" / name).read_bytes(), name
        assert copied != (PACKAGE / "notebooks" / "instructor" / name).read_bytes(), name
        assert copied != (PACKAGE / "lessons" / name).read_bytes(), name


def test_a_copied_student_notebook_runs_top_to_bottom_in_the_venvs_kernel(
    install: Install,
) -> None:
    folder = install.scratch / "run-01"
    ok(
        run(
            [install.command("symposium-kit"), "start", folder, "--copy-only"],
            install.scratch,
            install.env,
        )
    )
    script = install.scratch / "run_notebook.py"
    script.write_text(RUN_NOTEBOOK, encoding="utf-8")
    executed = install.scratch / "01-start-here.executed.ipynb"
    work_file = install.scratch / "work" / "symposium-work.json"
    env = {**install.env, "SYMPOSIUM_KIT_WORK": str(work_file)}
    ok(
        run(
            [install.python, script, folder / "01-start-here.ipynb", executed],
            install.scratch,
            env,
            NOTEBOOK_TIMEOUT,
        )
    )

    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    probe, cells = cells[-1], cells[:-1]
    errors = [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, cell in enumerate(cells)
        for o in cell.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert not errors, "\n".join(errors)
    results = [
        o for cell in cells for o in cell.get("outputs", []) if RESULT_MIME in o.get("data", {})
    ]
    assert results, f"no {RESULT_MIME} output in the executed notebook"

    printed = "".join("".join(o["text"]) for o in probe["outputs"] if o["output_type"] == "stream")
    kernel_python, kit_file = printed.split()
    assert Path(kernel_python).parent == install.venv / "bin"
    assert Path(kit_file).resolve().is_relative_to(install.site_packages.resolve())
    beside = folder / "symposium-work.json"
    assert not beside.exists(), f"{beside} was written although SYMPOSIUM_KIT_WORK={work_file}"


def test_validate_accepts_the_installed_bundled_debate(install: Install) -> None:
    debate = install.site_packages / "symposium_kit" / "data" / "debates" / "trump-china-2025"
    assert (debate / "debate.yaml").is_file(), f"the bundled debate is not installed at {debate}"
    out = ok(
        run([install.command("symposium-kit"), "validate", debate], install.scratch, install.env)
    )
    assert out.startswith("ok: trump-china-2025:"), out


def test_demo_class_then_collect_summarises_the_students(install: Install) -> None:
    kit = install.command("symposium-kit")
    folder = install.scratch / "handins"
    ok(run([kit, "demo-class", folder, "--students", "10"], install.scratch, install.env))
    out = ok(run([kit, "collect", folder, "--no-progress"], install.scratch, install.env))
    counted = re.search(r"Collected (\d+) student\(s\)", out)
    assert counted and int(counted.group(1)) == 10, out
    # The demo students are named in their folders and files (ada-0001, ben-0002, ...).
    names = {re.sub(r"( \(\d+\))?\.json$", "", p.name) for p in folder.iterdir()}
    named = [n for n in names if re.fullmatch(r"\w[\w-]*-\d{4}", n) and n in out]
    assert named, f"the summary names none of the students {sorted(names)}:\n{out}"


def test_release_check_passes_against_the_masters_inside_the_wheel(install: Install) -> None:
    out = ok(
        run([install.command("symposium-kit"), "release", "--check"], install.scratch, install.env)
    )
    assert out.strip().startswith("ok:"), out
    masters = install.site_packages / "symposium_kit" / "lessons"
    editions = sorted(p.name for p in (PACKAGE / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in masters.glob("*.ipynb")) == editions
