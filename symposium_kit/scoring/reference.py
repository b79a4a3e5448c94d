"""Compare a student's score sheet with the reference scores.

The reference scores are the annotators' reasoned scores, each with a
rationale and quotes from the text. They are a reference for discussion, not
an answer key: where a student differs most, the comparison shows the
reference rationale and its quotes in context so the student can weigh the
two readings.

pandas is imported inside the functions that build tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..debate.model import Anchor, Debate, ReferenceScore
from ..work.scoresheet import ScoreSheet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def reference_score(debate: Debate, contributor: str, criterion: str) -> ReferenceScore | None:
    """The reference score of one contributor on one criterion (None if there is none).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> reference_score(load_debate(), "mcgregor", "no-such-criterion") is None
    True
    """
    pid = debate.participant(contributor).id
    for r in debate.reference_scores:
        if r.participant == pid and r.criterion == criterion:
            return r
    return None


def _fmt(score: int | None, scored: bool = True) -> str:
    if not scored:
        return "not scored"
    return "cannot judge" if score is None else str(score)


def compare_with_reference(sheet: ScoreSheet) -> pd.DataFrame:
    """One row per contributor and criterion: your score, the reference, the difference.

    Columns: ``contributor`` (id), ``name``, ``criterion`` (id),
    ``criterion_name``, ``yours`` and ``reference`` (nullable integers;
    missing when not scored or "cannot judge"), ``your_status`` and
    ``reference_status`` (``scored``, ``cannot judge``, ``not scored``,
    ``no reference``), ``difference`` (yours minus reference, only when both
    are scores) and ``holistic``.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> sheet = ScoreSheet(load_debate())
    >>> sheet.set("mann", "overall", 1)
    >>> table = compare_with_reference(sheet)
    >>> row = table.query("contributor == 'mann' and criterion == 'overall'")
    >>> row["yours"].tolist()
    [1]
    """
    import pandas as pd

    rows = []
    for pid, cid in sheet.cells:
        crit = sheet.criterion(cid)
        cell = sheet.get(pid, cid)
        ref = reference_score(sheet.debate, pid, cid)
        yours = cell["score"] if cell else None
        theirs = ref.score if ref else None
        rows.append(
            {
                "contributor": pid,
                "name": sheet.contributor(pid).label,
                "criterion": cid,
                "criterion_name": crit.name,
                "yours": yours,
                "reference": theirs,
                "your_status": "not scored"
                if cell is None
                else ("cannot judge" if yours is None else "scored"),
                "reference_status": "no reference"
                if ref is None
                else ("cannot judge" if theirs is None else "scored"),
                "difference": yours - theirs if yours is not None and theirs is not None else None,
                "holistic": crit.holistic,
            }
        )
    frame = pd.DataFrame(rows)
    for col in ("yours", "reference", "difference"):
        frame[col] = frame[col].astype("Int64")
    return frame


def criterion_differences(sheet: ScoreSheet) -> pd.DataFrame:
    """Per criterion: how far your scores are from the reference, over the contributors.

    Columns: ``criterion``, ``criterion_name``, ``compared`` (contributors
    with both a score and a reference score), ``mean_difference`` (yours
    minus reference: above 0, you score more generously), ``mean_abs_difference``,
    ``exact_agreement`` (share of contributors with the same score) and
    ``cannot_judge`` (cells where you or the reference chose it). Rows follow
    the rubric's order.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> table = criterion_differences(ScoreSheet(load_debate()))
    >>> int(table["compared"].sum())
    0
    """
    import pandas as pd

    frame = compare_with_reference(sheet)
    out = []
    for cid in sheet.criteria:
        part = frame[frame["criterion"] == cid]
        both = part.dropna(subset=["difference"])
        diff = both["difference"].astype(float)
        out.append(
            {
                "criterion": cid,
                "criterion_name": sheet.criterion(cid).name,
                "compared": len(both),
                "mean_difference": round(diff.mean(), 2) if len(both) else float("nan"),
                "mean_abs_difference": round(diff.abs().mean(), 2) if len(both) else float("nan"),
                "exact_agreement": round(float((diff == 0).mean()), 2)
                if len(both)
                else float("nan"),
                "cannot_judge": int(
                    (
                        (part["your_status"] == "cannot judge")
                        | (part["reference_status"] == "cannot judge")
                    ).sum()
                ),
            }
        )
    return pd.DataFrame(out)


@dataclass(frozen=True)
class Divergence:
    """A cell where your score and the reference differ, with the reference's reasons."""

    contributor: str
    criterion: str
    yours: int | None
    reference: int | None
    difference: int | None
    rationale: str
    quotes: tuple[str, ...]
    justification: str = ""
    contributor_id: str = ""
    criterion_id: str = ""

    def text(self) -> str:
        """The divergence as a few lines a student can read."""
        lines = [
            f"{self.contributor} on {self.criterion}: "
            f"you {_fmt(self.yours)}, reference {_fmt(self.reference)}",
        ]
        if self.justification:
            lines.append(f"  your reason: {self.justification}")
        lines.append(f"  reference: {self.rationale}")
        lines += [f"    > {q}" for q in self.quotes]
        return "\n".join(lines)


