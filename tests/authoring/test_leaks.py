"""No answer before its exercise: the check reads the released student editions.

The check (:func:`early_answers`) derives each key from the exercise
definitions; these tests run it on the committed student editions (where it
must find nothing) and on editions with the defects the issue reported put
back (where it must name them).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from symposium_kit import load_debate
from symposium_kit.authoring.leaks import early_answers, exercise_positions, reveals
from symposium_kit.authoring.release import edition_path, master_paths
from symposium_kit.exercises.catalog import load_exercises

NAMES = [p.stem for p in master_paths()]


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def exercises():
    return load_exercises()


def _student(name: str):
    return nbformat.read(str(edition_path(name, "student")), as_version=4)


def _mine(exercises, name):
    return [e for e in exercises.values() if e.notebook == name]


@pytest.mark.parametrize("name", NAMES)
def test_no_released_student_edition_shows_a_key_before_its_exercise(name, debate, exercises):
    assert early_answers(_student(name), _mine(exercises, name), debate, name) == []


def _move_before(nb, cell_text: str, exercise_id: str, count: int = 1):
    """A copy of nb with the cells starting at the one holding cell_text moved before the exercise."""
    nb = copy.deepcopy(nb)
    i = next(k for k, c in enumerate(nb.cells) if cell_text in c.source)
    moved = nb.cells[i : i + count]
    del nb.cells[i : i + count]
    at = exercise_positions(nb)[exercise_id]
    nb.cells[at:at] = moved
    return nb


def test_the_03_evidence_grid_description_before_its_exercises_is_caught(debate, exercises):
    nb = _move_before(
        _student("03-evidence"), "plot_evidence_matrix(debate)", "evidence.who-cites-chips", 2
    )
    found = early_answers(nb, _mine(exercises, "03-evidence"), debate, "03-evidence")
    assert any("evidence.shared-count" in f and "markdown" in f for f in found), found
    # the description names the most widely cited item's citers; when they are the key
    # of evidence.who-cites-chips (as before the second reading), that is caught too
    description = next(c.source for c in nb.cells if "Figure description" in c.source)
    if reveals(exercises["evidence.who-cites-chips"], description, debate):
        assert any("evidence.who-cites-chips" in f for f in found), found


def test_the_02_stance_figure_and_sorted_table_before_their_exercises_are_caught(debate, exercises):
    nb = _move_before(
        _student("02-positions"), "plot_stance_spectrum(debate)", "positions.stance-order", 2
    )
    nb = _move_before(
        nb, 'positions[["participant", "stance", "label", "framing"', "positions.stance-order"
    )
    found = early_answers(nb, _mine(exercises, "02-positions"), debate, "02-positions")
    kinds = {(f.split("answer to ")[1].split(" ")[0], "output" in f) for f in found}
    assert ("positions.stance-order", False) in kinds  # the figure description
    assert ("positions.stance-order", True) in kinds  # the sorted table
    assert ("positions.reframers", True) in kinds  # the framing column
    assert ("positions.reframers", False) in kinds


def test_keys_are_recognised_in_their_many_written_forms(debate, exercises):
    chips = exercises["evidence.who-cites-chips"]
    assert reveals(chips, "cited by James Mann, Wendy Cutler and roach", debate)
    assert reveals(chips, "['cutler', 'mann', 'roach']", debate)
    assert not reveals(chips, "cited by Cutler, Mann, Roach and Hass", debate)
    order = exercises["positions.stance-order"]
    assert reveals(order, "McGregor -2, Hass 0, Roach +1, Cutler +1, Mann +2", debate)
    assert not reveals(order, "McGregor -2, Cutler +1, Hass 0, Mann +2, Roach +1", debate)
    count = exercises["evidence.shared-count"]
    words = dict(enumerate("zero one two three four five six seven eight nine ten".split()))
    n = int(count.key)
    assert reveals(count, f"{words[n]} items are cited by two or more participants", debate)
    assert reveals(count, f"{n} items are cited by two or more participants", debate)
    assert not reveals(count, f"{n} citations of one item", debate)
    framing = exercises["positions.reframers"]
    assert reveals(framing, "\n".join(_framing_lines(debate)), debate)


def _framing_lines(debate):
    return [f"{p.participant}  {p.stance}  {p.framing}" for p in debate.positions]


def test_release_refuses_a_master_whose_student_edition_shows_a_key_early(tmp_path: Path):
    """build_editions runs both editions, then the check, before anything is written."""
    from symposium_kit.authoring.editions import EditionError
    from symposium_kit.authoring.release import build_editions

    v4 = nbformat.v4
    n = int(load_exercises()["evidence.shared-count"].key)
    master = v4.new_notebook(
        cells=[
            v4.new_code_cell("from symposium_kit import check, show_exercise"),
            v4.new_markdown_cell(
                f"*Figure description:* {n} items are cited by two or more participants, "
                "most widely tariff-truce-90-days."
            ),
            v4.new_code_cell('show_exercise("evidence.shared-count")'),
            v4.new_code_cell(
                f"### BEGIN SOLUTION\nanswer = {n}\n### END SOLUTION\n"
                'check("evidence.shared-count", answer)'
            ),
        ]
    )
    path = tmp_path / "lessons" / "03-evidence.ipynb"
    path.parent.mkdir()
    nbformat.write(master, str(path))
    with pytest.raises(EditionError, match=r"cell 2: its markdown gives away .*shared-count"):
        build_editions(path, run=True, log=lambda _: None)
