"""A feedback report for each student: one self-contained HTML file, nothing fetched from the web.

:func:`write_feedback` writes one file per student of a collected class
(:func:`~symposium_kit.classroom.collect.collect`); :func:`feedback_report`
returns one student's report as text. A report has these sections:

1. **Header**: the student, the course and unit (the debate's title), when it
   was generated (the kit's version in an HTML comment).
2. **Points**: total / possible. ``possible`` comes from the exercise
   definitions, never from what was handed in: every graded exercise is worth
   1 point (0.5 for a partly right answer, as in the gradebook); open answers
   (``short_text``) count only when manual grades are given (``manual``), each
   worth ``open_worth``.
3. **Exercises**, by notebook: the student's answer, right / partly / wrong
   from **re-grading** against the current definitions (the result a student's
   file reports is never used), the checker's feedback text, the points, and
   the instructor's comment and points when given. The answer key is shown only
   for the exercises listed in ``released`` (none by default).
4. **Rubric scores**: the student's score beside the reference score and the
   class's distribution (how many students gave each level), per contributor
   and criterion.
5. **Forecasts**: the student's Brier score on the resolved predictions and
   the class median.

A report never contains another student's name or answers (the class appears
only as counts and a median), and everything that comes from a hand-in is
HTML-escaped. Files are written atomically (a temporary file, then
``os.replace``) under names made safe from the student id
(:func:`report_filename`).
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
import time
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..work.workfile import write_bytes_atomic
from .feedback_data import ExerciseLine, FeedbackClass, Manual, ManualGrade, Report
from .feedback_html import page
from .gradebook import POINTS
from .progress import progress_bar

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate
    from ..exercises.catalog import Exercise
    from .collect import ClassResults


# -- names and files ----------------------------------------------------------------------


def report_filename(student: str) -> str:
    """A file name for a student's report: safe characters only, never a path.

    Letters, digits, ``-``, ``_`` and ``.`` are kept; anything else (``/``, ``..``,
    spaces, control characters) becomes ``_`` and a short hash of the id is
    added, so that two ids never share a file.

    Examples
    --------
    >>> report_filename("ada-0001")
    'ada-0001.html'
    >>> report_filename("../../etc/passwd")
    '_.._etc_passwd-3754d6cb.html'
    """
    name = unicodedata.normalize("NFC", str(student))
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:100]
    safe = safe.lstrip(".")
    if safe != name or not safe:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe or 'student'}-{digest}"
    return safe + ".html"


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`~symposium_kit.work.workfile.write_bytes_atomic`)."""
    return write_bytes_atomic(path, text.encode("utf-8"))


# -- what a report says -----------------------------------------------------------------


def _answer_value(text: str, ex: Exercise) -> Any:
    """The answer as collect stored it (JSON text unless it was a string) back as data."""
    if ex.kind in ("short_text", "quote"):
        return text
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _label(ex: Exercise, debate: Debate, value: Any) -> str:
    if ex.names and isinstance(value, str):
        try:
            return debate.participant(value).label
        except KeyError:
            return value
    return str(value)


def key_text(ex: Exercise, debate: Debate) -> str:
    """The answer key of an exercise in words (shown only once released); '' if it has none.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> from symposium_kit.exercises.catalog import collect_exercises
    >>> d = load_debate(); exs, _ = collect_exercises(d)
    >>> key_text(exs["positions.same-stance"], d)
    'Cutler, Roach'
    """
    key = ex.key
    if ex.kind == "matching" and isinstance(key, dict):
        return "; ".join(f"{k} → {_label(ex, debate, v)}" for k, v in key.items())
    if ex.kind == "ordering" and isinstance(key, (list, tuple)):
        groups = [g if isinstance(g, (list, tuple)) else (g,) for g in key]
        return " → ".join(" = ".join(_label(ex, debate, v) for v in g) for g in groups)
    if ex.kind == "multiple_choice" and isinstance(key, (list, tuple)):
        return ", ".join(_label(ex, debate, v) for v in key)
    if ex.kind == "numeric" and key is not None:
        return f"{key} (± {ex.tolerance:g})" if ex.tolerance else str(key)
    if ex.kind == "quote" and ex.participant:
        claims = debate.claims_by(ex.participant, ex.role or None)
        return " / ".join(f"“{c.anchor.quote}”" for c in claims)
    if key is None:
        return ""
    return _label(ex, debate, key)


def _answer_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_answer_display(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_answer_display(v) for v in value)
    return str(value)


def _manual_for(cls: FeedbackClass, student: str) -> Mapping[str, ManualGrade]:
    if cls.manual is None:
        return {}
    return cls.manual.get(student, {})


