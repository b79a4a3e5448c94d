"""The debate as immutable, typed records.

This module knows nothing of files: :mod:`symposium_kit.debate.load` builds a
:class:`Debate` from a debate folder, and everything else reads it.
Offsets are code points into :attr:`Source.text`, half-open (``start`` is the
first character of a quote, ``end`` the one after its last).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["editors", "contributor"]
Framing = Literal["accepts", "rejects", "reframes"]

# A sentence ends at . ? or ! (perhaps inside a closing quote) before a capital;
# a comma inside a closing quote (“…,” he wrote) does not end one.
_SENTENCE_END = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][”’\"']))\s+(?=[A-Z“‘\"'])")


@dataclass(frozen=True)
class Source:
    """The verbatim text of a debate and where it comes from."""

    text: str
    title: str
    publisher: str
    url: str
    year: int | None  # None (and "" for publisher, url) when debate.yaml does not say
    series: str = ""
    note: str = ""

    @property
    def attribution(self) -> str:
        """One line that credits the source, e.g. for a notebook's footer.

        Examples
        --------
        >>> Source("t", "A Title", "Pub", "https://x.org", 2025, "Pub Talks").attribution
        'Pub Talks, “A Title” (Pub, 2025), https://x.org'
        """
        series = self.series or self.publisher
        made = ", ".join(str(x) for x in (self.publisher, self.year) if x)
        parts = [series, f"“{self.title}”" + (f" ({made})" if made else ""), self.url]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Anchor:
    """An exact quote of one participant, with its place in the source."""

    participant: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a participant's section."""

    participant: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Participant:
    """The editors or one contributor."""

    id: str
    name: str
    role: Role
    paragraphs: tuple[Paragraph, ...]
    short_name: str = ""
    affiliation: str = ""

    @property
    def label(self) -> str:
        """The name to show in a figure or table (short name if given)."""
        return self.short_name or self.name

    @property
    def word_count(self) -> int:
        """How many words the participant wrote."""
        return sum(len(p.text.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class StanceLevel:
    value: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class Position:
    """A contributor's answer to the editors' question."""

    participant: str
    stance: int
    framing: Framing
    summary: str
    quotes: tuple[Anchor, ...]
    answer: str = ""


@dataclass(frozen=True)
class Claim:
    """A claim with its role in the argument and its links."""

    id: str
    participant: str
    role: str
    text: str
    anchor: Anchor
    supports: tuple[str, ...] = ()
    attacks: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    """One participant's use of an evidence item."""

    anchor: Anchor
    use: str
    supports: tuple[str, ...] = ()

    @property
    def participant(self) -> str:
        return self.anchor.participant


@dataclass(frozen=True)
class Evidence:
    """A fact, figure, quotation, anecdote, authority or comparison used as support."""

    id: str
    kind: str
    summary: str
    citations: tuple[Citation, ...]
    date: str | None = None

    @property
    def participants(self) -> tuple[str, ...]:
        """Who cites this item, in order of first citation, without repeats."""
        return tuple(dict.fromkeys(c.participant for c in self.citations))


@dataclass(frozen=True)
class Resolution:
    """What happened, as recorded by an instructor (``outcome`` None: unresolved)."""

    outcome: bool | None = None
    source: str | None = None
    reported: str | None = None
    note: str | None = None
    settled_by: str | None = None  # an outcome id in the debate's outcomes.yaml


@dataclass(frozen=True)
class Prediction:
    """An explicit forecast made in the text."""

    id: str
    participant: str
    anchor: Anchor
    statement: str
    horizon: str
    hedge: str
    resolution: Resolution = field(default_factory=Resolution)
    resolution_criteria: str = ""


@dataclass(frozen=True)
class Event:
    """A dated event the text cites; ``date`` is as the text gives it."""

    id: str
    date: str
    sort_key: str
    description: str
    evidence: tuple[str, ...] = ()
    date_note: str = ""


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion with a descriptor per score level."""

    id: str
    name: str
    question: str
    levels: tuple[tuple[int, str], ...]
    why: str = ""
    grounded_in: tuple[str, ...] = ()
    holistic: bool = False

    def descriptor(self, score: int) -> str:
        """The descriptor of one score level."""
        return dict(self.levels)[score]


@dataclass(frozen=True)
class Rubric:
    min_score: int
    max_score: int
    criteria: tuple[Criterion, ...]
    cannot_judge: str = "cannot judge"

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(f"no criterion {criterion_id!r}; known: {', '.join(self.criterion_ids)}")

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class ReferenceScore:
    """The annotators' score of one contributor on one criterion (None: cannot judge)."""

    participant: str
    criterion: str
    score: int | None
    rationale: str
    quotes: tuple[Anchor, ...] = ()


@dataclass(frozen=True)
class Debate:
    """A structured debate: the source text and its validated annotations."""

    id: str
    title: str
    source: Source
    question: Anchor | None  # None when the text asks no question to quote
    participants: tuple[Participant, ...]
    stance_scale: tuple[StanceLevel, ...]
    positions: tuple[Position, ...]
    claims: tuple[Claim, ...]
    evidence: tuple[Evidence, ...]
    predictions: tuple[Prediction, ...]
    events: tuple[Event, ...]
    rubric: Rubric
    reference_scores: tuple[ReferenceScore, ...]

    # -- participants -------------------------------------------------
    @property
    def contributors(self) -> tuple[Participant, ...]:
        """The contributors, in the order they appear in the text."""
        return tuple(p for p in self.participants if p.role == "contributor")

    def participant(self, key: str) -> Participant:
        """A participant by id, full name or short name (case-insensitive).

        Raises
        ------
        KeyError
            With the known ids, when nobody matches.
        """
        k = key.strip().casefold()
        for p in self.participants:
            if k in (p.id.casefold(), p.name.casefold(), p.short_name.casefold()):
                return p
        known = ", ".join(p.id for p in self.participants)
        raise KeyError(f"no participant {key!r}; known ids: {known}")

    def paragraphs(self, participant: str) -> tuple[Paragraph, ...]:
        """A participant's text, one :class:`Paragraph` per paragraph."""
        return self.participant(participant).paragraphs

    def participant_at(self, offset: int) -> str | None:
        """The id of the participant whose section holds ``offset``."""
        for p in self.participants:
            for para in p.paragraphs:
                if para.start <= offset < para.end:
                    return p.id
        return None

    # -- positions and claims -------------------------------------------
    def position(self, participant: str) -> Position:
        """A contributor's position on the stance scale."""
        pid = self.participant(participant).id
        for pos in self.positions:
            if pos.participant == pid:
                return pos
        raise KeyError(f"no position recorded for {pid!r}")

    def stance_label(self, value: int) -> str:
        """The label of a stance value on the debate's scale."""
        for level in self.stance_scale:
            if level.value == value:
                return level.label
        raise KeyError(f"stance {value} is not on the scale")

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim {claim_id!r}")

    def claims_by(self, participant: str, role: str | None = None) -> tuple[Claim, ...]:
        """A participant's claims, optionally only those with one role."""
        pid = self.participant(participant).id
        return tuple(
            c for c in self.claims if c.participant == pid and (role is None or c.role == role)
        )

    def thesis(self, participant: str) -> Claim:
        """A contributor's thesis claim."""
        found = self.claims_by(participant, "thesis")
        if not found:
            raise KeyError(f"no thesis recorded for {participant!r}")
        return found[0]

    # -- evidence -----------------------------------------------------
    def evidence_item(self, evidence_id: str) -> Evidence:
        for e in self.evidence:
            if e.id == evidence_id:
                return e
        raise KeyError(f"no evidence item {evidence_id!r}")

    def evidence_cited_by(self, participant: str) -> tuple[Evidence, ...]:
        """The evidence items a participant cites."""
        pid = self.participant(participant).id
        return tuple(e for e in self.evidence if pid in e.participants)

    def shared_evidence(self, min_participants: int = 2) -> tuple[Evidence, ...]:
        """Evidence items cited by at least ``min_participants`` participants."""
        return tuple(e for e in self.evidence if len(e.participants) >= min_participants)

    def unsupported_claims(self) -> tuple[Claim, ...]:
        """Claims that rest on no cited evidence (neither linked nor cited for)."""
        cited_for = {cid for e in self.evidence for c in e.citations for cid in c.supports}
        return tuple(c for c in self.claims if not c.evidence and c.id not in cited_for)

    # -- predictions and events ------------------------------------------
    def prediction(self, prediction_id: str) -> Prediction:
        for p in self.predictions:
            if p.id == prediction_id:
                return p
        raise KeyError(f"no prediction {prediction_id!r}")

    def predictions_by(self, participant: str) -> tuple[Prediction, ...]:
        pid = self.participant(participant).id
        return tuple(p for p in self.predictions if p.participant == pid)

    def events_in_order(self) -> tuple[Event, ...]:
        """The events the text cites, oldest first (ties keep file order)."""
        return tuple(sorted(self.events, key=lambda e: e.sort_key))

    # -- text -----------------------------------------------------------
    def in_context(self, anchor: Anchor, neighbours: int = 0) -> str:
        """The sentence(s) around a quote, with the quote marked by »«.

        ``neighbours`` adds that many sentences of the same paragraph on each side.

        Examples
        --------
        >>> from symposium_kit import load_debate
        >>> d = load_debate()
        >>> d.in_context(d.question)
        '»Has the President “gone soft”?«'
        >>> d.in_context(d.question, neighbours=1)
        'How significantly has the Trump administration changed its positioning on China? »Has the President “gone soft”?« And, if so, what are the consequences likely to be? —The Editors'
        """
        start, end = self.sentence_span(anchor.start, anchor.end, neighbours)
        text = self.source.text
        return f"{text[start : anchor.start]}»{text[anchor.start : anchor.end]}«{text[anchor.end : end]}"

    def sentence_span(self, start: int, end: int, neighbours: int = 0) -> tuple[int, int]:
        """Widen ``[start, end)`` to whole sentences within its paragraph."""
        text = self.source.text
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        para = text[para_start:para_end]
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(para)] + [len(para)]
        i = max(k for k, b in enumerate(bounds) if b <= start - para_start)
        j = min(k for k, b in enumerate(bounds) if b >= end - para_start)
        s = bounds[max(0, i - neighbours)]
        e = bounds[min(len(bounds) - 1, j + neighbours)]
        return para_start + s, para_start + len(para[:e].rstrip())

    def quote(self, anchor: Anchor) -> str:
        """The quoted words, read from the source by offset."""
        return self.source.text[anchor.start : anchor.end]

    def anchors(self) -> Iterable[tuple[str, Anchor]]:
        """Every anchored quote in the annotations, with a label saying where it is used."""
        if self.question is not None:
            yield "question", self.question
        for pos in self.positions:
            for a in pos.quotes:
                yield f"positions[{pos.participant}]", a
        for c in self.claims:
            yield f"claims[{c.id}]", c.anchor
        for e in self.evidence:
            for cit in e.citations:
                yield f"evidence[{e.id}]", cit.anchor
        for p in self.predictions:
            yield f"predictions[{p.id}]", p.anchor
        for r in self.reference_scores:
            for a in r.quotes:
                yield f"reference_scores[{r.participant}.{r.criterion}]", a
