"""The forecast form: a slider per prediction, each saved to the student's work file as it moves."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..debate.model import Debate, Prediction
from ..work.forecastsheet import ForecastError, prediction_by_id, saved_forecasts, set_forecasts
from ..work.workfile import WorkFileError, work_path
from .fallback import with_fallback


def forecast_form(
    debate: Debate,
    predictions: list[str] | tuple[str, ...] | None = None,
    path: str | Path | None = None,
) -> Any:
    """A slider per prediction (0–1), each saved as soon as it moves.

    Sliders start at the saved forecast, or at 0.5 marked "not set" until
    moved. ``predictions`` limits the form to some prediction ids. The same
    numbers can be saved from code with :func:`record_forecasts`.
    Each slider is a labelled ``<input type="range">`` (an anywidget:
    ipywidgets' own slider has no accessible name). Returns an
    ``ipywidgets.VBox``. Stable CSS classes for browser tests:
    ``symposium-forecast-form`` (the form), ``symposium-forecast-<id>`` (a
    slider; dots in the id become ``--``), ``symposium-forecast-state-<id>``
    (its "saved" / "not set" note), ``symposium-slider-readout`` (a slider's
    number) and ``symposium-forecast-status``.
    """
    import ipywidgets as widgets

    target = work_path() if path is None else Path(path)
    if predictions:
        chosen = [prediction_by_id(debate, pid) for pid in predictions]
    else:
        chosen = list(debate.predictions)
    mine = saved_forecasts(target)
    status = widgets.HTML()
    rows = []

    def show_status() -> None:
        n = len([p for p in chosen if p.id in saved_forecasts(target)])
        status.value = f"<b>{n} of {len(chosen)}</b> forecasts saved (in {target.name})."

    def saver(pred: Prediction, state: Any) -> Callable[[dict[str, Any]], None]:
        def on_change(change: dict) -> None:
            try:
                set_forecasts({pred.id: change["new"]}, debate, target)
                state.value = "saved"
            except (ForecastError, WorkFileError) as exc:
                state.value = f"not saved: {exc}"
            show_status()

        return on_change

    for pred in chosen:
        who = debate.participant(pred.participant).label
        value = mine.get(pred.id)
        slider = _slider_class()(
            value=0.5 if value is None else value,
            step=0.05,
            description=pred.id,
            label=f"Forecast for {pred.id}, from 0 to 1",
        )
        key = css_key(pred.id)
        slider.add_class(f"symposium-forecast-{key}")
        state = widgets.HTML("saved" if value is not None else "<i>not set</i>")
        state.add_class(f"symposium-forecast-state-{key}")
        slider.observe(saver(pred, state), names="value")
        label = widgets.HTML(
            f"<b>{html.escape(who)}</b> ({html.escape(pred.hedge)}): {html.escape(pred.statement)}"
        )
        rows.append(widgets.VBox([label, widgets.HBox([slider, state])]))
    show_status()
    status.add_class("symposium-forecast-status")
    form = widgets.VBox([*rows, status])
    form.add_class("symposium-forecast-form")
    return with_fallback(
        form,
        "The forecast form",
        f"A slider (0 to 1) for each of {len(chosen)} predictions. Without widgets, "
        "record_forecasts({...}) saves the same numbers from code.",
    )


@functools.cache
def _slider_class() -> type[Any]:
    """The forecast slider: an anywidget around a labelled ``<input type="range">``."""
    import anywidget
    import traitlets

    here = files("symposium_kit.views") / "js"

    class ForecastSlider(anywidget.AnyWidget):
        """A 0-1 slider whose keyboard and screen-reader behaviour are the browser's own."""

        _esm = (here / "forecast_slider.js").read_text(encoding="utf-8")
        _css = (here / "forecast_slider.css").read_text(encoding="utf-8")
        value = traitlets.Float(0.5).tag(sync=True)
        step = traitlets.Float(0.05).tag(sync=True)
        description = traitlets.Unicode("").tag(sync=True)
        label = traitlets.Unicode("").tag(sync=True)

    return ForecastSlider


def css_key(prediction_id: str) -> str:
    """A prediction id as a CSS class part (dots become ``--``).

    Examples
    --------
    >>> css_key("hass.not-enduring")
    'hass--not-enduring'
    """
    return prediction_id.replace(".", "--")
