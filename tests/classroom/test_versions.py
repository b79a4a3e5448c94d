"""Late and repeated hand-ins: every version kept, late ones flagged, the rule that counts stated."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.versions import how_late, parse_deadline
from symposium_kit.cli.main import main
from symposium_kit.exercises.catalog import collect_exercises

DEADLINE = datetime(2025, 5, 1, 23, 59, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def single(debate):
    exercises, _ = collect_exercises(debate)
    return next(e for e in exercises.values() if e.kind == "single_choice")


def put(path: Path, answer: str, exercise: str, when: datetime, student: str = "ada") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    work = {
        "format": "symposium-kit/work",
        "version": 1,
        "student": student,
        "answers": {exercise: {"answer": answer, "result": "correct"}},
        "scores": {},
        "forecasts": {},
    }
    path.write_text(json.dumps(work), "utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def versions(tmp_path, single):
    wrong = next(o for o in single.options if o != single.key)
    # ada: right on time, then a wrong version two hours late; ben: only a late version.
    put(
        tmp_path / "ada" / "symposium-work.json",
        single.key,
        single.id,
        DEADLINE - timedelta(hours=1),
    )
    put(tmp_path / "ada.json", wrong, single.id, DEADLINE + timedelta(hours=2, minutes=5))
    put(tmp_path / "ben.json", single.key, single.id, DEADLINE + timedelta(days=1), "ben")
    return tmp_path


def result_of(r, student, exercise):
    rows = r.exercises[(r.exercises["student"] == student) & (r.exercises["exercise"] == exercise)]
    return rows["result"].item(), rows["source"].item()


def test_with_a_deadline_the_latest_on_time_version_counts_and_late_ones_are_flagged(
    versions, debate, single
):
    r = collect(versions, debate, progress=False, deadline="2025-05-01T23:59Z")
    assert r.counts == "latest-before-deadline"
    assert result_of(r, "ada", single.id) == ("correct", "ada/symposium-work.json")
    assert result_of(r, "ben", single.id) == ("correct", "ben.json")  # only late: it counts
    by_path = {v.path: v for v in r.versions}
    assert len(by_path) == 3  # every version kept
    assert by_path["ada.json"].late_by == timedelta(hours=2, minutes=5)
    assert not by_path["ada.json"].counted and by_path["ada/symposium-work.json"].counted
    assert by_path["ada/symposium-work.json"].late_by is None
    assert [v.path for v in r.late] == ["ben.json"]
    text = r.summary(debate, agreement=False)
    assert "2 h 5 min late" in text and "1 d late" in text
    assert "kept ada/symposium-work.json (latest before the deadline)" in text


def test_latest_and_best_are_chosen_on_request(versions, debate, single):
    latest = collect(versions, debate, progress=False, deadline=DEADLINE, counts="latest")
    assert result_of(latest, "ada", single.id) == ("wrong", "ada.json")
    assert [v.path for v in latest.late] == ["ada.json", "ben.json"]
    best = collect(versions, debate, progress=False, counts="best")
    assert result_of(best, "ada", single.id) == ("correct", "ada/symposium-work.json")
    assert "(best)" in best.summary(debate, agreement=False)
    plain = collect(versions, debate, progress=False)
    assert plain.counts == "latest" and plain.deadline is None and plain.late == []


def test_best_is_judged_by_re_grading_not_by_the_stored_result(tmp_path, debate, single):
    wrong = next(o for o in single.options if o != single.key)
    put(tmp_path / "ada.json", wrong, single.id, DEADLINE)  # stored "correct": a forgery
    put(tmp_path / "ada" / "symposium-work.json", single.key, single.id, DEADLINE - timedelta(1))
    r = collect(tmp_path, debate, progress=False, counts="best")
    assert result_of(r, "ada", single.id) == ("correct", "ada/symposium-work.json")


def test_bad_deadline_or_rule_gets_a_clear_message(versions, capsys):
    with pytest.raises(ValueError, match="not an ISO 8601"):
        parse_deadline("next friday")
    with pytest.raises(ValueError, match="unknown rule"):
        collect(versions, counts="first")
    assert main(["collect", str(versions), "--deadline", "friday", "--no-progress"]) == 1
    assert "not an ISO 8601 date" in capsys.readouterr().err
    assert main(["collect", str(versions), "--deadline", "2025-05-01T23:59", "--no-progress"]) == 0
    assert "2 h 5 min late" in capsys.readouterr().out


def test_how_late_reads_in_days_hours_minutes():
    assert how_late(timedelta(days=3, minutes=1)) == "3 d 1 min"
    assert parse_deadline("2025-05-01T23:59").tzinfo is timezone.utc
