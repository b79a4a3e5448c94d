"""``symposium-kit release``: make, run, check and write the editions of every master.

Both editions are executed (each in a fresh kernel of the current Python, in a
temporary folder, with the saved-work file in that folder) and written with
their outputs, which nbval then compares in CI. The student edition is checked
for leaks (no solution line, no answer key of the notebook's exercises, no key
shown before its exercise: :func:`.leaks.early_answers`) and the
executed editions for their exercise results: see :mod:`.leaks`.

The masters and the editions are package data (:mod:`symposium_kit.resources`),
so ``release --check`` works from an installed wheel as well as a checkout;
``root`` names another folder holding ``lessons/`` and ``notebooks/``.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..debate.compiled import COMPILED_FILE, is_current
from ..debate.load import bundled_debate_dir, compile_debate, load_debate
from ..exercises.catalog import collect_exercises
from ..resources import package_dir
from .editions import (
    EDITIONS,
    EditionError,
    cell_signature,
    make_edition,
    read_notebook,
    strip_widget_views,
    write_notebook,
)
from .leaks import check_results, early_answers, find_leaks, marker_problems

CELL_TIMEOUT = 120


def lessons_dir(root: str | Path | None = None) -> Path:
    """The folder of the masters, ``lessons/``."""
    return Path(root or package_dir()) / "lessons"


def notebooks_dir(root: str | Path | None = None) -> Path:
    """The folder of the student editions, ``notebooks/`` (instructor ones in ``instructor/``)."""
    return Path(root or package_dir()) / "notebooks"


def edition_path(name: str, edition: str, root: str | Path | None = None) -> Path:
    """Where an edition of the master ``name`` (e.g. ``"02-positions"``) is committed."""
    base = notebooks_dir(root)
    return base / f"{name}.ipynb" if edition == "student" else base / "instructor" / f"{name}.ipynb"


def master_paths(root: str | Path | None = None, only: Iterable[str] | None = None) -> list[Path]:
    """The masters, sorted; ``only`` keeps those whose name (with or without .ipynb) is listed."""
    folder = lessons_dir(root)
    if not folder.is_dir():
        raise EditionError(f"no lessons folder at {folder}: the masters live in lessons/*.ipynb")
    paths = sorted(folder.glob("*.ipynb"))
    if only:
        wanted = {Path(n).stem if n.endswith(".ipynb") else n for n in only}
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            known = ", ".join(p.stem for p in paths) or "none"
            raise EditionError(
                f"no master named {', '.join(sorted(unknown))} in {folder}; known: {known}"
            )
        paths = [p for p in paths if p.stem in wanted]
    return paths


# -- execution -----------------------------------------------------------------


def _current_env_kernel_manager() -> Any:
    """An async kernel manager that starts ipykernel with this very Python."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class CurrentEnvSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:  # noqa: ARG002
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (ipykernel)",
                language="python",
                resource_dir=tempfile.gettempdir(),
            )

    return AsyncKernelManager(kernel_spec_manager=CurrentEnvSpecs(), kernel_name="python3")