def check_manual(
    manual: Manual, students: Iterable[str], exercises: Mapping[str, Exercise], open_worth: float
) -> None:
    """Raise ValueError, naming the student and exercise, for a manual grade that cannot be used.

    Examples
    --------
    >>> check_manual({"ada": {"x.y": {"comment": "ok"}}}, ["ada"], {}, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: manual grade 'ada' / x.y: no such exercise in the current definitions
    """
    known = set(students)
    for student, grades in manual.items():
        if student not in known:
            raise ValueError(f"manual grades for {student!r}, who is not in the collected class")
        if not isinstance(grades, Mapping):
            raise ValueError(f"manual grades for {student!r} must map exercise ids to grades")
        for exercise, grade in grades.items():
            where = f"manual grade {student!r} / {exercise}"
            if exercise not in exercises:
                raise ValueError(f"{where}: no such exercise in the current definitions")
            if not isinstance(grade, Mapping) or set(grade) - {"points", "comment", "max"}:
                raise ValueError(f"{where}: expected {{'points': number, 'comment': text}}")
            if exercises[exercise].graded and grade.get("points") is not None:
                raise ValueError(
                    f"{where}: points are re-graded by the kit for this exercise; "
                    "give only a comment"
                )
            _manual_points(grade, _worth(exercises[exercise], open_worth), student, exercise)


def _worth(exercise: Exercise, open_worth: float) -> float:
    """What an open answer is worth: its definition's ``points`` if given, else ``open_worth``."""
    return float(exercise.points) if exercise.points is not None else open_worth


def _manual_points(grade: ManualGrade, worth: float, student: str, exercise: str) -> float | None:
    points = grade.get("points")
    if points is None:
        return None
    if isinstance(points, bool) or not isinstance(points, (int, float)) or math.isnan(points):
        raise ValueError(
            f"manual grade {student!r} / {exercise}: points {points!r} is not a number"
        )
    if not 0 <= points <= worth:
        raise ValueError(
            f"manual grade {student!r} / {exercise}: {points:g} points is outside 0-{worth:g}"
        )
    return float(points)


def exercise_lines(results: ClassResults, student: str, cls: FeedbackClass) -> list[ExerciseLine]:
    """Every defined exercise for one student: re-graded result, feedback, points."""
    from ..exercises.checking import check_answer

    rows = cls.answers.get(student, {})
    manual = _manual_for(cls, student)
    lines: list[ExerciseLine] = []
    position = {e: i for i, e in enumerate(cls.exercises)}  # the lessons' order
    ordered = sorted(cls.exercises.values(), key=lambda e: (e.notebook, position[e.id]))
    for ex in ordered:
        row = rows.get(ex.id)
        grade = manual.get(ex.id, {})
        comment = str(grade.get("comment") or "")
        if row is None:
            result, answer_text, message = "missing", "", ""
        else:
            result, stored_answer = row  # collect's re-graded result, as in the gradebook
            value = _answer_value(stored_answer, ex)
            fb = check_answer(ex, None if stored_answer == "" else value, cls.debate)
            message = fb.message if fb.result == result and result != "unanswered" else ""
            answer_text = _answer_display(value)
        if ex.graded:
            worth = max(POINTS.values())
            points: float | None = POINTS.get(result, 0.0)
        else:
            worth = _worth(ex, cls.open_worth) if cls.manual is not None else 0.0
            points = _manual_points(grade, worth, student, ex.id) if grade else None
        key = key_text(ex, cls.debate) if ex.id in cls.released else None
        lines.append(
            ExerciseLine(
                ex.id,
                ex.notebook,
                ex.title,
                result,
                answer_text,
                message,
                points,
                worth,
                comment,
                key or None,
            )
        )
    return lines


# -- the class, once --------------------------------------------------------------------------


def _class_context(
    results: ClassResults,
    debate: Debate,
    *,
    exercises: Mapping[str, Exercise] | None,
    released: Iterable[str],
    release_all: bool,
    manual: Manual | None,
    open_worth: float,
    course: str,
    generated: str | None,
    outcomes: Mapping[str, bool] | None,
) -> FeedbackClass:
    from ..exercises.catalog import collect_exercises
    from ..scoring.agreement import score_distribution
    from ..scoring.brier import brier_scores, recorded_outcomes

    defs = dict(exercises) if exercises is not None else collect_exercises(debate)[0]
    wanted = set(released)
    unknown = sorted(wanted - set(defs))
    if unknown:
        raise ValueError(
            f"cannot release unknown exercise(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(defs))})"
        )
    if open_worth < 0:
        raise ValueError("open_worth must be 0 or more")
    cls = FeedbackClass(
        debate=debate,
        exercises=defs,
        released=frozenset(defs) if release_all else frozenset(wanted),
        manual=manual,
        open_worth=float(open_worth),
        course=course,
        generated=generated or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        outcomes=recorded_outcomes(debate, outcomes),
    )
    if manual is not None:
        check_manual(manual, results.students, defs, cls.open_worth)
    cls.take(results)
    if len(results.scores):
        dist = score_distribution(results.scores, debate)
        for row in dist.itertuples(index=False):
            cls.distribution.setdefault((str(row.contributor), str(row.criterion)), []).append(
                int(row.count)  # type: ignore[call-overload]  # an integer column
            )
    if len(results.forecasts):
        per = brier_scores(results.forecasts, debate, outcomes)
        for row in per.itertuples(index=False):
            cls.brier[str(row.student)] = (float(row.brier), int(row.resolved))  # type: ignore[arg-type]
        scored = [b for b, n in cls.brier.values() if n and not math.isnan(b)]
        cls.brier_median = statistics.median(scored) if scored else math.nan
    return cls