def largest_divergences(sheet: ScoreSheet, n: int = 5, neighbours: int = 0) -> list[Divergence]:
    """The ``n`` scored cells where you differ most from the reference.

    Largest absolute difference first (ties in the sheet's order). A cell you
    scored while the reference says "cannot judge", or the reverse, counts
    as a difference of 1 (a different reading, not a different score).
    Quotes are given in context (the sentence, the quote marked with »«;
    ``neighbours`` adds sentences on each side).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> largest_divergences(ScoreSheet(load_debate()))
    []
    """
    found = []
    for i, (pid, cid) in enumerate(sheet.cells):
        cell = sheet.get(pid, cid)
        ref = reference_score(sheet.debate, pid, cid)
        if cell is None or ref is None:
            continue
        yours, theirs = cell["score"], ref.score
        if yours is not None and theirs is not None:
            gap, diff = abs(yours - theirs), yours - theirs
        elif (yours is None) != (theirs is None):
            gap, diff = 1, None
        else:
            continue
        if gap == 0:
            continue
        found.append((-gap, i, pid, cid, yours, theirs, diff, ref, cell["justification"]))
    found.sort(key=lambda t: (t[0], t[1]))
    out = []
    for _, _, pid, cid, yours, theirs, diff, ref, why in found[:n]:
        out.append(
            Divergence(
                contributor=sheet.contributor(pid).label,
                criterion=sheet.criterion(cid).name,
                yours=yours,
                reference=theirs,
                difference=diff,
                rationale=ref.rationale,
                quotes=tuple(_in_context(sheet.debate, a, neighbours) for a in ref.quotes),
                justification=why,
                contributor_id=pid,
                criterion_id=cid,
            )
        )
    return out


def _in_context(debate: Debate, anchor: Anchor, neighbours: int) -> str:
    return debate.in_context(anchor, neighbours=neighbours)


def describe_divergences(sheet: ScoreSheet, n: int = 3) -> str:
    """The largest divergences as text, with the reference rationale and quotes in context.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> describe_divergences(ScoreSheet(load_debate()))
    'No differences from the reference among the cells you have scored.'
    """
    found = largest_divergences(sheet, n=n)
    if not found:
        return "No differences from the reference among the cells you have scored."
    return "\n\n".join(d.text() for d in found)


def holistic_summary(sheet: ScoreSheet) -> pd.DataFrame:
    """Your holistic (overall) score of each contributor beside the reference.

    The holistic score is a judgement of its own, not the sum of the
    criteria; the column ``criteria_mean`` (your mean over the other
    criteria) is shown only so that you can see where the two differ.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> list(holistic_summary(ScoreSheet(load_debate())).columns)
    ['contributor', 'name', 'yours', 'reference', 'difference', 'criteria_mean']
    """
    import pandas as pd

    holistic = [c.id for c in sheet.debate.rubric.criteria if c.holistic]
    analytic = [c for c in sheet.criteria if c not in holistic]
    frame = compare_with_reference(sheet)
    rows = []
    for pid in sheet.contributors:
        part = frame[frame["contributor"] == pid]
        overall = part[part["criterion"].isin(holistic)].head(1)
        others = part[part["criterion"].isin(analytic)]["yours"].dropna().astype(float)
        rows.append(
            {
                "contributor": pid,
                "name": sheet.contributor(pid).label,
                "yours": overall["yours"].iloc[0] if len(overall) else pd.NA,
                "reference": overall["reference"].iloc[0] if len(overall) else pd.NA,
                "difference": overall["difference"].iloc[0] if len(overall) else pd.NA,
                "criteria_mean": round(others.mean(), 2) if len(others) else float("nan"),
            }
        )
    out = pd.DataFrame(rows)
    for col in ("yours", "reference", "difference"):
        out[col] = out[col].astype("Int64")
    return out


