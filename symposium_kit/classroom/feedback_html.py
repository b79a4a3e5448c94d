"""The HTML of a feedback report (see :mod:`symposium_kit.classroom.feedback`).

One page, its CSS inline (with an ``@media print`` block), no script, no
link, no image and no URL: it opens offline and prints cleanly. Every text
that comes from a hand-in or an instructor's comment goes through
:func:`html.escape`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .feedback_data import ExerciseLine, FeedbackClass

_LABEL = {
    "correct": "right",
    "partly": "partly right",
    "wrong": "wrong",
    "invalid": "wrong (not the kind of answer expected)",
    "unanswered": "not answered",
    "recorded": "saved (open answer)",
    "missing": "not handed in",
}
_ABSENT = object()  # a criterion the student did not score at all
_MARK = {"correct": "✓", "partly": "◐", "wrong": "✗", "invalid": "✗"}


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


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
@media print{@page{margin:14mm 12mm}
body{margin:0;max-width:none;font-size:9.5pt;line-height:1.3;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:15pt}h2{font-size:12pt;margin:.9rem 0 .3rem;break-after:avoid}
h3{margin:.6rem 0 .2rem;break-after:avoid}
.ex{padding:.2rem .5rem;margin:.25rem 0}.ex p{margin:.15rem 0}.answer{margin:.15rem 0}
.ex,table,tr{break-inside:avoid}.dist span.you{outline:1.5px solid #000}
table{table-layout:auto}td,th{padding:.1rem .3rem}
a{color:inherit;text-decoration:none}}
"""


def _fmt(points: float) -> str:
    return f"{points:g}"


def exercise_html(line: ExerciseLine) -> str:
    """One exercise's block (``id="ex-<exercise id>"``; the key only if the line carries it)."""
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


def scores_html(student: str, cls: FeedbackClass) -> str:
    """The rubric section: the student's scores, the reference's and the class's counts."""
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
            yours = value if isinstance(value, int) else "–"
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


def forecast_html(student: str, cls: FeedbackClass) -> str:
    """The forecasts section: the Brier score, the class median, the resolved forecasts."""
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


def page(
    student: str, cls: FeedbackClass, lines: Sequence[ExerciseLine], total: float, possible: float
) -> str:
    """The whole report: one HTML page with its CSS inline and no script."""
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
        body.append(exercise_html(line))
    body += [
        "<h2>Your rubric scores</h2>",
        scores_html(student, cls),
        "<h2>Your forecasts</h2>",
        forecast_html(student, cls),
        "</body></html>",
        "",
    ]
    return "\n".join(body)
