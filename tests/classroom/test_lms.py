"""Gradebooks for Canvas and Moodle, joined to a roster: parsed back and checked against the layouts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.demo import write_demo_class
from symposium_kit.classroom.gradebook import gradebook
from symposium_kit.classroom.lms import (
    CANVAS_COLUMNS,
    RosterError,
    answers_table,
    read_roster,
    write_answers_csv,
    write_lms_gradebook,
)
from symposium_kit.classroom.manual import JUSTIFICATIONS, grade, manual_grades
from symposium_kit.cli.main import main


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def klass(tmp_path_factory, debate):
    root = tmp_path_factory.mktemp("lms")
    demo = write_demo_class(root / "in", students=5, seed=3, debate=debate)
    students = sorted(demo.students)
    # Roster: the first four students (one of them with a formula for a name), and one
    # student who never handed in; the fifth hand-in is not on the roster.
    lines = ["student,name,SIS User ID,Section,Email"]
    names = ["Lovelace, Ada", '=HYPERLINK("http://x")', "Chloé C", "D D"]
    for i, (s, n) in enumerate(zip(students[:4], names, strict=True)):
        q = n.replace('"', '""')
        lines.append(f'{s},"{q}",SIS{i},A,{s}@example.org')
    lines.append("nobody,Never Handed In,SIS9,B,nobody@example.org")
    (root / "roster.csv").write_text("\n".join(lines) + "\n", "utf-8")
    grade(root / "in", JUSTIFICATIONS, students[0], 0.5, "=cmd|' /C calc'!A0", debate=debate)
    results = collect(root / "in", debate, progress=False)
    return root, students, results


def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_canvas_layout_header_points_possible_and_one_row_per_roster_student(klass):
    root, students, results = klass
    roster = read_roster(root / "roster.csv")
    manual = manual_grades(root / "in")
    out = write_lms_gradebook(results, root / "canvas.csv", "canvas", roster, manual)
    table = rows(out.path)
    header, possible, body = table[0], table[1], table[2:]
    assert (
        header[:5] == CANVAS_COLUMNS == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    )
    assert possible[:5] == ["Points Possible", "", "", "", ""]
    assert all(float(v) > 0 for v in possible[5:])
    assert [r[2] for r in body] == ["SIS0", "SIS1", "SIS2", "SIS3", "SIS9"]  # roster order
    book = gradebook(results, manual=manual).set_index("student")
    assert sum(float(v) for v in possible[5:]) == book["possible"].iloc[0]
    for r in body[:4]:
        student = r[3]  # no SIS Login ID on the roster: the kit's name
        assert [float(v) for v in r[5:]] == [float(book.loc[student, c]) for c in header[5:]]
    assert body[4][5:] == ["0"] * len(header[5:])  # on the roster, no hand-in: zeros
    assert body[1][0] == '\'=HYPERLINK("http://x")'  # formula neutralised
    assert out.missing == ["nobody"]
    assert [u[0] for u in out.unmatched] == [students[4]]
    report = out.report.read_text("utf-8") if out.report else ""
    assert "nobody" in report and students[4] in report
    raw = out.path.read_text("utf-8")
    assert '"1"' not in raw and '"0"' not in raw  # numbers are not quoted strings


def test_moodle_layout_identifier_column_then_grade_items(klass):
    root, students, results = klass
    roster = read_roster(root / "roster.csv")
    out = write_lms_gradebook(results, root / "moodle.csv", "moodle", roster)
    table = rows(out.path)
    assert table[0][0] == "Email address"
    assert len(table) == 1 + len(roster)  # a header row, then one row per roster student
    assert [r[0] for r in table[1:]] == [f"{s}@example.org" for s in students[:4]] + [
        "nobody@example.org"
    ]
    defined = [e for e in results.definitions if results.definitions[e][1]]
    assert set(defined) <= set(table[0][1:])
    assert all(isinstance(float(v), float) for r in table[1:] for v in r[1:])
    by_name = write_lms_gradebook(results, root / "m2.csv", "moodle", roster, id_field="username")
    assert rows(by_name.path)[0][0] == "Username"
    no_email = root / "r2.csv"
    no_email.write_text("student\nada\n", "utf-8")
    with pytest.raises(RosterError, match="no 'Email address' for 'ada'"):
        write_lms_gradebook(results, root / "m3.csv", "moodle", read_roster(no_email))


def test_plain_layout_keeps_hand_ins_that_are_not_on_the_roster(klass):
    root, students, results = klass
    out = write_lms_gradebook(
        results, root / "plain.csv", "plain", read_roster(root / "roster.csv")
    )
    table = rows(out.path)
    status = {r[0]: r[3] for r in table[1:]}
    assert status[students[4]] == "not on roster"
    assert status["nobody"] == "no hand-in"
    assert sum(v == "handed in" for v in status.values()) == 4
    assert table[0][-3:] == ["total", "possible", "percent"]
    assert out.rows == 6


def test_without_a_roster_every_hand_in_is_a_row(klass):
    root, students, results = klass
    table = rows(write_lms_gradebook(results, root / "c.csv", "canvas").path)
    assert sorted(r[3] for r in table[2:]) == students


def test_answers_csv_holds_open_answers_justifications_and_comments(klass):
    root, students, results = klass
    manual = manual_grades(root / "in")
    table = answers_table(results, manual)
    assert set(table["kind"]) == {"open answer", "justification", "grade"}
    open_ids = {e for e, (_, graded) in results.definitions.items() if not graded}
    assert set(table.loc[table["kind"] == "open answer", "exercise"]) <= open_ids
    (g,) = table[table["kind"] == "grade"].itertuples()
    assert (g.student, g.points, g.max) == (students[0], 0.5, 1.0)
    path = write_answers_csv(results, root / "answers.csv", manual)
    back = rows(path)
    assert back[0][:3] == ["student", "exercise", "kind"]
    assert len(back) == len(table) + 1
    assert ["'=cmd|' /C calc'!A0"] == [r[8] for r in back if r[2] == "grade"]


def test_a_roster_without_a_name_column_or_with_a_student_twice_is_refused(tmp_path):
    bad = tmp_path / "r.csv"
    bad.write_text("Email\nx@example.org\n", "utf-8")
    with pytest.raises(RosterError, match="no column names the student"):
        read_roster(bad)
    bad.write_text("student\nada\nAda\n", "utf-8")
    with pytest.raises(RosterError, match="line 3: 'Ada' is on the roster twice"):
        read_roster(bad)
    bad.write_bytes(b"\xff\xfe\x00student")
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(bad)
    canvas = tmp_path / "canvas.csv"  # a Canvas export: "Student" is the display name
    canvas.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"L, Ada",1,2,ada,A\n', "utf-8")
    (entry,) = read_roster(canvas)
    assert (entry.student, entry.name, entry.id) == ("ada", "L, Ada", "1")


def test_cli_gradebook_and_answers(klass, capsys):
    root, students, _ = klass
    out = root / "cli-canvas.csv"
    argv = [
        "gradebook",
        str(root / "in"),
        "--format",
        "canvas",
        "--roster",
        str(root / "roster.csv"),
    ]
    assert main([*argv, "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "On the roster with no hand-in (1, 0 points): nobody" in printed
    assert students[4] in printed
    assert rows(out)[1][0] == "Points Possible"
    assert main(["answers", str(root / "in"), "--out", str(root / "a.csv"), "--no-progress"]) == 0
    assert rows(root / "a.csv")[0][0] == "student"
    assert main([*argv[:4], "--roster", str(root / "missing.csv"), "--out", str(out)]) == 1
    assert "no such roster file" in capsys.readouterr().err
    json.loads(json.dumps(manual_grades(root / "in")))  # plain data for the feedback reports


def test_collect_gradebook_carries_the_hand_given_grades(tmp_path, debate, capsys):
    demo = write_demo_class(tmp_path / "in", students=3, seed=5, debate=debate)
    results = collect(tmp_path / "in", debate, progress=False)
    open_id = next(e for e, (_, graded) in results.definitions.items() if not graded)
    answered = set(results.exercises.loc[results.exercises["exercise"] == open_id, "student"])
    student = sorted(answered & set(demo.students))[0]
    grade(tmp_path / "in", open_id, student, 0.75, "good", debate=debate)
    out = tmp_path / "book.csv"
    assert main(["collect", str(tmp_path / "in"), "--gradebook", str(out), "--no-progress"]) == 0
    capsys.readouterr()
    table = {r["student"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
    assert float(table[student][open_id]) == 0.75
    assert {float(r["possible"]) for r in table.values()} == {float(table[student]["possible"])}
