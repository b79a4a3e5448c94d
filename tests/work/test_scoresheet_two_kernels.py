"""Two kernels on one score sheet: each saves per field, merged with what is on disk."""

from __future__ import annotations

import pytest

from symposium_kit import load_debate
from symposium_kit.work.scoresheet import load_scoresheet
from symposium_kit.work.workfile import read_work

D = load_debate()


def _open(path, said):
    return load_scoresheet(D, path=path, report=said.append)


def test_a_justification_typed_in_one_kernel_keeps_the_score_saved_by_another(tmp_path):
    path = tmp_path / "symposium-work.json"
    said_a: list[str] = []
    a = _open(path, said_a)  # kernel A opens the sheet first
    b = _open(path, [])
    b.set("mann", "overall", 3, "B: one-sided but clear")
    a.set_justification("mann", "overall", "A: I would say the same")
    cell = read_work(path)["scores"]["mann"]["overall"]
    assert cell == {"score": 3, "justification": "A: I would say the same"}
    assert a.score("mann", "overall") == 3  # A now knows B's score too
    assert any("Another notebook changed" in s and "mann/overall score" in s for s in said_a)


def test_a_score_set_in_one_kernel_keeps_the_justification_typed_in_another(tmp_path):
    path = tmp_path / "symposium-work.json"
    a, b = _open(path, []), _open(path, [])
    b.set("hass", "evidence", 1, "B: thin evidence")
    a.set("hass", "evidence", 2)  # A gives no justification: B's stays
    assert read_work(path)["scores"]["hass"]["evidence"] == {
        "score": 2,
        "justification": "B: thin evidence",
    }


def test_the_later_write_to_the_same_field_wins(tmp_path):
    path = tmp_path / "symposium-work.json"
    a, b = _open(path, []), _open(path, [])
    a.set("roach", "claim", 1, "A first")
    b.set("roach", "claim", 2, "B later")
    assert read_work(path)["scores"]["roach"]["claim"] == {"score": 2, "justification": "B later"}


def test_cells_changed_by_different_kernels_all_survive(tmp_path):
    path = tmp_path / "symposium-work.json"
    a, b = _open(path, []), _open(path, [])
    for i, who in enumerate(("mcgregor", "cutler", "hass")):
        a.set(who, "claim", i % 3, f"A {who}")
        b.set(who, "evidence", (i + 1) % 3, f"B {who}")
    saved = read_work(path)["scores"]
    assert {(w, c) for w, row in saved.items() for c in row} == {
        (w, c) for w in ("mcgregor", "cutler", "hass") for c in ("claim", "evidence")
    }


def test_an_unsaveable_justification_is_refused_before_it_touches_the_sheet(tmp_path):
    path = tmp_path / "symposium-work.json"
    sheet = _open(path, [])
    sheet.set("mann", "overall", 2, "fine")
    with pytest.raises(ValueError, match="broken character"):
        sheet.set("mann", "overall", 3, "\ud83d")
    assert sheet.score("mann", "overall") == 2 and sheet.justification("mann", "overall") == "fine"
    assert read_work(path)["scores"]["mann"]["overall"] == {"score": 2, "justification": "fine"}
    reopened = _open(path, [])
    assert reopened.score("mann", "overall") == 2
