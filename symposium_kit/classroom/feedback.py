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
import html
import json
import math
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .._version import __version__
from .gradebook import POINTS

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate
    from ..exercises.catalog import Exercise
    from .collect import ClassResults

_LABEL = {
    "correct": "right",
    "partly": "partly right",
    "wrong": "wrong",
    "invalid": "wrong (not the kind of answer expected)",
    "unanswered": "not answered",
    "recorded": "saved (open answer)",
    "missing": "not handed in",
}
_MARK = {"correct": "✓", "partly": "◐", "wrong": "✗", "invalid": "✗"}


class ManualGrade(TypedDict, total=False):
    """An instructor's grade of one answer: ``points`` (open answers only) and a ``comment``.

    Used as ``manual[student][exercise_id]``. ``points`` counts for open-text
    (``short_text``) exercises, from 0 to ``open_worth``; on an auto-graded
    exercise only the comment is shown (its points come from re-grading).
    """

    points: float
    comment: str


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
class _Class:
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
            value = None if _isna(score) else int(score)
            self.scores.setdefault(student, {})[(str(contributor), str(criterion))] = value
        fc = results.forecasts
        for student, prediction, p in zip(
            fc["student"], fc["prediction"], fc["probability"], strict=True
        ):
            self.forecasts.setdefault(student, {})[str(prediction)] = float(p)


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
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".html")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# -- what a report says -----------------------------------------------------------------


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


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


def _manual_for(cls: _Class, student: str) -> Mapping[str, ManualGrade]:
    if cls.manual is None:
        return {}
    grades = cls.manual.get(student, {})
    if not isinstance(grades, Mapping):
        raise ValueError(f"manual grades for {student!r} must map exercise ids to grades")
    return grades


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


def exercise_lines(results: ClassResults, student: str, cls: _Class) -> list[ExerciseLine]:
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
            worth = cls.open_worth if cls.manual is not None else 0.0
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
) -> _Class:
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
    cls = _Class(
        debate=debate,
        exercises=defs,
        released=frozenset(defs) if release_all else frozenset(wanted),
        manual=manual,
        open_worth=float(open_worth),
        course=course,
        generated=generated or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        outcomes=recorded_outcomes(debate, outcomes),
    )
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
            cls.brier[str(row.student)] = (float(row.brier), int(row.resolved))  # type: ignore[arg-type,call-overload]
        scored = [b for b, n in cls.brier.values() if n and not math.isnan(b)]
        cls.brier_median = statistics.median(scored) if scored else math.nan
    return cls


