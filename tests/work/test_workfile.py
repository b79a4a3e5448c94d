"""The work file and its journal of answers: what a reader sees, when the file holds it, what is kept."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time

import pytest

from symposium_kit.work import workfile as wf
from symposium_kit.work.formats import check_work


def rec(answer, result="correct", notebook="00-demo"):
    return {"answer": answer, "result": result, "notebook": notebook}


def on_disk(path):
    """The work file alone, as a hand-in or an upload carries it (no journal)."""
    return check_work(json.loads(path.read_text(encoding="utf-8")), str(path))


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "symposium-work.json"
    yield p
    wf.flush_work(p)  # no timer of one test folds into the next one's folder


def test_an_answer_is_readable_at_once_and_in_the_file_within_the_delay(path):
    wf.save_answer(path, "demo.a", rec(3), "trump-china-2025")
    assert wf.read_work(path)["answers"]["demo.a"] == rec(3)
    assert wf.read_work(path)["debate"] == "trump-china-2025"
    journal = path.with_name(f".{path.name}.journal")
    assert wait_until(lambda: path.exists() and not journal.exists(), wf.JOURNAL_DELAY + 10)
    assert on_disk(path)["answers"]["demo.a"] == rec(3)


def test_a_flush_puts_every_answer_in_the_file_in_order(path):
    for k in range(50):
        wf.save_answer(path, f"demo.q{k % 7}", rec(k))
    wf.flush_work(path)
    answers = on_disk(path)["answers"]
    assert {ex: r["answer"] for ex, r in answers.items()} == {
        f"demo.q{j}": max(k for k in range(50) if k % 7 == j) for j in range(7)
    }
    assert not path.with_name(f".{path.name}.journal").exists()


def test_not_answered_yet_never_replaces_an_answer_saved_before(path):
    wf.save_answer(path, "demo.a", rec(3))
    wf.save_answer(path, "demo.a", rec(None, "unanswered"))
    wf.save_answer(path, "demo.b", rec(None, "unanswered"))
    assert wf.read_work(path)["answers"]["demo.a"] == rec(3)
    wf.flush_work(path)
    assert on_disk(path)["answers"] == {"demo.a": rec(3), "demo.b": rec(None, "unanswered")}


def test_an_update_folds_the_journal_in_before_its_own_change(path):
    wf.save_answer(path, "demo.a", rec(3))
    seen = {}
    wf.update_work(path, lambda w: seen.update(w["answers"]) or w["forecasts"].update(p1=0.7))
    assert seen == {"demo.a": rec(3)}
    work = on_disk(path)
    assert work["answers"] == {"demo.a": rec(3)} and work["forecasts"] == {"p1": 0.7}
    assert not path.with_name(f".{path.name}.journal").exists()


def test_a_crash_between_writing_the_file_and_removing_the_journal_folds_to_the_same(path):
    wf.save_answer(path, "demo.a", rec(1))
    wf.save_answer(path, "demo.a", rec(2))
    journal = path.with_name(f".{path.name}.journal")
    kept = journal.read_bytes()
    wf.flush_work(path)
    once = on_disk(path)
    journal.write_bytes(kept)  # as if the process died just before the unlink
    assert wf.read_work(path) == once
    wf.flush_work(path)
    assert on_disk(path) == once


def test_a_line_torn_by_a_power_loss_is_skipped_and_the_rest_is_kept(path):
    wf.save_answer(path, "demo.a", rec(1))
    wf.save_answer(path, "demo.b", rec(2))
    journal = path.with_name(f".{path.name}.journal")
    whole = journal.read_bytes()
    journal.write_bytes(whole[: len(whole) - 9])  # the last line lost its tail
    assert wf.read_work(path)["answers"] == {"demo.a": rec(1)}
    wf.flush_work(path)
    assert on_disk(path)["answers"] == {"demo.a": rec(1)}
    assert not list(path.parent.glob("*rejected*")), "a torn last line is not a foreign one"


def test_a_line_the_kit_did_not_write_is_passed_over_and_the_journal_kept_aside(path):
    wf.save_answer(path, "demo.a", rec(1))
    journal = path.with_name(f".{path.name}.journal")
    with journal.open("ab") as fh:
        fh.write(b'{"op": "answer", "id": "demo.x", "record": {"result": "excellent"}}\n')
        fh.write(b"not json at all\n")
    wf.save_answer(path, "demo.b", rec(2))
    assert wf.read_work(path)["answers"] == {"demo.a": rec(1), "demo.b": rec(2)}
    wf.flush_work(path)
    assert on_disk(path)["answers"] == {"demo.a": rec(1), "demo.b": rec(2)}
    kept = list(path.parent.glob(".symposium-work.json.rejected-*"))
    assert len(kept) == 1 and b"not json at all" in kept[0].read_bytes()
    assert not journal.exists()


def test_a_file_corrupted_by_someone_else_is_told_at_the_next_answer(path):
    wf.save_answer(path, "demo.a", rec(1))
    wf.flush_work(path)
    path.write_text("{ not json", encoding="utf-8")  # another program, after this process read it
    with pytest.raises(wf.WorkFileError) as err:
        wf.save_answer(path, "demo.b", rec(2))
    assert err.value.backup is not None and err.value.backup.read_text() == "{ not json"
    wf.flush_work(path)
    assert on_disk(path)["answers"] == {"demo.b": rec(2)}  # this answer is in the new file


def test_a_fold_on_the_timer_follows_the_file_not_the_current_folder(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wf.save_answer("symposium-work.json", "demo.a", rec(1))  # relative, as work_path() gives
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert wait_until(lambda: path.exists(), wf.JOURNAL_DELAY + 10)
    assert on_disk(path)["answers"] == {"demo.a": rec(1)}
    assert not (elsewhere / "symposium-work.json").exists()


def test_the_journal_of_a_process_that_exited_is_in_the_file(tmp_path):
    path = tmp_path / "symposium-work.json"
    code = (
        "import sys; from symposium_kit.work.workfile import save_answer\n"
        "save_answer(sys.argv[1], 'demo.a', {'answer': 1, 'result': 'correct', 'notebook': 'n'})\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)
    assert on_disk(path)["answers"]["demo.a"]["answer"] == 1  # folded at exit, not a second later
    assert not path.with_name(f".{path.name}.journal").exists()


def _answer_many(path, who, n, delay):
    wf.JOURNAL_DELAY = delay  # folds race with the other process's answers
    for k in range(n):
        wf.save_answer(path, f"{who}.q{k}", rec(k))
        if k % 50 == 0:
            wf.update_work(path, lambda w, k=k: w["forecasts"].update({f"{who}-{k}": 0.5}))
    os._exit(0)  # no exit fold: what is left in the journal must still be read


@pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork",
)
def test_two_processes_answering_and_folding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "symposium-work.json"
    ctx = multiprocessing.get_context("fork")
    n = 300
    children = [
        ctx.Process(target=_answer_many, args=(path, who, n, 0.005)) for who in ("ada", "bo")
    ]
    for c in children:
        c.start()
    for c in children:
        c.join(120)
        assert c.exitcode == 0
    work = wf.read_work(path)
    for who in ("ada", "bo"):
        assert {ex for ex in work["answers"] if ex.startswith(f"{who}.")} == {
            f"{who}.q{k}" for k in range(n)
        }
        assert all(work["answers"][f"{who}.q{k}"]["answer"] == k for k in range(n))
        assert {f for f in work["forecasts"] if f.startswith(f"{who}-")} == {
            f"{who}-{k}" for k in range(0, n, 50)
        }
    wf.flush_work(path)
    assert on_disk(path) == work
