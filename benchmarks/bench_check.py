"""How long ``check()`` takes as a notebook calls it, the save of the answer included.

Run from the repository root::

    python benchmarks/bench_check.py            # 2,000 calls per case
    python benchmarks/bench_check.py --calls 500
    python benchmarks/bench_check.py --otter    # also otter-grader's grader.check, if installed
    pip install --target /tmp/otterlib otter-grader    # otter beside the kit, not in its venv
    python benchmarks/bench_check.py --otter-path /tmp/otterlib

Every case runs in this one process, in a fresh temporary folder (the work
file ``symposium-work.json`` is written there, with its fsync, as in class),
with the feedback display sent to a null stream. Cases, interleaved in rounds so
that a busy machine disturbs them alike:

- ``floor: atomic write``: writing a work file of the same size the kit's way
  (temporary file, fsync, rename), with nothing else: what a save cost when
  every ``check()`` rewrote the file;
- ``floor: append one line``: opening a file, appending one answer's line and
  closing it, with nothing else: the least a journaled save costs (``check()``
  appends to the journal; the file itself is rewritten within a second);
- ``check() loaded``: one answer to every exercise in turn (the key for graded
  exercises, text for open ones), ``check()`` as the notebook calls it;
- ``check_answer() alone``: the pure checker, no save, no display;
- ``otter grader.check`` (``--otter``): otter-grader's check of one question
  in the same run, the peer the issue compares with (otter is a benchmark-only
  dependency, never a test dependency).

Medians per call, in milliseconds, with the ratio to the append floor. The issue's
target: ``check()`` at most 0.16 ms and at least 5x faster than otter's check.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _bench import print_table

from symposium_kit.exercises.cells import _state, check
from symposium_kit.exercises.checking import check_answer
from symposium_kit.work.workfile import flush_work, write_json_atomic


def answers() -> list[tuple[str, Any]]:
    """One answer per exercise: the key where there is one, else a sentence."""
    _, exercises, _ = _state()
    out: list[tuple[str, Any]] = []
    for ex in exercises.values():
        key = ex.key
        if ex.kind == "quote":
            key = "the words are not in the text"
        elif key is None:
            key = "Because the contributors weigh the same facts differently."
        elif isinstance(key, tuple) and ex.kind == "matching":
            key = dict(key)
        elif isinstance(key, tuple):
            key = list(key)
        out.append((ex.id, key))
    return out


def per_call_ms(fn: Callable[[], None], calls: int) -> float:
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    return 1e3 * (time.perf_counter() - t0) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per case per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--otter", action="store_true", help="compare with otter-grader")
    parser.add_argument(
        "--otter-path",
        help="a folder where otter-grader was installed by pip install --target (implies --otter); "
        "appended to sys.path, so the kit's own packages still come first",
    )
    args = parser.parse_args(argv)
    if args.otter_path:
        sys.path.append(args.otter_path)
        args.otter = True
    debate, exercises, _ = _state()
    pairs = answers()
    folder = Path(tempfile.mkdtemp(prefix="symposium-bench-check-"))
    os.chdir(folder)
    sink = io.StringIO()

    def run_check() -> None:
        ex_id, answer = pairs[run_check.i % len(pairs)]  # type: ignore[attr-defined]
        run_check.i += 1  # type: ignore[attr-defined]
        with contextlib.redirect_stdout(sink):
            check(ex_id, answer)
        sink.seek(0)
        sink.truncate()

    run_check.i = 0  # type: ignore[attr-defined]
    for ex_id, answer in pairs:  # fill the work file as a student who answered everything
        with contextlib.redirect_stdout(sink):
            check(ex_id, answer)
    flush_work(folder / "symposium-work.json")
    work = json.loads((folder / "symposium-work.json").read_text(encoding="utf-8"))
    line = (
        json.dumps({"op": "answer", "id": pairs[0][0], "record": {"answer": 1}}) + "\n"
    ).encode()

    def floor() -> None:
        write_json_atomic(folder / "floor.json", work)

    def append_floor() -> None:
        fd = os.open(folder / "floor.journal", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        os.write(fd, line)
        os.close(fd)

    def pure() -> None:
        ex_id, answer = pairs[pure.i % len(pairs)]  # type: ignore[attr-defined]
        pure.i += 1  # type: ignore[attr-defined]
        check_answer(exercises[ex_id], answer, debate)

    pure.i = 0  # type: ignore[attr-defined]
    cases: dict[str, Callable[[], None]] = {
        "floor: atomic write of the work file": floor,
        "floor: append one line": append_floor,
        "check() loaded, save included": run_check,
        "check_answer() alone": pure,
    }
    if args.otter:
        otter = _otter_case(folder)
        if otter is not None:
            cases["otter-grader grader.check (one question)"] = otter
    series: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, fn in cases.items():
            series[name].append(per_call_ms(fn, args.calls))
    base = statistics.median(series["floor: append one line"])
    print(
        f"check() benchmark: {args.calls} calls x {args.rounds} rounds per case, "
        f"medians per call; python {sys.version.split()[0]}; load {os.getloadavg()[0]:.1f}"
    )
    rows = []
    for name, values in series.items():
        med = statistics.median(values)
        rows.append((name, f"{med:.3f}", f"{med / base:.2f}"))
    print_table(("case", "ms/call", "x floor"), rows)
    if "otter-grader grader.check (one question)" in series:
        ours = statistics.median(series["check() loaded, save included"])
        theirs = statistics.median(series["otter-grader grader.check (one question)"])
        print(f"otter / check(): {theirs / ours:.1f}x")
    return 0


def _otter_case(folder: Path) -> Callable[[], None] | None:
    """otter-grader's ``grader.check`` on a one-test question, or None if otter is missing."""
    try:
        import otter  # noqa: F401
        from otter.check.notebook import Notebook
    except ImportError:
        print("otter-grader is not installed: pip install otter-grader", file=sys.stderr)
        return None
    tests = folder / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "q1.py").write_text(
        "OK_FORMAT = True\n"
        "test = {'name': 'q1', 'points': 1, 'suites': [{'cases': [{'code': '>>> x == 5\\nTrue', "
        "'hidden': False, 'locked': False}], 'scored': True, 'setup': '', 'teardown': '', "
        "'type': 'doctest'}]}\n",
        encoding="utf-8",
    )
    grader = Notebook(tests_dir=str(tests))
    env = {"x": 5}

    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            grader.check("q1", global_env=env)

    return run


if __name__ == "__main__":
    raise SystemExit(main())
