"""`symposium-kit start` and `symposium-kit release` from the command line."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from symposium_kit.authoring.editions import make_edition, read_notebook, write_notebook
from symposium_kit.authoring.release import notebooks_dir
from symposium_kit.classroom import distribute
from symposium_kit.cli import lessons as cli_lessons
from symposium_kit.cli.main import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def shipped(tmp_path):
    """A folder of student notebooks standing in for the kit's notebooks/."""
    src = tmp_path / "kit-notebooks"
    src.mkdir()
    master = read_notebook(FIXTURES / "lessons" / "00-demo.ipynb")
    write_notebook(make_edition(master, "student", "00-demo"), src / "00-demo.ipynb")
    write_notebook(make_edition(master, "student", "00-demo"), src / "01-more.ipynb")
    return src


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_start_copy_only_copies_the_student_notebooks(shipped, tmp_path, capsys):
    dest = tmp_path / "class"
    assert main(["start", str(dest), "--copy-only", "--from", str(shipped)]) == 0
    assert sorted(p.name for p in dest.iterdir()) == ["00-demo.ipynb", "01-more.ipynb"]
    assert (dest / "00-demo.ipynb").read_bytes() == (shipped / "00-demo.ipynb").read_bytes()
    out = capsys.readouterr().out
    assert "copied 2 notebook(s)" in out and "00-demo.ipynb" in out


def test_start_leaves_out_a_lesson_meant_for_the_instructor(shipped, tmp_path):
    """06's class results are the instructor's: its master says so, and start copies only the rest."""
    master = read_notebook(FIXTURES / "lessons" / "00-demo.ipynb")
    master.metadata["symposium_kit"] = {"audience": "instructor"}
    write_notebook(make_edition(master, "student", "06-x"), shipped / "06-x.ipynb")
    dest = tmp_path / "class"
    assert main(["start", str(dest), "--copy-only", "--from", str(shipped)]) == 0
    assert sorted(p.name for p in dest.iterdir()) == ["00-demo.ipynb", "01-more.ipynb"]
    from symposium_kit.classroom.distribute import student_notebooks

    assert "06-class-results" not in [p.stem for p in student_notebooks()]


def test_start_never_overwrites_a_notebook_the_student_changed(shipped, tmp_path, capsys):
    dest = tmp_path / "class"
    main(["start", str(dest), "--copy-only", "--from", str(shipped)])
    (dest / "00-demo.ipynb").write_text("my work", encoding="utf-8")
    (dest / "symposium-work.json").write_text("{}", encoding="utf-8")
    (dest / "01-more.ipynb").unlink()
    capsys.readouterr()
    assert main(["start", str(dest), "--copy-only", "--from", str(shipped)]) == 0
    out = capsys.readouterr().out
    assert (dest / "00-demo.ipynb").read_text(encoding="utf-8") == "my work"
    assert "kept your own version of 1 notebook(s)" in out and "--force" in out
    assert (dest / "01-more.ipynb").exists()  # a missing one is copied again


def test_start_force_replaces_changed_notebooks_but_keeps_saved_work(shipped, tmp_path):
    dest = tmp_path / "class"
    main(["start", str(dest), "--copy-only", "--from", str(shipped)])
    (dest / "00-demo.ipynb").write_text("my work", encoding="utf-8")
    (dest / "symposium-work.json").write_text("{}", encoding="utf-8")
    assert main(["start", str(dest), "--copy-only", "--force", "--from", str(shipped)]) == 0
    assert (dest / "00-demo.ipynb").read_bytes() == (shipped / "00-demo.ipynb").read_bytes()
    assert (dest / "symposium-work.json").read_text(encoding="utf-8") == "{}"


def test_start_asks_before_replacing_on_a_terminal(shipped, tmp_path, monkeypatch):
    dest = tmp_path / "class"
    main(["start", str(dest), "--copy-only", "--from", str(shipped)])
    (dest / "00-demo.ipynb").write_text("my work", encoding="utf-8")
    questions = []
    monkeypatch.setattr("builtins.input", lambda q: questions.append(q) or "n")
    copied, kept = distribute.copy_notebooks(
        sorted(shipped.glob("*.ipynb")), dest, interactive=True
    )
    assert kept == ["00-demo.ipynb"] and len(questions) == 1 and "Replace them?" in questions[0]
    monkeypatch.setattr("builtins.input", lambda q: "y")
    copied, kept = distribute.copy_notebooks(
        sorted(shipped.glob("*.ipynb")), dest, interactive=True
    )
    assert copied == ["00-demo.ipynb"] and kept == []