# -- HTML ---------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.8rem 0 .5rem;
border-bottom:2px solid #ddd;padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.meta{color:#555;margin:0}.total{font-size:1.3rem;font-weight:600}
.ex{border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;padding:.5rem .8rem;
margin:.6rem 0;break-inside:avoid}
.ex.correct{border-left-color:#1a7f37}.ex.partly{border-left-color:#bf8700}
.ex.wrong,.ex.invalid{border-left-color:#cf222e}
.ex .head{display:flex;justify-content:space-between;gap:1rem;font-weight:600}
.ex .id{color:#555;font-weight:400;font-family:ui-monospace,monospace;font-size:.85em}
.answer{white-space:pre-wrap;background:#f6f8fa;padding:.3rem .5rem;border-radius:3px;
margin:.3rem 0;font-family:ui-monospace,monospace;font-size:.9em}
.result{font-weight:600}.correct .result{color:#1a7f37}.partly .result{color:#8a6100}
.wrong .result,.invalid .result{color:#cf222e}
.comment{background:#eef4ff;border-radius:3px;padding:.3rem .5rem;margin:.3rem 0}
.key{background:#f0f7f0;border-radius:3px;padding:.3rem .5rem;margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.3rem 0;break-inside:avoid}
th,td{border-bottom:1px solid #e5e5e5;padding:.2rem .4rem;text-align:left;vertical-align:middle}
th{background:#f6f8fa}td.num{text-align:center}
.dist{display:flex;gap:2px;align-items:flex-end}
.dist span{display:inline-block;min-width:1.7rem;text-align:center;font-size:.8em;
background:#dfe6ee;border-radius:2px}.dist span.you{background:#0969da;color:#fff;
font-weight:600}
.dist.lv span{background:none;font-weight:400;color:#555}
td.num,th.num{text-align:center;white-space:nowrap;width:5.5rem}
.note{color:#555;font-size:.9em}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
.ex,table,tr{break-inside:avoid}.dist span.you{outline:2px solid #000}
a{color:inherit;text-decoration:none}}
"""


def _fmt(points: float) -> str:
    return f"{points:g}"


def _exercise_html(line: ExerciseLine) -> str:
    css = line.result if line.result in ("correct", "partly", "wrong", "invalid") else "other"
    if line.points is None:
        pts = "not graded yet" if line.worth else "not graded (open answer)"
    else:
        pts = f"{_fmt(line.points)} / {_fmt(line.worth)} point(s)"
    title = _esc(line.title or line.exercise)
    mark = _MARK.get(line.result, "")
    parts = [
        f'<div class="ex {css}" id="ex-{_esc(line.exercise)}">',
        f'<div class="head"><span>{title} <span class="id">{_esc(line.exercise)}</span></span>'
        f"<span>{pts}</span></div>",
    ]
    if line.result == "missing":
        parts.append('<p class="note">Not handed in.</p>')
    else:
        parts.append(f'<div class="answer">{_esc(line.answer) or "<em>(no answer)</em>"}</div>')
        label = _LABEL.get(line.result, line.result)
        parts.append(f'<p><span class="result">{mark} {_esc(label)}</span>')
        if line.message:
            parts.append(f" {_esc(line.message)}")
        parts.append("</p>")
    if line.comment:
        parts.append(
            f'<div class="comment"><strong>Instructor:</strong> {_esc(line.comment)}</div>'
        )
    if line.key is not None:
        parts.append(
            f'<div class="key" data-exercise="{_esc(line.exercise)}">'
            f"<strong>Answer key:</strong> {_esc(line.key)}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _scores_html(results: ClassResults, student: str, cls: _Class) -> str:
    debate = cls.debate
    own = cls.scores.get(student, {})
    if not own:
        return "<p>No rubric scores handed in.</p>"
    ref = {(r.participant, r.criterion): r.score for r in debate.reference_scores}
    low, high = debate.rubric.min_score, debate.rubric.max_score
    out = [
        f'<p class="note">Scale {low}-{high}. "Class" shows how many students gave each score '
        f"({low} to {high}, left to right); your own score is highlighted. "
        f'"–" means not scored (cannot judge).</p>'
    ]
    for person in debate.contributors:
        cells = [(c, own.get((person.id, c.id), _ABSENT)) for c in debate.rubric.criteria]
        if all(v is _ABSENT for _, v in cells):
            continue
        out.append(f"<h3>{_esc(person.label)}</h3><table><tr><th>criterion</th>")
        levels = "".join(f"<span>{v}</span>" for v in range(low, high + 1))
        out.append(
            "<th class='num'>yours</th><th class='num'>reference</th>"
            f'<th>class: students per score<div class="dist lv">{levels}</div></th></tr>'
        )
        for criterion, value in cells:
            yours = "–" if value is _ABSENT or _isna(value) else int(value)
            reference = ref.get((person.id, criterion.id))
            counts = cls.distribution.get((person.id, criterion.id), [0] * (high - low + 1))
            bars = "".join(
                f'<span class="{"you" if yours == low + j else ""}" '
                f'title="score {low + j}: {n} student(s)">{n}</span>'
                for j, n in enumerate(counts)
            )
            out.append(
                f"<tr><td>{_esc(criterion.name)}</td><td class='num'>{yours}</td>"
                f"<td class='num'>{'–' if reference is None else reference}</td>"
                f'<td><div class="dist">{bars}</div></td></tr>'
            )
        out.append("</table>")
    return "".join(out)


_ABSENT = object()


def _isna(value: Any) -> bool:
    """None, NaN or pandas.NA (a score left as "cannot judge")."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except TypeError:
        return True  # pandas.NA


def _forecast_html(results: ClassResults, student: str, cls: _Class) -> str:
    mine = cls.forecasts.get(student, {})
    if not mine:
        return "<p>No forecasts handed in.</p>"
    brier, resolved = cls.brier.get(student, (math.nan, 0))
    median = cls.brier_median
    if resolved and not math.isnan(brier):
        line = (
            f"<p>Your Brier score: <strong>{brier:.3f}</strong> over {resolved} resolved "
            f"prediction(s) (0 is perfect, 0.25 is always saying 50 %). "
            f"Class median: {'n/a' if math.isnan(median) else f'{median:.3f}'}.</p>"
        )
    else:
        line = "<p>None of your forecasts is resolved yet, so there is no Brier score.</p>"
    statements = {p.id: p.statement for p in cls.debate.predictions}
    rows = [
        "<table><tr><th>resolved prediction</th><th class='num'>your probability</th>"
        "<th class='num'>outcome</th><th class='num'>squared error</th></tr>"
    ]
    still_open = 0
    for prediction, p in sorted(mine.items()):
        outcome = cls.outcomes.get(prediction)
        if outcome is None:
            still_open += 1
            continue
        rows.append(
            f"<tr><td>{_esc(statements.get(prediction, prediction))}</td>"
            f"<td class='num'>{p:.2f}</td><td class='num'>{'yes' if outcome else 'no'}</td>"
            f"<td class='num'>{(p - outcome) ** 2:.3f}</td></tr>"
        )
    rows = [*rows, "</table>"] if len(rows) > 1 else []
    if still_open:
        rows.append(f'<p class="note">{still_open} more forecast(s) are still open.</p>')
    return line + "".join(rows)


def _render(results: ClassResults, student: str, cls: _Class) -> Report:
    lines = exercise_lines(results, student, cls)
    total = sum(line.points or 0.0 for line in lines)
    possible = sum(line.worth for line in lines)
    unit = cls.debate.title
    course = f"{_esc(cls.course)} · " if cls.course else ""
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<!-- symposium-kit {_esc(__version__)} feedback report -->",
        f"<title>Feedback for {_esc(student)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>Feedback for {_esc(student)}</h1>",
        f'<p class="meta">{course}{_esc(unit)}</p>',
        f'<p class="meta">Generated {_esc(cls.generated)}</p></header>',
        "<h2>Points</h2>",
        f'<p class="total">{_fmt(total)} / {_fmt(possible)} points</p>',
        '<p class="note">Every answer was checked again against the current exercises; '
        "right earns 1 point, partly right 0.5."
        + (" Open answers are graded by your instructor." if cls.manual is not None else "")
        + "</p>",
        "<h2>Exercises</h2>",
    ]
    notebook = None
    for line in lines:
        if line.notebook != notebook:
            notebook = line.notebook
            body.append(f"<h3>{_esc(notebook)}</h3>")
        body.append(_exercise_html(line))
    body += [
        "<h2>Your rubric scores</h2>",
        _scores_html(results, student, cls),
        "<h2>Your forecasts</h2>",
        _forecast_html(results, student, cls),
        "</body></html>",
        "",
    ]
    return Report(student, "\n".join(body), total, possible, tuple(lines))


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
    return _render(results, student, cls)


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
    students: Iterable[str] = collected.students
    show = (
        (len(collected.students) >= 200 and sys.stderr.isatty()) if progress is None else progress
    )
    if show:
        from tqdm import tqdm

        students = tqdm(collected.students, desc="feedback", unit="report", file=sys.stderr)
    reports = []
    for student in students:
        report = _render(collected, student, cls)
        path = write_atomic(folder / report_filename(student), report.html)
        reports.append(
            Report(report.student, report.html, report.total, report.possible, report.lines, path)
        )
    return reports
