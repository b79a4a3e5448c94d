"""The debate's records as pandas DataFrames (pandas is imported on first use)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .model import Debate

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _participants(d: Debate) -> list[dict]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "role": p.role,
            "paragraphs": len(p.paragraphs),
            "words": p.word_count,
        }
        for p in d.participants
    ]


def _paragraphs(d: Debate) -> list[dict]:
    return [
        {
            "participant": p.id,
            "paragraph": para.index + 1,
            "start": para.start,
            "end": para.end,
            "words": len(para.text.split()),
            "text": para.text,
        }
        for p in d.participants
        for para in p.paragraphs
    ]


def _positions(d: Debate) -> list[dict]:
    rows = [
        {
            "participant": pos.participant,
            "stance": pos.stance,
            "label": d.stance_label(pos.stance),
            "framing": pos.framing,
            "answer": pos.answer,
            "summary": pos.summary,
            "quote": pos.quotes[0].quote,
        }
        for pos in d.positions
    ]
    return sorted(rows, key=lambda r: (r["stance"], r["participant"]))


def _claims(d: Debate) -> list[dict]:
    return [
        {
            "id": c.id,
            "participant": c.participant,
            "role": c.role,
            "text": c.text,
            "quote": c.anchor.quote,
            "start": c.anchor.start,
            "end": c.anchor.end,
            "supports": ", ".join(c.supports),
            "attacks": ", ".join(c.attacks),
            "evidence": ", ".join(c.evidence),
        }
        for c in d.claims
    ]


def _evidence(d: Debate) -> list[dict]:
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "summary": e.summary,
            "date": e.date,
            "cited_by": ", ".join(e.participants),
            "n_participants": len(e.participants),
        }
        for e in d.evidence
    ]


def _citations(d: Debate) -> list[dict]:
    return [
        {
            "evidence": e.id,
            "kind": e.kind,
            "participant": c.participant,
            "quote": c.anchor.quote,
            "use": c.use,
            "supports": ", ".join(c.supports),
            "start": c.anchor.start,
            "end": c.anchor.end,
        }
        for e in d.evidence
        for c in e.citations
    ]


def _predictions(d: Debate) -> list[dict]:
    return [
        {
            "id": p.id,
            "participant": p.participant,
            "quote": p.anchor.quote,
            "statement": p.statement,
            "horizon": p.horizon,
            "hedge": p.hedge,
            "outcome": p.resolution.outcome,
            "source": p.resolution.source,
        }
        for p in d.predictions
    ]


def _events(d: Debate) -> list[dict]:
    return [
        {
            "id": e.id,
            "date": e.date,
            "sort_key": e.sort_key,
            "description": e.description,
            "evidence": ", ".join(e.evidence),
        }
        for e in d.events_in_order()
    ]


def _reference_scores(d: Debate) -> list[dict]:
    return [
        {
            "participant": r.participant,
            "criterion": r.criterion,
            "score": r.score,
            "rationale": r.rationale,
        }
        for r in d.reference_scores
    ]


def _rubric(d: Debate) -> list[dict]:
    return [
        {"criterion": c.id, "name": c.name, "score": s, "descriptor": text}
        for c in d.rubric.criteria
        for s, text in c.levels
    ]


TABLES: dict[str, Callable[[Debate], list[dict]]] = {
    "participants": _participants,
    "paragraphs": _paragraphs,
    "positions": _positions,
    "claims": _claims,
    "evidence": _evidence,
    "citations": _citations,
    "predictions": _predictions,
    "events": _events,
    "reference_scores": _reference_scores,
    "rubric": _rubric,
}


# The columns of each table, so that an empty table still has them.
COLUMNS: dict[str, list[str]] = {
    "participants": ["id", "name", "role", "paragraphs", "words"],
    "paragraphs": ["participant", "paragraph", "start", "end", "words", "text"],
    "positions": ["participant", "stance", "label", "framing", "answer", "summary", "quote"],
    "claims": [
        "id", "participant", "role", "text", "quote", "start", "end", "supports", "attacks", "evidence",
    ],
    "evidence": ["id", "kind", "summary", "date", "cited_by", "n_participants"],
    "citations": ["evidence", "kind", "participant", "quote", "use", "supports", "start", "end"],
    "predictions": ["id", "participant", "quote", "statement", "horizon", "hedge", "outcome", "source"],
    "events": ["id", "date", "sort_key", "description", "evidence"],
    "reference_scores": ["participant", "criterion", "score", "rationale"],
    "rubric": ["criterion", "name", "score", "descriptor"],
}  # fmt: skip


def to_frame(debate: Debate, table: str) -> pd.DataFrame:
    """One of the debate's tables as a DataFrame.

    Parameters
    ----------
    debate
        A loaded debate.
    table
        One of ``participants``, ``paragraphs``, ``positions``, ``claims``,
        ``evidence``, ``citations``, ``predictions``, ``events``,
        ``reference_scores``, ``rubric``.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> to_frame(load_debate(), "participants")["id"].tolist()
    ['editors', 'mcgregor', 'cutler', 'hass', 'mann', 'roach']
    """
    import pandas as pd

    if table not in TABLES:
        raise KeyError(f"no table {table!r}; choose one of: {', '.join(TABLES)}")
    return pd.DataFrame(TABLES[table](debate), columns=COLUMNS[table])
