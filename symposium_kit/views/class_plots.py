"""Figures of a collected class: score distributions, agreement, forecast calibration.

Each function takes ``ax=`` (a new figure when omitted), returns the Axes,
uses colour-blind-safe colours (Okabe-Ito) and labels everything a student
needs to read the figure without the code. Each has a ``describe_*`` partner
that says in one sentence what the figure shows (for alt text and for
readers who cannot see it).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..scoring.agreement import ALL_CRITERIA, EXPERT_ALPHA, _scale, score_distribution, splits
from .figure_size import FONT, WIDTH
from .palette import GREY, okabe_ito

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from ..debate.model import Debate

# A sequence from low (vermillion) to high (bluish green) that colour-blind
# readers can tell apart, plus black and blue for marks.
SCORE_COLOURS = okabe_ito(
    "vermillion", "orange", "yellow", "sky blue", "bluish green", "blue", "reddish purple"
)
BLACK, BLUE, ORANGE = okabe_ito("black", "blue", "orange")


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _label(debate: Debate | None, contributor: str) -> str:
    if debate is None:
        return contributor
    try:
        return debate.participant(contributor).label
    except (KeyError, ValueError):
        return contributor


def plot_score_distributions(
    scores: pd.DataFrame,
    debate: Debate | None = None,
    *,
    criterion: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Stacked bars: for each contributor x criterion, the share of students giving each score.

    A black diamond sits in the segment of the reference score, where the
    debate has one; thin lines separate the contributors.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> s = pd.DataFrame({"student": ["a", "b"], "contributor": ["x", "x"],
    ...                   "criterion": ["q", "q"], "score": [1, 3]})
    >>> plot_score_distributions(s).get_xlabel()
    'share of students'
    """
    import numpy as np

    low, high = _scale(scores, debate, None)
    dist = score_distribution(scores, debate, scale=(low, high))
    if criterion is not None:
        dist = dist[dist["criterion"] == criterion]
    units = list(dict.fromkeys(zip(dist["contributor"], dist["criterion"], strict=True)))
    ax = _axes(ax, (WIDTH, 0.4 * max(len(units), 3) + 1.5))
    several = len({c for _, c in units}) > 1
    labels = [f"{_label(debate, p)} - {c}" if several else _label(debate, p) for p, c in units]
    table = dist.pivot_table(
        index=["contributor", "criterion"], columns="score", values="share", aggfunc="first"
    )
    shares = table.reindex(index=units, columns=range(low, high + 1)).fillna(0.0).to_numpy()
    starts = np.hstack([np.zeros((len(units), 1)), np.cumsum(shares, axis=1)[:, :-1]])
    for j, value in enumerate(range(low, high + 1)):
        ax.barh(
            range(len(units)),
            shares[:, j],
            left=starts[:, j],
            color=SCORE_COLOURS[j % len(SCORE_COLOURS)],
            edgecolor="white",
            label=f"score {value}",
        )
    if debate is not None:
        ref = {(r.participant, r.criterion): r.score for r in debate.reference_scores}
        xs, ys = [], []
        for i, unit in enumerate(units):
            score = ref.get(unit)
            if score is not None and low <= score <= high:
                j = score - low
                xs.append(starts[i, j] + shares[i, j] / 2)
                ys.append(i)
        if xs:
            ax.plot(xs, ys, "D", color=BLACK, markersize=6, label="reference score")
    for i in range(1, len(units)):
        if units[i][0] != units[i - 1][0]:
            ax.axhline(i - 0.5, color=GREY, linewidth=0.8)
    ax.set_yticks(range(len(units)), labels)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of students")
    title = "How the class scored each argument"
    ax.set_title(title + (f" ({criterion})" if criterion else ""))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=FONT, frameon=False)
    return ax


def describe_score_distributions(scores: pd.DataFrame, debate: Debate | None = None) -> str:
    """One sentence on the distributions: the most and least agreed-on arguments."""
    table = splits(scores, debate)
    if table.empty:
        return "No scores were collected, so there is no distribution to show."
    most, least = table.iloc[0], table.iloc[-1]
    return (
        f"The class split most on {_label(debate, most['contributor'])} ({most['criterion']}, "
        f"mean {most['mean']:.1f}) and agreed most on {_label(debate, least['contributor'])} "
        f"({least['criterion']}, mean {least['mean']:.1f})."
    )


