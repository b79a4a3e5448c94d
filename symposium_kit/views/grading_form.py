"""The grading form: one open answer at a time, blind, autosaved on every change.

A thin layer over :class:`~symposium_kit.classroom.manual.GradingQueue`: the
points buttons and the comment box call :meth:`GradingQueue.grade`, which
validates and writes the class's grade sheet atomically, so grading by widget
and grading by code (``queue.grade(i, points, comment)``) write the same file,
and a session closed half-way resumes where it stopped. The form shows the
answer, the exercise's points and rubric, prev / next / next ungraded, and
the progress ("graded 4 of 27"). Where no kernel renders widgets (a saved
notebook on a website, a terminal) the form shows its current page as plain
HTML and text instead.

Stable CSS classes for a browser test: ``symposium-grading-form``,
``-answer``, ``-rubric``, ``-points``, ``-comment``, ``-prev``, ``-next``,
``-next-ungraded``, ``-progress`` and ``-status`` (each after
``symposium-grading``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..classroom.manual import GradingQueue, grading_queue

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate


def _import_widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - ipywidgets is a dependency
        raise ImportError(
            "The grading form needs ipywidgets: pip install 'ipywidgets>=8.1'. "
            "You can also grade in code: grading_queue(folder, exercise).grade(0, 1, 'why')."
        ) from exc
    return ipywidgets


def point_steps(maximum: float) -> list[float]:
    """The points offered: quarters up to 2 points, halves up to 5, whole points above.

    Examples
    --------
    >>> point_steps(1)
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> point_steps(3)[-3:]
    [2.0, 2.5, 3.0]
    """
    step = 0.25 if maximum <= 2 else 0.5 if maximum <= 5 else 1.0
    n = int(maximum / step + 1e-9)
    steps = [round(i * step, 4) for i in range(n + 1)]
    if steps[-1] < maximum:
        steps.append(float(maximum))
    return steps


class GradingForm:
    """The widgets of the grading form, wired to one :class:`GradingQueue`.

    Attributes
    ----------
    queue : GradingQueue
    index : int
        The answer shown (0-based).
    widget
        The whole form (an ``ipywidgets.VBox``).
    points, comment, answer, rubric, progress, status
        The parts of the page.
    """

    def __init__(self, queue: GradingQueue):
        w = _import_widgets()
        self.queue = queue
        self.index = queue.next_ungraded() or 0
        self._syncing = False
        self.title = w.HTML()
        self.progress = w.HTML()
        self.progress.add_class("symposium-grading-progress")
        self.who = w.HTML()
        self.answer = w.HTML(layout=w.Layout(border="1px solid #bbb", padding="4px 8px"))
        self.answer.add_class("symposium-grading-answer")
        self.rubric = w.HTML()
        self.rubric.add_class("symposium-grading-rubric")
        self.points = w.ToggleButtons(
            options=[(f"{p:g}", p) for p in point_steps(queue.points)],
            value=None,
            description="Points",
            style={"button_width": "auto"},
        )
        self.points.add_class("symposium-grading-points")
        self.comment = w.Textarea(
            placeholder="A comment for the student (saved with the points)",
            continuous_update=False,
            layout=w.Layout(width="100%", height="5em"),
        )
        self.comment.add_class("symposium-grading-comment")
        self.prev = w.Button(description="previous", icon="arrow-left")
        self.prev.add_class("symposium-grading-prev")
        self.next = w.Button(description="next", icon="arrow-right")
        self.next.add_class("symposium-grading-next")
        self.next_ungraded = w.Button(description="next ungraded", icon="forward")
        self.next_ungraded.add_class("symposium-grading-next-ungraded")
        self.status = w.HTML()
        self.status.add_class("symposium-grading-status")
        self.prev.on_click(lambda _: self.show(self.index - 1))
        self.next.on_click(lambda _: self.show(self.index + 1))
        self.next_ungraded.on_click(lambda _: self._go_ungraded())
        self.points.observe(self._on_points, names="value")
        self.comment.observe(self._on_comment, names="value")
        nav = w.HBox([self.prev, self.next, self.next_ungraded])
        self.widget = w.VBox(
            [
                self.title,
                self.progress,
                self.who,
                self.answer,
                self.rubric,
                self.points,
                self.comment,
                self.status,
                nav,
            ]
        )
        self.widget.add_class("symposium-grading-form")
        self.show(self.index)

    # -- showing ----------------------------------------------------------------------

    def show(self, index: int) -> None:
        """Show answer ``index`` (clamped to the queue)."""
        q = self.queue
        self.title.value = (
            f"<b>{html.escape(q.exercise)}</b> - {html.escape(q.title)} "
            f"(worth {q.points:g} point{'s' if q.points != 1 else ''})"
        )
        self.rubric.value = (
            "<b>Rubric</b><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in q.rubric)
            + "</ul>"
        )
        if not q.items:
            self.who.value = "<i>No answers to grade.</i>"
            self.answer.value = ""
            self._refresh_progress()
            for part in (self.points, self.comment, self.prev, self.next, self.next_ungraded):
                part.disabled = True
            return
        self.index = max(0, min(index, len(q.items) - 1))
        item = q.items[self.index]
        self._syncing = True
        try:
            self.who.value = f"<b>{html.escape(item.label)}</b>"
            self.answer.value = (
                f"<div style='white-space: pre-wrap'>{html.escape(item.answer or '(blank)')}</div>"
            )
            self.points.value = item.grade.points if item.grade is not None else None
            self.comment.value = item.grade.comment if item.grade is not None else ""
        finally:
            self._syncing = False
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(q.items) - 1
        note = " (graded an earlier answer: grade it again)" if item.outdated else ""
        self.status.value = html.escape(("saved" if item.grade else "not graded yet") + note)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        graded, total = self.queue.progress()
        self.progress.value = f"graded {graded} of {total}"
        self.next_ungraded.disabled = graded == total

    def _go_ungraded(self) -> None:
        i = self.queue.next_ungraded(self.index + 1)
        if i is not None:
            self.show(i)

    # -- saving -----------------------------------------------------------------------

    def _save(self, points: float, comment: str) -> None:
        try:
            self.queue.grade(self.index, points, comment)
        except (ValueError, OSError) as exc:
            self.status.value = (
                f"<span style='color:#b00'>not saved: {html.escape(str(exc))}</span>"
            )
            return
        self.status.value = "saved"
        self._refresh_progress()

    def _on_points(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] is None:
            return
        self._save(float(change["new"]), self.comment.value)

    def _on_comment(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if self.points.value is None:
            self.status.value = "choose the points to save the comment"
            return
        self._save(float(self.points.value), change["new"])

    # -- display ----------------------------------------------------------------------

    def text(self) -> str:
        """The current page as plain text (what the static fallback shows)."""
        if not self.queue.items:
            return f"{self.queue.exercise}: no answers to grade."
        return self.queue.text(self.index)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        page = self.text()
        bundle["text/plain"] = page
        bundle["text/html"] = f"<pre style='white-space: pre-wrap'>{html.escape(page)}</pre>"
        return bundle


def grading_form(
    class_dir: str | Path,
    exercise_id: str,
    *,
    blind: bool = True,
    debate: Debate | None = None,
    grades_file: str | Path | None = None,
) -> GradingForm:
    """A form to grade one open exercise's answers (or the score justifications) by hand.

    Names are hidden unless ``blind=False``; grades go to the class's grade
    sheet (``CLASS_DIR/.grades/grades.json`` unless ``grades_file`` says),
    saved on every change. Opens on the first ungraded answer.
    """
    queue = grading_queue(
        class_dir, exercise_id, blind=blind, debate=debate, grades_file=grades_file
    )
    return GradingForm(queue)