def summarize_holistic(sheet: ScoreSheet) -> str:
    """One or two sentences on your holistic scores against the reference.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> summarize_holistic(ScoreSheet(load_debate()))
    'You have not given an overall score yet.'
    """
    table = holistic_summary(sheet).dropna(subset=["yours"])
    if table.empty:
        return "You have not given an overall score yet."
    compared = table.dropna(subset=["difference"])
    same = int((compared["difference"] == 0).sum())
    parts = [f"You gave an overall score to {len(table)} of {len(sheet.contributors)} contributors"]
    if len(compared):
        parts.append(f"and agree with the reference on {same} of {len(compared)}")
        higher = compared[compared["difference"] > 0]["name"].tolist()
        lower = compared[compared["difference"] < 0]["name"].tolist()
        extra = []
        if higher:
            extra.append(f"higher than the reference for {', '.join(higher)}")
        if lower:
            extra.append(f"lower for {', '.join(lower)}")
        if extra:
            return " ".join(parts) + "; you score " + " and ".join(extra) + "."
    return " ".join(parts) + "."


# -- independent rating: the reference only after your own scores ------------------


def reference_unlocked(sheet: ScoreSheet, contributor: str) -> bool:
    """Whether the reference scores of a contributor may be shown: your sheet for them is complete.

    The same gate as the class results (:func:`~symposium_kit.work.scoresheet.require_complete`),
    per contributor: rate independently first, then compare.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> sheet = ScoreSheet(load_debate())
    >>> reference_unlocked(sheet, "hass")
    False
    >>> for c in sheet.criteria:
    ...     sheet.set("hass", c, 2)
    >>> reference_unlocked(sheet, "hass")
    True
    """
    pid = sheet.contributor(contributor).id
    return all(sheet.is_scored(pid, cid) for cid in sheet.criteria)


def still_to_score(sheet: ScoreSheet, contributor: str) -> str:
    """What is left before a contributor's reference scores appear ('' when nothing).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> print(still_to_score(ScoreSheet(load_debate()), "hass"))  # doctest: +ELLIPSIS
    Hass: the reference scores appear once you have scored all 9 criteria; 9 still to score (Claim and position, ...).
    """
    p = sheet.contributor(contributor)
    left = [sheet.criterion(c).name for c in sheet.criteria if not sheet.is_scored(p.id, c)]
    if not left:
        return ""
    names = ", ".join(left[:3]) + (", ..." if len(left) > 3 else "")
    return (
        f"{p.label}: the reference scores appear once you have scored all "
        f"{len(sheet.criteria)} criteria; {len(left)} still to score ({names})."
    )


class StillHidden:
    """What a notebook shows in place of reference scores that are not unlocked yet."""

    def __init__(self, message: str):
        self.message = message

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return "**Reference hidden for now.** " + self.message.replace("\n", "\n\n")


def reference_table(
    sheet: ScoreSheet, contributor: str | None = None
) -> pd.DataFrame | StillHidden:
    """The reference scores (rows: contributors; columns: criteria), for contributors you have scored.

    Only contributors whose sheet is complete (:func:`reference_unlocked`) are
    shown. When none of those asked for is unlocked, the result says what is
    left to score instead of showing any reference score.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> sheet = ScoreSheet(load_debate())
    >>> print(reference_table(sheet, "Mann"))  # doctest: +ELLIPSIS
    Mann: the reference scores appear once you have scored all 9 criteria; ...
    >>> for c in sheet.criteria:
    ...     sheet.set("mann", c, 3)
    >>> reference_table(sheet).index.tolist()
    ['mann']
    """
    import pandas as pd

    asked = [sheet.contributor(contributor).id] if contributor else list(sheet.contributors)
    shown = [pid for pid in asked if reference_unlocked(sheet, pid)]
    waiting = [still_to_score(sheet, pid) for pid in asked if pid not in shown]
    if not shown:
        return StillHidden("\n".join(waiting))
    rows = {
        pid: {
            cid: (ref.score if (ref := reference_score(sheet.debate, pid, cid)) else None)
            for cid in sheet.criteria
        }
        for pid in shown
    }
    frame = pd.DataFrame.from_dict(rows, orient="index").astype("Int64")
    frame.index.name, frame.columns.name = "participant", "criterion"
    return frame


def explain_reference(sheet: ScoreSheet, contributor: str, criterion: str) -> StillHidden:
    """One reference score with its rationale and quotes in context, once unlocked.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> print(explain_reference(ScoreSheet(load_debate()), "hass", "claim"))  # doctest: +ELLIPSIS
    Hass: the reference scores appear once ...
    """
    if not reference_unlocked(sheet, contributor):
        return StillHidden(still_to_score(sheet, contributor))
    p, crit = sheet.contributor(contributor), sheet.criterion(criterion)
    ref = reference_score(sheet.debate, p.id, crit.id)
    if ref is None:
        return StillHidden(f"There is no reference score of {p.label} on {crit.name!r}.")
    shown = _fmt(ref.score)
    lines = [f"Reference score of {p.label} on {crit.name}: {shown}. {ref.rationale}"]
    lines += [
        f"  {sheet.debate.in_context(q).replace('»', '“').replace('«', '”')}" for q in ref.quotes
    ]
    return StillHidden("\n".join(lines))
