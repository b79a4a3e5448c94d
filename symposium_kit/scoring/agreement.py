"""How far a class agrees when it scores the arguments.

All functions take the long score table of :func:`symposium_kit.classroom.collect`
(``student, contributor, criterion, score, ...``); a missing score ("cannot
judge") is left out. The *units* that students rate are the contributors'
arguments: for one criterion, one unit per contributor; across all criteria,
one unit per contributor x criterion (all criteria share the rubric's scale).

Agreement is Krippendorff's alpha at the ordinal level, computed by the
``krippendorff`` package from a units x values table of counts, so the cost
grows with the number of scores, not with the square of the class size.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from ..debate.model import Debate

ALL_CRITERIA = "all criteria"
EXPERT_ALPHA = 0.4  # the agreement of expert annotators on argument quality in one published study


def _scale(
    scores: pd.DataFrame, debate: Debate | None, scale: tuple[int, int] | None
) -> tuple[int, int]:
    if scale is not None:
        return int(scale[0]), int(scale[1])
    if debate is not None:
        return debate.rubric.min_score, debate.rubric.max_score
    observed = scores["score"].dropna()
    if observed.empty:
        return 0, 1
    return int(observed.min()), int(observed.max())


def _scored(scores: pd.DataFrame, criterion: str | None = None) -> pd.DataFrame:
    frame = scores[scores["score"].notna()]
    if criterion is not None:
        frame = frame[frame["criterion"] == criterion]
    return frame


def value_counts(
    scores: pd.DataFrame,
    criterion: str | None = None,
    *,
    scale: tuple[int, int],
) -> tuple[np.ndarray, list[Any]]:
    """Units x values table of counts (numpy array) and the unit labels.

    A unit is a contributor (for one criterion) or a contributor x criterion
    pair (``criterion=None``); column ``j`` counts the scores ``scale[0] + j``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"student": ["a", "b"], "contributor": ["x", "x"],
    ...                   "criterion": ["c", "c"], "score": [1, 2]})
    >>> counts, units = value_counts(s, "c", scale=(0, 2))
    >>> counts.tolist(), units
    ([[0, 1, 1]], [('x', 'c')])
    """
    import numpy as np
    import pandas as pd

    low, high = scale
    frame = _scored(scores, criterion)
    values = frame["score"].astype(int).to_numpy() - low
    inside = (values >= 0) & (values <= high - low)
    frame, values = frame[inside], values[inside]
    # Factorise each column on its own (a MultiIndex is slow for large classes).
    c_codes, c_names = pd.factorize(frame["contributor"], sort=True)
    k_codes, k_names = pd.factorize(frame["criterion"], sort=True)
    pair, codes = np.unique(c_codes * max(len(k_names), 1) + k_codes, return_inverse=True)
    counts = np.zeros((len(pair), high - low + 1), dtype=np.int64)
    np.add.at(counts, (codes.ravel(), values), 1)
    width = max(len(k_names), 1)
    units = [(c_names[p // width], k_names[p % width]) for p in pair]
    return counts, units


def krippendorff_alpha(
    scores: pd.DataFrame,
    criterion: str | None = None,
    *,
    debate: Debate | None = None,
    scale: tuple[int, int] | None = None,
    level: str = "ordinal",
) -> float:
    """Krippendorff's alpha of the class's scores (ordinal by default).

    Parameters
    ----------
    scores : DataFrame
        Long score table (``student, contributor, criterion, score``).
    criterion : str, optional
        One criterion; ``None`` pools all criteria (units are contributor x
        criterion).
    debate, scale
        The rubric's scale (min, max); ``scale`` wins, then the debate's
        rubric, else the observed range.
    level : str
        ``"ordinal"``, ``"interval"`` or ``"nominal"``.

    Returns
    -------
    float
        1 = perfect agreement, 0 = no better than chance, below 0 = systematic
        disagreement; NaN when nothing can be compared (fewer than two scores on
        any argument, or a single value used throughout).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [(s, c, "q", v) for s in "abc" for c, v in [("x", 0), ("y", 2), ("z", 3)]]
    >>> s = pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"])
    >>> krippendorff_alpha(s, "q", scale=(0, 3))
    1.0
    """
    low, high = _scale(scores, debate, scale)
    counts, _ = value_counts(scores, criterion, scale=(low, high))
    return _alpha(counts, (low, high), level)


def _alpha(counts: np.ndarray, scale: tuple[int, int], level: str) -> float:
    """Alpha from a units x values table of counts (NaN when nothing is comparable)."""
    import warnings

    import krippendorff

    low, high = scale
    pairable = counts[counts.sum(axis=1) >= 2]
    if pairable.sum() < 2 or (pairable.sum(axis=0) > 0).sum() < 2:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = krippendorff.alpha(
            value_counts=pairable,
            value_domain=list(range(low, high + 1)),
            level_of_measurement=level,  # type: ignore[arg-type]  # one of the four names
        )
    return float(value)


def describe_alpha(alpha: float, criterion: str | None = None) -> str:
    """A plain-language reading of an alpha value, for students and instructors.

    Examples
    --------
    >>> describe_alpha(0.42)[:60]
    'moderate agreement (0.42): usual for judging argument qualit'
    """
    what = f"on {criterion!r}: " if criterion and criterion != ALL_CRITERIA else ""
    if alpha is None or alpha != alpha:
        return (
            f"{what}not measurable: too few students scored the same arguments, "
            "or everyone gave one and the same score"
        )
    a = f"{alpha:.2f}"
    alpha = round(alpha, 2)  # the reading matches the number shown
    if alpha < 0:
        reading = (
            f"below chance ({a}): students disagree more than random scores would; "
            "check that everyone read the criterion the same way"
        )
    elif alpha < 0.2:
        reading = (
            f"slight agreement ({a}): scores barely agree beyond chance; "
            "compare two or three justifications to find out why"
        )
    elif alpha < 0.4:
        reading = (
            f"fair agreement ({a}): below the 0.4 that expert annotators reached on argument "
            "quality in one published study; worth discussing where you split"
        )
    elif alpha < 0.667:
        reading = (
            f"moderate agreement ({a}): usual for judging argument quality - expert "
            "annotators reached about 0.4 in one published study; discuss where and why you differ"
        )
    elif alpha < 0.8:
        reading = (
            f"substantial agreement ({a}): enough for tentative conclusions "
            "(Krippendorff's guideline is 0.667)"
        )
    else:
        reading = f"high agreement ({a}): reliable by Krippendorff's guideline of 0.8"
    return what + reading


def agreement_table(
    scores: pd.DataFrame,
    debate: Debate | None = None,
    *,
    scale: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Alpha (ordinal) per criterion and over all criteria, with a reading.

    Columns: ``criterion, alpha, raters, units, scores, reading``; the last
    row is ``"all criteria"``. Criteria follow the rubric's order when a
    debate is given.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [("a", "x", "q", 1), ("b", "x", "q", 1), ("a", "y", "q", 3), ("b", "y", "q", 3)]
    >>> s = pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"])
    >>> agreement_table(s, scale=(0, 3))[["criterion", "alpha", "raters"]].values.tolist()
    [['q', 1.0, 2], ['all criteria', 1.0, 2]]
    """
    import pandas as pd

    low_high = _scale(scores, debate, scale)
    scored = _scored(scores)
    present = sorted(scored["criterion"].unique())
    if debate is not None:
        criteria = list(debate.rubric.criterion_ids)
        criteria += [c for c in present if c not in criteria]
    else:
        criteria = present
    by_criterion = dict(tuple(scored.groupby("criterion", sort=False)))
    rows = []
    for criterion in [*criteria, None]:
        frame = scored if criterion is None else by_criterion.get(criterion, scored.iloc[:0])
        counts, units = value_counts(frame, None, scale=low_high)
        alpha = _alpha(counts, low_high, "ordinal")
        name = criterion if criterion is not None else ALL_CRITERIA
        raters = int(frame["student"].nunique())
        rows.append((name, alpha, raters, len(units), len(frame), describe_alpha(alpha)))
    return pd.DataFrame(
        rows, columns=["criterion", "alpha", "raters", "units", "scores", "reading"]
    )


