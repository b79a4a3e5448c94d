"""Benchmark: collecting a class and measuring its agreement, at 100 / 1,000 / 10,000 students.

Run from the repository root::

    python benchmarks/bench_class.py            # 100, 1000, 10000 (about a minute)
    python benchmarks/bench_class.py 100 1000   # chosen sizes

For each class size it writes a synthetic class (``write_demo_class``, no
malformed files; about 1.3 files per student since some also hand in a
notebook) and reports medians over several runs of:

- ``floor``: reading and ``json.loads`` of the same files, nothing else: the
  least any collector must spend;
- ``collect``: :func:`symposium_kit.classroom.collect.collect` (no progress bar);
- ``alpha``: Krippendorff's alpha (ordinal, over all criteria) of a score
  table of that many raters x 5 contributors x 6 criteria;
- ``agreement``: :func:`agreement_table` on the same table (each criterion
  plus all criteria, with readings).

``x`` columns are the ratio to the previous size: linear growth means about 10
for a tenfold class. Targets: collect of 1,000 <= 2 s, alpha of 1,000 <= 0.2 s.
Files are read from a warm page cache (each run after the first).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pandas as pd

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.demo import write_demo_class
from symposium_kit.scoring.agreement import agreement_table, krippendorff_alpha

TARGETS = {"collect": 2.0, "alpha": 0.2}


def median_time(fn, repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU (process) time of ``repeats`` calls."""
    wall, cpu = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def floor(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            json.loads(path.read_bytes())


def score_table(raters: int, seed: int = 0) -> pd.DataFrame:
    rng = random.Random(seed)
    contributors = [f"c{i}" for i in range(5)]
    criteria = [f"k{i}" for i in range(6)]
    truth = {(c, k): rng.randint(0, 3) for c in contributors for k in criteria}
    rows = []
    for r in range(raters):
        bias = rng.gauss(0, 0.4)
        for (c, k), t in truth.items():
            if rng.random() < 0.05:
                continue  # cannot judge / not scored
            rows.append((f"s{r}", c, k, int(min(max(round(t + bias + rng.gauss(0, 0.7)), 0), 3))))
    return pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"]).astype(
        {"score": "Int64"}
    )


def table(results: list[tuple], which: int, label: str) -> None:
    """Print one table: ``which`` 0 = wall clock, 1 = CPU time."""
    print(f"\n{label} (medians, seconds; x = ratio to the previous size)")
    print(
        f"{'students':>8} {'files':>6} {'floor':>8} {'collect':>8} {'x':>5} {'ms/file':>7} "
        f"{'alpha':>8} {'x':>5} {'agreement':>9} {'x':>5}"
    )
    previous = None
    for n, files, *timings in results:
        t_floor, t_collect, t_alpha, t_table = (t[which] for t in timings)

        def ratio(value: float, before: float | None) -> str:
            return f"{value / before:5.1f}" if before else f"{'-':>5}"

        print(
            f"{n:>8} {files:>6} {t_floor:8.3f} {t_collect:8.3f} "
            f"{ratio(t_collect, previous and previous[1])} {1000 * t_collect / files:7.3f} "
            f"{t_alpha:8.4f} {ratio(t_alpha, previous and previous[2])} "
            f"{t_table:9.4f} {ratio(t_table, previous and previous[3])}"
        )
        previous = (t_floor, t_collect, t_alpha, t_table)


def main(sizes: list[int]) -> int:
    debate = load_debate()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = Path(tmp) / f"class-{n}"
            write_demo_class(root, students=n, seed=1, debate=debate, malformed=False)
            files = sum(1 for p in root.rglob("*") if p.is_file())
            repeats = 3 if n >= 10_000 else 7
            floor(root)  # warm the page cache
            got = collect(root, debate, progress=False)
            assert len(got.students) == n, (len(got.students), n)
            scores = score_table(n)
            results.append(
                (
                    n,
                    files,
                    median_time(partial(floor, root), repeats),
                    median_time(partial(collect, root, debate, progress=False), repeats),
                    median_time(partial(krippendorff_alpha, scores, None, scale=(0, 3)), repeats),
                    median_time(partial(agreement_table, scores, scale=(0, 3)), repeats),
                )
            )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    table(results, 0, "Wall clock")
    table(results, 1, "CPU time of this process")
    verdicts = []
    for n, _, _, t_collect, t_alpha, _ in results:
        if n == 1000:
            ok_c, ok_a = t_collect[0] <= TARGETS["collect"], t_alpha[0] <= TARGETS["alpha"]
            verdicts.append(
                f"collect 1,000: {t_collect[0]:.3f} s (target <= {TARGETS['collect']} s) "
                f"{'ok' if ok_c else 'MISSED'}"
            )
            verdicts.append(
                f"alpha 1,000 raters: {t_alpha[0]:.4f} s (target <= {TARGETS['alpha']} s) "
                f"{'ok' if ok_a else 'MISSED'}"
            )
    print("\n" + "\n".join(verdicts))
    return 0 if all(v.endswith("ok") for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100, 1000, 10_000]))
