"""Checks on notebook editions: no leaked solutions, readable nbval markers, exercise results.

- :func:`find_leaks`: what a student edition would reveal (a solution line, an
  answer key written out, a marker or a cell tagged ``solution``);
- :func:`marker_problems`: nbval markers that nbval would not read, or that do
  not say why a cell is exempt from comparison;
- :func:`check_results`: exercise checks in an executed edition that report
  something other than expected (every check "correct" in the instructor
  edition; nothing unknown or broken anywhere).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..work.formats import RESULT_MIME, is_problem, is_result
from .editions import (
    BEGIN_CODE,
    BEGIN_MD,
    END_CODE,
    END_MD,
    SOLUTION_TAG,
    cell_source,
    cell_tags,
    split_source,
)


def solution_texts(master: Any, name: str = "notebook") -> list[str]:
    """Every solution line of a master (stripped, non-trivial), which no student edition may hold.

    Lines that also appear outside the solutions (so are not secret) are left out.
    """
    secret: list[str] = []
    public: set[str] = set()
    for i, cell in enumerate(master.cells):
        if cell.cell_type == "raw":
            continue
        src = cell_source(cell)
        if SOLUTION_TAG in cell_tags(cell):
            secret += src.split("\n")
            continue
        split = split_source(src, cell.cell_type, f"{name}, cell {i + 1}")
        secret += split.solution_lines
        public |= {line.strip() for line in split.student.split("\n")}
    out = []
    for line in secret:
        s = line.strip()
        if len(s) >= 3 and s not in public and s not in out and not set(s) <= set("[](){},'\" "):
            out.append(s)
    return out


def key_patterns(exercises: Iterable[Any], debate: Any = None) -> list[tuple[str, re.Pattern]]:
    """Patterns that would reveal an answer key if they appeared in a student edition."""
    out: list[tuple[str, re.Pattern]] = []

    def forms(values: list[str]) -> list[str]:
        res = []
        for q in ('"', "'"):
            res.append("[" + ", ".join(f"{q}{v}{q}" for v in values) + "]")
        return res

    def labels(ids: Iterable[str]) -> list[list[str]]:
        ids = list(ids)
        variants = [ids]
        if debate is not None:
            try:
                variants.append([debate.participant(i).label for i in ids])
                variants.append([debate.participant(i).name for i in ids])
            except KeyError:
                pass
        return variants

    for ex in exercises:
        key = ex.key
        if ex.kind in ("multiple_choice", "ordering") and key:
            flat = [x for g in key for x in g] if ex.kind == "ordering" else list(key)
            if len(flat) < 2:
                continue
            seqs = [flat] if ex.kind == "ordering" else [flat, sorted(flat)]
            for seq in seqs:
                for variant in labels(seq) if ex.names else [seq]:
                    for f in forms(variant):
                        out.append((f"{ex.id}: answer key {f}", re.compile(re.escape(f), re.I)))
        elif ex.kind == "matching" and key:
            for variant in [list(key.values())] + (
                [] if not ex.names else labels(key.values())[1:]
            ):
                pairs = list(zip(key.keys(), variant, strict=True))
                for q in ('"', "'"):
                    f = "{" + ", ".join(f"{q}{k}{q}: {q}{v}{q}" for k, v in pairs) + "}"
                    out.append((f"{ex.id}: answer key {f}", re.compile(re.escape(f), re.I)))
        elif ex.kind in ("single_choice", "numeric") and key is not None:
            values = [str(key)]
            if ex.names and debate is not None:
                values = [x for v in labels([key]) for x in v]
            if ex.kind == "numeric" and float(key).is_integer():
                values.append(str(float(key)))
            for v in values:
                quote = "" if ex.kind == "numeric" else "[\"']"
                pat = rf"(^|\n)\s*\w+\s*=\s*{quote}{re.escape(v)}{quote}\s*(#|\n|$)"
                out.append((f"{ex.id}: answer key {v!r} assigned", re.compile(pat, re.I)))
                ident = re.escape(ex.id)
                pat2 = rf"check\(\s*[\"']{ident}[\"']\s*,\s*{quote}{re.escape(v)}{quote}\s*\)"
                out.append((f"{ex.id}: answer key {v!r} checked", re.compile(pat2, re.I)))
    return out


def find_leaks(
    student: Any,
    master: Any,
    exercises: Iterable[Any] = (),
    debate: Any = None,
    name: str = "notebook",
) -> list[str]:
    """What a student edition reveals: solution lines or answer keys (empty when nothing)."""
    sources = [cell_source(c) for c in student.cells]
    outputs = [
        json.dumps(o, ensure_ascii=False) for c in student.cells for o in c.get("outputs", [])
    ]
    src_lines = {line.strip() for s in sources for line in s.split("\n")}
    whole = "\n".join(sources + outputs)
    leaks = []
    for line in solution_texts(master, name):
        if line in src_lines or (len(line) >= 20 and line in whole):
            leaks.append(f"{name}: solution line {line!r}")
    code = "\n".join(cell_source(c) for c in student.cells if c.cell_type == "code")
    for what, pattern in key_patterns(exercises, debate):
        target = code if "assigned" in what or "checked" in what else "\n".join(sources)
        if pattern.search(target):
            leaks.append(f"{name}: {what}")
    for i, cell in enumerate(student.cells):
        if SOLUTION_TAG in cell_tags(cell):
            leaks.append(f"{name}: cell {i + 1} is tagged {SOLUTION_TAG!r}")
        src = cell_source(cell)
        for marker in (BEGIN_CODE, END_CODE, BEGIN_MD, END_MD):
            if marker.casefold() in src.casefold():
                leaks.append(f"{name}: cell {i + 1} still holds the marker {marker!r}")
    return leaks


# -- nbval markers -------------------------------------------------------------

NBVAL_MARKERS = (
    "NBVAL_IGNORE_OUTPUT",
    "NBVAL_CHECK_OUTPUT",
    "NBVAL_RAISES_EXCEPTION",
    "NBVAL_SKIP",
    "PYTEST_VALIDATE_IGNORE_OUTPUT",
)
NBVAL_TAGS = ("nbval-ignore-output", "nbval-skip", "nbval-raises-exception", "raises-exception")


def marker_problems(master: Any, name: str = "notebook") -> list[str]:
    """nbval markers that nbval would not read, or that do not say why the cell is exempt.

    nbval reads a marker only when the whole comment is the marker, so the
    reason goes on a comment line of its own.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT: a widget\\nw"),
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\\nw"),
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\\n# Why: a widget\\nw")])
    >>> for p in marker_problems(nb, "nb"):
    ...     print(p)  # doctest: +ELLIPSIS
    nb, cell 1: nbval does not read '# NBVAL_IGNORE_OUTPUT: a widget'; put the marker alone ...
    nb, cell 2: the cell is exempt from nbval (NBVAL_IGNORE_OUTPUT) but no comment says why
    """
    problems = []
    for i, cell in enumerate(master.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {i + 1}"
        comments = [
            line.strip().lstrip("#").strip()
            for line in cell_source(cell).split("\n")
            if line.strip().startswith("#")
        ]
        exempt = [c for c in comments if c in NBVAL_MARKERS]
        exempt += [t for t in cell_tags(cell) if t in NBVAL_TAGS]
        for c in comments:
            if c not in NBVAL_MARKERS and any(c.startswith(m) for m in NBVAL_MARKERS):
                problems.append(
                    f"{where}: nbval does not read '# {c}'; put the marker alone on its line "
                    "and the reason in a comment on the next line"
                )
        reasons = [c for c in comments if c and not any(c.startswith(m) for m in NBVAL_MARKERS)]
        if exempt and not reasons:
            what = ", ".join(exempt)
            problems.append(
                f"{where}: the cell is exempt from nbval ({what}) but no comment says why"
            )
    return problems


def check_results(nb: Any, edition: str, name: str = "notebook") -> list[str]:
    """Problems in an executed edition's exercise output.

    Every check must report ``correct`` (or ``recorded``) in the instructor
    edition; no check may report ``invalid`` in the student edition; no
    output may say an exercise is unknown or broken.
    """
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            payload = out.get("data", {}).get(RESULT_MIME)
            if is_problem(payload):
                problems.append(
                    f"{name} ({edition}), cell {i + 1}: exercise {payload.get('exercise')!r} "
                    f"could not be checked or shown ({payload['problem']})"
                )
                continue
            if not is_result(payload):
                continue
            result = payload["result"]
            ok = (
                ("correct", "recorded")
                if edition == "instructor"
                else ("unanswered", "correct", "partly", "wrong", "recorded")
            )
            if result not in ok:
                problems.append(
                    f"{name} ({edition}), cell {i + 1}: check({payload['exercise']!r}) reports "
                    f"{result!r}"
                    + (": the solution should be correct" if edition == "instructor" else "")
                )
    return problems
