"""The student's own forecasts: one probability per prediction in the debate.

A forecast is the probability (0 to 1) that a prediction's *statement*, as
restated in ``debate.yaml``, comes true. The numbers are saved in the
student's work file (``work["forecasts"]``, see :mod:`symposium_kit.workfile`)
so nothing is lost on a kernel restart.

Three ways in, all writing the same record:

- :func:`record_forecast` / :func:`record_forecasts` from code (a notebook
  cell); they print what was saved or what is wrong, and never raise;
- :func:`forecast_form`, a slider per prediction, saved on every change;
- :func:`set_forecasts`, the checked core that raises :class:`ForecastError`.

:data:`HEDGE_GUIDE` is a rough guide from hedged words ("probably", "could")
to probabilities, for the lesson on turning words into numbers.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Debate, Prediction
from .workfile import WorkFileError, read_work, update_work, work_path

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class ForecastError(ValueError):
    """A forecast that cannot be saved; the message says what to do."""


@dataclass(frozen=True)
class HedgeWord:
    """A hedged word or phrase and the probability it usually conveys."""

    phrase: str
    probability: float
    reading: str


# A rough, teaching-sized guide (our own round numbers, in the spirit of the
# "words of estimative probability" studies): readers disagree about each
# phrase, which is the point of asking students to commit to a number.
# Order matters for :func:`guide_probability`: the first phrase found wins, so
# qualifiers come before the bare "will".
HEDGE_GUIDE: tuple[HedgeWord, ...] = (
    HedgeWord("almost certainly", 0.95, "the writer would be surprised to be wrong"),
    HedgeWord("certainly", 0.95, "stated as beyond doubt"),
    HedgeWord("very likely", 0.85, "strong expectation"),
    HedgeWord("probably", 0.7, "more likely than not, with room for doubt"),
    HedgeWord("likely", 0.7, "more likely than not, with room for doubt"),
    HedgeWord("should", 0.7, "an expectation, not a promise"),
    HedgeWord("may well", 0.6, "a real chance, a little better than even"),
    HedgeWord("could", 0.4, "a possibility the writer takes seriously"),
    HedgeWord("might", 0.35, "a possibility, no more"),
    HedgeWord("may", 0.35, "a possibility, no more"),
    HedgeWord("will", 0.9, "stated flatly as what will happen"),
    HedgeWord("would", 0.9, "stated flatly, about a hypothetical deal"),
    HedgeWord("won’t", 0.9, "stated flatly (the 'not' belongs to the statement)"),
)

_NEGATION = re.compile(r"\b(not|no|never)\b|n[’']t\b", re.IGNORECASE)


def guide_probability(hedge: str) -> float | None:
    """The guide's probability for a prediction's hedge words, or None.

    A "not" in the hedge is ignored: each prediction's statement is restated
    so that the negation is part of the statement ("probably not enduring"
    becomes the statement "will not be enduring", said *probably*).

    Examples
    --------
    >>> guide_probability("will probably")
    0.7
    >>> guide_probability("probably not")
    0.7
    >>> guide_probability("could")
    0.4
    >>> guide_probability("is happy to") is None
    True
    """
    text = hedge.casefold()
    for word in HEDGE_GUIDE:
        if re.search(rf"(?<![\w]){re.escape(word.phrase.casefold())}(?![\w])", text):
            return word.probability
    return None


def hedge_guide_table() -> pd.DataFrame:
    """The hedge guide as a table (phrase, probability, reading), most certain first.

    Examples
    --------
    >>> hedge_guide_table().iloc[0]["phrase"]
    'almost certainly'
    """
    import pandas as pd

    rows = [
        {"phrase": w.phrase, "probability": w.probability, "reading": w.reading}
        for w in HEDGE_GUIDE
    ]
    frame = pd.DataFrame(rows)
    order = frame["probability"].rank(method="first", ascending=False)
    return frame.assign(_o=order).sort_values("_o").drop(columns="_o").reset_index(drop=True)


# -- validation ---------------------------------------------------------------
def check_probability(value: Any, prediction_id: str = "") -> tuple[float, str]:
    """Read a forecast as a probability from 0 to 1.

    A number above 1 and up to 100 is read as a percentage (70 → 0.7), and the
    returned note says so. Booleans, text and numbers outside 0–100 raise
    :class:`ForecastError` with a message saying what was expected.

    Examples
    --------
    >>> check_probability(0.7)
    (0.7, '')
    >>> check_probability(70)
    (0.7, 'read 70 as a percentage: 0.7')
    """
    where = f"{prediction_id}: " if prediction_id else ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ForecastError(
            f"{where}a forecast is a number from 0 to 1 (for example 0.7 for 'probably'), "
            f"not {value!r}"
        )
    number = float(value)
    if number != number:  # NaN
        raise ForecastError(f"{where}a forecast must be a number from 0 to 1, not NaN")
    if 0.0 <= number <= 1.0:
        return round(number, 4), ""
    if 1.0 < number <= 100.0:
        prob = round(number / 100.0, 4)
        return prob, f"read {value:g} as a percentage: {prob:g}"
    raise ForecastError(
        f"{where}{value!r} is not a probability: give a number from 0 to 1 "
        "(or a percentage from 0 to 100)"
    )


def _prediction(debate: Debate, prediction_id: Any) -> Prediction:
    known = [p.id for p in debate.predictions]
    if not isinstance(prediction_id, str):
        raise ForecastError(f"a prediction id is text such as {known[0]!r}, not {prediction_id!r}")
    key = prediction_id.strip().casefold()
    for p in debate.predictions:
        if p.id.casefold() == key:
            return p
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    hint = (
        f"did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else ("the ids are listed in the predictions table (column 'id')")
    )
    raise ForecastError(f"no prediction {prediction_id!r} in this debate; {hint}")


def _debate(debate: Debate | None) -> Debate:
    if debate is not None:
        return debate
    from .loading import load_debate

    return load_debate()


# -- saving -------------------------------------------------------------------
def set_forecasts(
    forecasts: Mapping[str, Any],
    debate: Debate | None = None,
    path: str | Path | None = None,
) -> dict[str, float]:
    """Check all forecasts, then save them together (all or nothing).

    Returns the saved probabilities by prediction id. Raises
    :class:`ForecastError` (nothing saved) if any id or number is wrong.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> pid = d.predictions[0].id
    >>> set_forecasts({pid: 0.8}, d, p) == {pid: 0.8}
    True
    """
    debate = _debate(debate)
    if not isinstance(forecasts, Mapping):
        raise ForecastError(
            "give the forecasts as a dict {prediction id: probability}, "
            f"for example {{{debate.predictions[0].id!r}: 0.7}}"
        )
    checked: dict[str, float] = {}
    for pid, value in forecasts.items():
        pred = _prediction(debate, pid)
        checked[pred.id], _ = check_probability(value, pred.id)

    def change(work: dict[str, Any]) -> None:
        work["forecasts"].update(checked)
        if not work.get("debate"):
            work["debate"] = debate.id

    update_work(work_path() if path is None else Path(path), change)
    return checked


def _notes(debate: Debate, forecasts: Mapping[str, Any]) -> list[str]:
    notes = []
    for pid, value in forecasts.items():
        _, note = check_probability(value, pid)
        if note:
            notes.append(f"{_prediction(debate, pid).id}: {note}")
    return notes


def record_forecasts(
    forecasts: Mapping[str, Any],
    debate: Debate | None = None,
    path: str | Path | None = None,
) -> None:
    """Save several forecasts and print what was saved (never raises).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> record_forecasts({"hass.not-enduring": 70}, path=p)
    hass.not-enduring: read 70 as a percentage: 0.7
    Saved 1 forecast: hass.not-enduring 0.70.
    >>> record_forecasts(..., path=p)  # doctest: +ELLIPSIS
    No forecasts given yet: ...
    """
    if forecasts is ... or forecasts is None:
        print(
            "No forecasts given yet: write a dict {prediction id: probability} in place of "
            "the ..., or use the sliders."
        )
        return
    try:
        debate = _debate(debate)
        saved = set_forecasts(forecasts, debate, path)
        notes = _notes(debate, forecasts)
    except ForecastError as exc:
        print(f"Not saved: {exc}")
        return
    except WorkFileError as exc:
        print(f"Note: {exc}")
        return
    for note in notes:
        print(note)
    listed = ", ".join(f"{pid} {p:.2f}" for pid, p in saved.items())
    plural = "forecast" if len(saved) == 1 else "forecasts"
    if not saved:
        print("Nothing to save (no forecasts given).")
        return
    print(f"Saved {len(saved)} {plural}: {listed}.")


def record_forecast(
    prediction_id: str,
    probability: Any,
    debate: Debate | None = None,
    path: str | Path | None = None,
) -> None:
    """Save one forecast and print what was saved (never raises).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> record_forecast("hass.not-enduring", 0.7, path=p)
    Saved 1 forecast: hass.not-enduring 0.70.
    >>> record_forecast("hass.not-endurin", 0.7, path=p)
    Not saved: no prediction 'hass.not-endurin' in this debate; did you mean 'hass.not-enduring'?
    """
    record_forecasts({prediction_id: probability}, debate, path)


def saved_forecasts(work: Mapping[str, Any] | str | Path | None = None) -> dict[str, float]:
    """The forecasts in a work record (or work file; None: the student's own file)."""
    if work is None or isinstance(work, (str, Path)):
        try:
            work = read_work(work_path() if work is None else work)
        except WorkFileError as exc:
            print(f"Note: {exc}")
            return {}
    raw = work.get("forecasts", {}) or {}
    return {
        k: float(v)
        for k, v in raw.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def forecast_table(
    debate: Debate, work: Mapping[str, Any] | str | Path | None = None
) -> pd.DataFrame:
    """One row per prediction: who, the statement, hedge, the guide's number and yours.

    Columns: ``id``, ``participant``, ``statement``, ``hedge``, ``guide``
    (:func:`guide_probability`), ``forecast`` (the student's saved
    probability, NaN if not given) and ``outcome`` (True/False, or None while
    unresolved). Rows follow the debate's order.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> t = forecast_table(d, {"forecasts": {d.predictions[0].id: 0.25}})
    >>> float(t.loc[0, "forecast"])
    0.25
    >>> len(t) == len(d.predictions)
    True
    """
    import pandas as pd

    mine = saved_forecasts(work)
    rows = [
        {
            "id": p.id,
            "participant": p.participant,
            "statement": p.statement,
            "hedge": p.hedge,
            "guide": guide_probability(p.hedge),
            "forecast": mine.get(p.id, float("nan")),
            "outcome": p.resolution.outcome,
        }
        for p in debate.predictions
    ]
    columns = ["id", "participant", "statement", "hedge", "guide", "forecast", "outcome"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["guide"] = frame["guide"].astype("float64")
    frame["forecast"] = frame["forecast"].astype("float64")
    frame["outcome"] = frame["outcome"].astype("object")
    return frame


YOU = "you"
GUIDE = "the contributors (guide)"


def forecast_frame(
    debate: Debate,
    work: Mapping[str, Any] | str | Path | None = None,
    guide: bool = True,
    mine: bool = True,
) -> pd.DataFrame:
    """Your forecasts in the class table's shape (``student, prediction, probability``).

    With ``mine``, the rows of ``student == "you"`` are your saved forecasts.
    With ``guide``, rows of ``student == "the contributors (guide)"`` add the
    contributors' own hedges read with :data:`HEDGE_GUIDE`, so that the
    class functions (``brier_scores``, ``calibration_table``) can score both.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> f = forecast_frame(d, {"forecasts": {d.predictions[0].id: 0.9}})
    >>> sorted(set(f["student"]))
    ['the contributors (guide)', 'you']
    """
    import pandas as pd

    saved = saved_forecasts(work) if mine else {}
    rows = [
        {"student": YOU, "prediction": p.id, "probability": saved[p.id]}
        for p in debate.predictions
        if p.id in saved
    ]
    if guide:
        rows += [
            {"student": GUIDE, "prediction": p.id, "probability": guide_probability(p.hedge)}
            for p in debate.predictions
            if guide_probability(p.hedge) is not None
        ]
    frame = pd.DataFrame(rows, columns=["student", "prediction", "probability"])
    frame["probability"] = frame["probability"].astype("float64")
    return frame


def resolution_table(debate: Debate) -> pd.DataFrame:
    """The predictions with a recorded outcome: what happened, the source and when it was reported.

    Columns: ``id, participant, statement, outcome, reported, source, note``;
    rows in the debate's order; empty while nothing is resolved.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> list(resolution_table(load_debate()).columns)[:4]
    ['id', 'participant', 'statement', 'outcome']
    """
    import pandas as pd

    columns = ["id", "participant", "statement", "outcome", "reported", "source", "note"]
    rows = [
        {
            "id": p.id,
            "participant": p.participant,
            "statement": p.statement,
            "outcome": p.resolution.outcome,
            "reported": p.resolution.reported,
            "source": p.resolution.source,
            "note": p.resolution.note,
        }
        for p in debate.predictions
        if p.resolution.outcome is not None
    ]
    return pd.DataFrame(rows, columns=columns)


def describe_resolutions(debate: Debate) -> str:
    """One sentence: how many predictions have a recorded outcome, and how many came true.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> "predictions" in describe_resolutions(load_debate())
    True
    """
    resolved = [p for p in debate.predictions if p.resolution.outcome is not None]
    n = len(debate.predictions)
    if not resolved:
        return (
            f"No outcome is recorded yet for any of the {n} predictions, so no forecast can be "
            "scored: an instructor records outcomes (with a source) in the debate file."
        )
    true = sum(1 for p in resolved if p.resolution.outcome)
    dates = sorted({p.resolution.reported for p in resolved if p.resolution.reported})
    when = f", from reports up to {dates[-1]}" if dates else ""
    return (
        f"{len(resolved)} of {n} predictions have a recorded outcome{when}: {true} came true and "
        f"{len(resolved) - true} did not. The other {n - len(resolved)} are unresolved."
    )


def describe_forecasts(debate: Debate, work: Mapping[str, Any] | str | Path | None = None) -> str:
    """Your Brier score (0-1 convention) beside the contributors' words read with the guide.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> text = describe_forecasts(load_debate(), {"forecasts": {}})
    >>> text.startswith(("No prediction", "You have not"))
    True
    """
    from .forecasts import brier_score

    outcomes = {
        p.id: p.resolution.outcome for p in debate.predictions if p.resolution.outcome is not None
    }
    if not outcomes:
        return (
            "No prediction has a recorded outcome yet, so no forecast can be scored; "
            "the scores appear here once an instructor records outcomes."
        )
    guided = [
        (guide_probability(p.hedge), outcomes[p.id])
        for p in debate.predictions
        if p.id in outcomes and guide_probability(p.hedge) is not None
    ]
    if guided:
        words = (
            "Read with the guide, the contributors' own words score "
            f"{brier_score(*zip(*guided, strict=True)):.3f} on the {len(guided)} resolved "
            "predictions they hedge"
        )
    else:
        words = "The contributors' hedges cover none of the resolved predictions"
    known = {p.id for p in debate.predictions}
    mine = {k: v for k, v in saved_forecasts(work).items() if k in known}
    scored = [(v, outcomes[k]) for k, v in mine.items() if k in outcomes]
    if not mine:
        return f"You have not given any forecasts yet. {words} (always saying 0.5 scores 0.250)."
    if not scored:
        return (
            f"You gave {_count(len(mine))}, none on a resolved prediction, so none can be "
            f"scored yet. {words} (always saying 0.5 scores 0.250)."
        )
    score = brier_score(*zip(*scored, strict=True))
    return (
        f"You gave {_count(len(mine))}, {len(scored)} of them on resolved predictions: your "
        f"Brier score is {score:.3f} (0 is perfect; always saying 0.5 scores 0.250). {words}."
    )


def _count(n: int) -> str:
    return f"{n} forecast" if n == 1 else f"{n} forecasts"


# -- the form ----------------------------------------------------------------
def forecast_form(
    debate: Debate,
    predictions: list[str] | tuple[str, ...] | None = None,
    path: str | Path | None = None,
):
    """A slider per prediction (0–1), each saved as soon as it moves.

    Sliders start at the saved forecast, or at 0.5 marked "not set" until
    moved. ``predictions`` limits the form to some prediction ids. The same
    numbers can be saved from code with :func:`record_forecasts`.
    Returns an ``ipywidgets.VBox``. Stable CSS classes for browser tests:
    ``symposium-forecast-form`` (the form), ``symposium-forecast-<id>`` (a
    slider; dots in the id become ``--``), ``symposium-forecast-state-<id>``
    (its "saved" / "not set" note) and ``symposium-forecast-status``.
    """
    import ipywidgets as widgets

    target = work_path() if path is None else Path(path)
    if predictions:
        chosen = [_prediction(debate, pid) for pid in predictions]
    else:
        chosen = list(debate.predictions)
    mine = saved_forecasts(target)
    status = widgets.HTML()
    rows = []

    def show_status() -> None:
        n = len([p for p in chosen if p.id in saved_forecasts(target)])
        status.value = f"<b>{n} of {len(chosen)}</b> forecasts saved (in {target.name})."

    def saver(pred: Prediction, state: widgets.HTML):
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
        slider = widgets.FloatSlider(
            value=0.5 if value is None else value,
            min=0.0,
            max=1.0,
            step=0.05,
            readout_format=".2f",
            continuous_update=False,
            description=pred.id,
            style={"description_width": "19em"},
            layout=widgets.Layout(width="37em"),
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
    return form


def css_key(prediction_id: str) -> str:
    """A prediction id as a CSS class part (dots become ``--``).

    Examples
    --------
    >>> css_key("hass.not-enduring")
    'hass--not-enduring'
    """
    return prediction_id.replace(".", "--")
