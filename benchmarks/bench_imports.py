"""What the test environment pays at import for jsonschema's rfc3987-syntax, and what the kit avoids.

Run from the repository root: ``python benchmarks/bench_imports.py [--runs 7]``.

jsonschema imports ``rfc3987_syntax``, when it is installed, for its ``iri``
format checks, and that package builds a Lark grammar at import. Every process
that imports jsonschema pays it: the JupyterLab and JupyterHub servers (through
jupyter_events), nbformat (nbval and the release), the test run. ``./kit``
uninstalls the package after installing the environment (nothing the kit runs
validates an ``iri``). This script times whole processes, medians of wall and
CPU time, with the package importable and with its import blocked (as if it were
not installed), beside the interpreter-start floor.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys

from _bench import print_table, timed_process

BLOCK = "import sys; sys.modules['rfc3987_syntax'] = None; "
CASES = {
    "floor: python -c pass": "pass",
    "import nbformat": "import nbformat",
    "import jupyter_server.serverapp": "import jupyter_server.serverapp",
}


def timed(code: str) -> tuple[float, float]:
    return timed_process([sys.executable, "-c", code], timeout=300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    installed = importlib.util.find_spec("rfc3987_syntax") is not None
    rows: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for name, code in CASES.items():
            rows.setdefault(f"{name}, blocked", []).append(timed(BLOCK + code))
            if installed and name != "floor: python -c pass":
                rows.setdefault(f"{name}, with rfc3987-syntax", []).append(timed(code))
    print(
        f"import benchmark: {args.runs} runs, medians of whole processes; rfc3987-syntax "
        f"{'installed' if installed else 'not installed (as ./kit leaves it)'}; "
        f"load {os.getloadavg()[0]:.1f}"
    )
    floor = statistics.median(w for w, _ in rows["floor: python -c pass, blocked"])
    table = []
    for name, values in sorted(rows.items()):
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        table.append((name, f"{wall:.2f}", f"{cpu:.2f}", f"{wall / floor:.1f}"))
    print_table(("case", "wall s", "cpu s", "x floor"), table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
