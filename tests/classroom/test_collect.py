"""Collecting a class: every file read as data, bad files reported and skipped."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import nbformat
import pytest

from symposium_kit import load_debate
from symposium_kit.classroom.collect import RESULT_MIME, collect
from symposium_kit.classroom.demo import write_demo_class


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def work(student="", scores=None, answers=None, forecasts=None):
    return {
        "format": "symposium-kit/work",
        "version": 1,
        "student": student,
        "debate": "d",
        "answers": answers or {},
        "scores": scores or {},
        "forecasts": forecasts or {},
    }


def put(path: Path, data, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def notebook(results=(), student=None, code="x = 1", extra_outputs=()):
    nb = nbformat.v4.new_notebook()
    if student is not None:
        nb.metadata["symposium_kit"] = {"student": student}
    cell = nbformat.v4.new_code_cell(code)
    cell["id"] = "c1"
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                RESULT_MIME: {
                    "exercise": e,
                    "result": r,
                    "answer": "A",
                    "debate": "d",
                    "kit_version": "0",
                }
            },
        )
        for e, r in results
    ] + list(extra_outputs)
    nb.cells = [cell]
    return nbformat.writes(nb)


def reasons(results) -> dict[str, str]:
    return {s.path: s.reason for s in results.skipped}


def good(tmp_path: Path) -> None:
    put(
        tmp_path / "ada.json",
        work(scores={"hass": {"overall": {"score": 2, "justification": "ok"}}}),
    )


def test_identity_comes_from_the_file_then_the_folder_then_the_file_name(tmp_path):
    put(tmp_path / "x.json", work("from-inside", scores={"hass": {"overall": {"score": 1}}}))
    put(tmp_path / "ben" / "symposium-work.json", work(scores={"hass": {"overall": {"score": 2}}}))
    put(tmp_path / "cy.json", work(scores={"hass": {"overall": {"score": 3}}}))
    put(tmp_path / "symposium-work.json", work(scores={"hass": {"overall": {"score": 0}}}))
    r = collect(tmp_path)
    assert r.students == ("ben", "cy", "from-inside")
    assert dict(zip(r.scores["student"], r.scores["score"], strict=False)) == {
        "ben": 2,
        "cy": 3,
        "from-inside": 1,
    }
    assert "cannot tell whose work" in reasons(r)["symposium-work.json"]


def test_truncated_json_is_skipped_and_the_rest_collected(tmp_path):
    good(tmp_path)
    text = json.dumps(work("ben", scores={"hass": {"overall": {"score": 2}}}))
    put(tmp_path / "ben.json", text[: len(text) // 2])
    r = collect(tmp_path)
    assert r.students == ("ada",)
    assert "not valid JSON" in reasons(r)["ben.json"]


def test_wrong_nbformat_version_is_skipped_with_the_version_named(tmp_path):
    good(tmp_path)
    put(
        tmp_path / "ben" / "old.ipynb",
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []},
    )
    put(
        tmp_path / "cy" / "future.ipynb",
        {"nbformat": 5, "nbformat_minor": 0, "metadata": {}, "cells": []},
    )
    r = collect(tmp_path)
    assert "version 3" in reasons(r)["ben/old.ipynb"]
    assert "version 5" in reasons(r)["cy/future.ipynb"]
    assert r.students == ("ada",)


def test_invalid_notebook_structure_is_skipped(tmp_path):
    put(
        tmp_path / "ben" / "bad.ipynb",
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "not a list"},
    )
    r = collect(tmp_path)
    assert "not a valid notebook" in reasons(r)["ben/bad.ipynb"]


def test_notebook_with_huge_output_is_read_and_one_over_the_limit_skipped(tmp_path):
    big = nbformat.v4.new_output("stream", name="stdout", text="x" * 5_000_000)
    put(tmp_path / "ada" / "02.ipynb", notebook([("positions-1", "correct")], extra_outputs=[big]))
    r = collect(tmp_path)
    assert r.exercises[["student", "exercise", "result"]].values.tolist() == [
        ["ada", "positions-1", "correct"]
    ]
    r = collect(tmp_path, max_bytes=1_000_000)
    assert "too large" in reasons(r)["ada/02.ipynb"]


def test_binary_empty_and_foreign_files_are_skipped_with_reasons(tmp_path):
    good(tmp_path)
    put(tmp_path / "junk.json", bytes(range(256)) * 4)
    put(tmp_path / "junk.ipynb", b"\x89PNG\r\n\x1a\n\x00\x00")
    put(tmp_path / "empty.json", "")
    put(tmp_path / "blank.ipynb", "  \n")
    put(tmp_path / "package.json", {"name": "x"})
    put(tmp_path / "list.json", [1, 2])
    put(tmp_path / "notes.txt", "hello")
    put(tmp_path / "deep.json", "[" * 100_000)
    r = collect(tmp_path)
    why = reasons(r)
    assert "not text" in why["junk.json"] and "not text" in why["junk.ipynb"]
    assert why["empty.json"] == "empty file" and why["blank.ipynb"] == "empty file"
    assert "another kind" in why["package.json"] and "another kind" in why["list.json"]
    assert "not a work file or notebook" in why["notes.txt"]
    assert "deep.json" in why
    assert r.students == ("ada",)
    assert "Skipped 8 file(s)" in r.summary()


def test_a_notebook_is_read_never_executed(tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-executed.txt"
    code = (
        f"open({str(target)!r}, 'w').write('executed')\n"
        "import os; os.makedirs('EXECUTED', exist_ok=True)"
    )
    put(tmp_path / "ada" / "02.ipynb", notebook([("positions-1", "partly")], code=code))
    here = Path.cwd()
    r = collect(tmp_path)
    assert r.exercises["result"].tolist() == ["partly"]  # the notebook was read...
    assert not target.exists()  # ...and its cell did not run
    assert not (here / "EXECUTED").exists() and not (tmp_path / "ada" / "EXECUTED").exists()


def test_names_with_dotdot_or_slashes_are_refused_and_links_out_skipped(tmp_path):
    good(tmp_path)
    put(tmp_path / "x.json", work("../../etc/passwd", scores={"hass": {"overall": {"score": 1}}}))
    put(tmp_path / "y" / "n.ipynb", notebook([("e", "correct")], student=".."))
    outside = put(tmp_path.parent / f"{tmp_path.name}-outside.json", work("eve"))
    (tmp_path / "link.json").symlink_to(outside)
    put(tmp_path / "ben..json", work(scores={"hass": {"overall": {"score": 1}}}))
    r = collect(tmp_path)
    why = reasons(r)
    assert "not a plain name" in why["x.json"] and "not a plain name" in why["y/n.ipynb"]
    assert "outside the folder" in why["link.json"]
    assert r.students == ("ada", "ben.")
    assert not any("/" in s or s in {".", ".."} for s in r.students)


def test_unicode_names_are_kept_and_normalised(tmp_path):
    nfd = unicodedata.normalize("NFD", "zoë")
    put(
        tmp_path / "zoë" / "symposium-work.json",
        work(scores={"hass": {"overall": {"score": 1}}}),
        mtime=1000,
    )
    put(tmp_path / "z2.json", work(nfd, scores={"hass": {"overall": {"score": 3}}}), mtime=2000)
    put(tmp_path / "józef.json", work(scores={"mann": {"overall": {"score": 2}}}))
    r = collect(tmp_path)
    assert r.students == ("józef", "zoë")
    assert r.scores.set_index("student").loc["zoë", "score"] == 3  # the newer file
    assert [d.student for d in r.duplicates] == ["zoë"]


def test_duplicates_keep_the_newest_and_are_reported(tmp_path):
    put(tmp_path / "ada.json", work("ada", scores={"hass": {"overall": {"score": 0}}}), mtime=1000)
    put(
        tmp_path / "ada" / "symposium-work.json",
        work(scores={"hass": {"overall": {"score": 3}}}),
        mtime=5000,
    )
    put(
        tmp_path / "ada (2).json",
        work("ada", scores={"hass": {"overall": {"score": 1}}}),
        mtime=3000,
    )
    r = collect(tmp_path)
    assert r.scores["score"].tolist() == [3]
    (dup,) = r.duplicates
    assert dup.kept == "ada/symposium-work.json"
    assert set(dup.dropped) == {"ada.json", "ada (2).json"}
    assert "kept ada/symposium-work.json (newest)" in r.summary()


def test_work_file_and_notebooks_merge_and_the_newer_result_wins(tmp_path):
    answers = {
        "positions-1": {"answer": "A", "result": "wrong", "notebook": "02"},
        "evidence-1": {"answer": "B", "result": "correct", "notebook": "03"},
    }
    put(tmp_path / "ada" / "symposium-work.json", work(answers=answers), mtime=1000)
    put(tmp_path / "ada" / "02.ipynb", notebook([("positions-1", "correct")]), mtime=2000)
    r = collect(tmp_path)
    got = dict(zip(r.exercises["exercise"], r.exercises["result"], strict=False))
    assert got == {"positions-1": "correct", "evidence-1": "correct"}
    assert r.students == ("ada",)


def test_damaged_parts_are_ignored_not_the_whole_file(tmp_path, debate):
    hass, other = debate.contributors[2].id, debate.contributors[0].id
    crit = debate.rubric.criterion_ids[0]
    top = debate.rubric.max_score
    scores = {
        hass: {crit: {"score": top, "justification": "fine"}},
        other: {crit: {"score": top + 5}},
        "nobody": {crit: {"score": 1}},
        "x": {crit: {"score": "two"}},
    }
    answers = {"e1": {"result": "correct"}, "e2": {"result": "brilliant"}}
    put(
        tmp_path / "ada.json",
        work(
            scores=scores,
            answers=answers,
            forecasts={debate.predictions[0].id: 0.7, "nope": 0.5, "bad": 7},
        ),
    )
    r = collect(tmp_path, debate)
    assert r.scores[["contributor", "score"]].values.tolist() == [[hass, top]]
    assert r.exercises["exercise"].tolist() == ["e1"]
    assert r.forecasts["prediction"].tolist() == [debate.predictions[0].id]
    text = " | ".join(s.reason for s in r.ignored)
    for expected in (
        "outside the scale",
        "unknown contributor",
        "not a whole number",
        "no known result",
        "unknown prediction",
        "not a probability",
    ):
        assert expected in text


def test_a_work_file_with_a_field_of_the_wrong_type_is_skipped(tmp_path):
    good(tmp_path)
    bad = work("ben")
    bad["scores"] = [1, 2]
    put(tmp_path / "ben.json", bad)
    r = collect(tmp_path)
    assert "'scores'" in reasons(r)["ben.json"]
    assert r.students == ("ada",)


def test_cannot_judge_is_a_missing_score(tmp_path):
    put(tmp_path / "ada.json", work(scores={"hass": {"overall": {"score": None}}}))
    r = collect(tmp_path)
    assert r.scores["score"].isna().tolist() == [True]
    assert str(r.scores["score"].dtype) == "Int64"


def test_hidden_files_and_checkpoints_are_passed_over(tmp_path):
    good(tmp_path)
    put(tmp_path / ".ipynb_checkpoints" / "ada-checkpoint.json", "{")
    put(tmp_path / ".symposium-work.json.lock", "")
    r = collect(tmp_path)
    assert r.skipped == [] and r.students == ("ada",)


def test_progress_bar_can_be_shown_or_hidden(tmp_path, capsys):
    good(tmp_path)
    collect(tmp_path, progress=True)
    assert "collecting" in capsys.readouterr().err
    collect(tmp_path, progress=False)
    assert capsys.readouterr().err == ""


def test_a_missing_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        collect(tmp_path / "nope")


def test_demo_class_is_collected_with_every_bad_file_reported(tmp_path, debate):
    demo = write_demo_class(tmp_path, students=40, seed=5, debate=debate)
    r = collect(tmp_path, debate, progress=False)
    assert r.students == tuple(sorted(demo.students))
    assert sorted(reasons(r)) == sorted(demo.malformed)
    assert [d.student for d in r.duplicates] == [demo.duplicate]
    assert set(r.scores["criterion"]) <= set(debate.rubric.criterion_ids)
    assert set(r.scores["contributor"]) <= {p.id for p in debate.contributors}
    assert r.ignored == []


def test_non_finite_scores_and_odd_names_never_stop_the_collection(tmp_path):
    put(
        tmp_path / "a.json",
        '{"format": "symposium-kit/work", "version": 1, "student": "ada", '
        '"scores": {"hass": {"overall": {"score": Infinity}}, '
        '"mann": {"overall": {"score": NaN}}}}',
    )
    put(tmp_path / "b.json", work(12345, scores={"hass": {"overall": {"score": 1}}}))
    put(tmp_path / "c.json", work(["not", "a", "name"]))
    r = collect(tmp_path)
    assert r.students == ("12345", "ada")
    assert sum("not a whole number" in s.reason for s in r.ignored) == 2
    assert "field 'student' must be a name or a student number" in reasons(r)["c.json"]


def test_a_file_in_bens_folder_saying_ada_is_a_conflict_and_never_replaces_adas_work(tmp_path):
    put(
        tmp_path / "ada" / "symposium-work.json",
        work("ada", scores={"hass": {"overall": {"score": 3}}}),
    )
    put(
        tmp_path / "ben" / "symposium-work.json",
        work("ada", scores={"hass": {"overall": {"score": 1}}}),
    )
    os.utime(tmp_path / "ben" / "symposium-work.json", (2_000_000_000, 2_000_000_000))  # newer
    r = collect(tmp_path)
    assert r.students == ("ada",)
    assert r.scores["score"].tolist() == [3]  # Ada's own work stands
    reason = reasons(r)["ben/symposium-work.json"]
    assert reason.startswith("conflict") and "ada/symposium-work.json" in reason
    assert "'ben'" in reason and "'ada'" in reason


def test_a_folder_named_dots_is_reported_and_a_symlink_loop_is_a_skip(tmp_path):
    put(tmp_path / "..." / "ada.json", work("ada"))
    put(tmp_path / "cy.json", work("cy"))
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    r = collect(tmp_path)
    assert r.students == ("cy",)
    found = reasons(r)
    assert found[".../"] == "a hidden folder, not read"
    assert {"loop.json", "a.json", "b.json"} <= set(found)
    assert "Skipped 4 file(s)" in r.summary(agreement=False)


def test_collecting_loads_no_kernel_machinery(tmp_path):
    import subprocess
    import sys

    put(tmp_path / "ada" / "02.ipynb", notebook([("positions-1", "correct")], code="1/0"))
    script = (
        "import sys\n"
        "from symposium_kit.classroom.collect import collect\n"
        f"r = collect({str(tmp_path)!r})\n"
        "assert r.students == ('ada',), r.students\n"
        "print(sorted(m for m in ('nbclient', 'jupyter_client', 'ipykernel', 'nbconvert')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_pipes_and_broken_links_are_skipped_without_blocking(tmp_path):
    good(tmp_path)
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "gone.json").symlink_to(tmp_path / "missing.json")
    r = collect(tmp_path)
    why = reasons(r)
    assert why["pipe.json"] == "not a regular file" and why["gone.json"] == "not a regular file"
    assert r.students == ("ada",)
