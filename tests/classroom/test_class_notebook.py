"""Lesson 06 on a real class: papermill runs the instructor edition with parameters.

nbval keeps checking the committed demo run (``./kit test symposium_kit/notebooks/...``);
this test proves that the same notebook runs top to bottom on another folder, with a
roster and a deadline, and shows that class's numbers, not the demo's.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

import pytest

from symposium_kit import collect, load_debate, write_demo_class
from symposium_kit.authoring.release import edition_path

pytestmark = pytest.mark.slow


def outputs(nb: dict, cell_id: str) -> str:
    (cell,) = [c for c in nb["cells"] if c.get("id") == cell_id]
    parts = []
    for o in cell.get("outputs", []):
        text = o.get("text") or o.get("data", {}).get("text/plain", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return "".join(parts)


def test_papermill_runs_06_on_a_generated_class_with_roster_and_deadline(tmp_path):
    import papermill

    debate = load_debate()
    folder = tmp_path / "class"
    demo = write_demo_class(folder, students=7, seed=11, debate=debate, malformed=False)
    students = sorted(demo.students)
    roster = tmp_path / "roster.csv"
    lines = ["student,name,email"] + [f"{s},{s.upper()},{s}@example.org" for s in students[:6]]
    lines.append("absent,Absent A,absent@example.org")
    roster.write_text("\n".join(lines) + "\n", "utf-8")
    # A deadline between the class's first and last file, so some hand-ins are late.
    saved = sorted(p.stat().st_mtime for p in folder.rglob("*") if p.is_file())
    middle = saved[len(saved) // 2]
    deadline = datetime.fromtimestamp(middle, timezone.utc).isoformat()
    exports = tmp_path / "exports"
    out = tmp_path / "ran.ipynb"
    papermill.execute_notebook(
        str(edition_path("06-class-results", "instructor")),
        str(out),
        parameters={
            "submissions": str(folder),
            "roster": str(roster),
            "deadline": deadline,
            "exports": str(exports),
            "moodle_id": "email",
        },
        cwd=str(tmp_path),
        kernel_name="python3",
        execution_timeout=180,
        progress_bar=False,
        request_save_on_cell_execute=False,
    )
    nb = json.loads(out.read_text("utf-8"))
    expected = collect(folder, debate, progress=False, deadline=deadline)
    assert outputs(nb, "class-006") == f"the class in {folder}\n"
    collected = outputs(nb, "class-008")
    assert collected.startswith(f"{len(students)} students, {expected.files} files read")
    assert 0 < len(expected.late) < len(expected.versions)
    assert collected.count("\nlate ") == len(expected.late)
    assert all(f"late {v}" in collected for v in expected.late)
    assert "no list for a real class" in outputs(nb, "class-029")
    lms = outputs(nb, "class-108")
    assert "Wrote a canvas gradebook of 7 student(s) to canvas.csv" in lms
    assert "On the roster with no hand-in (1, 0 points): absent" in lms
    assert students[6] in lms  # handed in, not on the roster: listed
    canvas = list(csv.reader(open(exports / "canvas.csv", encoding="utf-8")))
    assert canvas[1][0] == "Points Possible" and len(canvas) == 2 + 7
    moodle = list(csv.reader(open(exports / "moodle.csv", encoding="utf-8")))
    assert moodle[0][0] == "Email address"
    assert [r[0] for r in moodle[1:]][-1] == "absent@example.org"
    assert not (tmp_path / "submissions").exists()  # no demo class was written
