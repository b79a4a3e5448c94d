"""Student and instructor editions of the lesson notebooks, made from one master each.

A master (``lessons/NN-name.ipynb``) marks solutions the nbgrader way:

- in a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
  the student edition replaces them with one placeholder line
  ``answer = ...  # your answer here`` (same indentation; the variable is the
  one the solution assigns first);
- in a markdown cell, the lines between ``<!-- BEGIN SOLUTION -->`` and
  ``<!-- END SOLUTION -->``, dropped from the student edition;
- a whole cell tagged ``solution``, dropped from the student edition.

The instructor edition keeps the solutions and drops only the marker lines.
Both editions are executed (each in a fresh kernel of the current Python, in a
temporary folder, with the saved-work file in that folder) and written with
their outputs, which nbval then compares in CI. The student edition is checked
for leaks (no solution line, no answer key of the notebook's exercises) and the
executed editions for their exercise results: see :mod:`.edition_checks`.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BEGIN_CODE, END_CODE = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_MD, END_MD = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
SOLUTION_TAG = "solution"
PLACEHOLDER = "{indent}{name} = ...  # your answer here"
EDITIONS = ("student", "instructor")
CELL_TIMEOUT = 120
RESULT_MIME = "application/vnd.symposium-kit.result+json"
_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)")


class EditionError(ValueError):
    """A master that cannot be turned into editions; the message says where and why."""


def repo_root() -> Path:
    """The checkout the package runs from (an editable install: the repository)."""
    import symposium_kit

    return Path(symposium_kit.__file__).resolve().parent.parent


def lessons_dir(root: str | Path | None = None) -> Path:
    """The folder of the masters, ``lessons/``."""
    return Path(root or repo_root()) / "lessons"


def notebooks_dir(root: str | Path | None = None) -> Path:
    """The folder of the student editions, ``notebooks/`` (instructor ones in ``instructor/``)."""
    return Path(root or repo_root()) / "notebooks"


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


# -- splitting sources ---------------------------------------------------------


@dataclass(frozen=True)
class SplitSource:
    """A cell's source in both editions, and the solution lines it holds."""

    student: str
    instructor: str
    solution_lines: tuple[str, ...]


def split_source(source: str, cell_type: str, where: str = "cell") -> SplitSource:
    """Split one cell's source at the solution markers.

    Examples
    --------
    >>> src = "x = 1\\n### BEGIN SOLUTION\\nanswer = [1, 2]\\n### END SOLUTION\\n"
    >>> src += "check('a.b', answer)"
    >>> s = split_source(src, "code")
    >>> print(s.student)
    x = 1
    answer = ...  # your answer here
    check('a.b', answer)
    >>> print(s.instructor)
    x = 1
    answer = [1, 2]
    check('a.b', answer)
    """
    begin, end = (BEGIN_CODE, END_CODE) if cell_type == "code" else (BEGIN_MD, END_MD)
    student: list[str] = []
    instructor: list[str] = []
    solution: list[str] = []
    inside = False
    indent = ""
    block: list[str] = []
    for n, line in enumerate(source.split("\n"), start=1):
        mark = line.strip()
        if mark.upper() == begin.upper():
            if inside:
                raise EditionError(f"{where}, line {n}: {begin!r} inside another solution block")
            inside, indent, block = True, line[: len(line) - len(line.lstrip())], []
            continue
        if mark.upper() == end.upper():
            if not inside:
                raise EditionError(f"{where}, line {n}: {end!r} without a {begin!r} before it")
            inside = False
            if cell_type == "code":
                name = next((m.group(1) for m in map(_ASSIGN.match, block) if m), "answer")
                student.append(PLACEHOLDER.format(indent=indent, name=name))
            continue
        if inside:
            block.append(line)
            solution.append(line)
            instructor.append(line)
        else:
            student.append(line)
            instructor.append(line)
    if inside:
        raise EditionError(f"{where}: {begin!r} is never closed with {end!r}")
    if cell_type != "code":
        student = _squeeze_blank(student)
    return SplitSource("\n".join(student).strip("\n"), "\n".join(instructor), tuple(solution))


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return out


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def make_edition(master: Any, edition: str, name: str = "notebook") -> Any:
    """The student or instructor edition of a master, without outputs.

    Cell ids are kept from the master (so a regenerated edition has the same
    ids); cells tagged ``solution`` are dropped from the student edition.
    """
    import nbformat

    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    nb = copy.deepcopy(master)
    nb.nbformat, nb.nbformat_minor = 4, max(5, int(master.get("nbformat_minor", 5)))
    cells = []
    for i, cell in enumerate(nb.cells):
        where = f"{name}, cell {i + 1}"
        if cell.cell_type == "raw":
            cells.append(cell)
            continue
        if SOLUTION_TAG in _tags(cell) and edition == "student":
            continue
        split = split_source(_source(cell), cell.cell_type, where)
        if edition == "student" and cell.cell_type == "markdown" and split.solution_lines:
            if not split.student.strip():
                continue  # the whole cell was a worked answer
        cell.source = split.student if edition == "student" else split.instructor
        if "id" not in cell:
            cell["id"] = f"cell-{i + 1:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["symposium_kit"] = {
        "edition": edition,
        "master": f"lessons/{name}.ipynb",
        "note": "generated by `symposium-kit release`: edit the master, not this file",
    }
    nbformat.validate(nb)
    return nb


