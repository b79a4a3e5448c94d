"""``symposium-kit collect`` of a class folder as a whole command, beside its floors.

Run from the repository root::

    python benchmarks/bench_collect.py              # 1,000 students, 7 runs
    python benchmarks/bench_collect.py --students 300 --runs 5

It writes a demo class (``write_demo_class``, malformed files included) once,
then times, interleaved, whole processes (wall and CPU, medians):

- ``floor: python -c pass``: an interpreter start;
- ``floor: read + json.loads``: a process that reads every file of the folder
  and parses it as JSON, nothing else: the least any collector must spend;
- ``symposium-kit collect DIR``: the command an instructor types, re-grading
  included (its summary goes to a null stream).

The issue's targets: the command within 2 s for 1,000 hand-ins, and within 10x
the read + json.loads floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from _bench import print_table, timed_process

FLOOR = """
import json, pathlib, sys
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')):
    if p.is_file():
        try:
            json.loads(p.read_bytes())
            n += 1
        except ValueError:
            pass
print(n)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    from symposium_kit.classroom.demo import write_demo_class

    folder = Path(tempfile.mkdtemp(prefix="symposium-bench-collect-")) / "class"
    write_demo_class(folder, students=args.students)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    command = str(Path(sys.executable).with_name("symposium-kit"))
    cases = {
        "floor: python -c pass": [sys.executable, "-c", "pass"],
        "floor: read + json.loads every file": [sys.executable, "-c", FLOOR, str(folder)],
        "symposium-kit collect DIR": [command, "collect", str(folder), "--no-progress"],
    }
    timed_process(cases["symposium-kit collect DIR"])  # warm the page cache and the bytecode
    series: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            series[name].append(timed_process(cmd))
    floor_wall = statistics.median(w for w, _ in series["floor: read + json.loads every file"])
    print(
        f"collect benchmark: {args.students} students, {files} files, {args.runs} runs, medians; "
        f"python {sys.version.split()[0]}; load {os.getloadavg()[0]:.1f}"
    )
    rows = []
    for name, values in series.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        rows.append((name, f"{wall:.2f}", f"{cpu:.2f}", f"{wall / floor_wall:.2f}"))
    print_table(("case", "wall s", "cpu s", "x read floor"), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