def _report(results: ClassResults, student: str, cls: FeedbackClass) -> Report:
    lines = exercise_lines(results, student, cls)
    total = sum(line.points or 0.0 for line in lines)
    possible = sum(line.worth for line in lines)
    text = page(student, cls, lines, total, possible)
    return Report(student, text, total, possible, tuple(lines))


# -- public functions ---------------------------------------------------------------------------


def feedback_report(
    results: ClassResults,
    student: str,
    debate: Debate | None = None,
    *,
    exercises: Mapping[str, Exercise] | None = None,
    released: Iterable[str] = (),
    release_all: bool = False,
    manual: Manual | None = None,
    open_worth: float = 1.0,
    course: str = "",
    generated: str | None = None,
    outcomes: Mapping[str, bool] | None = None,
) -> Report:
    """One student's feedback report (see the module's description of its sections).

    Parameters
    ----------
    results : ClassResults
        What :func:`~symposium_kit.classroom.collect.collect` read (with a
        debate, so that every answer was re-graded).
    student : str
        A student of ``results.students``.
    debate : Debate, optional
        Default: the bundled debate.
    exercises : mapping, optional
        The current exercise definitions (default: the debate's).
    released : iterable of str
        Exercise ids whose answer key the report may show (none by default).
    release_all : bool
        Show every key.
    manual : mapping, optional
        ``manual[student][exercise_id]`` is a :class:`ManualGrade`.
    open_worth : float
        Points of one open answer when ``manual`` is given.
    course : str
        The course's name for the header.
    generated : str, optional
        The time shown in the header (default: now, UTC).
    outcomes : mapping, optional
        Prediction outcomes beside the debate's recorded ones.

    Returns
    -------
    Report

    Examples
    --------
    >>> import tempfile
    >>> from symposium_kit import collect, load_debate, write_demo_class
    >>> d = load_debate(); demo = write_demo_class(tempfile.mkdtemp(), students=3, debate=d)
    >>> r = feedback_report(collect(demo.directory, d), demo.students[0], d)
    >>> r.possible, r.html.startswith("<!DOCTYPE html>"), "Answer key" in r.html
    (22.0, True, False)
    """
    from ..debate.load import load_debate

    debate = debate or load_debate()
    if student not in results.students:
        raise KeyError(f"no student {student!r} in the collected class")
    cls = _class_context(
        results,
        debate,
        exercises=exercises,
        released=released,
        release_all=release_all,
        manual=manual,
        open_worth=open_worth,
        course=course,
        generated=generated,
        outcomes=outcomes,
    )
    return _report(results, student, cls)


def write_feedback(
    results: ClassResults | str | Path,
    out: str | Path,
    debate: Debate | None = None,
    *,
    exercises: Mapping[str, Exercise] | None = None,
    released: Iterable[str] = (),
    release_all: bool = False,
    manual: Manual | None = None,
    open_worth: float = 1.0,
    course: str = "",
    generated: str | None = None,
    outcomes: Mapping[str, bool] | None = None,
    progress: bool | None = None,
) -> list[Report]:
    """Write one report per student into ``out`` (created if needed); returns the reports.

    ``results`` is a collected class or the submission folder (collected here,
    with re-grading). Each file is ``out/<report_filename(student)>``, written
    atomically. The other parameters are those of :func:`feedback_report`.
    ``progress`` shows a progress bar on stderr (default: for 200 students or
    more, when stderr is a terminal).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from symposium_kit import write_demo_class
    >>> demo = write_demo_class(tempfile.mkdtemp(), students=3)
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> reports = write_feedback(demo.directory, out)
    >>> sorted(p.name for p in out.iterdir()) == sorted(r.path.name for r in reports)
    True
    """
    from ..debate.load import load_debate
    from .collect import collect

    debate = debate or load_debate()
    if not isinstance(results, (str, Path)):
        collected = results
    else:
        collected = collect(
            results, debate, progress=progress, exercises=dict(exercises) if exercises else None
        )
    cls = _class_context(
        collected,
        debate,
        exercises=exercises,
        released=released,
        release_all=release_all,
        manual=manual,
        open_worth=open_worth,
        course=course,
        generated=generated,
        outcomes=outcomes,
    )
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    reports = []
    for student in progress_bar(collected.students, "feedback", "report", progress):
        report = _report(collected, student, cls)
        path = write_atomic(folder / report_filename(student), report.html)
        reports.append(
            Report(report.student, report.html, report.total, report.possible, report.lines, path)
        )
    return reports
