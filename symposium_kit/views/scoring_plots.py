"""Figures of a score sheet: a profile per contributor, yours beside the reference.

matplotlib is imported inside the functions that draw. Colours are from the
Okabe–Ito palette, and your scores and the reference also differ in marker
shape, so the figure reads without colour.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..scoring.reference import reference_score, reference_unlocked
from ..work.scoresheet import ScoreSheet
from .figure_size import FONT, TITLE, WIDTH
from .palette import FAINT_GREY, GREY, LIGHT_GREY, okabe_ito

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

YOURS_COLOUR, REFERENCE_COLOUR = okabe_ito("blue", "vermillion")
GAP_COLOUR = GREY
CANNOT_JUDGE_X = -1.0
#: Profiles side by side in one row of :func:`plot_profiles`: three fit the notebook's width.
PROFILES_PER_ROW = 3


def _profile_points(sheet: ScoreSheet, contributor: str) -> list[dict[str, Any]]:
    """Per criterion: your score and the reference (None: not scored / cannot judge)."""
    pid = sheet.contributor(contributor).id
    rows = []
    for cid in sheet.criteria:
        cell = sheet.get(pid, cid)
        ref = reference_score(sheet.debate, pid, cid)
        rows.append(
            {
                "criterion": cid,
                "name": sheet.criterion(cid).name,
                "holistic": sheet.criterion(cid).holistic,
                "scored": cell is not None,
                "yours": cell["score"] if cell else None,
                "has_reference": ref is not None,
                "reference": ref.score if ref else None,
            }
        )
    return rows


def _x(score: int | None) -> float:
    return CANNOT_JUDGE_X if score is None else float(score)


def plot_profile(
    sheet: ScoreSheet, contributor: str, ax: Axes | None = None, reference: bool = True
) -> Axes:
    """Your scores of one contributor on every criterion, beside the reference.

    Criteria run down the vertical axis in the rubric's order (the holistic
    overall score last, below a dashed line: it is not the sum of the others);
    scores run along the horizontal axis, with "cannot judge" at the left.
    Your scores are blue dots, the reference hollow vermillion diamonds, and
    a grey line joins them where they differ. Cells you have not scored have
    no dot.

    Parameters
    ----------
    sheet
        The score sheet.
    contributor
        Id or name of the contributor.
    ax
        The Axes to draw on; None makes a new figure.
    reference
        False shows your scores only. Even when True, the reference appears
        only once your sheet for this contributor is complete
        (:func:`~symposium_kit.scoring.reference.reference_unlocked`): rate
        independently first.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from symposium_kit import load_debate
    >>> sheet = ScoreSheet(load_debate())
    >>> sheet.set("cutler", "overall", 3)
    >>> plot_profile(sheet, "cutler").get_title()
    'Cutler: your scores (the reference once all 9 are scored)'
    >>> for c in sheet.criteria:
    ...     sheet.set("cutler", c, 3)
    >>> plot_profile(sheet, "cutler").get_title()
    'Cutler: your scores and the reference'
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(
            figsize=(WIDTH, 0.45 * len(sheet.criteria) + 1.6), layout="constrained"
        )
    p = sheet.contributor(contributor)
    locked = reference and not reference_unlocked(sheet, p.id)
    reference = reference and not locked
    rows = _profile_points(sheet, p.id)
    ys = list(range(len(rows)))[::-1]
    yours_x, yours_y, ref_x, ref_y = [], [], [], []
    for y, row in zip(ys, rows, strict=True):
        if reference and row["has_reference"]:
            ref_x.append(_x(row["reference"]))
            ref_y.append(y)
        if row["scored"]:
            yours_x.append(_x(row["yours"]))
            yours_y.append(y)
            if reference and row["has_reference"] and row["yours"] != row["reference"]:
                ax.plot(
                    [_x(row["yours"]), _x(row["reference"])],
                    [y, y],
                    color=GAP_COLOUR,
                    linewidth=2,
                    zorder=1,
                )
    if reference:
        ax.scatter(
            ref_x,
            ref_y,
            s=160,
            marker="D",
            facecolors="white",
            edgecolors=REFERENCE_COLOUR,
            linewidths=2,
            label="reference",
            zorder=2,
        )
    ax.scatter(yours_x, yours_y, s=60, marker="o", color=YOURS_COLOUR, label="your score", zorder=3)
    holistic = [y for y, row in zip(ys, rows, strict=True) if row["holistic"]]
    if holistic and len(holistic) < len(rows):
        ax.axhline(max(holistic) + 0.5, color=GAP_COLOUR, linestyle="--", linewidth=1)
    lo, hi = sheet.debate.rubric.min_score, sheet.debate.rubric.max_score
    ax.set_xticks([CANNOT_JUDGE_X, *range(lo, hi + 1)])
    ax.set_xticklabels(
        [sheet.debate.rubric.cannot_judge.replace(" ", "\n"), *map(str, range(lo, hi + 1))]
    )
    ax.axvline((CANNOT_JUDGE_X + lo) / 2, color=LIGHT_GREY, linewidth=1)
    ax.set_xlim(CANNOT_JUDGE_X - 0.5, hi + 0.5)
    ax.set_yticks(ys)
    ax.set_yticklabels([row["name"] for row in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="x", color=FAINT_GREY)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"score ({lo}–{hi})")
    ax.set_ylabel("criterion")
    ax.set_title(
        f"{p.label}: your scores and the reference"
        if reference
        else f"{p.label}: your scores"
        + (f" (the reference once all {len(rows)} are scored)" if locked else "")
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=FONT, frameon=False)
    return ax