def plot_agreement(agreement: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Bars of Krippendorff's alpha per criterion (from :func:`agreement_table`), with guides.

    Dashed lines mark Krippendorff's 0.667 (tentative) and 0.8 (reliable); a
    dotted line marks about 0.4, what expert annotators reached in one published study.
    """
    ax = _axes(ax, (WIDTH, 0.5 * max(len(agreement), 3) + 1.5))
    names = list(agreement["criterion"])
    values = [0.0 if a != a else float(a) for a in agreement["alpha"]]
    colours = [ORANGE if n == ALL_CRITERIA else BLUE for n in names]
    ax.barh(range(len(names)), values, color=colours)
    for i, a in enumerate(agreement["alpha"]):
        text = "n/a" if a != a else f"{a:.2f}"
        ax.annotate(
            text, (max(values[i], 0), i), xytext=(4, 0), textcoords="offset points", va="center"
        )
    ax.axvline(
        EXPERT_ALPHA,
        color=GREY,
        linestyle=":",
        label=f"experts in one study (~{EXPERT_ALPHA})",
    )
    ax.axvline(0.667, color=BLACK, linestyle="--", linewidth=0.8, label="tentative (0.667)")
    ax.axvline(0.8, color=BLACK, linestyle="-.", linewidth=0.8, label="reliable (0.8)")
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(min(0.0, *values) - 0.05, 1.0)
    ax.set_xlabel("Krippendorff's alpha (ordinal): 1 = full agreement, 0 = chance")
    ax.set_title("How far the class agrees, per criterion")
    ax.legend(loc="lower right", fontsize=FONT)
    return ax


def describe_agreement(agreement: pd.DataFrame) -> str:
    """One sentence: overall alpha and the criteria with the highest and lowest agreement."""
    overall = agreement[agreement["criterion"] == ALL_CRITERIA]["alpha"]
    per = agreement[(agreement["criterion"] != ALL_CRITERIA) & agreement["alpha"].notna()]
    head = (
        "Agreement over all criteria could not be measured"
        if overall.empty or math.isnan(overall.iloc[0])
        else f"Agreement over all criteria is {overall.iloc[0]:.2f}"
    )
    if len(per) < 2:
        return head + "."
    best = per.loc[per["alpha"].idxmax()]
    worst = per.loc[per["alpha"].idxmin()]
    return (
        f"{head}; highest on {best['criterion']} ({best['alpha']:.2f}), "
        f"lowest on {worst['criterion']} ({worst['alpha']:.2f})."
    )


def plot_calibration(
    calibration: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str = "the class's forecasts",
    title: str = "Were the class's forecasts calibrated?",
    xlabel: str = "probability the students gave",
    empty: str = "",
) -> Axes:
    """Reliability diagram from :func:`calibration_table`: probability given vs share true.

    ``empty`` is what the figure says when it has no point to draw (default:
    "no resolved predictions yet"); for one student's forecasts, pass
    :func:`~symposium_kit.scoring.forecasts.calibration_note`, which says
    whether no forecast was given or none is resolved.

    Points on the diagonal are well calibrated; point size shows how many
    forecasts fall in the band. ``label``, ``title`` and ``xlabel`` name whose
    forecasts these are (one student's, or the contributors' words).
    """
    ax = _axes(ax, (5, 5))
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", label="perfectly calibrated")
    used = calibration[calibration["n"] > 0]
    if not used.empty:
        sizes = 30 + 170 * used["n"] / used["n"].max()
        ax.plot(used["mean_probability"], used["observed"], color=BLUE, linewidth=1)
        ax.scatter(
            used["mean_probability"],
            used["observed"],
            s=sizes,
            color=BLUE,
            zorder=3,
            label=label,
        )
    else:
        import textwrap

        note = empty or "no resolved predictions yet"
        ax.text(0.5, 0.5, textwrap.fill(note, 30), ha="center", va="center")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.06, 1.06)  # room for a marker at 0 or 1
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share that came true")
    ax.set_title(title)
    ax.legend(loc="best")  # the place that covers fewest points
    return ax


def describe_calibration(calibration: pd.DataFrame) -> str:
    """One sentence: how far the class's forecasts are from calibrated."""
    used = calibration[calibration["n"] > 0]
    if used.empty:
        return "No prediction has a recorded outcome yet, so there is no calibration to show."
    gap = float(
        (used["n"] * (used["observed"] - used["mean_probability"]).abs()).sum() / used["n"].sum()
    )
    verdict = (
        "well calibrated" if gap < 0.1 else "somewhat off" if gap < 0.25 else "poorly calibrated"
    )
    return (
        f"Over {int(used['n'].sum())} resolved forecasts the class is {verdict}: "
        f"on average {gap:.2f} between the probability given and the share that came true."
    )
