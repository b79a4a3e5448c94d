"""The forecast form of lesson 05, used as a student uses it, in a real JupyterLab page.

A slider moved with the keyboard saves its forecast in the saved-work file at
once; after a kernel restart and "run all", the form comes back with it. The
prediction and the slider's step are taken from the package, not written here.
"""

from __future__ import annotations

import re

import lab_harness as h
import pytest
from playwright.sync_api import expect
from waiting import wait_for_file  # tests/support

from symposium_kit import load_debate
from symposium_kit.views.forecast_form import css_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_forecast_slider_saves_on_keyboard_and_comes_back_after_restart(
    run_notebook, lab_page, lab_root
):
    name = h.notebook_using("forecast_form(")
    pid = load_debate().predictions[0].id
    key = css_key(pid)
    work_file = lab_root / "symposium-work.json"
    run_notebook(name)

    form = h.panel(lab_page, name).locator(".symposium-forecast-form").first
    expect(form).to_be_visible()
    expect(form).not_to_contain_text("VBox(")
    slider = form.locator(f".symposium-forecast-{key}")
    state = form.locator(f".symposium-forecast-state-{key}")
    expect(slider.locator(".symposium-slider-readout")).to_have_text("0.50")
    expect(state).to_have_text("not set")

    handle = slider.locator("input[type=range]")
    expect(handle).to_have_accessible_name(re.compile(re.escape(pid)))
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")

    expect(slider.locator(".symposium-slider-readout")).to_have_text("0.60")
    expect(state).to_have_text("saved")
    # each key press saves (0.55, then 0.60): wait for the last one
    saved = wait_for_file(
        work_file, lambda d: abs(d["forecasts"][pid] - 0.6) < 1e-9, f"{pid} = 0.6"
    )
    assert saved["forecasts"][pid] == pytest.approx(0.6)
    expect(form.locator(".symposium-forecast-status")).to_contain_text("1 of")

    h.restart_and_run_all(lab_page, name)
    form = h.panel(lab_page, name).locator(".symposium-forecast-form").first
    slider = form.locator(f".symposium-forecast-{key}")
    expect(slider.locator(".symposium-slider-readout")).to_have_text("0.60")
    expect(form.locator(f".symposium-forecast-state-{key}")).to_have_text("saved")
