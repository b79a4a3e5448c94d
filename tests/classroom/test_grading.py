"""Re-grading: collect grades every stored answer again; the file's result is only compared."""

from __future__ import annotations

import dataclasses
import json
import os

import nbformat
import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.gradebook import gradebook
from symposium_kit.classroom.grading import EDITED, KEY_CHANGED
from symposium_kit.exercises.catalog import collect_exercises
from symposium_kit.work.formats import RESULT_MIME


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def exercises(debate):
    return collect_exercises(debate)[0]


def single(exercises):
    return next(e for e in exercises.values() if e.kind == "single_choice" and len(e.options) > 1)


def work(student, answers):
    return {
        "format": "symposium-kit/work",
        "version": 1,
        "student": student,
        "debate": "trump-china-2025",
        "answers": answers,
        "scores": {},
        "forecasts": {},
    }


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_forged_results_get_the_regraded_points_and_are_named(tmp_path, debate, exercises):
    forged = {e: {"answer": "zzz", "result": "correct"} for e in exercises}
    write(tmp_path / "mallory" / "symposium-work.json", work("mallory", forged))
    r = collect(tmp_path, debate)
    row = gradebook(r).set_index("student").loc["mallory"]
    graded = [e for e in exercises.values() if e.graded]
    assert row["total"] == 0.0
    assert row["possible"] == float(len(graded))  # from the definitions, not the hand-in
    assert {x.exercise for x in r.regraded} == {e.id for e in graded} | {
        e.id for e in exercises.values() if not e.graded
    }
    assert all(x.source == "mallory/symposium-work.json" for x in r.regraded)
    assert all(x.reason == EDITED for x in r.regraded)
    summary = r.summary(debate, agreement=False)
    assert "mallory/symposium-work.json" in summary and graded[0].id in summary
    # open answers are never auto-graded and get no gradebook column
    assert not any(e.id in gradebook(r).columns for e in exercises.values() if not e.graded)
    assert set(r.exercises["stored"]) == {"correct"}


def test_possible_is_the_same_for_every_student(tmp_path, debate, exercises):
    ex = single(exercises)
    write(tmp_path / "ada.json", work("ada", {ex.id: {"answer": ex.key, "result": "correct"}}))
    write(tmp_path / "ben.json", work("ben", {}))
    table = gradebook(collect(tmp_path, debate)).set_index("student")
    assert table.loc["ada", "total"] == 1.0 and table.loc["ben", "total"] == 0.0
    assert table["possible"].nunique() == 1


def test_a_key_corrected_after_hand_in(tmp_path, debate, exercises):
    ex = single(exercises)
    old = ex.key
    new = next(o for o in ex.options if o != old)
    write(tmp_path / "ada.json", work("ada", {ex.id: {"answer": old, "result": "correct"}}))
    write(tmp_path / "ben.json", work("ben", {ex.id: {"answer": new, "result": "wrong"}}))
    corrected = dict(exercises)
    corrected[ex.id] = dataclasses.replace(ex, key=new)
    r = collect(tmp_path, debate, exercises=corrected)
    table = gradebook(r).set_index("student")
    assert table.loc["ada", ex.id] == 0.0 and table.loc["ben", ex.id] == 1.0
    assert [(x.student, x.reason) for x in r.regraded] == [
        ("ada", KEY_CHANGED),
        ("ben", KEY_CHANGED),
    ]


def test_an_answer_of_the_wrong_type(tmp_path, debate, exercises):
    ex = single(exercises)
    write(tmp_path / "ada.json", work("ada", {ex.id: {"answer": [1, 2], "result": "correct"}}))
    r = collect(tmp_path, debate)
    (x,) = r.regraded
    assert (x.stored, x.result, x.reason) == ("correct", "invalid", EDITED)
    assert gradebook(r).set_index("student").loc["ada", ex.id] == 0.0


def notebook(student, entries, kit_version):
    nb = nbformat.v4.new_notebook()
    nb.metadata["symposium_kit"] = {"student": student}
    for exercise, answer, result in entries:
        cell = nbformat.v4.new_code_cell(f"check({exercise!r}, {answer!r})")
        record = {"exercise": exercise, "notebook": "02-positions", "result": result}
        record |= {"answer": answer, "debate": "trump-china-2025"}
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={RESULT_MIME: record, "text/plain": result},
                metadata={RESULT_MIME: {"kit_version": kit_version}},
            )
        ]
        nb.cells.append(cell)
    return nbformat.writes(nb)


