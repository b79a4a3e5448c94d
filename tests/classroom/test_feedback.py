"""Feedback reports: one per student, only their own data, re-graded, keys only when released."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from symposium_kit import collect, load_debate, write_demo_class
from symposium_kit.classroom.feedback import (
    feedback_report,
    key_text,
    report_filename,
    write_feedback,
)
from symposium_kit.cli.main import main
from symposium_kit.exercises.catalog import collect_exercises
from symposium_kit.work.formats import WORK_FILE

OPEN = "start.why-hard"  # an open (short_text) exercise of notebook 01, never in a notebook hand-in
FORGED = "start.most-words"  # single choice, key "mann"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(""", re.I)


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def token(student: str) -> str:
    """A distinctive open answer: only this student's report may contain it."""
    return f"Only {student} wrote this zq{sum(map(ord, student))}"


def work_file_of(root: Path, student: str) -> Path:
    for rel in (f"{student}/{WORK_FILE}", f"{student}.json"):
        if (root / rel).exists():
            return root / rel
    raise AssertionError(f"no work file for {student}")


def edit_answers(root: Path, student: str, answers: dict) -> None:
    """Change a handed-in work file as a student could, keeping its modification time."""
    path = work_file_of(root, student)
    stat = path.stat()
    work = json.loads(path.read_text(encoding="utf-8"))
    work["answers"].update(answers)
    path.write_text(json.dumps(work, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (stat.st_atime, stat.st_mtime))


def make_class(root: Path, students: int, debate) -> tuple:
    demo = write_demo_class(root, students=students, seed=3, debate=debate)
    for name in demo.students:
        edit_answers(root, name, {OPEN: {"answer": token(name), "result": "recorded"}})
    return demo


@pytest.fixture(scope="module")
def demo_class(tmp_path_factory, debate):
    root = tmp_path_factory.mktemp("class")
    demo = make_class(root, 20, debate)
    hostile, forger = demo.students[1], demo.students[2]
    edit_answers(root, hostile, {OPEN: {"answer": HOSTILE, "result": "recorded"}})
    edit_answers(root, forger, {FORGED: {"answer": "roach", "result": "correct"}})
    return demo, collect(root, debate)


@pytest.fixture(scope="module")
def reports(demo_class, debate, tmp_path_factory):
    _, results = demo_class
    out = tmp_path_factory.mktemp("reports")
    return out, write_feedback(results, out, debate, generated="2025-11-03 09:00 UTC")


def test_every_student_gets_one_file_and_no_temporary_file_is_left(demo_class, reports):
    demo, results = demo_class
    out, written = reports
    assert sorted(r.student for r in written) == sorted(results.students)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        report_filename(s) for s in results.students
    )
    for r in written:
        assert r.path is not None and r.path.read_text(encoding="utf-8") == r.html


def test_a_report_holds_no_other_students_name_or_answers(demo_class, reports):
    demo, results = demo_class
    _, written = reports
    hostile = demo.students[1]
    for report in written:
        assert report.student in report.html
        if report.student != hostile:
            assert token(report.student) in report.html
        for other in results.students:
            if other == report.student:
                continue
            assert other not in report.html, f"{other} named in {report.student}'s report"
            assert token(other) not in report.html, f"{other}'s answer in {report.student}'s"


def test_no_key_of_an_unreleased_exercise_is_shown(reports, debate):
    _, written = reports
    exercises, _ = collect_exercises(debate)
    keys = {e: key_text(ex, debate) for e, ex in exercises.items()}
    distinctive = {e: k for e, k in keys.items() if len(k) >= 12}
    assert len(distinctive) >= 10, "the scan must look for real keys"
    for report in written:
        assert 'class="key"' not in report.html and "Answer key" not in report.html
        right = {ln.exercise for ln in report.lines if ln.result == "correct"}
        blocks = exercise_blocks(report.html)
        assert set(blocks) == set(exercises)
        for exercise, key in distinctive.items():
            if exercise in right:
                continue  # the student's own right answer is the key: theirs to see
            assert key not in blocks[exercise], f"key of {exercise} in {report.student}'s"
            if len(key) >= 30:  # long enough never to occur by chance anywhere
                assert key not in report.html, f"key of {exercise} in {report.student}'s"


def exercise_blocks(text: str) -> dict[str, str]:
    """Each exercise's part of a report, by exercise id."""
    parts = text.split('<div class="ex ')[1:]
    return {re.search(r'id="ex-([^"]+)"', p).group(1): p for p in parts}  # type: ignore[union-attr]


def test_a_released_key_appears_and_only_that_one(demo_class, debate, tmp_path):
    _, results = demo_class
    written = write_feedback(results, tmp_path, debate, released=["positions.same-stance"])
    for report in written:
        blocks = re.findall(r'<div class="key" data-exercise="([^"]+)">(.*?)</div>', report.html)
        assert blocks == [("positions.same-stance", "<strong>Answer key:</strong> Cutler, Roach")]
    everything = feedback_report(results, results.students[0], debate, release_all=True)
    assert everything.html.count('class="key"') >= 20


def test_a_forged_stored_result_shows_as_wrong(demo_class, reports):
    demo, results = demo_class
    forger = demo.students[2]
    stored = results.exercises.set_index(["student", "exercise"]).loc[(forger, FORGED)]
    assert stored["stored"] == "correct" and stored["result"] == "wrong"
    report = next(r for r in reports[1] if r.student == forger)
    line = next(ln for ln in report.lines if ln.exercise == FORGED)
    assert (line.result, line.points) == ("wrong", 0.0)
    block = report.html.split(f'id="ex-{FORGED}"')[0].rsplit("<div", 1)[1]
    assert 'class="ex wrong"' in block
    assert report.total == sum(ln.points or 0 for ln in report.lines)


