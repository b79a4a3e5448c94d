"""How long ``lint_debate()`` takes beside ``validate_debate()``, its floor.

The lint validates the folder first (it lints only a valid debate), then
parses the YAML again for line numbers and runs its five rules, so
``validate_debate()`` on the same folder, measured in the same run, is the
floor it cannot beat. Both run warm (modules imported, the schema loaded),
repeated (21 times by default); the table shows medians of wall and CPU time.
Speed is not asserted in the tests; run this instead::

    python benchmarks/bench_lint.py
    python benchmarks/bench_lint.py --runs 41 --path tests/fixtures/example-debate
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from symposium_kit import lint_debate, validate_debate


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(1e3 * (time.perf_counter() - w0))
        cpus.append(1e3 * (time.process_time() - c0))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--path", default=None, help="a debate folder (the bundled one by default)")
    args = parser.parse_args()
    assert validate_debate(args.path) == [], "the folder should be valid"
    lint_debate(args.path)  # warm-up: imports, schema, compiled patterns
    rows = [
        ("validate_debate (floor)", _median_ms(lambda: validate_debate(args.path), args.runs)),
        ("lint_debate", _median_ms(lambda: lint_debate(args.path), args.runs)),
    ]
    floor = rows[0][1][0]
    print(f"{'what':<26}{'wall ms':>10}{'cpu ms':>10}{'x floor':>10}")
    for name, (wall, cpu) in rows:
        print(f"{name:<26}{wall:>10.1f}{cpu:>10.1f}{wall / floor:>10.2f}")
    print(f"(medians of {args.runs} runs; {args.path or 'the bundled debate'})")


if __name__ == "__main__":
    main()
