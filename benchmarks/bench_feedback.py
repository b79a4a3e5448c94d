"""Benchmark: writing the feedback reports of a 300-student demo class.

Run from the repository root::

    python benchmarks/bench_feedback.py          # 300 students, 5 runs
    python benchmarks/bench_feedback.py 300 1000 # chosen class sizes

For each class size it writes a synthetic class (``write_demo_class``, no
malformed files) and reports medians over several runs of:

- ``floor``: what any report writer must spend: read and ``json.loads`` every
  hand-in, then write as many files of the same total size (atomically, a
  temporary file then ``os.replace``, as the kit does);
- ``reports``: :func:`symposium_kit.classroom.feedback.write_feedback` from a
  collected class (re-grading each answer's feedback text, the class's score
  distribution and Brier scores, rendering and writing every report);
- ``collect+reports``: the same from the folder, as ``symposium-kit feedback``
  runs it (collect with re-grading, then the reports).

``ratio`` is the time over the floor measured in the same run, so that a slow
or loaded machine slows both. Files are read from a warm page cache.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from symposium_kit import collect, load_debate, write_demo_class, write_feedback


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Median wall-clock seconds of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor(root: Path, out: Path, sizes: list[int]) -> None:
    """Read and parse every hand-in, then write files of the given sizes atomically."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            json.loads(path.read_bytes())
    out.mkdir(parents=True, exist_ok=True)
    for i, size in enumerate(sizes):
        target = out / f"report-{i:05d}.html"
        tmp = out / f".tmp-{i:05d}"
        tmp.write_bytes(b"x" * size)
        os.replace(tmp, target)


def main(class_sizes: list[int], repeats: int = 5) -> int:
    debate = load_debate()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in class_sizes:
            root = Path(tmp) / f"class-{n}"
            write_demo_class(root, students=n, seed=1, debate=debate, malformed=False)
            results = collect(root, debate, progress=False)
            written = write_feedback(results, Path(tmp) / "warm", debate, progress=False)
            assert len(written) == n, (len(written), n)
            sizes = [len(r.html.encode("utf-8")) for r in written]
            t_floor = median_time(partial(floor, root, Path(tmp) / "floor", sizes), repeats)
            t_reports = median_time(
                partial(write_feedback, results, Path(tmp) / "out", debate, progress=False),
                repeats,
            )
            t_all = median_time(
                partial(write_feedback, root, Path(tmp) / "all", debate, progress=False), repeats
            )
            rows.append((n, statistics.median(sizes), t_floor, t_reports, t_all))
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"medians of {repeats} runs, seconds; ratio = time / floor of the same run")
    print(
        f"{'students':>8} {'KB/report':>9} {'floor':>7} {'reports':>8} {'ratio':>6} "
        f"{'ms/report':>9} {'collect+reports':>15} {'ratio':>6}"
    )
    for n, size, t_floor, t_reports, t_all in rows:
        print(
            f"{n:>8} {size / 1024:9.1f} {t_floor:7.3f} {t_reports:8.3f} "
            f"{t_reports / t_floor:6.1f} {1000 * t_reports / n:9.2f} {t_all:15.3f} "
            f"{t_all / t_floor:6.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [300]))