def test_points_possible_come_from_the_definitions(demo_class, reports, debate):
    _, written = reports
    exercises, _ = collect_exercises(debate)
    graded = sum(1 for ex in exercises.values() if ex.graded)
    assert {r.possible for r in written} == {float(graded)}
    assert len({r.total for r in written}) > 1
    for r in written:
        assert f"{r.total:g} / {r.possible:g} points" in r.html


def test_nothing_is_fetched_from_the_web_and_it_prints(reports):
    for report in reports[1]:
        assert not EXTERNAL.search(report.html)
        assert "<script" not in report.html.lower() and "<link" not in report.html.lower()
        assert "@media print" in report.html


def test_a_hostile_answer_is_escaped(demo_class, reports):
    demo, _ = demo_class
    report = next(r for r in reports[1] if r.student == demo.students[1])
    assert html_escaped(HOSTILE) in report.html
    assert "<img" not in report.html and "onerror=alert" not in report.html.replace(
        html_escaped(HOSTILE), ""
    )


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_manual_grades_add_open_points_and_comments(demo_class, debate):
    _, results = demo_class
    student = results.students[0]
    manual = {student: {OPEN: {"points": 0.5, "comment": "Name <both> readings."}}}
    plain = feedback_report(results, student, debate)
    graded = feedback_report(results, student, debate, manual=manual)
    exercises, _ = collect_exercises(debate)
    n_open = sum(1 for ex in exercises.values() if not ex.graded)
    assert graded.possible == plain.possible + n_open
    assert graded.total == plain.total + 0.5
    assert "Name &lt;both&gt; readings." in graded.html
    for bad, message in (
        ({student: {OPEN: {"points": 3}}}, "outside 0-1"),
        ({student: {OPEN: {"points": "many"}}}, "is not a number"),
        ({student: {"no.such": {"comment": "?"}}}, "no such exercise"),
        ({student: {FORGED: {"points": 1}}}, "points are re-graded by the kit"),
        ({"nobody": {OPEN: {"points": 1}}}, "not in the collected class"),
    ):
        with pytest.raises(ValueError, match=message):
            feedback_report(results, student, debate, manual=bad)


def test_rubric_and_brier_sections_show_the_students_own_numbers(demo_class, reports, debate):
    _, results = demo_class
    report = next(r for r in reports[1] if r.student == results.students[0])
    assert "Your rubric scores" in report.html and "class: students per score" in report.html
    assert "Your Brier score" in report.html and "Class median" in report.html
    from symposium_kit.scoring.brier import brier_scores

    mine = brier_scores(results.forecasts, debate).set_index("student").loc[results.students[0]]
    assert f"<strong>{mine['brier']:.3f}</strong>" in report.html


def test_file_names_are_safe_and_distinct():
    names = ["../../etc/passwd", "..", ".hidden", "a b", "a_b", "a/b", "chloé-0003", "x" * 300]
    files = [report_filename(n) for n in names]
    assert len(set(files)) == len(files)
    for f in files:
        assert "/" not in f and "\\" not in f and not f.startswith(".") and f.endswith(".html")
        assert len(f) < 130
    assert report_filename("chloé-0003") == "chloé-0003.html"


def test_cli_writes_reports_and_reports_bad_input(demo_class, tmp_path, capsys):
    demo, results = demo_class
    out = tmp_path / "out"
    assert main(["feedback", str(demo.directory), "--out", str(out), "--no-progress"]) == 0
    assert len(list(out.glob("*.html"))) == len(results.students)
    assert f"Wrote {len(results.students)} feedback report(s)" in capsys.readouterr().out
    assert main(["feedback", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "nowhere: no such folder" in err and "Traceback" not in err
    assert main(["feedback", str(demo.directory), "--out", str(out), "--release", "nope"]) == 2
    assert "cannot release unknown exercise(s) nope" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["feedback", str(empty), "--out", str(out)]) == 1
    assert "no usable submission" in capsys.readouterr().err
    assert main(["feedback", str(demo.directory), "--out", str(out), "--to-hub"]) == 2
    assert "--to-hub: give --course" in capsys.readouterr().err


@pytest.mark.slow  # about 10 s: writes, collects and reports a 300-student class
def test_300_students_300_reports_each_only_its_own(tmp_path, debate):
    started = time.perf_counter()
    make_class(tmp_path / "class", 300, debate)
    written = write_feedback(tmp_path / "class", tmp_path / "out", debate)
    assert len(written) == 300 and len(list((tmp_path / "out").iterdir())) == 300
    names = [r.student for r in written]
    pattern = re.compile("|".join(re.escape(n) for n in names))
    for report in written:
        assert set(pattern.findall(report.html)) == {report.student}
        assert token(report.student) in report.html
    print(f"300 students: {time.perf_counter() - started:.1f} s")


def test_hand_grades_from_the_grade_sheet_reach_the_reports(tmp_path, debate, capsys):
    root = tmp_path / "class"
    demo = make_class(root, 4, debate)
    student = demo.students[0]
    from symposium_kit.classroom.manual import grade

    grade(root, OPEN, student, 0.5, "Name the two readings.", debate=debate)
    out = tmp_path / "reports"
    assert main(["feedback", str(root), "--out", str(out), "--no-progress"]) == 0
    graded = (out / report_filename(student)).read_text(encoding="utf-8")
    assert "Name the two readings." in graded
    other = (out / report_filename(demo.students[1])).read_text(encoding="utf-8")
    assert "Name the two readings." not in other
