"""Run every benchmark once and write ``benchmarks/RESULTS.md``: machine, versions, tables.

Run from the repository root, in the project's environment::

    python benchmarks/run_all.py            # all of them (about 10 minutes)
    python benchmarks/run_all.py --quick    # fewer repeats (about 4 minutes)
    python benchmarks/run_all.py --only bench_load.py bench_check.py
    python benchmarks/run_all.py --otter-path /tmp/otterlib   # check() beside otter-grader

Every table prints each figure beside a floor measured in the same run, with the
ratio; this script only runs them one after another and keeps what they print,
with the command that printed it, so that RESULTS.md can be reproduced.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# (script, arguments, arguments with --quick)
BENCHMARKS = [
    ("bench_load.py", ["--runs", "21"], ["--runs", "9"]),
    ("bench_check.py", ["--calls", "2000", "--rounds", "7"], ["--calls", "500", "--rounds", "5"]),
    ("bench_collect.py", ["--runs", "7"], ["--runs", "3"]),
    ("bench_imports.py", ["--runs", "7"], ["--runs", "3"]),
    ("bench_invalid.py", ["--runs", "15"], ["--runs", "5"]),
    ("bench_lint.py", ["--runs", "21"], ["--runs", "7"]),
    ("bench_class.py", ["100", "1000"], ["100", "1000"]),
    ("bench_feedback.py", ["300"], ["300"]),
    ("bench_grades.py", ["30", "300"], ["30", "300"]),
    ("bench_notebooks.py", ["--runs", "3"], ["--runs", "1"]),
    ("bench_hub.py", [], ["--students", "100"]),
    ("bench_browser.py", [], ["--changes", "20", "--starts", "2", "--opens", "1"]),
]
VERSIONS = ["symposium-kit", "jupyterlab", "jupyterhub", "ipywidgets", "nbval", "pandas", "PyYAML"]


def machine() -> list[str]:
    lines = [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- python: {sys.version.split()[0]} ({sys.executable})",
        f"- load average at start: {os.getloadavg()[0]:.1f}",
    ]
    found = []
    for name in VERSIONS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    lines.append("- versions: " + ", ".join(found))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--only", nargs="*", help="run only these scripts")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--otter-path", help="passed to bench_check.py: where otter-grader was pip-installed"
    )
    args = parser.parse_args(argv)
    sections = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run_all.py"
        + (" --quick" if args.quick else "")
        + "` in one run; every table shows its floors, measured in the same run, and the "
        "ratios. Read the ratios: the machine is shared and the absolute times move with its load.",
        "",
        *machine(),
        "",
    ]
    failed = 0
    for script, full, quick in BENCHMARKS:
        if args.only and script not in args.only:
            continue
        cmd = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        if script == "bench_check.py" and args.otter_path:
            cmd += ["--otter-path", args.otter_path]
        shown = "python benchmarks/" + " ".join([script, *cmd[2:]])
        print(f"run_all: {shown}", file=sys.stderr)
        t0 = time.perf_counter()
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
        took = time.perf_counter() - t0
        sections += [f"## {script}", "", f"`{shown}` ({took:.0f} s, exit {run.returncode})", ""]
        output = run.stdout.strip() or "(no output)"
        if run.returncode:
            failed += 1
            output += "\n" + run.stderr.strip()[-2000:]
        sections += ["```", output, "```", ""]
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print(f"run_all: wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
