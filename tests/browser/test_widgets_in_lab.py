"""Widgets and exercises used the way a student uses them, in a real JupyterLab page.

The harness's interactions (keyboard on a slider, typing an answer into a
cell and running it with Shift+Enter) are first proved on the fixture
notebook; the same helpers then drive the kit's scoring form, contributor
picker and exercise checks in the student notebooks. Expected values (the
rubric's levels, a contributor's thesis, an exercise's key and feedback) are
computed from the package's data, never written into the test.
"""

from __future__ import annotations

import json
import re

import lab_checks as checks
import lab_harness as h
import pytest
from playwright.sync_api import expect
from waiting import wait_for_file  # tests/support

from symposium_kit import load_debate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = f"{h.FIXTURE_DIR}/harness-good.ipynb"
PLACEHOLDER = re.compile(r"^([ \t]*)answer = \.\.\..*$", re.M)
CHECK_CALL = re.compile(r"""check\(\s*["']([\w.-]+)["']\s*,\s*answer\s*\)""")


# ---------------------------------------------------------------- the harness on its fixture


def test_slider_moved_by_keyboard_updates_the_label_that_depends_on_it(run_notebook, lab_page):
    run_notebook(FIXTURE)
    cell = h.code_cell(lab_page, FIXTURE, "widgets.IntSlider(")
    label = cell.locator("div.widget-label")  # a bare .widget-label also matches the description
    expect(label).to_have_text("score: 3")

    handle = cell.locator(".widget-slider .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")

    expect(label).to_have_text("score: 5")
    expect(cell.locator(".widget-slider .widget-readout")).to_have_text("5")


def test_typed_answer_runs_and_shows_its_feedback(run_notebook, lab_page):
    run_notebook(FIXTURE)
    cell = h.code_cell(lab_page, FIXTURE, "answer = ...")
    expect(cell.locator(".jp-OutputArea-output")).to_have_text("not answered yet")
    source = h.cell_source(cell)

    h.type_into_cell(lab_page, cell, source.replace("answer = ...", 'answer = ["hass", "mann"]'))
    h.run_cell_by_keyboard(lab_page, FIXTURE, cell)

    expect(cell.locator(".jp-OutputArea-output")).to_have_text("you answered ['hass', 'mann']")


# ---------------------------------------------------------------- the kit's notebooks


def test_scoring_form_renders_autosaves_and_comes_back_after_restart(
    run_notebook, lab_page, lab_root
):
    name = h.notebook_using("scoring_form(")
    debate = load_debate()
    work_file = lab_root / "symposium-work.json"
    report, _ = run_notebook(name)
    checks.check_widgets_rendered(report)

    form = h.panel(lab_page, name).locator(".symposium-scoring-form").first
    expect(form).to_be_visible()
    # real ipywidgets controls: tabs, toggle buttons and text boxes in the DOM
    expect(form.locator(".symposium-scoring-tabs.widget-tab")).to_be_visible()
    assert form.locator(".widget-toggle-buttons button").count() >= len(debate.rubric.criteria)
    expect(form).not_to_contain_text("ScoringForm(")
    expect(form).not_to_contain_text("VBox(")

    # the first score row on the open tab
    row = form.locator(".widget-toggle-buttons:visible").first
    classes = row.get_attribute("class").split()
    pid, cid = next(
        (c.id, cls[len(f"symposium-score-{c.id}-") :])
        for cls in classes
        for c in debate.contributors
        if cls.startswith(f"symposium-score-{c.id}-")
    )
    criterion = debate.rubric.criterion(cid)
    row = form.locator(f".symposium-score-{pid}-{cid}")  # held by its cell, not by position
    active = row.locator("button.mod-active")
    current = active.text_content() if active.count() else None
    level = next(s for s, _ in criterion.levels if str(s) != current)
    descriptor = form.locator(f".symposium-descriptor-{pid}-{cid}")
    profile = form.locator(f".symposium-profile-{pid}")
    profile_before = profile.text_content()

    # a click on a score button, as a person scores
    h.click_still(row.get_by_role("button", name=str(level), exact=True))

    expect(row.locator("button.mod-active")).to_have_text(str(level))
    expect(descriptor).to_contain_text(f"{level}: {criterion.descriptor(level)}")
    expect(profile).not_to_have_text(profile_before)
    wait_for_file(
        work_file,
        lambda d: d["scores"][pid][cid]["score"] == level,
        f"score {level} for {pid}/{cid}",
    )

    # a justification typed with the keyboard, committed with Enter
    why = "Point 2 of the text says so."
    box = form.locator(f".symposium-justification-{pid}-{cid} input")
    h.click_still(box)
    box.press_sequentially(why)
    box.press("Enter")
    wait_for_file(
        work_file,
        lambda d: d["scores"][pid][cid]["justification"] == why,
        f"the justification of {pid}/{cid}",
    )

    # restart the kernel and run all: the form is rebuilt from the saved sheet
    h.restart_and_run_all(lab_page, name)
    checks.check_widgets_rendered(h.read_report(lab_page, name))
    form = h.panel(lab_page, name).locator(".symposium-scoring-form").first
    row = form.locator(f".symposium-score-{pid}-{cid}")
    # a rebuilt form restores its views after Run All returns; give a loaded machine time
    restored = h.RUN_ALL_MS // 6
    expect(row.locator("button.mod-active")).to_have_text(str(level), timeout=restored)
    justification = form.locator(f".symposium-justification-{pid}-{cid} input")
    expect(justification).to_have_value(why, timeout=restored)
    descriptor = form.locator(f".symposium-descriptor-{pid}-{cid}")
    expect(descriptor).to_contain_text(f"{level}:", timeout=restored)


