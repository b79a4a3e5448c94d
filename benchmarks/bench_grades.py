"""Benchmark: hand grading, deadlines and LMS gradebooks for a class of 30 / 300 students.

Run from the repository root::

    python benchmarks/bench_grades.py          # 30 and 300 students (about half a minute)
    python benchmarks/bench_grades.py 1000     # chosen sizes

For each size it writes a demo class (``write_demo_class``, seed 1, no malformed
files) and a roster of every student, and reports medians (wall clock, seconds) of:

- ``collect``: :func:`collect` with a deadline (``latest-before-deadline``);
  its floor is reading and ``json.loads`` of the same files;
- ``queue``: :func:`grading_queue` for one open question, from collected results;
- ``grade all``: recording a grade for every answer in the queue, each one an
  atomic write of the grade sheet (temp file, fsync, rename: autosave on every
  change); its floor is the same number of atomic writes of the final sheet;
- ``canvas``: :func:`write_lms_gradebook` in the Canvas layout, joined to the
  roster; its floor is writing a table of the same shape with the ``csv`` module.

Each measured step is printed beside its floor, measured in the same run.
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.demo import write_demo_class
from symposium_kit.classroom.lms import read_roster, write_lms_gradebook
from symposium_kit.classroom.manual import grading_queue, manual_grades
from symposium_kit.work.gradesheet import grades_path, read_grades
from symposium_kit.work.workfile import write_json_atomic

OPEN = "start.why-hard"


def median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def read_floor(root: Path) -> None:
    for path in root.rglob("*.json"):
        json.loads(path.read_bytes())


def run_size(n: int, debate, tmp: str) -> tuple:
    """Every measure for one class size."""
    root = Path(tmp) / f"class-{n}"
    demo = write_demo_class(root / "in", students=n, seed=1, debate=debate, malformed=False)
    roster = root / "roster.csv"
    roster.write_text(
        "student,email\n" + "".join(f"{s},{s}@example.org\n" for s in demo.students), "utf-8"
    )
    saved = sorted(p.stat().st_mtime for p in (root / "in").rglob("*") if p.is_file())
    due = datetime.fromtimestamp(saved[len(saved) // 2], timezone.utc)
    repeats = 5
    read_floor(root / "in")  # warm the page cache
    t_floor = median(lambda: read_floor(root / "in"), repeats)
    t_collect = median(lambda: collect(root / "in", debate, progress=False, deadline=due), repeats)
    results = collect(root / "in", debate, progress=False, deadline=due)
    t_queue = median(
        lambda: grading_queue(root / "in", OPEN, debate=debate, results=results), repeats
    )
    queue = grading_queue(root / "in", OPEN, debate=debate, results=results)
    t0 = time.perf_counter()
    for i in range(len(queue)):
        queue.grade(i, 0.5, "a comment of a usual length, a sentence or two at most")
    t_grade = time.perf_counter() - t0
    final = read_grades(grades_path(root / "in"))
    t0 = time.perf_counter()
    for _ in range(len(queue)):
        write_json_atomic(root / "floor.json", final)
    t_grade_floor = time.perf_counter() - t0
    grades = manual_grades(root / "in")
    entries = read_roster(roster)
    t_canvas = median(
        lambda: write_lms_gradebook(results, root / "canvas.csv", "canvas", entries, grades),
        repeats,
    )
    with open(root / "canvas.csv", encoding="utf-8") as fh:
        width = len(next(csv.reader(fh)))

    def csv_floor() -> None:
        out = io.StringIO()
        w = csv.writer(out)
        for _ in range(len(entries) + 2):
            w.writerow([1.0] * width)
        (root / "floor.csv").write_text(out.getvalue(), "utf-8")

    t_csv_floor = median(csv_floor, repeats)
    files = sum(1 for p in (root / "in").rglob("*") if p.is_file())
    return (
        n,
        files,
        len(queue),
        t_floor,
        t_collect,
        t_queue,
        t_grade_floor,
        t_grade,
        t_csv_floor,
        t_canvas,
    )


def main(sizes: list[int]) -> int:
    debate = load_debate()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run_size(n, debate, tmp) for n in sizes]
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("wall clock, seconds (medians of 5; 'grade all' is one pass)")
    print(
        f"{'students':>8} {'files':>6} {'answers':>7} {'floor':>7} {'collect':>8} {'queue':>7} "
        f"{'floor':>7} {'grade all':>9} {'ms/grade':>8} {'floor':>7} {'canvas':>7}"
    )
    for n, files, answers, fl, co, qu, gfl, gr, cfl, ca in rows:
        print(
            f"{n:>8} {files:>6} {answers:>7} {fl:7.3f} {co:8.3f} {qu:7.3f} {gfl:7.3f} {gr:9.3f} "
            f"{1000 * gr / max(answers, 1):8.2f} {cfl:7.4f} {ca:7.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [30, 300]))
