"""Waiting, with a timeout, for a JSON file that a kernel or a server writes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def wait_for_file(
    path: Path, condition: Callable[[Any], bool], what: str, timeout_s: float = 10.0
) -> Any:
    """Wait until ``condition(data)`` holds for the JSON file at ``path``; returns the data.

    A file that is missing, half-written or without the keys the condition reads
    counts as "not yet". After ``timeout_s`` an AssertionError shows the last data.
    """
    deadline = time.monotonic() + timeout_s
    data = None
    while time.monotonic() < deadline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if condition(data):
                return data
        except (OSError, ValueError, KeyError, TypeError):
            pass
        time.sleep(0.05)
    raise AssertionError(
        f"{path.name} did not show {what} within {timeout_s:.0f} s: {data!r}"[:800]
    )