def test_start_refuses_a_file_or_the_kits_own_folder(shipped, tmp_path, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    assert main(["start", str(afile), "--copy-only", "--from", str(shipped)]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    before = digest(shipped)
    assert main(["start", str(shipped / "sub"), "--copy-only", "--from", str(shipped)]) == 1
    assert "inside the kit's own notebooks folder" in capsys.readouterr().err
    assert digest(shipped) == before


def test_start_says_clearly_when_the_notebooks_are_missing(tmp_path, capsys):
    assert (
        main(["start", str(tmp_path / "x"), "--copy-only", "--from", str(tmp_path / "nope")]) == 1
    )
    err = capsys.readouterr().err
    assert "the student notebooks are not at" in err and "reinstall" in err
    (tmp_path / "empty").mkdir()
    assert (
        main(["start", str(tmp_path / "x"), "--copy-only", "--from", str(tmp_path / "empty")]) == 1
    )
    assert "symposium-kit release" in capsys.readouterr().err


def test_start_from_the_repository_never_writes_into_its_notebooks(tmp_path):
    repo_notebooks = notebooks_dir()
    before = digest(repo_notebooks)
    dest = tmp_path / "class"
    assert main(["start", str(dest), "--copy-only"]) == 0
    (dest / sorted(p.name for p in dest.glob("*.ipynb"))[0]).write_text("edited", encoding="utf-8")
    assert main(["start", str(dest), "--copy-only", "--force"]) == 0
    assert digest(repo_notebooks) == before
    assert not (dest / "instructor").exists()  # only the student editions are handed out
    handed_out = {p.name for p in repo_notebooks.glob("*.ipynb")} - {"06-class-results.ipynb"}
    assert sorted(p.name for p in dest.glob("*.ipynb")) == sorted(handed_out)


def test_start_runs_lab_through_the_shared_command_with_news_and_updates_off(tmp_path):
    import argparse

    args = argparse.Namespace(port=8899, no_browser=True)
    cmd, env = cli_lessons._lab_command(tmp_path, "01-start-here.ipynb", args)
    assert cmd[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in cmd
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in cmd
    assert "--ServerApp.port=8899" in cmd and "--no-browser" in cmd
    assert "--LabApp.default_url=/lab/tree/01-start-here.ipynb" in cmd
    state = tmp_path / ".symposium-kit" / "lab"
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    assert '"fetchNews": "false"' in (settings / "notification.jupyterlab-settings").read_text()
    assert env["JUPYTER_RUNTIME_DIR"] == str((state / "runtime").resolve())


def test_release_check_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    (tmp_path / "lessons").mkdir()
    shutil.copy(FIXTURES / "lessons" / "00-demo.ipynb", tmp_path / "lessons")
    assert main(["release", "--check", "--root", str(tmp_path)]) == 1
    assert "missing; run `symposium-kit release --only 00-demo`" in capsys.readouterr().out
    master = read_notebook(tmp_path / "lessons" / "00-demo.ipynb")
    write_notebook(
        make_edition(master, "student", "00-demo"), tmp_path / "notebooks" / "00-demo.ipynb"
    )
    write_notebook(
        make_edition(master, "instructor", "00-demo"),
        tmp_path / "notebooks" / "instructor" / "00-demo.ipynb",
    )
    assert main(["release", "--check", "--root", str(tmp_path)]) == 0
    assert main(["release", "--check", "--only", "99-nope", "--root", str(tmp_path)]) == 1
    assert "no master named 99-nope" in capsys.readouterr().err


def test_release_refuses_a_master_whose_student_edition_would_leak(tmp_path, monkeypatch, capsys):
    import nbformat

    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    (tmp_path / "lessons").mkdir()
    master = read_notebook(FIXTURES / "lessons" / "00-demo.ipynb")
    master.cells.append(
        nbformat.v4.new_markdown_cell('Answer: `answer = ["Cutler", "Mann", "Roach"]`')
    )
    write_notebook(master, tmp_path / "lessons" / "00-demo.ipynb")
    assert main(["release", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "would reveal answers" in err and "solution line" in err
    assert not (tmp_path / "notebooks").exists()


def test_exercises_command_lists_and_validates(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    assert main(["exercises", "--keys"]) == 0
    out = capsys.readouterr().out
    assert "00-demo  demo.truce-days  (numeric; answer; 1 hint(s))\n    key: 90" in out
    assert "demo.your-view  (short_text; recorded, not graded" in out
    assert "ok: 9 exercise(s)" in out
    (tmp_path / "bad.yaml").write_text(
        "exercises:\n  - id: x.y\n    kind: essay\n", encoding="utf-8"
    )
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(tmp_path))
    assert main(["exercises"]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:3: exercises[0].kind: kind 'essay' is not known" in err
