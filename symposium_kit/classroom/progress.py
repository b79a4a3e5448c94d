"""Progress bars for large classes: tqdm on stderr, and quiet when stderr is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

T = TypeVar("T")

#: Below this many items no bar is shown unless asked for.
THRESHOLD = 200


def progress_bar(
    items: Iterable[T],
    desc: str,
    unit: str,
    show: bool | None = None,
    threshold: int = THRESHOLD,
) -> Iterator[T]:
    """``items``, with a tqdm bar on stderr when ``show`` (default: many items and a terminal).

    ``show=None`` shows a bar only for ``threshold`` items or more, and only
    when stderr is a terminal (a notebook, a log file or a pipe gets no bar);
    ``True`` and ``False`` decide.

    Examples
    --------
    >>> list(progress_bar(range(3), "grading", "answer"))
    [0, 1, 2]
    """
    total = len(items) if isinstance(items, Sized) else None
    if show is None:
        show = (total or 0) >= threshold and _is_terminal()
    if not show:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr)


def _is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False
