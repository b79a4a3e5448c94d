"""The synthetic class: deterministic, realistic, and with the bad files it promises."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import collect
from symposium_kit.classroom.demo import write_demo_class
from symposium_kit.scoring.agreement import krippendorff_alpha


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def fingerprint(root: Path) -> dict[str, tuple[str, float]]:
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime,
        )
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_writes_the_same_class(tmp_path, debate):
    write_demo_class(tmp_path / "a", students=15, seed=7, debate=debate)
    write_demo_class(tmp_path / "b", students=15, seed=7, debate=debate)
    write_demo_class(tmp_path / "c", students=15, seed=8, debate=debate)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b")
    assert fingerprint(tmp_path / "a") != fingerprint(tmp_path / "c")


def test_demo_class_has_incomplete_malformed_duplicate_and_notebook_submissions(tmp_path, debate):
    demo = write_demo_class(tmp_path, students=60, seed=0, debate=debate)
    assert len(demo.students) == 60 and len(set(demo.students)) == 60
    assert demo.incomplete and demo.duplicate in demo.students
    assert any(f.endswith(".ipynb") for f in demo.files if f not in demo.malformed)
    assert {"late-student.json", "empty.json", "old-format.ipynb"} <= set(demo.malformed)
    r = collect(tmp_path, debate, progress=False)
    per_student = r.scores.groupby("student").size()
    full = len(debate.contributors) * len(debate.rubric.criterion_ids)
    assert per_student.max() == full
    assert any(per_student.get(s, 0) < full for s in demo.incomplete)
    assert set(r.exercises["source"].str.endswith(".ipynb")) == {True, False}


def test_demo_scores_agree_moderately_as_a_real_class_would(tmp_path, debate):
    write_demo_class(tmp_path, students=200, seed=3, debate=debate, malformed=False)
    r = collect(tmp_path, debate, progress=False)
    alpha = krippendorff_alpha(r.scores, debate=debate)
    assert 0.1 < alpha < 0.9
    low, high = debate.rubric.min_score, debate.rubric.max_score
    scored = r.scores["score"].dropna()
    assert scored.between(low, high).all() and scored.nunique() > 1
    assert r.scores["score"].isna().any()  # some "cannot judge"
    assert r.forecasts["probability"].between(0, 1).all()


def test_without_malformed_files_nothing_is_skipped(tmp_path, debate):
    demo = write_demo_class(tmp_path, students=10, seed=2, debate=debate, malformed=False)
    r = collect(tmp_path, debate, progress=False)
    assert demo.malformed == [] and r.skipped == [] and r.duplicates == []
    assert r.students == tuple(sorted(demo.students))


def test_a_class_needs_a_student(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        write_demo_class(tmp_path, students=0)


def test_the_real_exercise_ids_can_be_given(tmp_path, debate):
    ids = {"01-start": ["s-1"], "02-positions": ["p-1", "p-2"], "03-evidence": ["e-1"]}
    write_demo_class(tmp_path, students=20, seed=1, debate=debate, exercises=ids)
    r = collect(tmp_path, debate, progress=False)
    assert set(r.exercises["exercise"]) == {"s-1", "p-1", "p-2", "e-1"}
    from_notebooks = r.exercises[r.exercises["source"].str.endswith("02-positions.ipynb")]
    assert set(from_notebooks["exercise"]) <= {"p-1", "p-2"} and len(from_notebooks) > 0
    with pytest.raises(ValueError, match="at least one notebook"):
        write_demo_class(tmp_path / "x", students=2, exercises={})


def test_the_random_raters_of_the_demo_are_found_as_outliers(tmp_path, debate):
    from symposium_kit.scoring.agreement import outlier_raters

    demo = write_demo_class(tmp_path, students=30, seed=2025, debate=debate)
    assert len(demo.outlier_raters) >= 1 and len(demo.incomplete) >= 1
    assert not set(demo.outlier_raters) & set(demo.incomplete)
    raters = outlier_raters(collect(tmp_path, debate, progress=False).scores)
    assert set(demo.outlier_raters) <= set(raters.loc[raters["outlier"], "student"])
