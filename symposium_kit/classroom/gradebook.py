"""CSV exports of collected class work: the long score table and a gradebook.

The gradebook has one row per student (the student id in the first column),
one column per exercise worth 1 point if correct, 0.5 if partly right and 0
otherwise (wrong, unanswered, not handed in; open answers that are only
``recorded`` earn nothing unless ``points`` says so), then ``total``,
``possible`` and ``percent``. Files are UTF-8 with a header row, which
learning-management systems (Canvas, Moodle, Blackboard) import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .grading import POINTS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .collect import ClassResults

LONG_COLUMNS = ["student", "contributor", "criterion", "score", "justification"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: object) -> object:
    """Free text that a spreadsheet will not run as a formula (prefix ``'``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell and header is safe from spreadsheet formula injection.

    Examples
    --------
    >>> import pandas as pd
    >>> safe_frame(pd.DataFrame({"=x": ["=cmd|' -C calc'!A0", "ada"]})).to_dict("list")
    {"'=x": ["'=cmd|' -C calc'!A0", 'ada']}
    """
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for column in out.columns:
        if not is_numeric_dtype(out[column]):
            out[column] = out[column].map(_safe_text)
    out.columns = [_safe_text(str(c)) for c in out.columns]
    return out


def long_table(results: ClassResults) -> pd.DataFrame:
    """The score table in long format: ``student, contributor, criterion, score, justification``."""
    return results.scores[LONG_COLUMNS].copy()


def write_long_csv(results: ClassResults, path: str | Path) -> Path:
    """Write the long score table as CSV (UTF-8, header row); returns the path.

    Every text cell (student names, contributor ids, justifications) that
    starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a
    leading ``'`` so that it stays text.
    """
    path = Path(path)
    table = safe_frame(long_table(results))
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def gradebook(
    results: ClassResults,
    exercises: Sequence[str] | None = None,
    points: Mapping[str, float] | None = None,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
) -> pd.DataFrame:
    """One row per student, one column per exercise, plus ``total``, ``possible``, ``percent``.

    Parameters
    ----------
    results : ClassResults
    exercises : sequence of str, optional
        The exercise columns, in order. Default, when the results were
        collected with a debate: every graded exercise of the current
        definitions (open ``short_text`` answers are not auto-graded and get no
        column), by notebook then id, so ``possible`` is the same for every
        student and never depends on what was handed in. Otherwise: every exercise with at least
        one graded result (open-text exercises, only ever ``recorded``, are
        left out), ordered by notebook then id. Listing them keeps an exercise
        nobody did.
    points : mapping, optional
        Points per result (default ``{"correct": 1, "partly": 0.5}``; any
        other result is 0). Each exercise is worth ``max(points.values())``.
    manual : mapping, optional
        Hand-given grades, student -> exercise -> ``{"points", "max", ...}``
        (:func:`symposium_kit.classroom.manual.manual_grades`). When given,
        every open exercise of the definitions gets a column too (after the
        graded ones), worth its ``max`` (1 point when nobody is graded on it
        yet); an answer not graded yet counts 0.

    Examples
    --------
    >>> import pandas as pd
    >>> from symposium_kit.classroom.collect import ClassResults
    >>> ex = pd.DataFrame({"student": ["ada", "ada", "ben"], "exercise": ["e1", "e2", "e1"],
    ...                    "result": ["correct", "partly", "wrong"]})
    >>> r = ClassResults(".", pd.DataFrame(), ex, pd.DataFrame(), ("ada", "ben", "cy"))
    >>> gradebook(r).values.tolist()[:2]
    [['ada', 1.0, 0.5, 1.5, 2.0, 75.0], ['ben', 0.0, 0.0, 0.0, 2.0, 0.0]]
    """
    import pandas as pd

    points = dict(POINTS if points is None else points)
    worth = max(points.values(), default=1.0)
    frame = results.exercises
    if exercises is not None:
        columns = list(exercises)
    elif results.definitions:
        defined = results.definitions
        columns = sorted((e for e in defined if defined[e][1]), key=lambda e: (defined[e][0], e))
    else:
        columns = _graded_exercises(frame)
    students = sorted(set(results.students) | set(frame["student"]))
    extra: dict[str, float] = {}
    if manual is not None:
        extra = open_worth(results, manual)
        students = sorted(set(students) | set(manual))
    earned = frame.assign(points=frame["result"].map(points).fillna(0.0).astype(float))
    table = earned.pivot_table(index="student", columns="exercise", values="points", aggfunc="max")
    table = table.reindex(index=students, columns=columns).fillna(0.0).astype(float)
    for exercise in extra:
        table[exercise] = [
            float(manual.get(s, {}).get(exercise, {}).get("points", 0.0))  # type: ignore[union-attr, arg-type]
            for s in students
        ]
    columns = columns + [e for e in extra if e not in columns]
    table["total"] = table[columns].sum(axis=1) if columns else 0.0
    table["possible"] = float(worth * (len(columns) - len(extra)) + sum(extra.values()))
    possible = table["possible"].where(table["possible"] > 0)
    table["percent"] = (100 * table["total"] / possible).round(1).fillna(0.0)
    table.columns.name = None
    table.index.name = "student"
    return pd.DataFrame(table).reset_index()


def open_worth(
    results: ClassResults, manual: Mapping[str, Mapping[str, Mapping[str, object]]]
) -> dict[str, float]:
    """Open exercise id -> its worth: every open exercise defined and the score
    justifications (:data:`~symposium_kit.classroom.manual.JUSTIFICATIONS`), then
    any other exercise graded by hand.

    The worth is the largest ``max`` recorded for it, else 1 point.
    """
    from .manual import JUSTIFICATIONS

    defined = results.definitions
    ids = sorted((e for e in defined if not defined[e][1]), key=lambda e: (defined[e][0], e))
    if defined:
        ids.append(JUSTIFICATIONS)
    seen = sorted({e for by in manual.values() for e in by} - set(ids))
    worth: dict[str, float] = {}
    for exercise in ids + seen:
        maxima = [
            float(by[exercise].get("max", 1.0))  # type: ignore[arg-type]
            for by in manual.values()
            if exercise in by
        ]
        worth[exercise] = max(maxima, default=1.0)
    return worth


def _graded_exercises(frame: pd.DataFrame) -> list[str]:
    """Every exercise except open-text ones (recorded, never graded), by notebook then id."""
    recorded = set(frame.loc[frame["result"] == "recorded", "exercise"])
    graded = set(frame.loc[~frame["result"].isin(["recorded", "unanswered"]), "exercise"])
    graded_ids = set(frame["exercise"]) - (recorded - graded)
    notebook = frame["notebook"] if "notebook" in frame else None
    first: dict[str, str] = {}
    for i, exercise in enumerate(frame["exercise"]):
        if exercise in graded_ids and exercise not in first:
            first[exercise] = str(notebook.iloc[i]) if notebook is not None else ""
    return sorted(first, key=lambda e: (first[e], e))


def write_gradebook_csv(
    results: ClassResults,
    path: str | Path,
    exercises: Sequence[str] | None = None,
    points: Mapping[str, float] | None = None,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
) -> Path:
    """Write :func:`gradebook` as CSV (UTF-8, header row, student id first); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(gradebook(results, exercises, points, manual)).to_csv(
        path, index=False, encoding="utf-8"
    )
    return path
