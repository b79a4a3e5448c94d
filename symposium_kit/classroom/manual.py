"""Grading open answers and score justifications by hand, one student at a time.

The kit grades every exercise with a key; open-text answers (``short_text``)
and the justifications of a score sheet are for the instructor.
:func:`grading_queue` lists the answers to one open exercise (or
:data:`JUSTIFICATIONS`, every student's score justifications) one student at
a time, with names hidden by default (blind grading: "student 3 of 27" and a
stable pseudonym, in an order that does not follow the names), and the
exercise's points and rubric beside each answer. :meth:`GradingQueue.grade`
(or :func:`grade`) records points and a comment in the class's grade sheet
(:class:`symposium_kit.work.gradesheet.GradeSheet`, autosaved atomically, so
a session can be resumed at any time). :func:`manual_grades` gives every
grade per student, for the gradebook and the feedback reports.

Points: an open item is worth its definition's ``points:`` (the exercise
file format, ``short_text`` only), else :data:`DEFAULT_POINTS` (1 point). The
rubric shown is the definition's ``rubric:`` with its prompt, else its prompt,
the fewest words it asks for and its hints (what a good answer draws on).
The score justifications are worth 1 point per student. Students who left an open answer
blank are not in the queue (they earn 0, as the gradebook shows).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..work.gradesheet import Grade, GradeSheet, grades_path
from .grading import printable

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate
    from ..exercises.catalog import Exercise
    from .collect import ClassResults

DEFAULT_POINTS = 1.0
#: The pseudo exercise id under which score justifications are graded.
JUSTIFICATIONS = "scoring.justifications"


def pseudonym(student: str) -> str:
    """A stable pseudonym for blind grading (the same student gets the same one every time).

    Examples
    --------
    >>> pseudonym("ada") == pseudonym("ada"), pseudonym("ada") == pseudonym("ben")
    (True, False)
    >>> pseudonym("ada")[:2]
    'S-'
    """
    return "S-" + hashlib.sha256(student.encode("utf-8")).hexdigest()[:6]


def points_of(exercise: Exercise | None) -> float:
    """The most an open item is worth: the definition's ``points``, else 1 (:data:`DEFAULT_POINTS`).

    Examples
    --------
    >>> points_of(None)
    1.0
    """
    if exercise is not None and exercise.points is not None:
        return float(exercise.points)
    return DEFAULT_POINTS


def _rubric(exercise: Exercise | None, debate: Debate | None) -> tuple[str, ...]:
    if exercise is None:  # the score justifications
        lines = [
            "A justification says which words of the text the score rests on, "
            "and why they earn that level of the criterion."
        ]
        if debate is not None:
            lines += [f"{c.name}: {c.question}" for c in debate.rubric.criteria]
        return tuple(lines)
    lines = [f"Prompt: {exercise.prompt.strip()}"]
    if exercise.min_words:
        lines.append(f"Asks for at least {exercise.min_words} words.")
    if exercise.rubric:
        return (exercise.rubric, *lines)
    lines += [f"A good answer draws on: {h}" for h in exercise.hints]
    lines.append("(No rubric in the definition; this is its prompt and hints.)")
    return tuple(lines)


@dataclass(frozen=True)
class QueueItem:
    """One student's answer in the queue; ``student`` is shown only when not blind."""

    position: int
    total: int
    student: str
    pseudonym: str
    answer: str
    grade: Grade | None
    blind: bool = True

    @property
    def label(self) -> str:
        """``student 3 of 27 (S-1a2b3c)``, or the name when not blind."""
        who = self.pseudonym if self.blind else self.student
        return printable(f"student {self.position} of {self.total} ({who})")

    @property
    def outdated(self) -> bool:
        """True when the grade was given to another (earlier) answer than the one handed in."""
        return self.grade is not None and self.grade.answer != self.answer


