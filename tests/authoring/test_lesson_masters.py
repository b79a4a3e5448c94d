"""The masters of lessons 01-03 follow the outline and stay true to the text.

These tests read the masters as JSON (nothing is executed): the imports come
from the top level of the package in one cell, every exercise shown is defined
for that notebook, quotes in the markdown are verbatim, and each figure's
written description is the one the kit computes from the current annotations.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

import symposium_kit
from symposium_kit import (
    describe_argument_tree,
    describe_evidence_matrix,
    describe_stance_spectrum,
    describe_timeline,
    describe_who_answers_whom,
    load_debate,
)
from symposium_kit.exercises.catalog import load_exercises

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
NAMES = ("01-start-here", "02-positions", "03-evidence")
FIGURES = {
    "plot_stance_spectrum": describe_stance_spectrum,
    "plot_evidence_matrix": describe_evidence_matrix,
    "plot_timeline": describe_timeline,
    "plot_argument_tree": lambda debate: describe_argument_tree(debate, "mcgregor"),
    "plot_who_answers_whom": describe_who_answers_whom,
}
_QUOTED = re.compile(r"“([^“”]*(?:“[^“”]*”[^“”]*)*)”")


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def _master(name: str):
    path = LESSONS / f"{name}.ipynb"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    return nbformat.read(str(path), as_version=4)


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", NAMES)
def test_one_imports_cell_with_top_level_names_only(name):
    nb = _master(name)
    imports = [s for s in _code(nb) if "import" in s]
    assert len(imports) == 1, "imports belong in one cell"
    tree = ast.parse(imports[0])
    for node in tree.body:
        assert isinstance(node, ast.ImportFrom) and node.module == "symposium_kit"
        for alias in node.names:
            assert alias.name in symposium_kit.__all__, alias.name


@pytest.mark.parametrize("name", NAMES)
def test_outline_title_goals_prerequisites_and_summary(name):
    md = [c.source for c in _master(name).cells if c.cell_type == "markdown"]
    assert md[0].startswith("# ")
    assert "What you will learn" in md[0] and "minutes" in md[0]
    assert "What you need first" in md[0]
    assert any(s.startswith("## Summary") and "What next" in s for s in md)


@pytest.mark.parametrize("name", NAMES)
def test_every_exercise_shown_is_checked_and_belongs_to_the_notebook(name):
    exercises = load_exercises()
    code = "\n".join(_code(_master(name)))
    shown = re.findall(r'show_exercise\("([^"]+)"\)', code)
    checked = re.findall(r'check\("([^"]+)", answer\)', code)
    assert shown == checked
    assert sorted(shown) == sorted(e.id for e in exercises.values() if e.notebook == name)
    assert sum(exercises[i].graded for i in shown) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_quotes_in_markdown_are_verbatim(name, debate):
    text = " ".join(debate.source.text.split())
    labels = {lvl.label for lvl in debate.stance_scale} | {p.answer for p in debate.positions}
    labels.add(debate.source.title)
    for cell in _master(name).cells:
        if cell.cell_type != "markdown":
            continue
        for quoted in _QUOTED.findall(cell.source):
            quoted = " ".join(quoted.split())
            if len(quoted.split()) < 3 or quoted in labels:
                continue
            for part in (p.strip() for p in quoted.split("…")):
                assert not part or part in text, f"{name}: not verbatim: {quoted!r}"


@pytest.mark.parametrize("name", NAMES)
def test_each_figure_has_its_current_description_in_markdown(name, debate):
    cells = _master(name).cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for fn, describe in FIGURES.items():
            if f"{fn}(" in cell.source:
                following = cells[i + 1]
                assert following.cell_type == "markdown"
                assert describe(debate) in " ".join(following.source.split())


@pytest.mark.parametrize("name", NAMES)
def test_widget_cells_are_marked_for_nbval(name):
    for src in _code(_master(name)):
        if "contributor_picker(" in src:
            assert src.split("\n")[0] == "# NBVAL_IGNORE_OUTPUT"
