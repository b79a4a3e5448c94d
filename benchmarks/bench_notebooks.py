"""How long nbval takes on each notebook, next to the floor of running any notebook.

Prints a table of medians over repeated runs (wall clock, whole processes):

- floor: ``pytest --nbval`` on a one-cell notebook holding ``1+1`` (pytest and
  plugin start-up, kernel start, one cell, shutdown), and, in-process, nbclient
  starting a kernel, running ``1+1`` and stopping it;
- every student and instructor edition under ``pytest --nbval`` with the
  project's options, and its excess over the floor.

Run from the repository root: ``python benchmarks/bench_notebooks.py [--runs N]``.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBVAL = [
    sys.executable,
    "-m",
    "pytest",
    "-q",
    "-p",
    "no:cacheprovider",
    "--no-header",
    "--nbval",
    "--nbval-current-env",
    "--nbval-cell-timeout=120",
    "--nbval-sanitize-with=tests/nbval-sanitize.cfg",
    "-o",
    "addopts=",
    "-o",
    "testpaths=",
]


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - t
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{run.stdout[-2000:]}")
    return elapsed


def kernel_floor() -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1+1")])
    t = time.perf_counter()
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault(
        "SYMPOSIUM_KIT_WORK", str(Path(tempfile.mkdtemp()) / "symposium-work.json")
    )

    tmp = Path(tempfile.mkdtemp())
    one = tmp / "one-cell.ipynb"
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1+1")])
    nbformat.write(nb, one)
    nb = nbformat.read(one, 4)
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    nbformat.write(nb, one)

    floor_proc = statistics.median(timed(NBVAL + [str(one)], ROOT) for _ in range(args.runs))
    floor_kernel = statistics.median(kernel_floor() for _ in range(args.runs))
    rows = []
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "notebooks" / "instructor").glob("*.ipynb")
    )
    for path in notebooks:
        times = [timed(NBVAL + [str(path.relative_to(ROOT))], ROOT) for _ in range(args.runs)]
        rows.append((str(path.relative_to(ROOT)), statistics.median(times)))

    print(f"medians of {args.runs} runs, wall clock, whole processes")
    print(f"{'what':<44} {'seconds':>8} {'over floor':>11}")
    print(f"{'floor: nbval on a one-cell notebook (1+1)':<44} {floor_proc:8.2f} {'':>11}")
    print(f"{'floor: nbclient kernel start + 1+1 (in-process)':<44} {floor_kernel:8.2f} {'':>11}")
    for name, secs in rows:
        print(f"{name:<44} {secs:8.2f} {secs - floor_proc:+10.2f}s")
    print(f"{'all notebooks, one after another':<44} {sum(s for _, s in rows):8.2f}")


if __name__ == "__main__":
    main()
