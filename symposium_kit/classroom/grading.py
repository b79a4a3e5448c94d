"""Re-grade handed-in answers against the current exercise definitions; never trust a file.

A work file or a notebook says what ``check()`` answered when the student ran
it (``result``). That is a claim, not a grade: a student can edit the file, and
an instructor can correct a key after hand-in. :func:`regrade` grades every
stored answer again with the pure checker
(:func:`symposium_kit.exercises.checking.check_answer`) and keeps the stored
result only to compare.

When the two differ, the difference is explained by one rule (the old key
cannot be known, so the rule goes by what the answer is):

- the answer is a valid answer of the kind the exercise asks for (the checker
  says ``correct``, ``partly`` or ``wrong``) and the stored result is also a
  grade: some key could have produced the stored result, so the reason is
  **"the key changed since hand-in"**;
- otherwise (the answer is blank or of the wrong kind, the stored result grades
  an open-text answer the kit never grades, or says ``recorded`` for a graded
  exercise): no key could have produced it, so the reason is **"the stored
  result does not match the answer (edited file?)"**.

An answer to an exercise that is not (or no longer) defined is kept with its
stored result out of the gradebook and reported as an unknown exercise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate
    from ..exercises.catalog import Exercise

KEY_CHANGED = "the key changed since hand-in"
EDITED = "the stored result does not match the answer (edited file?)"
UNKNOWN = "no such exercise in the current definitions (not graded)"
_GRADES = ("correct", "partly", "wrong")
#: Points per re-graded result (any other result earns 0); the gradebook's default.
POINTS: dict[str, float] = {"correct": 1.0, "partly": 0.5}


def printable(text: object) -> str:
    """``text`` with control characters escaped, safe to print to a terminal.

    Examples
    --------
    >>> print(printable("ada" + chr(27) + "[2J.json"))
    ada\\x1b[2J.json
    """
    import unicodedata

    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch)[0] == "C" else ch
        for ch in str(text)
    )


@dataclass(frozen=True)
class Regraded:
    """One stored result that re-grading did not confirm."""

    student: str
    exercise: str
    source: str
    stored: str
    result: str
    reason: str

    def __str__(self) -> str:
        return printable(
            f"{self.student} / {self.exercise} ({self.source}): file says {self.stored!r}, "
            f"re-graded {self.result!r} - {self.reason}"
        )


def regrade_one(
    exercise: Exercise | None, answer: Any, stored: str, debate: Debate
) -> tuple[str, str]:
    """The re-graded result of one stored answer, and the reason if it differs from ``stored``.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> from symposium_kit.exercises.catalog import collect_exercises
    >>> d = load_debate(); exs, _ = collect_exercises(d)
    >>> ex = next(e for e in exs.values() if e.kind == "single_choice")
    >>> regrade_one(ex, "zzz", "correct", d)
    ('invalid', 'the stored result does not match the answer (edited file?)')
    >>> regrade_one(ex, ex.key, "correct", d)
    ('correct', '')
    """
    from ..exercises.checking import check_answer

    if exercise is None:
        return stored, UNKNOWN
    result = check_answer(exercise, answer, debate).result
    return result, _reason(exercise, result, stored)


def _reason(exercise: Exercise, result: str, stored: str) -> str:
    """Why a re-graded ``result`` differs from the ``stored`` one ('' when it does not)."""
    if result == stored:
        return ""
    if result in _GRADES and stored in _GRADES and exercise.graded:
        return KEY_CHANGED
    return EDITED


def _canonical(answer: Any) -> str | None:
    """The answer as canonical JSON (a memo key), or None when it is not plain JSON data."""
    try:
        return json.dumps(answer, sort_keys=True, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None


def regrade(
    rows: list[tuple[str, str, Any, str, str]],
    debate: Debate,
    exercises: Mapping[str, Exercise],
    memo: dict[tuple[str, str], str] | None = None,
) -> tuple[list[tuple[str, str, str, str]], list[Regraded]]:
    """Re-grade ``(student, exercise, answer, stored result, source)`` rows.

    Returns the rows as ``(student, exercise, result, stored)`` with the
    re-graded result, and every difference as a :class:`Regraded`. ``memo``, a
    dict kept across calls (one class), remembers the result of each distinct
    answer to an exercise: the checker is pure, and a class gives the same
    answers many times.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> from symposium_kit.exercises.catalog import collect_exercises
    >>> d = load_debate(); exs, _ = collect_exercises(d)
    >>> ex = next(e for e in exs.values() if e.kind == "single_choice")
    >>> out, diffs = regrade([("ada", ex.id, "zzz", "correct", "ada.json")], d, exs)
    >>> out[0][2], diffs[0].reason.startswith("the stored result")
    ('invalid', True)
    """
    out: list[tuple[str, str, str, str]] = []
    diffs: list[Regraded] = []
    memo = {} if memo is None else memo
    for student, exercise_id, answer, stored, source in rows:
        exercise = exercises.get(exercise_id)
        canonical = _canonical(answer) if exercise is not None else None
        if exercise is not None and canonical is not None and (exercise_id, canonical) in memo:
            result = memo[(exercise_id, canonical)]
            reason = _reason(exercise, result, stored)
        else:
            result, reason = regrade_one(exercise, answer, stored, debate)
            if canonical is not None:
                memo[(exercise_id, canonical)] = result
        out.append((student, exercise_id, result, stored))
        if reason:
            diffs.append(Regraded(student, exercise_id, source, stored, result, reason))
    return out, diffs
