"""Grading open answers by hand: blind queue, rubric beside, autosave, resume, gradebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.gradebook import gradebook
from symposium_kit.classroom.manual import (
    DEFAULT_POINTS,
    JUSTIFICATIONS,
    grade,
    grading_queue,
    manual_grades,
    pseudonym,
)
from symposium_kit.work.gradesheet import GradeSheetError, grades_path

OPEN = "start.why-hard"
ANSWERS = {
    "ada": "The editors list signs that point both ways and set two views side by side.",
    "ben": "Because soft is vague.",
    "chloé": "",
    "dmitri": "It depends on which signs you weigh: tariffs cut, chips allowed.",
}


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def write_class(root: Path) -> Path:
    for student, text in ANSWERS.items():
        work = {
            "format": "symposium-kit/work",
            "version": 1,
            "student": student,
            "answers": {OPEN: {"answer": text, "result": "recorded", "notebook": "01-start-here"}},
            "scores": {"hass": {"overall": {"score": 2, "justification": f"{student} says why"}}},
            "forecasts": {},
        }
        (root / student).mkdir(parents=True)
        (root / student / "symposium-work.json").write_text(json.dumps(work), "utf-8")
    return root


@pytest.fixture
def klass(tmp_path):
    return write_class(tmp_path / "class")


def test_the_queue_is_blind_holds_every_non_blank_answer_and_shows_the_rubric(klass, debate):
    queue = grading_queue(klass, OPEN, debate=debate)
    assert {i.student for i in queue} == {"ada", "ben", "dmitri"}  # chloé left it blank
    assert [i.pseudonym for i in queue] == sorted(pseudonym(s) for s in ("ada", "ben", "dmitri"))
    assert queue.points == DEFAULT_POINTS
    assert queue.progress() == (0, 3)
    page = queue.text(0)
    assert "student 1 of 3" in page and queue.items[0].pseudonym in page
    assert not any(name in page for name in ANSWERS)  # no name on a blind page
    assert queue.items[0].answer in page
    assert "Asks for at least 20 words." in page
    seen = grading_queue(klass, OPEN, debate=debate, blind=False)
    assert [i.student for i in seen] == ["ada", "ben", "dmitri"]
    assert "(ada)" in seen.items[0].label


def test_grades_autosave_resume_and_flow_into_the_gradebook(klass, debate):
    queue = grading_queue(klass, OPEN, debate=debate)
    queue.grade("ada", 1, "uses the editors' own list")
    queue.grade(pseudonym("ben"), 0.25, "say which signs")
    resumed = grading_queue(klass, OPEN, debate=debate)
    assert resumed.progress() == (2, 3)
    nxt = resumed.next_ungraded()
    assert nxt is not None and resumed.items[nxt].student == "dmitri"
    grades = manual_grades(klass)
    assert grades["ada"][OPEN] == {
        "points": 1.0,
        "max": 1.0,
        "comment": "uses the editors' own list",
    }
    assert grades["ben"][OPEN]["points"] == 0.25
    book = gradebook(collect(klass, debate, progress=False), manual=grades).set_index("student")
    assert book.loc["ada", OPEN] == 1.0 and book.loc["ben", OPEN] == 0.25
    assert book.loc["dmitri", OPEN] == 0.0
    assert JUSTIFICATIONS in book.columns
    without = gradebook(collect(klass, debate, progress=False)).set_index("student")
    n_open = sum(1 for c in book.columns if c not in without.columns)
    assert book.loc["ada", "possible"] == without.loc["ada", "possible"] + n_open
    assert book.loc["ada", "total"] == without.loc["ada", "total"] + 1.0


def test_a_grade_given_to_an_earlier_answer_is_flagged(klass, debate):
    grade(klass, OPEN, "ada", 1, debate=debate)
    work_file = klass / "ada" / "symposium-work.json"
    work = json.loads(work_file.read_text("utf-8"))
    work["answers"][OPEN]["answer"] = "A new answer, handed in again."
    work_file.write_text(json.dumps(work), "utf-8")
    queue = grading_queue(klass, OPEN, debate=debate)
    (item,) = [i for i in queue if i.student == "ada"]
    assert item.outdated
    assert "earlier answer" in queue.text(queue.items.index(item))


def test_justifications_are_graded_per_student(klass, debate):
    queue = grading_queue(klass, JUSTIFICATIONS, debate=debate)
    assert len(queue) == 4
    assert any("hass / overall: 2 - ada says why" == i.answer for i in queue)
    queue.grade("chloé", 0.5)
    assert manual_grades(klass)["chloé"][JUSTIFICATIONS]["points"] == 0.5


def test_bad_requests_get_a_clear_message(klass, debate):
    with pytest.raises(ValueError, match="graded by the kit"):
        grading_queue(klass, "start.most-words", debate=debate)
    with pytest.raises(ValueError, match="no exercise 'nope.x'; open ones: .*start.why-hard"):
        grading_queue(klass, "nope.x", debate=debate)
    queue = grading_queue(klass, OPEN, debate=debate)
    with pytest.raises(GradeSheetError, match="from 0 to 1"):
        queue.grade(0, 2)
    with pytest.raises(KeyError, match="no answer"):
        queue.grade("zed", 1)
    assert not grades_path(klass).exists()  # nothing recorded by a refused grade


def test_collect_passes_over_the_grade_sheet_quietly(klass, debate):
    grade(klass, OPEN, "ada", 1, debate=debate)
    r = collect(klass, debate, progress=False)
    assert not [s for s in r.skipped if ".grades" in s.path]


def test_grading_from_a_terminal_shows_the_next_ungraded_and_records(klass, capsys):
    from symposium_kit.cli.main import main

    assert main(["grade", str(klass), OPEN]) == 0
    page = capsys.readouterr().out
    assert "student 1 of 3" in page and not any(name in page for name in ANSWERS)
    first = grading_queue(klass, OPEN).items[0]
    assert f"--student {first.pseudonym}" in page
    argv = ["grade", str(klass), OPEN, "--student", first.pseudonym, "--points", "0.5"]
    assert main([*argv, "--comment", "more detail"]) == 0
    assert "graded 1 of 3" in capsys.readouterr().out
    assert manual_grades(klass)[first.student][OPEN]["comment"] == "more detail"
    assert main(["grade", str(klass), OPEN, "--student", first.pseudonym, "--points", "3"]) == 1
    assert "from 0 to 1" in capsys.readouterr().err


def test_points_and_rubric_come_from_the_exercise_definition(klass, debate, tmp_path, monkeypatch):
    from symposium_kit.exercises.catalog import exercise_files

    folder = tmp_path / "exercises"
    folder.mkdir()
    for path in exercise_files():
        text = path.read_text("utf-8")
        if path.stem == "01-start-here":
            text = text.replace(
                "    min_words: 20\n",
                "    min_words: 20\n    points: 3\n    rubric: Names a sign on each side.\n",
                1,
            )
        (folder / path.name).write_text(text, "utf-8")
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(folder))
    queue = grading_queue(klass, OPEN, debate=debate)
    assert queue.points == 3.0
    assert queue.rubric[0] == "Names a sign on each side."
    assert queue.grade(0, 2.5).grade.max == 3.0  # type: ignore[union-attr]
    with pytest.raises(GradeSheetError, match="from 0 to 3"):
        queue.grade(0, 3.5)
    book = gradebook(collect(klass, debate, progress=False), manual=manual_grades(klass))
    assert set(book["possible"]) == {
        float(gradebook(collect(klass, debate, progress=False), manual={})["possible"].iloc[0]) + 2
    }
