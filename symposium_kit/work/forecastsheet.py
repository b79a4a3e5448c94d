"""The student's own forecasts: one probability per prediction in the debate.

A forecast is the probability (0 to 1) that a prediction's *statement*, as
restated in ``debate.yaml``, comes true. The numbers are saved in the
student's work file (``work["forecasts"]``, see :mod:`symposium_kit.work.workfile`)
so nothing is lost on a kernel restart.

Three ways in, all writing the same record:

- :func:`record_forecast` / :func:`record_forecasts` from code (a notebook
  cell); they print what was saved or what is wrong, and never raise;
- :func:`symposium_kit.views.forecast_form.forecast_form`, a slider per
  prediction, saved on every change;
- :func:`set_forecasts`, the checked core that raises :class:`ForecastError`.

:data:`HEDGE_GUIDE` is a rough guide from hedged words ("probably", "could")
to probabilities, for the lesson on turning words into numbers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any

from ..debate.load import load_debate
from ..debate.model import Debate, Prediction
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
    try:
        number = float(value)
    except OverflowError:  # a whole number too large for a float (and for repr)
        raise ForecastError(
            f"{where}that number is far too large to be a probability: give a number from 0 to 1"
        ) from None
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


def prediction_by_id(debate: Debate, prediction_id: Any) -> Prediction:
    """The prediction with this id (case-insensitive); ForecastError saying the close ones."""
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

    return load_debate()


# -- saving -------------------------------------------------------------------
# The forecasts of each work file as this process last left them, to tell the
# student which ones another kernel (another notebook, the form) changed since.
_last_saved: dict[str, dict[str, float]] = {}


def _on_disk(work: Mapping[str, Any]) -> dict[str, float]:
    raw = work.get("forecasts") or {}
    return {
        k: float(v)
        for k, v in raw.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def set_forecasts(
    forecasts: Mapping[str, Any],
    debate: Debate | None = None,
    path: str | Path | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Check all forecasts, then save them together (all or nothing).

    Returns the saved probabilities by prediction id. Raises
    :class:`ForecastError` (nothing saved) if any id or number is wrong:
    every value is checked before the file is touched.

    The save is merged per prediction with the file as it is on disk, under
    its lock: forecasts saved meanwhile by another kernel are kept, and a
    later write to the same prediction wins. ``report`` (if given) is told
    which forecasts another kernel changed since this process last saved.

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
        pred = prediction_by_id(debate, pid)
        checked[pred.id], _ = check_probability(value, pred.id)

    target = work_path() if path is None else Path(path)
    key = str(target.resolve())
    changed: list[str] = []

    def change(work: dict[str, Any]) -> None:
        before, known = _on_disk(work), _last_saved.get(key)
        if known is not None:
            changed[:] = sorted(
                pid for pid in set(before) | set(known) if before.get(pid) != known.get(pid)
            )
        work["forecasts"].update(checked)
        if not work.get("debate"):
            work["debate"] = debate.id

    saved = update_work(target, change)
    _last_saved[key] = _on_disk(saved)
    if changed and report is not None:
        shown = ", ".join(f"{pid} ({_last_saved[key].get(pid, 'removed')})" for pid in changed)
        report(f"Another notebook changed forecasts since your last save (kept): {shown}.")
    return checked


def _notes(debate: Debate, forecasts: Mapping[str, Any]) -> list[str]:
    notes = []
    for pid, value in forecasts.items():
        _, note = check_probability(value, pid)
        if note:
            notes.append(f"{prediction_by_id(debate, pid).id}: {note}")
    return notes


def record_forecasts(
    forecasts: Mapping[str, Any] | EllipsisType | None,
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
        saved = set_forecasts(forecasts, debate, path, report=print)
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