def execute(nb: Any, name: str = "notebook", timeout: int = CELL_TIMEOUT) -> Any:
    """Run a notebook top to bottom in a fresh kernel; return it with outputs.

    The kernel runs in a temporary folder with ``SYMPOSIUM_KIT_WORK`` pointing
    at a file there, so no saved-work file lands in the repository.

    Raises
    ------
    EditionError
        Naming the cell that failed.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory(prefix="symposium-release-") as tmp:
        env = dict(os.environ)
        env["SYMPOSIUM_KIT_WORK"] = str(Path(tmp) / "symposium-work.json")
        client = NotebookClient(
            nb,
            km=_current_env_kernel_manager(),
            timeout=timeout,
            startup_timeout=120,
            record_timing=False,
            store_widget_state=False,
            resources={"metadata": {"path": tmp}},
        )
        try:
            client.execute(env=env, cwd=tmp)
        except CellTimeoutError as exc:
            raise EditionError(
                f"{name}: a cell ran longer than {timeout} s: {_first_line(exc)}"
            ) from exc
        except CellExecutionError as exc:
            text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
            raise EditionError(f"{name}: a cell raised an error:\n{text}") from exc
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _notebook_exercises(name: str) -> tuple[list[Any], Any]:
    debate = load_debate()
    exercises, problems = collect_exercises(debate)
    mine = [p for p in problems if Path(p.file).stem == name]
    if mine:
        lines = "\n".join(str(p) for p in mine)
        raise EditionError(f"the exercise file of {name} has problems:\n{lines}")
    return [e for e in exercises.values() if e.notebook == name], debate


def build_editions(
    master_path: Path, run: bool = True, log: Callable[[str], object] = print
) -> dict[str, Any]:
    """Both editions of one master, executed when ``run``; EditionError on leaks or failures."""
    name = master_path.stem
    master = read_notebook(master_path)
    markers = marker_problems(master, name)
    if markers:
        raise EditionError("nbval markers to fix in the master:\n" + "\n".join(markers))
    editions = {e: make_edition(master, e, name) for e in EDITIONS}
    exercises, debate = _notebook_exercises(name)
    leaks = find_leaks(editions["student"], master, exercises, debate, name)
    if leaks:
        raise EditionError("the student edition would reveal answers:\n" + "\n".join(leaks))
    if run:
        for edition in EDITIONS:
            log(f"running {name} ({edition} edition) ...")
            editions[edition] = execute(editions[edition], f"{name} ({edition})")
            strip_widget_views(editions[edition])
            problems = check_results(editions[edition], edition, name)
            if problems:
                raise EditionError("\n".join(problems))
        leaks = find_leaks(editions["student"], master, exercises, debate, name)
        leaks += early_answers(editions["student"], exercises, debate, name)
        if leaks:
            raise EditionError("the executed student edition reveals answers:\n" + "\n".join(leaks))
    return editions


def release(
    root: str | Path | None = None,
    only: Iterable[str] | None = None,
    log: Callable[[str], object] = print,
) -> list[Path]:
    """Regenerate, run and write the editions of every master (or those in ``only``).

    The bundled debate's compiled form is written first, so that the notebooks load it.
    """
    log(f"wrote {compile_debate(bundled_debate_dir())}")
    written = []
    for path in master_paths(root, only):
        editions = build_editions(path, run=True, log=log)
        for edition, nb in editions.items():
            target = edition_path(path.stem, edition, root)
            write_notebook(nb, target)
            written.append(target)
            log(f"wrote {target}")
    return written


def release_differences(
    root: str | Path | None = None, only: Iterable[str] | None = None
) -> list[str]:
    """How the committed editions differ from fresh ones (sources only); empty when current.

    The bundled debate's compiled form is checked too.
    """
    diffs = []
    if not is_current(bundled_debate_dir()):
        diffs.append(
            f"{bundled_debate_dir() / COMPILED_FILE}: missing or out of date; run "
            "`symposium-kit release` (or `symposium-kit validate --compile`)"
        )
    masters = master_paths(root, only)
    for path in masters:
        try:
            editions = build_editions(path, run=False)
        except EditionError as exc:
            diffs.append(f"{path}: {exc}")
            continue
        for edition, fresh in editions.items():
            target = edition_path(path.stem, edition, root)
            if not target.is_file():
                diffs.append(f"{target}: missing; run `symposium-kit release --only {path.stem}`")
                continue
            old, new = cell_signature(read_notebook(target)), cell_signature(fresh)
            if old == new:
                continue
            pairs = enumerate(zip(old, new, strict=False))
            where = next((i for i, (a, b) in pairs if a != b), min(len(old), len(new))) - 1
            if where < 0:
                diffs.append(
                    f"{target}: its `symposium_kit` metadata differs from a fresh edition's; run "
                    f"`symposium-kit release --only {path.stem}`"
                )
                continue
            diffs.append(
                f"{target}: differs from its master from cell {where + 1} on "
                f"({len(old) - 1} cells committed, {len(new) - 1} expected); run "
                f"`symposium-kit release --only {path.stem}`"
            )
    if not only:
        names = {p.stem for p in masters}
        for edition in EDITIONS:
            folder = notebooks_dir(root) / ("instructor" if edition == "instructor" else "")
            for nb_path in sorted(folder.glob("*.ipynb")):
                if nb_path.stem not in names:
                    diffs.append(
                        f"{nb_path}: no master lessons/{nb_path.name}; remove it or add the master"
                    )
    return diffs
