"""Two kernels, one score sheet: a change is merged field by field with what is on disk.

A sheet saves only the cells it changed, under the work file's lock. For each
such cell, the fields this change did not touch (its score, or its
justification) are taken from the file as it is at that moment, so that work
saved meanwhile by another kernel on the same file is kept; the field this
change touched wins (the later write). The cells that another kernel had
changed are named, so the student can be told.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .formats import SCORE_DRAFTS

Cell = tuple[str, str]
Fields = set[str]  # the fields of a cell that a change touched: "score", "justification"


def disk_cell(work: Mapping[str, Any], key: Cell) -> tuple[bool, Any, str]:
    """A cell as the file has it: (scored?, score, justification or draft).

    Examples
    --------
    >>> disk_cell({"scores": {"mann": {"overall": {"score": 3, "justification": "ok"}}}},
    ...           ("mann", "overall"))
    (True, 3, 'ok')
    >>> disk_cell({"score_drafts": {"mann": {"overall": "typed first"}}}, ("mann", "overall"))
    (False, None, 'typed first')
    """
    p, c = key
    entry = (work.get("scores", {}).get(p) or {}).get(c)
    draft = (work.get(SCORE_DRAFTS, {}).get(p) or {}).get(c)
    if isinstance(entry, Mapping) and "score" in entry:
        why = entry.get("justification")
        return True, entry["score"], why if isinstance(why, str) else ""
    if entry is not None and not isinstance(entry, Mapping):
        return True, entry, draft if isinstance(draft, str) else ""
    return False, None, draft if isinstance(draft, str) else ""


def merge_from_disk(
    work: Mapping[str, Any],
    fields: Mapping[Cell, Fields],
    scores: dict[Cell, dict[str, Any]],
    drafts: dict[Cell, str],
    check_score: Callable[[Any, str, str], int | None],
) -> list[str]:
    """Update ``scores`` and ``drafts`` (the sheet in memory) with the untouched fields on disk.

    Returns the fields that another kernel had changed, as ``"who/criterion field"``.

    Examples
    --------
    >>> scores, drafts = {}, {("mann", "overall"): "mine"}
    >>> work = {"scores": {"mann": {"overall": {"score": 3, "justification": "theirs"}}}}
    >>> merge_from_disk(work, {("mann", "overall"): {"justification"}}, scores, drafts,
    ...                 lambda s, who, what: s)
    ['mann/overall score']
    >>> scores, drafts
    ({('mann', 'overall'): {'score': 3, 'justification': 'mine'}}, {})
    """
    changed_elsewhere = []
    for key, touched in fields.items():
        scored, score, why = disk_cell(work, key)
        mine = scores.get(key)
        if "score" not in touched and scored:
            try:
                value = check_score(score, *key)
            except ValueError:
                continue
            if mine is None or mine["score"] != value:
                changed_elsewhere.append(f"{key[0]}/{key[1]} score")
            text = mine["justification"] if mine and "justification" in touched else why
            if mine is None and "justification" in touched:
                text = drafts.pop(key, "")
            scores[key] = {"score": value, "justification": text}
            drafts.pop(key, None)
        if "justification" not in touched and why:
            current = mine["justification"] if mine else drafts.get(key, "")
            if current != why:
                changed_elsewhere.append(f"{key[0]}/{key[1]} justification")
                if key in scores:
                    scores[key]["justification"] = why
                else:
                    drafts[key] = why
    return changed_elsewhere
