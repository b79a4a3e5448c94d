"""The record of one exercise, as read from an exercise file (see :mod:`.exercises`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "single_choice",
    "multiple_choice",
    "matching",
    "ordering",
    "numeric",
    "short_text",
    "quote",
)
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


@dataclass(frozen=True)
class FeedbackRule:
    """A message for a likely wrong answer: when the answer equals ``when``, say ``say``."""

    when: Any
    say: str


@dataclass(frozen=True)
class Exercise:
    """One exercise, with its answer key resolved.

    ``key`` depends on ``kind``: an option (single_choice), a tuple of options
    (multiple_choice, sorted), a dict item -> value (matching), a tuple of
    groups (ordering; items in one group may come in any order), a number
    (numeric), None (short_text, quote: see ``participant``/``role``).
    ``names`` is True when answers are participants, given by id or name.
    ``points`` and ``rubric`` (short_text only) are for grading by hand: the
    most an answer earns (None: not given, 1 point) and what a full answer does.
    """

    id: str
    notebook: str
    kind: str
    prompt: str
    key: Any = None
    options: tuple[str, ...] = ()
    items: tuple[tuple[str, str], ...] = ()
    hints: tuple[str, ...] = ()
    feedback: tuple[FeedbackRule, ...] = ()
    tolerance: float = 0.0
    derive: str = ""
    participant: str = ""
    role: str = ""
    near: int = 200
    min_words: int = 0
    points: float | None = None
    rubric: str = ""
    names: bool = False
    title: str = ""
    debate: str = ""
    file: str = ""
    line: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def graded(self) -> bool:
        """False for open text, which is recorded but not graded."""
        return self.kind != "short_text"
