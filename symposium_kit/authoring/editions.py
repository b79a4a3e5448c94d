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
Making, running and writing the editions is :mod:`.release`; the leak checks
are :mod:`.leaks`.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BEGIN_CODE, END_CODE = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_MD, END_MD = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
SOLUTION_TAG = "solution"
#: nbval's comment markers in a master, and the cell tag each becomes in the editions.
NBVAL_MARKER_TAGS = {
    "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "NBVAL_SKIP": "nbval-skip",
    "NBVAL_RAISES_EXCEPTION": "nbval-raises-exception",
    "NBVAL_CHECK_OUTPUT": "nbval-check-output",
}
PLACEHOLDER = "{indent}{name} = ...  # your answer here"
EDITIONS = ("student", "instructor")
_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)")


class EditionError(ValueError):
    """A master that cannot be turned into editions; the message says where and why."""


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


def cell_tags(cell: Any) -> list[str]:
    """A cell's tags (an empty list when it has none)."""
    return list(cell.get("metadata", {}).get("tags", []))


def cell_source(cell: Any) -> str:
    """A cell's source as one string (notebooks may store it as a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbval_marker_to_tag(source: str) -> tuple[str, str, str]:
    """Take a master's nbval marker out of a code cell: (source, tag, reason).

    The marker line and the comment lines right after it (the reason, which
    :func:`~symposium_kit.authoring.leaks.marker_problems` requires) are
    harness notes, meaningless to a student; the editions carry the marker
    as a cell tag, which nbval reads, and the reason in the cell's metadata.
    A cell without a marker comes back unchanged, with tag and reason ``""``.

    Examples
    --------
    >>> nbval_marker_to_tag("# NBVAL_IGNORE_OUTPUT\\n# (why: a widget)\\nform(sheet)")
    ('form(sheet)', 'nbval-ignore-output', '(why: a widget)')
    >>> nbval_marker_to_tag("x = 1")
    ('x = 1', '', '')
    """
    lines = source.split("\n")
    for i, line in enumerate(lines):
        mark = line.strip().lstrip("#").strip()
        if line.strip().startswith("#") and mark in NBVAL_MARKER_TAGS:
            j = i + 1
            reason = []
            while j < len(lines) and lines[j].strip().startswith("#"):
                reason.append(lines[j].strip().lstrip("#").strip())
                j += 1
            rest = lines[:i] + lines[j:]
            return "\n".join(rest).strip("\n"), NBVAL_MARKER_TAGS[mark], " ".join(reason)
    return source, "", ""


def make_edition(master: Any, edition: str, name: str = "notebook") -> Any:
    """The student or instructor edition of a master, without outputs.

    Cell ids are kept from the master (so a regenerated edition has the same
    ids); cells tagged ``solution`` are dropped from the student edition; an
    nbval marker comment becomes a cell tag (:func:`nbval_marker_to_tag`).
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
        if SOLUTION_TAG in cell_tags(cell) and edition == "student":
            continue
        split = split_source(cell_source(cell), cell.cell_type, where)
        if edition == "student" and cell.cell_type == "markdown" and split.solution_lines:
            if not split.student.strip():
                continue  # the whole cell was a worked answer
        cell.source = split.student if edition == "student" else split.instructor
        if cell.cell_type == "code":
            cell.source, tag, reason = nbval_marker_to_tag(cell.source)
            if tag:
                tags = cell.metadata.setdefault("tags", [])
                if tag not in tags:
                    tags.append(tag)
                cell.metadata["symposium_kit"] = {"nbval": reason}
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
    audience = master.metadata.get("symposium_kit", {}).get("audience", "student")
    nb.metadata["symposium_kit"] = {
        "audience": audience,
        "edition": edition,
        "master": f"lessons/{name}.ipynb",
        "note": "generated by `symposium-kit release`: edit the master, not this file",
    }
    nbformat.validate(nb)
    return nb


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(nb: Any) -> int:
    """Drop widget references and saved widget state from a notebook; return how many outputs.

    An output that had nothing but a widget reference and a repr is dropped
    whole; one with a fallback (:func:`with_fallback`) keeps its fallback.
    """
    n = 0
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                n += 1
                data.pop(WIDGET_MIME)
                if "text/html" not in data:
                    continue
            kept.append(out)
        if cell.cell_type == "code":
            cell.outputs = kept
    return n


# -- reading and writing -------------------------------------------------------------------


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


def cell_signature(nb: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """What ``release --check`` compares: each cell's id, type, source and tags.

    Outputs are not compared here: nbval compares them when the tests run.
    """
    sig = [
        (c.get("id", ""), c.cell_type, cell_source(c), tuple(sorted(cell_tags(c))))
        for c in nb.cells
    ]
    meta = nb.metadata.get("symposium_kit", {})
    return [("metadata", "", repr(sorted(meta.items())), ())] + sig
