"""The kit's saved formats, each defined once: the work file and the exercise result record.

Everything that writes or reads these formats (the exercise cells, the score
and forecast sheets, the collector, the demo class, the leak checks of the
editions) takes its constants and its validator from here, and recognises a
record by its data (MIME type and fields), never by the wording of a message.

**The work file** (``symposium-work.json``, ``"format": "symposium-kit/work"``,
``"version": 1``)::

    {"format": "symposium-kit/work", "version": 1,
     "student": "ada", "debate": "trump-china-2025",
     "answers":   {"<exercise id>": {"answer": ..., "result": "correct", "notebook": "..."}},
     "scores":    {"<contributor id>": {"<criterion id>": {"score": 2, "justification": "..."}}},
     "forecasts": {"<prediction id>": 0.7},
     "score_drafts": {"<contributor id>": {"<criterion id>": {"justification": "..."}}}}

``score_drafts`` (optional) keeps a justification typed before its score, so
that ``scores`` holds only scored cells and nothing typed is lost. A
``score`` of ``null`` means "cannot judge".

**The result record**: every ``check()`` in a notebook displays, beside its
text, a JSON record of MIME type :data:`RESULT_MIME`::

    {"exercise": "positions.stance-order", "notebook": "02-positions",
     "result": "correct", "answer": [...], "debate": "trump-china-2025"}

``result`` is one of :data:`RESULTS`. When an exercise cannot be checked at
all (an unknown id, a broken definition), the record has ``problem`` (one of
:data:`PROBLEMS`) instead of ``result``. The kit's version is written to the
output's *metadata*, never to its data, so that a version bump changes no
output that nbval compares.
"""

from __future__ import annotations

from typing import Any

WORK_FILE = "symposium-work.json"
WORK_FORMAT = "symposium-kit/work"
WORK_VERSION = 1
WORK_SECTIONS = ("answers", "scores", "forecasts")
SCORE_DRAFTS = "score_drafts"  # optional: justifications typed before their score

RESULT_MIME = "application/vnd.symposium-kit.result+json"
RESULTS = ("correct", "partly", "wrong", "unanswered", "invalid", "recorded")
"""What a check can say: right, partly right, wrong, not answered, the wrong kind of
answer (``invalid``), or saved for the instructor (``recorded``, open text)."""
PROBLEMS = ("not-loaded", "unknown-exercise", "broken-definition", "not-checked", "not-shown")
"""Why an exercise could not be checked or shown at all (a fault of the kit or the id)."""


def empty_work(student: str = "", debate: str = "") -> dict[str, Any]:
    """A new, empty work record.

    Examples
    --------
    >>> sorted(empty_work("ada"))
    ['answers', 'debate', 'forecasts', 'format', 'scores', 'student', 'version']
    """
    return {
        "format": WORK_FORMAT,
        "version": WORK_VERSION,
        "student": student,
        "debate": debate,
        "answers": {},
        "scores": {},
        "forecasts": {},
    }


def is_work(data: Any) -> bool:
    """Whether ``data`` says it is a work file (its ``format``), whatever its state.

    Examples
    --------
    >>> is_work(empty_work()), is_work({"cells": []})
    (True, False)
    """
    return isinstance(data, dict) and data.get("format") == WORK_FORMAT


def check_work(data: Any, name: str = "work file") -> dict[str, Any]:
    """Check that ``data`` is a work record; raise ValueError saying what is wrong.

    The sections that are missing are added, empty; the record is returned.

    Examples
    --------
    >>> check_work({"format": "symposium-kit/work", "version": 1})["answers"]
    {}
    >>> check_work({"format": "symposium-kit/work", "version": 2}, "ada.json")
    Traceback (most recent call last):
    ...
    ValueError: ada.json: unsupported version 2 (expected 1)
    """
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a JSON object, got {type(data).__name__}")
    if data.get("format") != WORK_FORMAT:
        raise ValueError(f"{name}: not a symposium-kit work file (format {data.get('format')!r})")
    if data.get("version") != WORK_VERSION:
        raise ValueError(
            f"{name}: unsupported version {data.get('version')!r} (expected {WORK_VERSION})"
        )
    for key in WORK_SECTIONS:
        if not isinstance(data.get(key, {}), dict):
            raise ValueError(f"{name}: field {key!r} must be an object")
        data.setdefault(key, {})
    student = data.get("student", "")
    if isinstance(student, bool) or not isinstance(student, (str, int)):
        raise ValueError(f"{name}: field 'student' must be a name or a student number")
    return data


def is_result(payload: Any) -> bool:
    """Whether ``payload`` is a result record: an exercise id and a known result.

    Examples
    --------
    >>> is_result({"exercise": "a.b", "result": "correct"})
    True
    >>> is_result({"exercise": "a.b", "result": "excellent"})
    False
    """
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("exercise"), str)
        and payload.get("result") in RESULTS
    )


def is_problem(payload: Any) -> bool:
    """Whether ``payload`` is the record of an exercise that could not be checked or shown.

    Examples
    --------
    >>> is_problem({"exercise": "no.such", "problem": "unknown-exercise"})
    True
    """
    return isinstance(payload, dict) and payload.get("problem") in PROBLEMS
