"""`symposium-kit demo-class` and `symposium-kit collect` from the command line."""

from __future__ import annotations

import csv

from symposium_kit.cli.main import main


def test_demo_class_then_collect_prints_the_summary_and_writes_csvs(tmp_path, capsys):
    assert main(["demo-class", str(tmp_path / "class"), "--students", "12", "--seed", "4"]) == 0
    assert "12 students" in capsys.readouterr().out
    out, grades = tmp_path / "scores.csv", tmp_path / "grades.csv"
    code = main(
        [
            "collect",
            str(tmp_path / "class"),
            "--out",
            str(out),
            "--gradebook",
            str(grades),
            "--no-progress",
        ]
    )
    printed = capsys.readouterr()
    assert code == 0
    assert "Collected 12 student(s)" in printed.out
    for name in ("late-student.json", "empty.json", "old-format.ipynb", "photo-of-screen.json"):
        assert name in printed.out
    assert "Krippendorff's alpha" in printed.out and "all criteria" in printed.out
    assert printed.err == ""
    with out.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:5] == ["student", "contributor", "criterion", "score", "justification"]
    with grades.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "student" and len(rows) == 13


def test_collect_of_a_missing_folder_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["collect", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "no such folder" in err and "Traceback" not in err


def test_collect_of_a_folder_without_submissions_fails(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["collect", str(tmp_path), "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert "notes.txt" in captured.out and "no usable submission" in captured.err


def test_demo_class_refuses_a_class_of_nobody(tmp_path, capsys):
    try:
        main(["demo-class", str(tmp_path), "--students", "0"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_collect_and_demo_class_take_a_debate_path(tmp_path, capsys):
    from symposium_kit import bundled_debate_dir

    debate = str(bundled_debate_dir())
    assert main(["demo-class", str(tmp_path), "--students", "5", "--debate", debate]) == 0
    assert main(["collect", str(tmp_path), "--no-progress", "--debate", debate]) == 0
    assert "Collected 5 student(s)" in capsys.readouterr().out
    assert main(["collect", str(tmp_path), "--debate", str(tmp_path / "no-such-debate")]) == 1
    assert "Traceback" not in capsys.readouterr().err