# -- execution -----------------------------------------------------------------


def _current_env_kernel_manager():
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


# -- release -------------------------------------------------------------------


def read_notebook(path: Path) -> Any:
    import nbformat

    return nbformat.read(str(path), as_version=4)


def write_notebook(nb: Any, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _notebook_exercises(name: str) -> tuple[list[Any], Any]:
    from .exercises import collect_exercises
    from .loading import load_debate

    debate = load_debate()
    exercises, problems = collect_exercises(debate)
    mine = [p for p in problems if Path(p.file).stem == name]
    if mine:
        lines = "\n".join(str(p) for p in mine)
        raise EditionError(f"the exercise file of {name} has problems:\n{lines}")
    return [e for e in exercises.values() if e.notebook == name], debate


def build_editions(master_path: Path, run: bool = True, log=print) -> dict[str, Any]:
    """Both editions of one master, executed when ``run``; EditionError on leaks or failures."""
    name = master_path.stem
    master = read_notebook(master_path)
    from .edition_checks import check_results, find_leaks, marker_problems

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
            problems = check_results(editions[edition], edition, name)
            if problems:
                raise EditionError("\n".join(problems))
        leaks = find_leaks(editions["student"], master, exercises, debate, name)
        if leaks:
            raise EditionError("the executed student edition reveals answers:\n" + "\n".join(leaks))
    return editions


def release(
    root: str | Path | None = None, only: Iterable[str] | None = None, log=print
) -> list[Path]:
    """Regenerate, run and write the editions of every master (or those in ``only``)."""
    written = []
    for path in master_paths(root, only):
        editions = build_editions(path, run=True, log=log)
        for edition, nb in editions.items():
            target = edition_path(path.stem, edition, root)
            write_notebook(nb, target)
            written.append(target)
            log(f"wrote {target}")
    return written


def cell_signature(nb: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """What ``release --check`` compares: each cell's id, type, source and tags.

    Outputs are not compared here: nbval compares them when the tests run.
    """
    sig = [(c.get("id", ""), c.cell_type, _source(c), tuple(sorted(_tags(c)))) for c in nb.cells]
    meta = nb.metadata.get("symposium_kit", {})
    return [("metadata", "", repr(sorted(meta.items())), ())] + sig


def release_differences(
    root: str | Path | None = None, only: Iterable[str] | None = None
) -> list[str]:
    """How the committed editions differ from fresh ones (sources only); empty when current."""
    diffs = []
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
