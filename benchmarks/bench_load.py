"""How long ``import symposium_kit`` and a cold ``load_debate()`` take.

Every measurement runs in a fresh interpreter, repeated (21 times by default),
and the table shows medians of elapsed (wall) time and of CPU time (user +
system, which a busy machine disturbs less). Issue targets: the import adds at most 50 ms
to a bare interpreter start, and a cold ``load_debate()`` (load + validate)
takes at most 30 ms. Speed is not asserted in the tests; run this instead::

    python benchmarks/bench_load.py            # bytecode cached, as after an install
    python benchmarks/bench_load.py --runs 41
    python benchmarks/bench_load.py --no-bytecode   # every module compiled from source

By default the bytecode cache goes to a temporary folder
(``PYTHONPYCACHEPREFIX``), so the checkout is not touched, and one warm-up
run fills it before measuring.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

# Each child prints a JSON object of in-process timings: [wall ms, cpu ms].
_CLOCK = """
import json, time
def clock():
    return time.perf_counter(), time.process_time()
def since(c0):
    w, c = clock()
    return [1e3 * (w - c0[0]), 1e3 * (c - c0[1])]
"""

IMPORT = (
    _CLOCK
    + """
c0 = clock()
import symposium_kit
print(json.dumps({"import": since(c0)}))
"""
)

FIRST_LOAD = (
    _CLOCK
    + """
c0 = clock()
import symposium_kit
t = {"import": since(c0)}
c0 = clock()
symposium_kit.load_debate()
t["first"] = since(c0)
c0 = clock()
symposium_kit.load_debate()
t["again"] = since(c0)
print(json.dumps(t))
"""
)

# The libraries load_debate() imports on first use, imported beforehand, so
# that the timed call is the loading and validating alone.
LOAD_ALONE = (
    _CLOCK
    + """
import symposium_kit
import yaml, difflib, symposium_kit.debate._schema_fast, symposium_kit.debate.layout
c0 = clock()
symposium_kit.load_debate()
print(json.dumps({"alone": since(c0)}))
"""
)

# The whole-process rows run exactly these programs (and are labelled with them).
PASS = "pass"
IMPORT_WALL = "import symposium_kit"
LOAD_WALL = "import symposium_kit; symposium_kit.load_debate()"


def _run(code: str, env: dict) -> tuple[list[float], dict]:
    """Run ``code`` in a fresh interpreter: its [wall ms, cpu ms] and the timings it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    wall = 1e3 * (time.perf_counter() - t0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = 1e3 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [wall, cpu], (json.loads(out) if out.strip() else {})


def measure(runs: int, env: dict) -> dict[str, list[list[float]]]:
    """[wall, cpu] timings (ms) of every case, ``runs`` times, the cases interleaved."""
    series: dict[str, list[list[float]]] = {}

    def add(key: str, value: list[float]) -> None:
        series.setdefault(key, []).append(value)

    for _ in range(runs):
        add(f"process: python -c '{PASS}'", _run(PASS, env)[0])
        add(f"process: python -c '{IMPORT_WALL}'", _run(IMPORT_WALL, env)[0])
        add(f"process: python -c '{LOAD_WALL}'", _run(LOAD_WALL, env)[0])
        _, t = _run(IMPORT, env)
        add("in process: import symposium_kit", t["import"])
        _, t = _run(FIRST_LOAD, env)
        add("in process: first load_debate(), lazy imports included", t["first"])
        add("in process: second load_debate() (warm)", t["again"])
        _, t = _run(LOAD_ALONE, env)
        add("in process: cold load_debate() alone, lazy imports done", t["alone"])
    return series


def table(series: dict[str, list[list[float]]]) -> str:
    """Medians as a text table; whole-process rows also show the cost over a bare interpreter."""
    floor = [
        statistics.median(v[k] for v in series[f"process: python -c '{PASS}'"]) for k in (0, 1)
    ]
    head = (
        "measurement",
        "wall ms",
        "min",
        "cpu ms",
        "wall over floor",
        "x floor",
        "cpu over floor",
    )
    rows = [head]
    for name, values in series.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        extra = ("", "", "")
        if name.startswith("process:"):
            extra = (f"{wall - floor[0]:+.1f}", f"{wall / floor[0]:.2f}", f"{cpu - floor[1]:+.1f}")
        rows.append((name, f"{wall:.1f}", f"{min(v[0] for v in values):.1f}", f"{cpu:.1f}", *extra))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for k, r in enumerate(rows):
        rest = zip(r[1:], widths[1:], strict=True)
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in rest]
        lines.append("  ".join(cells))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=21, help="fresh processes per case (default 21)"
    )
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module from source (no .pyc)"
    )
    args = parser.parse_args(argv)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="symposium-bench-pyc-") as cache:
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
            _run(FIRST_LOAD, env)  # warm-up: fills the bytecode cache
        series = measure(args.runs, env)
    mode = "no bytecode cache" if args.no_bytecode else "bytecode cached"
    print(f"symposium-kit load benchmark: {args.runs} runs per case, medians, {mode}")
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]} at {sys.executable}; load average {load:.1f}")
    print("wall = elapsed time; cpu = user + system time (less disturbed by a busy machine)")
    print(table(series))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