@dataclass
class GradingQueue:
    """The answers to one open exercise, one student at a time, and their grades.

    Use :meth:`grade` to record, :meth:`progress` for how far grading is,
    ``str(queue.item(i))``-style text from :meth:`text` where no widget renders.
    """

    class_dir: Path
    exercise: str
    title: str
    points: float
    rubric: tuple[str, ...]
    sheet: GradeSheet
    items: list[QueueItem] = field(default_factory=list)
    blind: bool = True

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[QueueItem]:
        return iter(self.items)

    def progress(self) -> tuple[int, int]:
        """``(graded, total)``: answers with a grade, and answers in the queue."""
        return sum(i.grade is not None for i in self.items), len(self.items)

    def next_ungraded(self, start: int = 0) -> int | None:
        """The index of the first ungraded answer at or after ``start`` (wrapping), or None."""
        n = len(self.items)
        for k in range(n):
            i = (start + k) % n
            if self.items[i].grade is None:
                return i
        return None

    def _index(self, who: int | str) -> int:
        if isinstance(who, int):
            if not 0 <= who < len(self.items):
                raise IndexError(f"no answer {who}; the queue holds {len(self.items)}")
            return who
        for i, item in enumerate(self.items):
            if who in (item.student, item.pseudonym):
                return i
        raise KeyError(f"no answer to {self.exercise} from {printable(who)!r}")

    def grade(self, who: int | str, points: float, comment: str = "") -> QueueItem:
        """Record ``points`` (0 to :attr:`points`) and a comment for one answer; saved at once.

        ``who`` is the index in the queue, the pseudonym or the student's name.
        """
        i = self._index(who)
        item = self.items[i]
        if isinstance(points, (int, float)) and not isinstance(points, bool):
            if math.isfinite(points):
                points = round(float(points), 4)
        graded = self.sheet.record(
            self.exercise,
            item.student,
            points,
            maximum=self.points,
            comment=comment,
            answer=item.answer,
        )
        self.items[i] = QueueItem(
            item.position, item.total, item.student, item.pseudonym, item.answer, graded, self.blind
        )
        return self.items[i]

    def text(self, i: int) -> str:
        """A plain-text page for answer ``i``: who (blind), the answer, the rubric, the grade."""
        item = self.items[i]
        graded, total = self.progress()
        lines = [
            printable(f"{self.exercise} - {self.title} (worth {self.points:g} point(s))"),
            f"{item.label}; graded {graded} of {total}",
            "",
            "Answer:",
            *(f"  {printable(line)}" for line in (item.answer or "(blank)").splitlines()),
            "",
            "Rubric:",
            *(f"  - {printable(line)}" for line in self.rubric),
            "",
        ]
        if item.grade is None:
            lines.append("Not graded yet.")
        else:
            lines.append(f"Grade: {item.grade.points:g} of {item.grade.max:g}")
            if item.grade.comment:
                lines.append(f"Comment: {printable(item.grade.comment)}")
            if item.outdated:
                lines.append("Note: this grade was given to an earlier answer; grade it again.")
        return "\n".join(lines)


def _justification_texts(results: ClassResults) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for row in results.scores.itertuples(index=False):
        why = str(row.justification or "").strip()
        if not why:
            continue
        raw = str(row.score)
        score = "cannot judge" if row.score is None or raw == "<NA>" else raw
        texts.setdefault(str(row.student), []).append(
            f"{row.contributor!s} / {row.criterion!s}: {score} - {why}"
        )
    return {s: "\n".join(lines) for s, lines in texts.items()}


def open_answers(results: ClassResults, exercise_id: str) -> dict[str, str]:
    """Student -> the non-blank answer text to one open exercise (or the justifications)."""
    if exercise_id == JUSTIFICATIONS:
        return _justification_texts(results)
    frame = results.exercises
    rows = frame[frame["exercise"] == exercise_id]
    out: dict[str, str] = {}
    for student, answer in zip(rows["student"], rows["answer"], strict=True):
        text = str(answer or "").strip()
        if text:
            out[str(student)] = text
    return out


