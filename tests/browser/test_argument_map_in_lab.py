"""The interactive argument map in JupyterLab, operated by keyboard alone.

After Run All of lesson 02, the map opens on Hass's "not enduring" claim; the
test reaches another claim with Tab and Enter, checks that its quote appears
in context (read from the package's data, not written here), unticks a
contributor with Space and sees that contributor's column go, and saves a
screenshot to docs/screenshots/argument-map-widget.png.
"""

from __future__ import annotations

from pathlib import Path

import lab_harness as h
import pytest
from playwright.sync_api import expect

from symposium_kit import argument_map_data, load_debate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NB = "02-positions.ipynb"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_the_map_shows_a_claims_quote_in_context_and_filters_by_keyboard(run_notebook, lab_page):
    run_notebook(NB)
    claims = {c["id"]: c for c in argument_map_data(load_debate())["claims"]}
    cell = h.code_cell(lab_page, NB, "argument_map(debate")
    widget = cell.locator(".sk-argument-map")
    expect(widget).to_be_visible()
    expect(widget.locator("blockquote mark")).to_have_text(claims["hass.not-enduring"]["quote"])

    target = claims["mann.thesis"]
    button = widget.locator("button.sk-map-claim", has_text=target["text"])
    button.focus()
    button.press("Enter")
    expect(widget.locator("blockquote mark")).to_have_text(target["quote"])
    expect(button).to_have_attribute("aria-pressed", "true")

    box = widget.get_by_label("Roach", exact=False).first
    box.focus()
    box.press("Space")
    expect(widget.locator(".sk-map-column h3", has_text="Roach")).to_have_count(0)
    box.press("Space")
    expect(widget.locator(".sk-map-column h3", has_text="Roach")).to_have_count(1)

    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.scroll_into_view_if_needed()
    widget.screenshot(path=str(SHOTS / "argument-map-widget.png"))
