"""Student and instructor editions: markers, placeholders, no leaks; committed editions current."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from symposium_kit import load_debate
from symposium_kit.authoring.editions import (
    BEGIN_CODE,
    BEGIN_MD,
    END_CODE,
    END_MD,
    EditionError,
    make_edition,
    read_notebook,
    split_source,
    write_notebook,
)
from symposium_kit.authoring.leaks import check_results, find_leaks, marker_problems, solution_texts
from symposium_kit.authoring.release import (
    build_editions,
    edition_path,
    lessons_dir,
    master_paths,
    release_differences,
)
from symposium_kit.exercises.catalog import collect_exercises

FIXTURES = Path(__file__).parents[1] / "fixtures"
DEMO = FIXTURES / "lessons" / "00-demo.ipynb"
MARKERS = (BEGIN_CODE, END_CODE, BEGIN_MD, END_MD)


@pytest.fixture(scope="module")
def demo_master():
    return read_notebook(DEMO)


@pytest.fixture(scope="module")
def demo_exercises():
    debate = load_debate()
    exercises, _ = collect_exercises(debate, folder=FIXTURES / "exercises")
    return [e for e in exercises.values() if e.notebook == "00-demo"], debate


def sources(nb):
    return "\n".join(c.source for c in nb.cells)


# -- splitting ------------------------------------------------------------------------


def test_placeholder_keeps_indentation_and_the_variable_name():
    src = (
        "for i in range(2):\n    ### BEGIN SOLUTION\n    order = [1, 2]\n"
        "    ### END SOLUTION\n    pass"
    )
    split = split_source(src, "code")
    assert split.student == "for i in range(2):\n    order = ...  # your answer here\n    pass"
    assert split.instructor == "for i in range(2):\n    order = [1, 2]\n    pass"
    assert split.solution_lines == ("    order = [1, 2]",)


def test_markdown_solution_is_dropped_from_the_student_edition():
    src = "Before.\n\n<!-- BEGIN SOLUTION -->\nThe worked answer.\n<!-- END SOLUTION -->\n\nAfter."
    split = split_source(src, "markdown")
    assert split.student == "Before.\n\nAfter."
    assert "The worked answer." in split.instructor and "BEGIN" not in split.instructor


@pytest.mark.parametrize(
    "src, words",
    [
        ("### BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n### END SOLUTION", "without a"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ],
)
def test_unbalanced_markers_are_errors_naming_the_cell(src, words):
    with pytest.raises(EditionError, match=words) as info:
        split_source(src, "code", "02-positions, cell 7")
    assert "02-positions, cell 7" in str(info.value)


# -- the fixture master ----------------------------------------------------------------


def test_student_edition_has_placeholders_and_no_markers(demo_master):
    student = make_edition(demo_master, "student", "00-demo")
    text = sources(student)
    assert text.count("= ...  # your answer here") == 4
    assert not any(m in text for m in MARKERS)
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
    assert student.metadata["symposium_kit"]["edition"] == "student"


def test_student_edition_drops_cells_tagged_solution_and_keeps_ids(demo_master):
    student = make_edition(demo_master, "student", "00-demo")
    instructor = make_edition(demo_master, "instructor", "00-demo")
    assert len(instructor.cells) == len(demo_master.cells) == len(student.cells) + 1
    assert [c.id for c in instructor.cells] == [c.id for c in demo_master.cells]
    assert {c.id for c in student.cells} < {c.id for c in demo_master.cells}


def test_instructor_edition_keeps_solutions_without_markers(demo_master):
    instructor = make_edition(demo_master, "instructor", "00-demo")
    text = sources(instructor)
    for line in solution_texts(demo_master, "00-demo"):
        assert line in text
    assert not any(m in text for m in MARKERS)


def test_no_leak_in_the_student_edition_and_the_detector_can_fail(demo_master, demo_exercises):
    exercises, debate = demo_exercises
    student = make_edition(demo_master, "student", "00-demo")
    assert find_leaks(student, demo_master, exercises, debate, "00-demo") == []
    # The instructor edition, passed off as a student edition, must be caught.
    instructor = make_edition(demo_master, "instructor", "00-demo")
    leaks = find_leaks(instructor, demo_master, exercises, debate, "00-demo")
    assert any("solution line" in x for x in leaks)


def test_a_written_out_answer_key_is_caught_outside_the_markers(demo_master, demo_exercises):
    exercises, debate = demo_exercises
    student = make_edition(demo_master, "student", "00-demo")
    key = next(e for e in exercises if e.id == "demo.who-cites-chips").key
    names = ", ".join(f'"{debate.participant(k).label}"' for k in key)
    student.cells.append(nbformat.v4.new_markdown_cell(f"Spoiler: answer = [{names}]"))
    student.cells.append(nbformat.v4.new_code_cell('check("demo.truce-days", 90)'))
    leaks = find_leaks(student, demo_master, exercises, debate, "00-demo")
    assert any("demo.who-cites-chips: answer key" in x for x in leaks)
    assert any("demo.truce-days: answer key" in x for x in leaks)


@pytest.mark.slow
def test_editions_run_student_unanswered_and_instructor_correct(monkeypatch):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    editions = build_editions(DEMO, run=True, log=lambda m: None)
    results = {}
    for edition, nb in editions.items():
        results[edition] = [
            o["data"]["application/vnd.symposium-kit.result+json"]["result"]
            for c in nb.cells
            for o in c.get("outputs", [])
            if "application/vnd.symposium-kit.result+json" in o.get("data", {})
        ]
        assert check_results(nb, edition, "00-demo") == []
    assert results["student"] == ["unanswered"] * 4
    assert results["instructor"] == ["correct"] * 4


def test_release_check_compares_sources_and_names_the_stale_file(
    tmp_path, demo_master, monkeypatch
):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    (tmp_path / "lessons").mkdir()
    shutil.copy(DEMO, tmp_path / "lessons" / DEMO.name)
    assert any("missing" in d for d in release_differences(tmp_path))
    for edition in ("student", "instructor"):
        write_notebook(
            make_edition(demo_master, edition, "00-demo"),
            edition_path("00-demo", edition, tmp_path),
        )
    assert release_differences(tmp_path) == []
    stale = edition_path("00-demo", "student", tmp_path)
    nb = read_notebook(stale)
    nb.cells[1].source += "\nprint('edited by hand')"
    write_notebook(nb, stale)
    diffs = release_differences(tmp_path)
    assert len(diffs) == 1 and str(stale) in diffs[0] and "cell 2" in diffs[0]
    write_notebook(nb, tmp_path / "notebooks" / "99-orphan.ipynb")
    assert any("no master lessons/99-orphan.ipynb" in d for d in release_differences(tmp_path))


# -- the committed editions of the repository -------------------------------------------------


def committed_masters():
    if not lessons_dir().is_dir():
        return []
    return master_paths()


def read_edition(master: Path, edition: str):
    path = edition_path(master.stem, edition)
    assert path.is_file(), f"{path} is missing: run `symposium-kit release --only {master.stem}`"
    return read_notebook(path)


def test_the_repository_has_masters():
    assert committed_masters(), f"no masters in {lessons_dir()}"


def test_release_check_passes_on_the_committed_editions():
    assert release_differences() == []


@pytest.mark.parametrize("master", committed_masters(), ids=lambda p: p.stem)
def test_no_committed_student_edition_holds_a_solution_or_an_answer_key(master):
    debate = load_debate()
    exercises, _ = collect_exercises(debate)
    mine = [e for e in exercises.values() if e.notebook == master.stem]
    student = read_edition(master, "student")
    assert find_leaks(student, read_notebook(master), mine, debate, master.stem) == []
    text = "\n".join(c.source for c in student.cells)
    assert not any(m.casefold() in text.casefold() for m in MARKERS)


@pytest.mark.parametrize("master", committed_masters(), ids=lambda p: p.stem)
def test_committed_editions_report_correct_for_solutions_and_nothing_broken(master):
    for edition in ("student", "instructor"):
        nb = read_edition(master, edition)
        assert check_results(nb, edition, master.stem) == []
        assert nb.metadata["symposium_kit"]["edition"] == edition


def results_in(nb):
    mime = "application/vnd.symposium-kit.result+json"
    return {
        o["data"][mime]["exercise"]: o["data"][mime]["result"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if mime in o.get("data", {})
    }


@pytest.mark.parametrize("master", committed_masters(), ids=lambda p: p.stem)
def test_every_exercise_of_a_notebook_is_checked_in_both_editions(master):
    exercises, _ = collect_exercises(load_debate())
    mine = {e.id for e in exercises.values() if e.notebook == master.stem}
    student = results_in(read_edition(master, "student"))
    instructor = results_in(read_edition(master, "instructor"))
    assert set(instructor) == mine
    assert set(student) == mine
    assert set(instructor.values()) <= {"correct", "recorded"}
    assert set(student.values()) == {"unanswered"} or not mine


def test_release_stops_on_a_broken_exercise_file_of_that_notebook(tmp_path, monkeypatch):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(FIXTURES / "exercises" / "00-demo.yaml", folder)
    with open(folder / "00-demo.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - id: demo.broken\n    kind: essay\n")
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(folder))
    with pytest.raises(EditionError, match=r"00-demo.yaml:\d+: exercises\[\d+\]\.kind"):
        build_editions(DEMO, run=False)


@pytest.mark.parametrize("master", committed_masters(), ids=lambda p: p.stem)
def test_every_nbval_exemption_in_a_master_is_readable_and_explained(master):
    assert marker_problems(read_notebook(master), master.stem) == []


def test_a_marker_with_its_reason_on_the_same_line_is_refused(tmp_path, demo_master):
    master = read_notebook(DEMO)
    master.cells[2].source = "# NBVAL_IGNORE_OUTPUT: shows a widget\n" + master.cells[2].source
    path = tmp_path / "00-demo.ipynb"
    write_notebook(master, path)
    with pytest.raises(EditionError, match="nbval does not read"):
        build_editions(path, run=False)


@pytest.mark.parametrize("master", committed_masters(), ids=lambda p: p.stem)
def test_masters_hold_no_outputs(master):
    nb = read_notebook(master)
    with_outputs = [i + 1 for i, c in enumerate(nb.cells) if c.get("outputs")]
    assert with_outputs == [], f"{master}: clear the outputs of cells {with_outputs}"


def test_a_markdown_cell_that_is_all_solution_is_dropped_for_students(demo_master):
    master = read_notebook(DEMO)
    master.cells.append(
        nbformat.v4.new_markdown_cell(
            "<!-- BEGIN SOLUTION -->\nWorked answer.\n<!-- END SOLUTION -->"
        )
    )
    student = make_edition(master, "student", "00-demo")
    instructor = make_edition(master, "instructor", "00-demo")
    assert "Worked answer." not in sources(student)
    assert instructor.cells[-1].source.strip() == "Worked answer."
    assert len(instructor.cells) - len(student.cells) == 2  # with the cell tagged `solution`


def test_release_check_notices_changed_cell_ids_and_metadata(tmp_path, demo_master, monkeypatch):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES / "exercises"))
    (tmp_path / "lessons").mkdir()
    shutil.copy(DEMO, tmp_path / "lessons" / DEMO.name)
    for edition in ("student", "instructor"):
        nb = make_edition(demo_master, edition, "00-demo")
        write_notebook(nb, edition_path("00-demo", edition, tmp_path))
    target = edition_path("00-demo", "instructor", tmp_path)
    nb = read_notebook(target)
    nb.cells[3]["id"] = "renamed"
    write_notebook(nb, target)
    assert "from cell 4 on" in release_differences(tmp_path)[0]
    nb.cells[3]["id"] = demo_master.cells[3]["id"]
    nb.metadata["symposium_kit"]["edition"] = "student"
    write_notebook(nb, target)
    assert "metadata differs" in release_differences(tmp_path)[0]


# -- nbval tags, widget fallbacks -------------------------------------------------------------

_WIDGET_REPR = ("VBox(", "HBox(", "Tab(", "HTML(", "Dropdown(", "FloatSlider(", "ToggleButtons(")
COMMITTED = sorted(
    [*(lessons_dir().parent / "notebooks").glob("*.ipynb")]
    + [*(lessons_dir().parent / "notebooks" / "instructor").glob("*.ipynb")]
)


def test_an_nbval_marker_becomes_a_tag_and_its_reason_leaves_the_student_cell():
    v4 = nbformat.v4
    master = v4.new_notebook(
        cells=[
            v4.new_code_cell(
                "# NBVAL_IGNORE_OUTPUT\n# (a widget: nbval cannot compare it)\nform(sheet)"
            ),
            v4.new_code_cell("x = 1"),
        ]
    )
    for edition in ("student", "instructor"):
        nb = make_edition(master, edition, "demo")
        assert nb.cells[0].source == "form(sheet)"
        assert nb.cells[0].metadata["tags"] == ["nbval-ignore-output"]
        assert "nbval cannot" in nb.cells[0].metadata["symposium_kit"]["nbval"]
        assert "tags" not in nb.cells[1].metadata


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_harness_comment_in_any_cell_of_a_committed_edition(path):
    nb = read_notebook(path)
    for i, cell in enumerate(nb.cells):
        src = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        assert "NBVAL" not in src and "nbval" not in src.casefold(), f"{path.name}, cell {i + 1}"


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_widget_output_of_a_committed_edition_is_a_readable_fallback(path):
    """No widget reference to a model that is gone, no repr: a note that says what to do."""
    nb = read_notebook(path)
    assert "widgets" not in nb.metadata
    fallbacks = 0
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            where = f"{path.name}, cell {i + 1}"
            assert "application/vnd.jupyter.widget-view+json" not in data, where
            plain = data.get("text/plain", "")
            plain = "".join(plain) if isinstance(plain, list) else plain
            assert not plain.startswith(_WIDGET_REPR), f"{where}: {plain[:60]!r}"
            if "a widget; run this cell to use it" in plain:
                fallbacks += 1
                assert "run this cell to use it" in "".join(data["text/html"])
                assert "nbval-ignore-output" in cell.metadata.get("tags", []), where
    widgets = ("contributor_picker(", "scoring_form(", "forecast_form(")
    expected = sum(
        1 for c in nb.cells if c.cell_type == "code" and any(w in c.source for w in widgets)
    )
    assert fallbacks == expected