def open_exercises(exercises: dict[str, Exercise]) -> list[str]:
    """The ids of the exercises graded by hand (open text), by notebook then id."""
    return sorted(
        (e.id for e in exercises.values() if not e.graded), key=lambda e: (exercises[e].notebook, e)
    )


def grading_queue(
    class_dir: str | Path,
    exercise_id: str,
    *,
    blind: bool = True,
    debate: Debate | None = None,
    results: ClassResults | None = None,
    grades_file: str | Path | None = None,
) -> GradingQueue:
    """The answers to one open exercise, one student at a time, names hidden by default.

    Parameters
    ----------
    class_dir : str or Path
        The folder of handed-in work (read with :func:`~symposium_kit.classroom.collect.collect`).
    exercise_id : str
        An open (``short_text``) exercise, or :data:`JUSTIFICATIONS`.
    blind : bool
        Hide names (default): each answer is "student k of n" with a stable
        pseudonym, ordered by pseudonym rather than by name.
    debate, results : optional
        The debate (bundled by default) and already collected results.
    grades_file : str or Path, optional
        The grade sheet (default ``CLASS_DIR/.grades/grades.json``).

    Raises
    ------
    ValueError
        When ``exercise_id`` is not an open exercise of the definitions.
    """
    from ..debate.load import load_debate
    from ..exercises.catalog import collect_exercises
    from .collect import collect

    debate = debate if debate is not None else load_debate()
    exercises, _ = collect_exercises(debate)
    exercise = exercises.get(exercise_id)
    if exercise_id != JUSTIFICATIONS:
        if exercise is None:
            known = ", ".join([*open_exercises(exercises), JUSTIFICATIONS])
            raise ValueError(f"no exercise {exercise_id!r}; open ones: {known}")
        if exercise.graded:
            raise ValueError(
                f"{exercise_id} is graded by the kit ({exercise.kind}); only open answers "
                f"are graded by hand: {', '.join([*open_exercises(exercises), JUSTIFICATIONS])}"
            )
    if results is None:
        results = collect(class_dir, debate, progress=False, exercises=exercises)
    sheet = GradeSheet(grades_path(class_dir, grades_file))
    answers = open_answers(results, exercise_id)
    order = sorted(answers, key=(pseudonym if blind else str))
    existing = {g.student: g for g in sheet.grades(exercise_id)}
    items = [
        QueueItem(i + 1, len(order), s, pseudonym(s), answers[s], existing.get(s), blind)
        for i, s in enumerate(order)
    ]
    title = "score justifications" if exercise is None else (exercise.title or exercise.prompt)
    return GradingQueue(
        class_dir=Path(class_dir),
        exercise=exercise_id,
        title=" ".join(title.split())[:80],
        points=points_of(exercise),
        rubric=_rubric(exercise, debate),
        sheet=sheet,
        items=items,
        blind=blind,
    )


def grade(
    class_dir: str | Path,
    exercise_id: str,
    student: str,
    points: float,
    comment: str = "",
    *,
    debate: Debate | None = None,
    grades_file: str | Path | None = None,
) -> Grade:
    """Record one grade (``student`` by name or pseudonym); returns what was saved."""
    queue = grading_queue(class_dir, exercise_id, debate=debate, grades_file=grades_file)
    item = queue.grade(student, points, comment)
    assert item.grade is not None
    return item.grade


def manual_grades(
    class_dir: str | Path, grades_file: str | Path | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every hand-given grade: student -> exercise id -> ``{"points", "max", "comment"}``.

    Examples
    --------
    >>> import tempfile
    >>> manual_grades(tempfile.mkdtemp())
    {}
    """
    sheet = GradeSheet(grades_path(class_dir, grades_file))
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for g in sheet.grades():
        out.setdefault(g.student, {})[g.exercise] = {
            "points": g.points,
            "max": g.max,
            "comment": g.comment,
        }
    return out
