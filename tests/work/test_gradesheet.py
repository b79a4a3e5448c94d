"""The instructor's grade sheet: atomic, resumable, refuses bad points and damaged files."""

from __future__ import annotations

import json

import pytest

from symposium_kit.work.gradesheet import GradeSheet, GradeSheetError, grades_path, read_grades


def test_a_grade_is_on_disk_at_once_and_a_new_sheet_resumes_it(tmp_path):
    path = grades_path(tmp_path)
    sheet = GradeSheet(path)
    sheet.record("start.why-hard", "ada", 0.5, comment="name the editors' signs", answer="a")
    sheet.record("start.why-hard", "ben", 1, answer="b")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "symposium-kit/grades"
    assert data["grades"]["start.why-hard"]["ada"]["comment"] == "name the editors' signs"
    again = GradeSheet(path)
    assert [(g.student, g.points) for g in again.grades()] == [("ada", 0.5), ("ben", 1.0)]
    again.record("start.why-hard", "ada", 0.75, answer="a")  # replaces, never duplicates
    assert [g.points for g in GradeSheet(path).grades("start.why-hard")] == [0.75, 1.0]
    assert not list(path.parent.glob("*.tmp"))  # no temporary file left behind


@pytest.mark.parametrize("points", [-0.5, 1.5, float("nan"), "1", True, None])
def test_points_outside_zero_to_max_are_refused_and_nothing_is_written(tmp_path, points):
    sheet = GradeSheet(tmp_path / "g.json")
    with pytest.raises(GradeSheetError, match="from 0 to 1"):
        sheet.record("x.y", "ada", points)  # type: ignore[arg-type]
    assert not (tmp_path / "g.json").exists()


def test_the_maximum_comes_from_the_caller_and_bounds_the_points(tmp_path):
    sheet = GradeSheet(tmp_path / "g.json")
    assert sheet.record("x.y", "ada", 3, maximum=4).max == 4.0
    with pytest.raises(GradeSheetError, match="from 0 to 4"):
        sheet.record("x.y", "ada", 5, maximum=4)


def test_a_damaged_sheet_is_reported_with_its_name_and_left_untouched(tmp_path):
    path = tmp_path / "g.json"
    path.write_text('{"format": "symposium-kit/grades", "version": 1, "grades": {', "utf-8")
    before = path.read_bytes()
    with pytest.raises(GradeSheetError, match=r"g\.json.*left untouched"):
        GradeSheet(path)
    assert path.read_bytes() == before
    path.write_text(json.dumps({"format": "other"}), "utf-8")
    with pytest.raises(GradeSheetError, match="not a symposium-kit grade sheet"):
        read_grades(path)
    bad = {
        "format": "symposium-kit/grades",
        "version": 1,
        "grades": {"x.y": {"ada": {"points": 3, "max": 1}}},
    }
    path.write_text(json.dumps(bad), "utf-8")
    with pytest.raises(GradeSheetError, match="ada.*damaged"):
        read_grades(path)


def test_remove_returns_an_answer_to_ungraded(tmp_path):
    sheet = GradeSheet(tmp_path / "g.json")
    sheet.record("x.y", "ada", 1)
    assert sheet.remove("x.y", "ada") is True
    assert sheet.get("x.y", "ada") is None
    assert sheet.remove("x.y", "ada") is False
