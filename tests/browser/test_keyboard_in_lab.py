"""The kit's widgets operated by keyboard alone, in a real JupyterLab page.

Focus moves with Tab, a control changes with the keys a browser gives it
(Space on a toggle button, arrows on a range input or a closed select), and the
test waits for what was finally saved in the work file, not the first save.
No click reaches a control: the focus is put on a form's first control, and
Tab moves on from there. Expected values are taken from the package's data.
"""

from __future__ import annotations

import lab_harness as h
import pytest
from playwright.sync_api import expect
from waiting import wait_for_file  # tests/support

from symposium_kit import load_debate
from symposium_kit.views.forecast_form import css_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP = 0.05  # the forecast sliders' step (views/forecast_form.py)
MAX_TABS = 30  # a bound on Tab presses while looking for a control


@pytest.fixture(autouse=True)
def restore_work_file(lab_root):
    """Put the session's work file back as it was, so later tests start from it."""
    work_file = lab_root / "symposium-work.json"
    before = work_file.read_bytes() if work_file.exists() else None
    yield
    if before is None:
        work_file.unlink(missing_ok=True)
    else:
        work_file.write_bytes(before)


def _active_in(locator) -> bool:
    return locator.evaluate("(node) => node.contains(document.activeElement)")


def tab_until(page, target, what: str) -> int:
    """Press Tab until the focus is inside ``target``; returns how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if _active_in(target):
            return presses
    active = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{MAX_TABS} Tab presses did not reach {what}; focus: {active[:200]}")


def test_scoring_form_by_keyboard(run_notebook, lab_page, lab_root):
    name = h.notebook_using("scoring_form(")
    debate = load_debate()
    work_file = lab_root / "symposium-work.json"
    run_notebook(name)
    form = h.panel(lab_page, name).locator(".symposium-scoring-form").first
    expect(form).to_be_visible()

    pid = debate.contributors[0].id
    criteria = list(debate.rubric.criteria)
    first, second = criteria[0], criteria[1]
    row = form.locator(f".symposium-score-{pid}-{first.id}")
    buttons = row.locator("button")
    expect(buttons.first).to_be_visible()

    # the keyboard's cursor on the row's first button, then Tab along the buttons to the
    # last score level (not "cannot judge") and press Space
    buttons.first.focus()
    level = first.levels[-1][0]
    target = row.get_by_role("button", name=str(level), exact=True)
    for _ in range(MAX_TABS):
        if _active_in(target):
            break
        lab_page.keyboard.press("Tab")
    assert _active_in(target), f"Tab did not reach the button {level} of {pid}/{first.id}"
    lab_page.keyboard.press("Space")
    expect(row.locator("button.mod-active")).to_have_text(str(level))

    # Tab on to the justification box of the same criterion, type, Enter
    box = form.locator(f".symposium-justification-{pid}-{first.id} input")
    tab_until(lab_page, box, f"the justification of {pid}/{first.id}")
    why = "The second paragraph says so."
    lab_page.keyboard.type(why)
    lab_page.keyboard.press("Enter")

    # Tab on to the next criterion's buttons and score it with Enter
    row2 = form.locator(f".symposium-score-{pid}-{second.id}")
    tab_until(lab_page, row2, f"the score buttons of {pid}/{second.id}")
    focused = lab_page.evaluate("() => document.activeElement.textContent.trim()")
    lab_page.keyboard.press("Enter")
    expect(row2.locator("button.mod-active")).to_have_text(focused)

    expected_second = next(s for s, _ in second.levels if str(s) == focused)
    wait_for_file(
        work_file,
        lambda d: (
            d["scores"][pid][first.id]["score"] == level
            and d["scores"][pid][first.id]["justification"] == why
            and d["scores"][pid][second.id]["score"] == expected_second
        ),
        f"{pid}/{first.id} = {level} with its justification, {pid}/{second.id} = {focused}",
    )


def test_contributor_picker_by_keyboard(run_notebook, lab_page):
    name = h.notebook_using("contributor_picker(")
    debate = load_debate()
    run_notebook(name)
    picker = h.panel(lab_page, name).locator(".symposium-picker").first
    select = picker.locator(".symposium-picker-dropdown select")
    view = picker.locator(".symposium-picker-view")
    expect(select).to_be_visible()
    names = select.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
    shown = select.input_value()
    # a focused closed select jumps to the option starting with a typed letter; ArrowDown
    # would be taken by JupyterLab's command mode (next cell). The letter: one that starts
    # a single option, is not the shown one, and is no JupyterLab shortcut.
    shortcuts = set("abcdfhijklmnoprsuvxyz0123456789")
    firsts = [n[0].lower() for n in names]
    chosen = next(
        n
        for n in names
        if n != shown and firsts.count(n[0].lower()) == 1 and n[0].lower() not in shortcuts
    )
    by_name = {c.name: c for c in debate.contributors}

    select.focus()
    lab_page.keyboard.type(chosen[0])

    expect(select).to_have_value(chosen)
    expect(view).to_contain_text(debate.thesis(by_name[chosen].id).anchor.quote)
    # the key went to the select, not to JupyterLab's notebook (which would move the cell)
    expect(select).to_be_focused()


def test_forecast_sliders_by_keyboard(run_notebook, lab_page, lab_root):
    name = h.notebook_using("forecast_form(")
    debate = load_debate()
    work_file = lab_root / "symposium-work.json"
    run_notebook(name)
    form = h.panel(lab_page, name).locator(".symposium-forecast-form").first
    expect(form).to_be_visible()
    first, second = debate.predictions[0].id, debate.predictions[1].id
    slider1 = form.locator(f".symposium-forecast-{css_key(first)} input[type=range]")
    slider2 = form.locator(f".symposium-forecast-{css_key(second)} input[type=range]")
    expect(slider1).to_be_visible()

    start = float(slider2.input_value())
    expected = round(max(0.0, start - 3 * STEP), 2)

    slider1.focus()
    lab_page.keyboard.press("End")  # the most likely: 1
    tab_until(lab_page, slider2, f"the slider of {second}")
    for _ in range(3):
        lab_page.keyboard.press("ArrowLeft")  # three steps down

    readout = form.locator(f".symposium-forecast-{css_key(second)} .symposium-slider-readout")
    expect(readout).to_have_text(f"{expected:.2f}")
    wait_for_file(
        work_file,
        lambda d: (
            abs(d["forecasts"][first] - 1.0) < 1e-9
            and abs(d["forecasts"][second] - expected) < 1e-9
        ),
        f"{first} = 1.0 and {second} = {expected}",
    )
    expect(form.locator(".symposium-forecast-status")).to_contain_text("2 of")