def plot_profiles(
    sheet: ScoreSheet,
    contributors: Sequence[str] | None = None,
    axes: Sequence[Axes] | None = None,
    reference: bool = True,
) -> list[Axes]:
    """One profile panel per contributor (see :func:`plot_profile`), three to a row.

    A new figure is as wide as the notebook shows it (:data:`WIDTH`), with
    :data:`PROFILES_PER_ROW` panels to a row and one legend below them all.

    Parameters
    ----------
    contributors
        Ids or names; None draws every contributor.
    axes
        One Axes per contributor; None makes a new figure.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from symposium_kit import load_debate
    >>> len(plot_profiles(ScoreSheet(load_debate())))
    5
    """
    import matplotlib.pyplot as plt

    ids = [sheet.contributor(c).id for c in (contributors or sheet.contributors)]
    made = axes is None
    if axes is None:
        n = len(ids)
        cols = min(n, PROFILES_PER_ROW)
        rows = -(-n // cols)
        fig, grid = plt.subplots(
            rows,
            cols,
            figsize=(WIDTH, rows * (0.4 * len(sheet.criteria) + 1.5) + 0.9),
            sharey=True,
            squeeze=False,
            layout="constrained",
        )
        cells = [ax for row in grid for ax in row]
        for spare in cells[n:]:
            spare.remove()
        axes = cells[:n]
        fig.suptitle(
            "Your scores beside the reference, per contributor" if reference else "Your scores",
            fontsize=TITLE,
        )
    if len(axes) != len(ids):
        raise ValueError(f"axes: expected {len(ids)} Axes, one per contributor, got {len(axes)}")
    cols = min(len(ids), PROFILES_PER_ROW) if made else len(ids)
    handles: dict[str, Any] = {}
    for i, (pid, ax) in enumerate(zip(ids, axes, strict=True)):
        plot_profile(sheet, pid, ax=ax, reference=reference)
        shown = reference and reference_unlocked(sheet, pid)
        ax.set_title(
            sheet.contributor(pid).label
            + ("" if shown or not reference else "\n(reference hidden)")
        )
        if i % cols:
            ax.set_ylabel("")
            ax.tick_params(axis="y", labelleft=False)
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
        legend = ax.get_legend()
        if legend is not None and (made or i < len(ids) - 1):
            legend.remove()
    if made and axes:  # long criterion names on two lines (the y axis is shared)
        names = [textwrap.fill(sheet.criterion(c).name, 18) for c in sheet.criteria]
        axes[0].set_yticks(range(len(names))[::-1], names)
    if made and handles:
        axes[0].figure.legend(
            list(handles.values()),
            list(handles),
            loc="outside lower center",
            ncol=len(handles),
            fontsize=FONT,
            frameon=False,
        )
    return list(axes)


def describe_profile(sheet: ScoreSheet, contributor: str) -> str:
    """One sentence that says what the profile figure shows (for screen readers).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> describe_profile(ScoreSheet(load_debate()), "hass")
    'Profile of Hass: you have not scored any criterion yet.'
    """
    p = sheet.contributor(contributor)
    rows = _profile_points(sheet, p.id)
    scored = [r for r in rows if r["scored"]]
    if not scored:
        return f"Profile of {p.label}: you have not scored any criterion yet."
    if not reference_unlocked(sheet, p.id):
        return (
            f"Profile of {p.label}: you scored {len(scored)} of {len(rows)} criteria; the "
            "reference appears once you have scored them all."
        )
    both = [r for r in scored if r["has_reference"]]
    same = sum(r["yours"] == r["reference"] for r in both)
    numeric = [r for r in both if r["yours"] is not None and r["reference"] is not None]
    higher = sum(r["yours"] > r["reference"] for r in numeric)
    lower = sum(r["yours"] < r["reference"] for r in numeric)
    text = f"Profile of {p.label}: you scored {len(scored)} of {len(rows)} criteria"
    if not both:
        return text + "; there is no reference score to compare with."
    text += (
        f"; you agree with the reference on {same}, score higher on {higher} and lower on {lower}"
    )
    other = len(both) - same - higher - lower
    if other:
        text += f", and differ on {other} where one of you chose cannot judge"
    if numeric:
        gap = max(numeric, key=lambda r: abs(r["yours"] - r["reference"]))
        if gap["yours"] != gap["reference"]:
            text += (
                f"; the largest gap is on {gap['name']} (you {gap['yours']}, "
                f"reference {gap['reference']})"
            )
    return text + "."
