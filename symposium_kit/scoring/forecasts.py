"""The student's forecasts beside the contributors' and against what happened: tables and descriptions.

:func:`forecast_table` and :func:`forecast_frame` put a student's saved
forecasts (:mod:`symposium_kit.work.forecastsheet`) beside the guide's
reading of each contributor's hedge; :func:`resolution_table` lists what
happened to each prediction, with its source; the ``describe_*`` functions say
the same in words, for screen readers and for the lesson's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..debate.model import Debate
from ..work.forecastsheet import guide_probability, saved_forecasts
from .brier import brier_score

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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


def calibration_note(debate: Debate, work: Mapping[str, Any] | str | Path | None = None) -> str:
    """What an empty calibration figure of your own forecasts should say, and why it is empty.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> calibration_note(load_debate(), {"forecasts": {}})  # doctest: +ELLIPSIS
    'you have made no forecasts yet (... of the predictions are resolved)'
    """
    resolved = {p.id for p in debate.predictions if p.resolution.outcome is not None}
    known = {p.id for p in debate.predictions}
    mine = {k for k in saved_forecasts(work) if k in known}
    if not resolved:
        return "no prediction is resolved yet"
    if not mine:
        return f"you have made no forecasts yet ({len(resolved)} of the predictions are resolved)"
    if not mine & resolved:
        return f"none of your {_count(len(mine))} is on one of the {len(resolved)} resolved predictions"
    return ""
