"""CSV exports: the long score table and an LMS-ready gradebook."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.gradebook import (
    gradebook,
    long_table,
    write_gradebook_csv,
    write_long_csv,
)


def work(student, scores=None, answers=None):
    return {
        "format": "symposium-kit/work",
        "version": 1,
        "student": student,
        "debate": "d",
        "answers": answers or {},
        "scores": scores or {},
        "forecasts": {},
    }


@pytest.fixture
def results(tmp_path):
    sub = tmp_path / "in"
    sub.mkdir()
    answers = {
        "e1": {"answer": "A", "result": "correct"},
        "e2": {"answer": "B", "result": "partly"},
        "e3": {"answer": "x", "result": "recorded"},
    }
    (sub / "zoë.json").write_text(
        json.dumps(
            work(
                "zoë",
                {"hass": {"overall": {"score": 2, "justification": '=HYPERLINK("http://x")'}}},
                answers,
            )
        ),
        encoding="utf-8",
    )
    (sub / "ben.json").write_text(
        json.dumps(
            work(
                "ben",
                {
                    "hass": {
                        "overall": {"score": None, "justification": "cannot judge, it is vague"}
                    }
                },
                {"e1": {"answer": "C", "result": "wrong"}},
            )
        ),
        encoding="utf-8",
    )
    (sub / "cy.json").write_text(json.dumps(work("cy", {"mann": {"overall": {"score": 1}}})))
    return collect(sub)


def test_gradebook_has_one_row_per_student_and_points_per_exercise(results):
    table = gradebook(results)  # e3 is open text (only ever recorded): not a column
    assert table.columns.tolist() == ["student", "e1", "e2", "total", "possible", "percent"]
    rows = table.set_index("student")
    assert rows.index.tolist() == ["ben", "cy", "zoë"]
    assert rows.loc["zoë", ["e1", "e2", "total"]].tolist() == [1.0, 0.5, 1.5]
    assert rows.loc["zoë", "percent"] == 75.0
    assert rows.loc["cy"].drop("possible").sum() == 0  # handed in no exercise: zeros, still listed
    assert rows["possible"].unique().tolist() == [2.0]


def test_gradebook_points_and_exercise_list_can_be_chosen(results):
    table = gradebook(
        results, exercises=["e1", "e9"], points={"correct": 2, "partly": 1, "recorded": 2}
    )
    assert table.columns.tolist() == ["student", "e1", "e9", "total", "possible", "percent"]
    zoe = table.set_index("student").loc["zoë"]
    assert (zoe["e1"], zoe["e9"], zoe["possible"], zoe["percent"]) == (2.0, 0.0, 4.0, 50.0)


def test_gradebook_csv_is_utf8_with_the_student_first(results, tmp_path):
    path = write_gradebook_csv(results, tmp_path / "out" / "grades.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[0][0] == "student" and rows[0][-3:] == ["total", "possible", "percent"]
    assert [r[0] for r in rows[1:]] == ["ben", "cy", "zoë"]
    assert len({len(r) for r in rows}) == 1


def test_long_csv_has_the_required_columns_and_keeps_missing_scores_empty(results, tmp_path):
    path = write_long_csv(results, tmp_path / "scores.csv")
    back = pd.read_csv(path, encoding="utf-8", keep_default_na=False)
    assert back.columns.tolist()[:5] == [
        "student",
        "contributor",
        "criterion",
        "score",
        "justification",
    ]
    assert len(back) == len(long_table(results)) == 3
    ben = back[back["student"] == "ben"].iloc[0]
    assert ben["score"] == "" and ben["justification"] == "cannot judge, it is vague"


def test_long_csv_defuses_spreadsheet_formulas_in_free_text(results, tmp_path):
    back = pd.read_csv(write_long_csv(results, tmp_path / "s.csv"), encoding="utf-8")
    text = back.set_index("student").loc["zoë", "justification"]
    assert text.startswith("'=HYPERLINK")
    assert results.scores.set_index("student").loc["zoë", "justification"].startswith("=")


def test_default_columns_leave_out_open_text_and_follow_the_notebooks(tmp_path):
    sub = tmp_path / "in"
    sub.mkdir()
    answers = {
        "z.first": {"answer": "A", "result": "correct", "notebook": "01-start"},
        "a.later": {"answer": "B", "result": "wrong", "notebook": "02-next"},
        "m.open": {"answer": "text", "result": "recorded", "notebook": "01-start"},
        "n.skipped": {"answer": None, "result": "unanswered", "notebook": "01-start"},
    }
    (sub / "ada.json").write_text(json.dumps(work("ada", answers=answers)), encoding="utf-8")
    table = gradebook(collect(sub))
    assert table.columns.tolist() == [
        "student",
        "n.skipped",
        "z.first",
        "a.later",
        "total",
        "possible",
        "percent",
    ]
