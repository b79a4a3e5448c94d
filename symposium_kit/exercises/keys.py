"""Answer keys derived from the debate's annotations (``derive:`` in an exercise file).

A derived key follows the annotations: if an annotator changes who cites an
evidence item, the key of "which contributors cite it?" changes with it.
"""

from __future__ import annotations

from typing import Any

from ..debate.model import Debate

DERIVATIONS = {
    "stance_order": "ordering: contributors by stance value, lowest first (ties grouped)",
    "stance_of:<participant>": "numeric: a contributor's stance value",
    "framing:<accepts|rejects|reframes>": "multiple_choice: contributors with that framing",
    "framing_rejecters": "multiple_choice: contributors who reject or reframe the question",
    "cited_by:<evidence id>": "multiple_choice: the contributors who cite an evidence item",
    "kind_of:<evidence id>": "single_choice: an evidence item's kind",
    "shared_evidence": "multiple_choice: evidence ids cited by two or more contributors",
    "event_order": "ordering: event ids by date (events on the same date grouped)",
    "quote_by:<participant>:<claim role>": "quote: a verbatim quote near a claim of that role",
    "with_role:<claim role>": "multiple_choice: contributors with a claim of that role",
    "word_count_max": "single_choice: the contributor who wrote the most words",
    "word_count_min": "single_choice: the contributor who wrote the fewest words",
    "predictors": "multiple_choice: contributors who make at least one prediction",
    "prediction_count:<participant>": "numeric: how many predictions a participant makes",
    "speakers": "matching: each item (a quote) to the contributor whose text holds it",
    "cited_for:<evidence id>": "matching: each contributor citing the item to the conclusion "
    "(position) they draw",
}


class UnknownDerivation(KeyError):
    """``derive:`` names no known derivation."""


def derive_key(debate: Debate, spec: str) -> tuple[Any, dict[str, Any]]:
    """The key a ``derive:`` spec gives, and extra exercise fields it sets.

    Raises
    ------
    UnknownDerivation
        When the spec's name is not in :data:`DERIVATIONS`.
    KeyError
        When it names an id the debate does not have (the message says which).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> derive_key(load_debate(), "cited_by:chip-ban-reversal")
    (('cutler', 'mann', 'roach'), {})
    """
    d = debate
    name, _, arg = spec.partition(":")
    contributors = [p.id for p in d.contributors]
    if name == "stance_order":
        stances = {pos.participant: pos.stance for pos in d.positions}
        values = sorted({stances[c] for c in contributors if c in stances})
        return tuple(tuple(c for c in contributors if stances.get(c) == v) for v in values), {}
    if name == "stance_of":
        return d.position(arg).stance, {}
    if name == "framing":
        if arg not in ("accepts", "rejects", "reframes"):
            raise KeyError(f"framing {arg!r}; use accepts, rejects or reframes")
        return tuple(sorted(p.participant for p in d.positions if p.framing == arg)), {}
    if name == "framing_rejecters":
        return tuple(sorted(p.participant for p in d.positions if p.framing != "accepts")), {}
    if name == "cited_by":
        ev = d.evidence_item(arg)
        return tuple(sorted(p for p in ev.participants if p in contributors)), {}
    if name == "kind_of":
        return d.evidence_item(arg).kind, {}
    if name == "shared_evidence":
        shared = [
            e.id for e in d.evidence if len([p for p in e.participants if p in contributors]) >= 2
        ]
        return tuple(sorted(shared)), {}
    if name == "event_order":
        keys = sorted({e.sort_key for e in d.events})
        return tuple(tuple(e.id for e in d.events if e.sort_key == k) for k in keys), {}
    if name == "quote_by":
        who, _, role = arg.partition(":")
        fields = {"participant": d.participant(who).id, "role": role or "concession"}
        if not d.claims_by(who, fields["role"]):
            raise KeyError(f"{who} has no claim with role {fields['role']!r}")
        return None, fields
    if name == "with_role":
        found = {c.participant for c in d.claims if c.role == arg} & set(contributors)
        return tuple(sorted(found)), {}
    if name in ("word_count_max", "word_count_min"):
        counts = {p.id: p.word_count for p in d.contributors}
        best = (max if name.endswith("max") else min)(counts.values())
        return sorted(c for c, n in counts.items() if n == best)[0], {}
    if name == "predictors":
        return tuple(sorted({p.participant for p in d.predictions} & set(contributors))), {}
    if name == "prediction_count":
        return len(d.predictions_by(arg)), {}
    if name == "cited_for":
        ev = d.evidence_item(arg)
        items, key = [], {}
        for pid in ev.participants:
            if pid not in contributors:
                continue
            cit = next(c for c in ev.citations if c.participant == pid)
            label = d.participant(pid).label
            items.append((label, cit.anchor.quote))
            key[label] = conclusion(d, pid)
        if len(key) < 2:
            raise KeyError(f"{arg!r} is cited by fewer than two contributors")
        options = tuple(dict.fromkeys(conclusion(d, p.participant) for p in d.positions))
        return key, {"items": tuple(items), "options": options}
    if name == "speakers":
        return "speakers", {}  # resolved from the exercise's items by the exercise reader
    raise UnknownDerivation(spec)


def speaker(debate: Debate, quote: str) -> str | None:
    """The participant whose text holds ``quote`` verbatim, or None."""
    at = debate.source.text.find(quote.strip())
    return None if at < 0 else debate.participant_at(at)


def conclusion(debate: Debate, participant: str) -> str:
    """A contributor's answer to the question, in a few words (their position's ``answer``)."""
    pos = debate.position(participant)
    return pos.answer or debate.stance_label(pos.stance)