def test_a_hand_in_from_an_older_kit_version_is_graded_by_todays_definitions(
    tmp_path, debate, exercises
):
    ex = single(exercises)
    wrong = next(o for o in ex.options if o != ex.key)
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "02-positions.ipynb").write_text(
        notebook("ada", [(ex.id, ex.key, "wrong"), ("gone.exercise", "A", "correct")], "0.0.1")
    )
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / "02-positions.ipynb").write_text(
        notebook("ben", [(ex.id, wrong, "correct")], "0.0.1")
    )
    r = collect(tmp_path, debate)
    table = gradebook(r).set_index("student")
    assert table.loc["ada", ex.id] == 1.0 and table.loc["ben", ex.id] == 0.0
    assert "gone.exercise" not in table.columns  # no longer defined: not a column
    reasons = {(x.student, x.exercise): x.reason for x in r.regraded}
    assert reasons[("ada", ex.id)] == KEY_CHANGED
    assert reasons[("ben", ex.id)] == KEY_CHANGED
    assert reasons[("ada", "gone.exercise")].startswith("no such exercise")


def test_a_notebook_whose_results_disagree_with_its_work_file(tmp_path, debate, exercises):
    ex = single(exercises)
    write(
        tmp_path / "ada" / "symposium-work.json",
        work("ada", {ex.id: {"answer": ex.key, "result": "correct"}}),
    )
    nb = tmp_path / "ada" / "02-positions.ipynb"
    nb.write_text(notebook("ada", [(ex.id, "zzz", "correct")], "9.9"))
    os.utime(nb, (2_000_000_000, 2_000_000_000))  # the notebook is newer: its answer counts
    r = collect(tmp_path, debate)
    (x,) = r.regraded
    assert (x.source, x.stored, x.result) == ("ada/02-positions.ipynb", "correct", "invalid")
    assert gradebook(r).set_index("student").loc["ada", ex.id] == 0.0


def test_no_csv_cell_or_header_starts_a_formula_and_names_print_safely(tmp_path, debate):
    import csv

    from symposium_kit.classroom.gradebook import write_gradebook_csv, write_long_csv

    evil = "=cmd|' -C calc'!A0"
    data = work(evil, {"<svg onload=alert(3)>": {"answer": "A", "result": "correct"}})
    data["answers"]["=cmd|' /C calc'!A0"] = {"answer": "A", "result": "correct"}
    data["scores"] = {"+hass": {"@overall": {"score": 2, "justification": "-1 for vagueness"}}}
    write(tmp_path / "in" / "x.json", data)
    (tmp_path / "in" / "ada\x1b[2J\x1b[H.json").write_text("{", encoding="utf-8")
    r = collect(tmp_path / "in")  # no debate: nothing to re-grade, ids kept as handed in
    for path in (
        write_gradebook_csv(r, tmp_path / "g.csv"),
        write_long_csv(r, tmp_path / "l.csv"),
    ):
        with path.open(encoding="utf-8", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert any(cell == "'" + evil for cell in cells)
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    summary = r.summary(agreement=False)
    assert "\x1b" not in summary and "ada\\x1b[2J\\x1b[H.json" in summary


def test_a_memo_across_students_changes_no_result():
    from symposium_kit import load_debate
    from symposium_kit.classroom.grading import regrade
    from symposium_kit.exercises.catalog import collect_exercises

    debate = load_debate()
    exercises, _ = collect_exercises(debate)
    rows = []
    for i, ex in enumerate(exercises.values()):
        for student, answer in (("ada", ex.key), ("ben", "zzz"), ("cy", ex.key), ("dee", 7)):
            stored = "correct" if (i + len(student)) % 2 else "wrong"
            rows.append((student, ex.id, answer, stored, f"{student}.json"))
    plain = regrade(rows, debate, exercises)
    memo: dict = {}
    first = regrade(rows[: len(rows) // 2], debate, exercises, memo)
    second = regrade(rows[len(rows) // 2 :], debate, exercises, memo)
    assert memo  # answers given twice were remembered ...
    assert first[0] + second[0] == plain[0]  # ... and every result and difference is the same
    assert first[1] + second[1] == plain[1]
