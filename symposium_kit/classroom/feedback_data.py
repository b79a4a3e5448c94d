"""The records of a feedback report: an instructor's grade, an exercise line, the class, a report.

:mod:`symposium_kit.classroom.feedback` fills them in and
:mod:`symposium_kit.classroom.feedback_html` renders them; neither of the two
imports the other's internals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate
    from ..exercises.catalog import Exercise
    from .collect import ClassResults


class ManualGrade(TypedDict, total=False):
    """An instructor's grade of one answer: ``points`` (open answers only) and a ``comment``.

    Used as ``manual[student][exercise_id]``. ``points`` counts for open-text
    (``short_text``) exercises, from 0 to the exercise's ``points`` (else
    ``open_worth``); on an auto-graded exercise only the comment is shown (its
    points come from re-grading). ``max``, as the grade sheet records it
    (:func:`symposium_kit.classroom.manual.manual_grades`), is accepted and not used.
    """

    points: float
    comment: str
    max: float


Manual = Mapping[str, Mapping[str, ManualGrade]]
"""Manual grades by student, then exercise id."""


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise as a report shows it."""

    exercise: str
    notebook: str
    title: str
    result: str
    answer: str
    message: str
    points: float | None
    worth: float
    comment: str = ""
    key: str | None = None


@dataclass(frozen=True)
class Report:
    """One student's report: the HTML text and the points it states."""

    student: str
    html: str
    total: float
    possible: float
    lines: tuple[ExerciseLine, ...] = ()
    path: Path | None = None


@dataclass
class FeedbackClass:
    """What every report of one class shares, computed once."""

    debate: Debate
    exercises: dict[str, Exercise]
    released: frozenset[str]
    manual: Manual | None
    open_worth: float
    course: str
    generated: str
    distribution: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    brier: dict[str, tuple[float, int]] = field(default_factory=dict)
    brier_median: float = math.nan
    outcomes: dict[str, bool] = field(default_factory=dict)
    answers: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    scores: dict[str, dict[tuple[str, str], int | None]] = field(default_factory=dict)
    forecasts: dict[str, dict[str, float]] = field(default_factory=dict)

    def take(self, results: ClassResults) -> None:
        """Each student's rows of the class tables, split once (not filtered per report)."""
        ex = results.exercises
        for student, exercise, result, answer in zip(
            ex["student"], ex["exercise"], ex["result"], ex["answer"], strict=True
        ):
            self.answers.setdefault(student, {})[exercise] = (str(result), str(answer))
        sc = results.scores
        for student, contributor, criterion, score in zip(
            sc["student"], sc["contributor"], sc["criterion"], sc["score"], strict=True
        ):
            value = None if isna(score) else int(score)
            self.scores.setdefault(student, {})[(str(contributor), str(criterion))] = value
        fc = results.forecasts
        for student, prediction, p in zip(
            fc["student"], fc["prediction"], fc["probability"], strict=True
        ):
            self.forecasts.setdefault(student, {})[str(prediction)] = float(p)


def isna(value: Any) -> bool:
    """None, NaN or pandas.NA (a score left as "cannot judge")."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except TypeError:
        return True  # pandas.NA