def test_contributor_picker_shows_the_chosen_contributors_thesis(run_notebook, lab_page):
    name = h.notebook_using("contributor_picker(")
    debate = load_debate()
    run_notebook(name)
    picker = h.panel(lab_page, name).locator(".symposium-picker").first
    select = picker.locator(".symposium-picker-dropdown select")
    view = picker.locator(".symposium-picker-view")
    expect(select).to_be_visible()

    by_name = {c.name: c for c in debate.contributors}
    shown = by_name[select.input_value()]
    expect(view).to_contain_text(debate.thesis(shown.id).anchor.quote)

    chosen = next(c for c in debate.contributors if c.id != shown.id)
    select.select_option(value=chosen.name)  # the option values are the names

    expect(view).to_contain_text(debate.thesis(chosen.id).anchor.quote)
    expect(view).not_to_contain_text(debate.thesis(shown.id).anchor.quote)


def _answerable_exercise(name: str):
    """The first exercise cell of notebook ``name`` whose key can be typed as a literal."""
    from symposium_kit.exercises.catalog import load_exercises

    exercises = load_exercises()
    cells = json.loads((h.notebooks_source() / name).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        found = CHECK_CALL.search(source)
        if cell["cell_type"] != "code" or not found or not PLACEHOLDER.search(source):
            continue
        ex = exercises.get(found.group(1))
        if ex is None or ex.kind not in ("single_choice", "multiple_choice", "ordering", "numeric"):
            continue
        if ex.kind == "multiple_choice":
            answer = list(ex.key)
        elif ex.kind == "ordering":
            answer = [item for group in ex.key for item in group]
        else:
            answer = ex.key
        return ex, source, answer
    pytest.fail(f"{name} has no choice/ordering/numeric exercise cell to answer", pytrace=False)


def test_an_exercise_answered_by_typing_shows_its_feedback(run_notebook, lab_page, lab_root):
    from symposium_kit.exercises.checking import check_answer

    name = h.notebook_using("contributor_picker(")  # the positions notebook
    ex, source, answer = _answerable_exercise(name)
    expected = check_answer(ex, answer, load_debate())
    assert expected.result == "correct", f"the key of {ex.id} does not check as correct"
    run_notebook(name)
    cell = h.code_cell(lab_page, name, f'check("{ex.id}"')
    output = cell.locator(".jp-OutputArea-output")
    expect(output.first).to_contain_text("Not answered yet")

    typed = PLACEHOLDER.sub(lambda m: f"{m.group(1)}answer = {answer!r}", source, count=1)
    h.type_into_cell(lab_page, cell, typed)
    h.run_cell_by_keyboard(lab_page, name, cell)

    expect(output.first).to_contain_text(f"{expected.headline} ({ex.id})")
    wait_for_file(
        lab_root / "symposium-work.json",
        lambda d: d["answers"][ex.id]["result"] == "correct",
        f"the answer to {ex.id} saved as correct",
    )


def test_a_saved_notebook_reopens_with_its_widgets_not_model_not_found(run_notebook, lab_page):
    """Saved with its widget state (the kit's lab settings), a notebook reopens showing them."""
    name = h.notebook_using("contributor_picker(")
    run_notebook(name)
    lab_page.evaluate(
        """async (path) => {
        const w = [...window.jupyterapp.shell.widgets('main')]
          .find(w => w.context && w.context.path === path);
        await w.context.save();
    }""",
        name,
    )
    h.close_notebook(lab_page, name)  # the kernel is shut down: its widget models are gone
    h.open_notebook(lab_page, name)
    h.settle(lab_page, name)
    notebook = h.panel(lab_page, name)
    # restoring widgets from the saved state waits on the widget manager: slow on a busy machine
    expect(notebook.locator(".symposium-picker").first).to_be_visible(timeout=30_000)
    expect(notebook).not_to_contain_text("Error displaying widget")


def test_a_forgotten_quote_in_an_exercise_cell_is_answered_with_the_fix(run_notebook, lab_page):
    """``answer = Mann`` raises NameError in the real kernel: the cell shows the fix, no traceback."""
    name = h.notebook_using("contributor_picker(")
    ex, source, _ = _answerable_exercise(name)
    run_notebook(name)
    cell = h.code_cell(lab_page, name, f'check("{ex.id}"')
    typed = PLACEHOLDER.sub(lambda m: f"{m.group(1)}answer = Mann", source, count=1)
    h.type_into_cell(lab_page, cell, typed)
    h.run_cell_by_keyboard(lab_page, name, cell)
    output = cell.locator(".jp-OutputArea")
    expect(output).to_contain_text('answer = "Mann"')
    expect(output).not_to_contain_text("Traceback")
    expect(output).not_to_contain_text("NameError")
