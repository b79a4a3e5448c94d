"""What the benchmark scripts share: timing a whole process, and printing a table."""

from __future__ import annotations

import resource
import subprocess
import time
from collections.abc import Sequence


def timed_process(cmd: Sequence[str], timeout: float = 600) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=timeout
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def print_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        first, rest = str(cells[0]).ljust(widths[0]), cells[1:]
        return "  ".join([first, *(str(c).rjust(w) for c, w in zip(rest, widths[1:], strict=True))])

    print(line(head))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
