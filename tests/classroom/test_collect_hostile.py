"""collect against one class folder of 24 hostile hand-ins, through the command line.

No single file may stop the run: each hostile file becomes a skip (or an
ignored part) with its reason, the good students are collected, the summary
and both CSV files are written, no text reaches a CSV cell as a formula, no
control character reaches the terminal, and nothing in a hand-in is executed.
"""

from __future__ import annotations

import csv
import json
import os
import sys

import nbformat

from symposium_kit.classroom.collect import RESULT_MIME
from symposium_kit.cli.main import main

from .test_collect import notebook, put, work

FORMULA = "=cmd|' /C calc'!A0"
ESC = "\x1b[2J\x1b[H"


def _hostile_class(root, marker):
    """The class folder: two good students and 24 hostile hand-ins; returns the hostile paths."""
    put(root / "ada" / "symposium-work.json", work("ada", scores={"hass": {"overall": {"score": 2}}}))  # fmt: skip
    put(root / "cy.json", work("cy", scores={"mann": {"overall": {"score": 3}}}))
    hostile = {}

    def add(name, data):
        hostile[name] = put(root / name, data)

    (root / "loop.json").symlink_to(root / "loop.json")
    hostile["loop.json"] = root / "loop.json"
    os.mkfifo(root / "fifo.json")
    hostile["fifo.json"] = root / "fifo.json"
    with open(root / "huge.json", "wb") as f:  # sparse: 60 MB on paper, nothing on disk
        f.truncate(60_000_000)
    hostile["huge.json"] = root / "huge.json"
    add("junk.json", bytes(range(256)) * 8)
    add("deep.json", "[" * 200_000 + "]" * 200_000)
    add("types.json", {"format": "symposium-kit/work", "version": 1, "student": "dee",
                       "answers": "x", "scores": [1, 2], "forecasts": 5})  # fmt: skip
    add("ben/symposium-work.json", work("ada", scores={"hass": {"overall": {"score": 0}}}))
    os.utime(root / "ben" / "symposium-work.json", (2_000_000_000, 2_000_000_000))
    add("formula.json", work(FORMULA, scores={"hass": {"overall": {"score": 1}}}))
    add("eve.ipynb", notebook(results=[(FORMULA, "correct"), ("<svg onload=alert(3)>", "correct")], student="eve"))  # fmt: skip
    add(f"{ESC}name.json", work("fay", scores={"hass": {"overall": {"score": 1}}}))
    add("gus.json", work("gus", scores={ESC + "who": {"overall": {"score": 1}}}))
    add(".../hid.json", work("hid"))
    add("locked.json", work("ivy"))
    os.chmod(root / "locked.json", 0)
    add("latin1.json", '{"student": "jos\xe9"}'.encode("latin-1"))
    add("empty.json", b"")
    add("cut.json", json.dumps(work("kim"))[:40])
    add("old.ipynb", json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}))
    code = f"open({str(marker)!r}, 'w').write('ran')"
    add("runme.ipynb", notebook(code=code, student="lou"))
    add("nan.json", '{"format": "symposium-kit/work", "version": 1, "student": "max", "scores": {"hass": {"overall": {"score": NaN}}}}')  # fmt: skip
    (root / "dangling.json").symlink_to(root / "nowhere.json")
    hostile["dangling.json"] = root / "dangling.json"
    (root / "dir.json").mkdir()
    hostile["dir.json"] = root / "dir.json"
    (root / "passwd.json").symlink_to("/etc/passwd")
    hostile["passwd.json"] = root / "passwd.json"
    add("list.json", [1, 2, 3])
    add("bigint.json", '{"format": "symposium-kit/work", "version": 1, "student": "ned", "scores": {"hass": {"overall": {"score": 1' + "0" * 5000 + "}}}}")  # fmt: skip
    return hostile


def test_two_dozen_hostile_hand_ins_never_stop_the_collection(tmp_path, capsys):
    root = tmp_path / "class"
    marker = tmp_path / "pwned"
    hostile = _hostile_class(root, marker)
    assert len(hostile) >= 20
    out_csv, book_csv = tmp_path / "scores.csv", tmp_path / "gradebook.csv"
    code = main(["collect", str(root), "--out", str(out_csv), "--gradebook", str(book_csv), "--no-progress"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err  # control characters are escaped for the terminal
    assert "ada" in out and "cy" in out
    assert not marker.exists()  # the notebook's code was never run
    skipped_listed = out.split("Skipped", 1)[1] if "Skipped" in out else ""
    for name in ("loop.json", "fifo.json", "huge.json", "junk.json", "deep.json",
                 "ben/symposium-work.json", "latin1.json", "empty.json", "cut.json",
                 "old.ipynb", "dangling.json", "passwd.json", "list.json"):  # fmt: skip
        assert name in skipped_listed, name
    for path in (out_csv, book_csv):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        assert rows, path
        cells = [c for row in rows for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or c[:1] == "-" and not c[1:2].isdigit()], path  # fmt: skip
        assert not [c for c in cells if "\x1b" in c and not c.startswith("'")], path
    print(f"\nhostile hand-ins: {len(hostile)}", file=sys.stderr)


def test_the_notebook_kind_of_result_is_read_as_data(tmp_path):
    """The hostile notebooks above are real notebooks: the fixture is what it says."""
    nb = nbformat.reads(notebook(results=[(FORMULA, "correct")], student="eve"), as_version=4)
    assert nb.cells[0].outputs[0]["data"][RESULT_MIME]["exercise"] == FORMULA
