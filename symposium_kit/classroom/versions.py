"""Late and repeated hand-ins: when a version was saved, how late, and which version counts.

A student may hand in the same item (their work file, or one notebook) more
than once. :func:`~symposium_kit.classroom.collect.collect` keeps every
version (:class:`Version`) and picks the one that counts by a stated rule
(:data:`COUNTS`): ``latest`` (the newest file), ``latest-before-deadline``
(the newest saved before the deadline; a student with only late versions gets
the newest, flagged late) or ``best`` (the most re-graded points; the newest
on a tie). The time of a version is its file's modification time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from .grading import printable

T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    """One handed-in file of a student, when it was saved, and whether it counts.

    ``late_by`` is how long after the deadline it was saved (None: on time, or
    no deadline).
    """

    student: str
    path: str
    saved: datetime
    late_by: timedelta | None
    counted: bool

    def __str__(self) -> str:
        late = f", {how_late(self.late_by)} late" if self.late_by is not None else ""
        counts = "counts" if self.counted else "kept, does not count"
        return printable(
            f"{self.student}: {self.path} (saved {self.saved:%Y-%m-%d %H:%M} UTC{late}; {counts})"
        )


COUNTS = ("latest", "latest-before-deadline", "best")


def how_late(delta: timedelta) -> str:
    """``delta`` in words, to the minute: ``2 d 3 h 5 min``.

    Examples
    --------
    >>> how_late(timedelta(days=2, hours=3, minutes=5, seconds=20))
    '2 d 3 h 5 min'
    >>> how_late(timedelta(seconds=20))
    'under a minute'
    """
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{mins} min" if mins else "",
    ]
    return " ".join(p for p in parts if p)


def parse_deadline(text: str | datetime) -> datetime:
    """An ISO 8601 deadline as an aware datetime; without a time zone it is taken as UTC.

    Examples
    --------
    >>> parse_deadline("2025-05-01T23:59+02:00").isoformat()
    '2025-05-01T23:59:00+02:00'
    >>> parse_deadline("2025-05-01").isoformat()
    '2025-05-01T00:00:00+00:00'
    """
    if isinstance(text, datetime):
        value = text
    else:
        try:
            value = datetime.fromisoformat(str(text).strip())
        except ValueError:
            raise ValueError(
                f"deadline {text!r} is not an ISO 8601 date and time "
                "(e.g. 2025-05-01T23:59 or 2025-05-01T23:59+02:00)"
            ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def choose_version(
    ordered: Sequence[T],
    rule: str,
    due: datetime | None,
    mtime: Callable[[T], float],
    points: Callable[[T], float],
) -> tuple[T, str]:
    """The version that counts among one student's versions of one item, and why.

    ``ordered`` runs oldest first; ``mtime`` and ``points`` tell when a version
    was saved and what it earns by itself.

    Examples
    --------
    >>> due = parse_deadline("2025-05-01T00:00Z")
    >>> saved = {"v1": due.timestamp() - 60, "v2": due.timestamp() + 60}
    >>> choose_version(["v1", "v2"], "latest-before-deadline", due, saved.get, len)
    ('v1', 'latest before the deadline')
    >>> choose_version(["v1", "v2"], "latest", due, saved.get, len)
    ('v2', 'newest')
    """
    if not ordered:
        raise ValueError("no versions to choose from")
    if rule == "best":
        scored = [(points(v), i) for i, v in enumerate(ordered)]
        return ordered[max(scored)[1]], "best"  # most points, then the newest
    if rule == "latest-before-deadline" and due is not None:
        on_time = [v for v in ordered if mtime(v) <= due.timestamp()]
        if on_time:
            return on_time[-1], "latest before the deadline"
        return ordered[-1], "only late versions: the newest"
    return ordered[-1], "newest"
