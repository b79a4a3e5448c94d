"""An instructor's grade sheet: points and comments for open answers, written atomically.

Open-text answers (``short_text``) and score justifications are never graded
by the kit; the instructor grades them (:mod:`symposium_kit.classroom.manual`
walks through them) and the grades are kept here, in one JSON file beside the
class folder (by default ``CLASS_DIR/.grades/grades.json``; ``collect``
passes over that hidden folder quietly). Every change is a read-modify-write
under a lock, written to a temporary file, flushed with ``fsync`` and renamed
over the old one (:func:`symposium_kit.work.workfile.write_json_atomic`), so a
grading session can stop at any moment and be resumed.

The file::

    {"format": "symposium-kit/grades", "version": 1,
     "grades": {"<exercise id>": {"<student>": {"points": 0.5, "max": 1.0,
                                                "comment": "...", "answer": "..."}}}}

``answer`` is the text that was graded, so that a later hand-in with another
answer can be flagged as "graded an earlier answer". A file that cannot be read
is never overwritten: :class:`GradeSheetError` says where it is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .workfile import _locked, write_json_atomic

GRADES_FORMAT = "symposium-kit/grades"
GRADES_VERSION = 1
GRADES_DIR = ".grades"
GRADES_FILE = "grades.json"


class GradeSheetError(ValueError):
    """A grade sheet that cannot be read, or a grade that cannot be recorded."""


@dataclass(frozen=True)
class Grade:
    """One recorded grade: ``points`` of ``max`` for ``student``'s answer to ``exercise``."""

    exercise: str
    student: str
    points: float
    max: float
    comment: str = ""
    answer: str = ""


def grades_path(class_dir: str | Path, path: str | Path | None = None) -> Path:
    """Where the grade sheet of a class folder lives (``path`` wins when given).

    Examples
    --------
    >>> grades_path("submissions").as_posix()
    'submissions/.grades/grades.json'
    """
    if path is not None:
        return Path(path)
    return Path(class_dir) / GRADES_DIR / GRADES_FILE


def _empty() -> dict[str, Any]:
    return {"format": GRADES_FORMAT, "version": GRADES_VERSION, "grades": {}}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != GRADES_FORMAT:
        raise GradeSheetError(f"{where}: not a symposium-kit grade sheet")
    if data.get("version") != GRADES_VERSION:
        raise GradeSheetError(
            f"{where}: grade sheet version {data.get('version')!r} is not supported "
            f"(expected {GRADES_VERSION})"
        )
    grades = data.get("grades")
    if not isinstance(grades, dict):
        raise GradeSheetError(f"{where}: 'grades' is not an object")
    for exercise, by_student in grades.items():
        if not isinstance(by_student, dict):
            raise GradeSheetError(f"{where}: grades of {exercise!r} are not an object")
        for student, entry in by_student.items():
            ok = (
                isinstance(entry, dict)
                and _number(entry.get("points"))
                and _number(entry.get("max"))
                and 0 <= entry["points"] <= entry["max"]
                and isinstance(entry.get("comment", ""), str)
            )
            if not ok:
                raise GradeSheetError(
                    f"{where}: the grade of {student!r} for {exercise!r} is damaged "
                    "(points must be a number from 0 to max)"
                )
    return data


def read_grades(path: str | Path) -> dict[str, Any]:
    """Read a grade sheet; a missing file gives an empty one.

    Raises
    ------
    GradeSheetError
        When the file is damaged; it is left where it is, untouched.
    """
    path = Path(path)
    if not path.exists():
        return _empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise GradeSheetError(
            f"{path}: the grade sheet cannot be read ({exc}); it was left untouched - "
            "restore it from a backup, or move it away to start a new one"
        ) from None
    return _check(data, str(path))


class GradeSheet:
    """The grades of one class, in a JSON file that every change rewrites atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sheet = GradeSheet(pathlib.Path(tempfile.mkdtemp()) / "grades.json")
    >>> sheet.record("start.why-hard", "ada", 0.5, comment="cite the editors", answer="...")
    Grade(exercise='start.why-hard', student='ada', points=0.5, max=1.0, comment='cite the editors', answer='...')
    >>> GradeSheet(sheet.path).get("start.why-hard", "ada").points
    0.5
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        read_grades(self.path)  # fail early, with the file's name, if it is damaged

    def record(
        self,
        exercise: str,
        student: str,
        points: float,
        *,
        maximum: float = 1.0,
        comment: str = "",
        answer: str = "",
    ) -> Grade:
        """Record (or replace) a grade and write the sheet; returns the grade.

        Raises
        ------
        GradeSheetError
            When ``points`` is not a number from 0 to ``maximum``.
        """
        if not _number(maximum) or maximum <= 0:
            raise GradeSheetError(f"the maximum must be a positive number, got {maximum!r}")
        if not _number(points) or not 0 <= points <= maximum:
            raise GradeSheetError(
                f"points for {student!r} on {exercise!r} must be a number from 0 to "
                f"{maximum:g}, got {points!r}"
            )
        if not isinstance(comment, str):
            raise GradeSheetError("the comment must be text")
        entry = {
            "points": float(points),
            "max": float(maximum),
            "comment": comment,
            "answer": answer,
        }
        with _locked(self.path):
            data = read_grades(self.path)
            data["grades"].setdefault(exercise, {})[student] = entry
            write_json_atomic(self.path, data)
        return Grade(exercise, student, float(points), float(maximum), comment, answer)

    def remove(self, exercise: str, student: str) -> bool:
        """Forget a grade (back to ungraded); True when there was one."""
        with _locked(self.path):
            data = read_grades(self.path)
            found = data["grades"].get(exercise, {}).pop(student, None) is not None
            if found:
                if not data["grades"][exercise]:
                    del data["grades"][exercise]
                write_json_atomic(self.path, data)
        return found

    def get(self, exercise: str, student: str) -> Grade | None:
        """The grade of ``student`` on ``exercise``, or None when not graded yet."""
        entry = read_grades(self.path)["grades"].get(exercise, {}).get(student)
        return None if entry is None else _grade(exercise, student, entry)

    def grades(self, exercise: str | None = None) -> Iterator[Grade]:
        """Every recorded grade (of one exercise when given), sorted by exercise and student."""
        data = read_grades(self.path)["grades"]
        for ex in sorted(data):
            if exercise is not None and ex != exercise:
                continue
            for student in sorted(data[ex]):
                yield _grade(ex, student, data[ex][student])


def _grade(exercise: str, student: str, entry: dict[str, Any]) -> Grade:
    return Grade(
        exercise,
        student,
        float(entry["points"]),
        float(entry["max"]),
        str(entry.get("comment", "")),
        str(entry.get("answer", "")),
    )
