"""The grading form, driven without a front end: click points, type comments, check the sheet."""

from __future__ import annotations

import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.manual import grading_queue, manual_grades
from symposium_kit.views.grading_form import grading_form, point_steps

from ..classroom.test_manual import ANSWERS, OPEN, write_class


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture
def klass(tmp_path):
    return write_class(tmp_path / "class")


def test_the_form_shows_one_blind_answer_the_rubric_and_progress(klass, debate):
    form = grading_form(klass, OPEN, debate=debate)
    first = form.queue.items[0]
    assert "student 1 of 3" in form.who.value and first.pseudonym in form.who.value
    assert not any(name in form.who.value + form.answer.value for name in ANSWERS)
    assert first.answer.split()[0] in form.answer.value
    assert "Asks for at least 20 words." in form.rubric.value
    assert form.progress.value == "graded 0 of 3"
    assert [v for _, v in form.points.options] == point_steps(1.0)
    assert "symposium-grading-form" in form.widget._dom_classes


def test_every_change_is_saved_and_a_new_form_resumes_on_the_first_ungraded(klass, debate):
    form = grading_form(klass, OPEN, debate=debate)
    student = form.queue.items[0].student
    form.comment.value = "early comment"  # no points yet: not saved, and said so
    assert "choose the points" in form.status.value
    assert manual_grades(klass) == {}
    form.points.value = 0.75
    assert manual_grades(klass)[student][OPEN] == {
        "points": 0.75,
        "max": 1.0,
        "comment": "early comment",
    }
    form.comment.value = "cite the editors' signs"
    assert manual_grades(klass)[student][OPEN]["comment"] == "cite the editors' signs"
    assert form.progress.value == "graded 1 of 3"
    form.next.click()
    assert form.index == 1 and form.points.value is None and form.comment.value == ""
    form.prev.click()
    assert form.points.value == 0.75 and form.comment.value == "cite the editors' signs"
    again = grading_form(klass, OPEN, debate=debate)
    assert again.index == 1  # opens on the first ungraded answer
    assert grading_queue(klass, OPEN, debate=debate).progress() == (1, 3)


def test_without_a_kernel_the_form_reads_as_text(klass, debate):
    form = grading_form(klass, OPEN, debate=debate)
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "student 1 of 3" in bundle["text/plain"]
    assert "Rubric:" in bundle["text/plain"] and "<pre" in bundle["text/html"]


def test_an_exercise_nobody_answered_gives_an_empty_form_not_an_error(tmp_path, debate):
    (tmp_path / "empty").mkdir()
    form = grading_form(tmp_path / "empty", OPEN, debate=debate)
    assert "No answers" in form.who.value and form.points.disabled
    assert "no answers to grade" in form._repr_mimebundle_()["text/plain"]
