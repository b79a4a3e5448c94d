"""Benchmark: reporting an invalid debate file against loading a valid one.

Each row is a fresh ``python -c`` process (median over ``--runs``), so that
imports count as they do for ``symposium-kit validate``:

- the floor: ``python -c pass`` (interpreter start, measured in the same run);
- ``validate_debate`` on the malformed corpus' valid base (``tests/malformed/_base``);
- ``validate_debate`` on three invalid cases that reach the schema check
  (wrong type, unknown field, bad id: the error path);
- ``import jsonschema`` alone, which the error path used to pay.

The table gives each median, its ratio to the valid load, and whether the
process imported ``jsonschema``. The target: invalid / valid close to 1.

Run:  python benchmarks/bench_invalid.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "malformed"

CHECK = (
    "import sys; from symposium_kit.debate.load import validate_debate; "
    "p = validate_debate({folder!r}); assert bool(p) == {invalid}, p; "
    "print('jsonschema' in sys.modules)"
)


def _time(code: str, runs: int) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode:
            raise SystemExit(f"failed: {code}\n{proc.stderr}")
        out = proc.stdout.strip()
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rows = [("floor: python -c pass", "pass")]
    rows.append(("valid: tests/malformed/_base", CHECK.format(folder=str(CORPUS / "_base"), invalid=False)))  # fmt: skip
    for case in ("wrong-type-year", "unknown-field", "bad-id"):
        rows.append((f"invalid: {case}", CHECK.format(folder=str(CORPUS / case), invalid=True)))
    rows.append(("import jsonschema (the old error path)", "import jsonschema; print(True)"))
    results = [(name, *_time(code, args.runs)) for name, code in rows]
    valid = results[1][1]
    print(f"{'case':42} {'median ms':>10} {'/ valid':>8}  jsonschema imported")
    for name, seconds, out in results:
        print(f"{name:42} {seconds * 1000:10.1f} {seconds / valid:8.2f}  {out or '-'}")


if __name__ == "__main__":
    main()
