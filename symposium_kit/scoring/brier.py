"""Students' forecasts of the debate's predictions, and how good they were.

Each student gives, for each prediction in the debate, the probability that
it comes true. Once outcomes are recorded (in the debate's ``resolution`` or
passed as ``outcomes={prediction id: True/False}``), forecasts are scored with
the **Brier score in its 0-1 convention**: the mean over resolved yes/no
predictions of ``(probability - outcome)**2``, where outcome is 1 if it
happened and 0 if not. 0 is perfect, 0.25 is what always saying 50 % earns,
1 is confidently wrong every time. (Brier's original sum over both outcomes
runs 0-2 and is exactly twice this.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..debate.model import Debate


def brier_score(probabilities: Iterable[float], outcomes: Iterable[bool | int]) -> float:
    """Mean squared difference between probabilities and what happened (0-1 convention).

    Examples
    --------
    >>> brier_score([0.9, 0.2], [True, False])
    0.025
    >>> brier_score([0.5], [1])
    0.25
    """
    pairs = [(float(p), float(bool(o))) for p, o in zip(probabilities, outcomes, strict=True)]
    if not pairs:
        return math.nan
    for p, _ in pairs:
        if not 0 <= p <= 1:
            raise ValueError(f"probability {p} is outside 0-1")
    return round(sum((p - o) ** 2 for p, o in pairs) / len(pairs), 12)


def recorded_outcomes(
    debate: Debate, outcomes: Mapping[str, bool] | None = None
) -> dict[str, bool]:
    """The outcome of every resolved prediction: the debate's, overridden by ``outcomes``.

    Raises
    ------
    KeyError
        When ``outcomes`` names a prediction the debate does not have.
    """
    known = {p.id: p.resolution.outcome for p in debate.predictions}
    for key in outcomes or {}:
        if key not in known:
            raise KeyError(
                f"no prediction {key!r} in the debate (known: {', '.join(sorted(known))})"
            )
    merged = {k: v for k, v in known.items() if v is not None}
    merged.update({k: bool(v) for k, v in (outcomes or {}).items() if v is not None})
    return merged


def forecast_table(
    forecasts: pd.DataFrame,
    debate: Debate | None = None,
    outcomes: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Each student's probability for each prediction, with the outcome once known.

    Parameters
    ----------
    forecasts : DataFrame
        ``student, prediction, probability`` (``ClassResults.forecasts``).
    debate : Debate, optional
        Supplies recorded outcomes and the predictions' contributors.
    outcomes : mapping, optional
        Outcomes to use instead of / beside the debate's.

    Returns
    -------
    DataFrame
        ``student, prediction, probability, outcome, squared_error`` (outcome
        and error empty while unresolved).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"student": ["a"], "prediction": ["p"], "probability": [0.8]})
    >>> forecast_table(f, outcomes={"p": False})["squared_error"].tolist()
    [0.64]
    """
    import pandas as pd

    resolved = recorded_outcomes(debate, outcomes) if debate is not None else dict(outcomes or {})
    table = forecasts[["student", "prediction", "probability"]].copy()
    table["outcome"] = pd.array([resolved.get(p) for p in table["prediction"]], dtype="boolean")
    happened = table["outcome"].astype("Float64")
    table["squared_error"] = ((table["probability"] - happened) ** 2).round(12).astype(float)
    return table.reset_index(drop=True)


def brier_scores(
    forecasts: pd.DataFrame,
    debate: Debate | None = None,
    outcomes: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Brier score (0-1 convention) per student over the resolved predictions.

    Columns: ``student, forecasts, resolved, brier`` (NaN until at least one
    of the student's predictions is resolved). Sorted best (lowest) first.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"student": ["a", "a", "b"], "prediction": ["p", "q", "p"],
    ...                   "probability": [0.9, 0.5, 0.2]})
    >>> brier_scores(f, outcomes={"p": True})[["student", "brier"]].values.tolist()
    [['a', 0.01], ['b', 0.64]]
    """
    table = forecast_table(forecasts, debate, outcomes)
    per = table.groupby("student").agg(
        forecasts=("probability", "size"),
        resolved=("squared_error", "count"),
        brier=("squared_error", "mean"),
    )
    per["brier"] = per["brier"].round(12)
    per = per.reset_index().sort_values(["brier", "student"], na_position="last", kind="stable")
    return per.reset_index(drop=True)


def prediction_summary(
    forecasts: pd.DataFrame,
    debate: Debate | None = None,
    outcomes: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Per prediction: how many forecast it, the class's mean and median probability,
    the outcome if known and the class's mean Brier score on it.

    Columns: ``prediction, n, mean_probability, median_probability, outcome, brier``.
    """
    table = forecast_table(forecasts, debate, outcomes)
    per = table.groupby("prediction").agg(
        n=("probability", "size"),
        mean_probability=("probability", "mean"),
        median_probability=("probability", "median"),
        outcome=("outcome", "first"),
        brier=("squared_error", "mean"),
    )
    return per.reset_index()


def calibration_table(
    forecasts: pd.DataFrame,
    debate: Debate | None = None,
    outcomes: Mapping[str, bool] | None = None,
    *,
    bins: int = 5,
) -> pd.DataFrame:
    """Calibration: in each probability band, how often the predictions came true.

    Columns: ``bin_low, bin_high, n, mean_probability, observed`` (the share
    that happened), over resolved forecasts only; empty bands have ``n = 0``.
    A well-calibrated class has ``observed`` close to ``mean_probability``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"student": list("abcd"), "prediction": ["p"] * 4,
    ...                   "probability": [0.1, 0.15, 0.9, 0.95]})
    >>> t = calibration_table(f, outcomes={"p": True}, bins=2)
    >>> t["n"].tolist(), t["observed"].tolist()
    ([2, 2], [1.0, 1.0])
    """
    import numpy as np
    import pandas as pd

    if bins < 1:
        raise ValueError("bins must be at least 1")
    table = forecast_table(forecasts, debate, outcomes)
    table = table[table["outcome"].notna()]
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(
        np.searchsorted(edges, table["probability"].to_numpy(), side="right") - 1, 0, bins - 1
    )
    rows = []
    happened = table["outcome"].astype(float).to_numpy()
    probs = table["probability"].to_numpy()
    for b in range(bins):
        mask = index == b
        n = int(mask.sum())
        rows.append(
            (
                float(edges[b]),
                float(edges[b + 1]),
                n,
                float(probs[mask].mean()) if n else math.nan,
                float(happened[mask].mean()) if n else math.nan,
            )
        )
    return pd.DataFrame(rows, columns=["bin_low", "bin_high", "n", "mean_probability", "observed"])