def score_distribution(
    scores: pd.DataFrame,
    debate: Debate | None = None,
    *,
    scale: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """How many students gave each score, per contributor x criterion.

    Columns: ``contributor, criterion, score, count, share`` (every score on
    the scale appears, with count 0 if nobody gave it).
    """
    import pandas as pd

    low, high = _scale(scores, debate, scale)
    counts, units = value_counts(scores, None, scale=(low, high))
    rows = []
    for (contributor, criterion), row in zip(units, counts, strict=False):
        total = int(row.sum())
        for j, n in enumerate(row):
            rows.append((contributor, criterion, low + j, int(n), n / total if total else math.nan))
    frame = pd.DataFrame(rows, columns=["contributor", "criterion", "score", "count", "share"])
    return _in_debate_order(frame, debate)


def _in_debate_order(frame: pd.DataFrame, debate: Debate | None) -> pd.DataFrame:
    if debate is None or frame.empty:
        return frame.reset_index(drop=True)
    c_order = {p.id: i for i, p in enumerate(debate.contributors)}
    k_order = {c: i for i, c in enumerate(debate.rubric.criterion_ids)}
    key = frame["contributor"].map(c_order).fillna(len(c_order)) * 1000 + frame["criterion"].map(
        k_order
    ).fillna(len(k_order))
    return (
        frame.assign(_k=key)
        .sort_values("_k", kind="stable")
        .drop(columns="_k")
        .reset_index(drop=True)
    )


def splits(
    scores: pd.DataFrame,
    debate: Debate | None = None,
    *,
    scale: tuple[int, int] | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """The arguments the class splits on most, most divided first.

    ``disagreement`` is the mean absolute difference between two students'
    scores of the same argument, as a share of the scale's width (0 = all
    agree, 1 = half at each end). Columns: ``contributor, criterion, n, mean,
    std, disagreement, low_share, high_share`` (shares at the scale's lowest
    and highest score).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [("a", "x", "q", 0), ("b", "x", "q", 3), ("a", "y", "q", 2), ("b", "y", "q", 2)]
    >>> s = pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"])
    >>> splits(s, scale=(0, 3))[["contributor", "disagreement"]].values.tolist()
    [['x', 1.0], ['y', 0.0]]
    """
    import numpy as np
    import pandas as pd

    low, high = _scale(scores, debate, scale)
    counts, units = value_counts(scores, None, scale=(low, high))
    values = np.arange(low, high + 1)
    width = max(high - low, 1)
    rows = []
    for (contributor, criterion), c in zip(units, counts, strict=False):
        n = int(c.sum())
        mean = float((c * values).sum() / n)
        std = float(np.sqrt((c * (values - mean) ** 2).sum() / (n - 1))) if n > 1 else math.nan
        diff = np.abs(values[:, None] - values[None, :])
        pairs = n * (n - 1)
        disagreement = float(c @ diff @ c / pairs / width) if pairs else math.nan
        rows.append((contributor, criterion, n, mean, std, disagreement, c[0] / n, c[-1] / n))
    frame = pd.DataFrame(
        rows,
        columns=[
            "contributor",
            "criterion",
            "n",
            "mean",
            "std",
            "disagreement",
            "low_share",
            "high_share",
        ],
    )
    frame = frame.sort_values(
        ["disagreement", "contributor", "criterion"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    return frame.head(top) if top else frame


def outlier_raters(
    scores: pd.DataFrame,
    *,
    threshold: float = 3.5,
    min_scores: int = 3,
) -> pd.DataFrame:
    """Students whose scores stand far from the rest of the class.

    For each score, the deviation from the mean of the *other* students on the
    same argument; per student, ``deviation`` is the mean absolute deviation
    and ``bias`` the mean signed one (negative = harsher than the class). A
    student is an ``outlier`` when the robust z-score of ``deviation``
    (``(d - median) / (1.4826 * MAD)`` over students) exceeds ``threshold``
    (3.5, Iglewicz and Hoaglin's rule for the modified z-score) and they gave
    at least ``min_scores`` scores. Sorted most unusual first.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [(s, c, "q", v if s != "z" else 3 - v) for s in "abcdefz"
    ...         for c, v in [("x", 0), ("y", 1), ("w", 3)]]
    >>> s = pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"])
    >>> out = outlier_raters(s)
    >>> out.loc[out["outlier"], "student"].tolist()
    ['z']
    """
    import numpy as np
    import pandas as pd

    frame = _scored(scores, None)[["student", "contributor", "criterion", "score"]].copy()
    frame["score"] = frame["score"].astype(float)
    grouped = frame.groupby(["contributor", "criterion"])["score"]
    total, n = grouped.transform("sum"), grouped.transform("count")
    others = (total - frame["score"]) / (n - 1).where(n > 1)
    frame["dev"] = frame["score"] - others
    frame = frame[frame["dev"].notna()]
    per = frame.groupby("student").agg(
        scores=("dev", "size"),
        deviation=("dev", lambda d: float(np.abs(d).mean())),
        bias=("dev", "mean"),
    )
    d = per["deviation"]
    median = d.median()
    spread = 1.4826 * (d - median).abs().median()
    if not spread or spread != spread:
        spread = 1.2533 * (d - median).abs().mean()
    if spread and spread == spread:
        z = (d - median) / spread
    else:
        z = pd.Series(np.where(d > median, np.inf, 0.0), index=d.index)
    per["z"] = z
    per["outlier"] = (per["z"] > threshold) & (per["scores"] >= min_scores)
    per = per.reset_index().sort_values(["z", "student"], ascending=[False, True], kind="stable")
    return per.reset_index(drop=True)[["student", "scores", "deviation", "bias", "z", "outlier"]]


def class_vs_reference(scores: pd.DataFrame, debate: Debate) -> pd.DataFrame:
    """The class's mean and median score beside the reference score.

    Columns: ``contributor, criterion, n, class_mean, class_median, reference,
    difference`` (class mean minus reference; NaN where the debate has no
    reference score).
    """
    import pandas as pd

    frame = _scored(scores, None).copy()
    frame["score"] = frame["score"].astype(float)
    table = (
        frame.groupby(["contributor", "criterion"])["score"]
        .agg(n="count", class_mean="mean", class_median="median")
        .reset_index()
    )
    ref = {(r.participant, r.criterion): r.score for r in debate.reference_scores}
    reference = [ref.get(k) for k in zip(table["contributor"], table["criterion"], strict=False)]
    table["reference"] = pd.array(
        [math.nan if r is None else float(r) for r in reference], dtype=float
    )
    table["difference"] = table["class_mean"] - table["reference"]
    return _in_debate_order(table, debate)
