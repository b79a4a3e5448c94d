"""Fault injection: killing a process in the middle of autosaving never leaves a broken sheet.

A child process scores a large sheet in a loop, one cell per save, and tells
the parent (through a pipe) after each save that returned. The parent kills it
with SIGKILL at a random moment, many times over. After every kill the file on
disk must parse and hold exactly the last version the child reported, or the
one after it (the save that was in flight) — never a mix, never a torn file.
The same holds for exercise answers, saved through the journal and folded into
the file on a timer that the kills interrupt too.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import struct
import sys
import time

import pytest

from symposium_kit import load_debate
from symposium_kit.work import workfile
from symposium_kit.work.scoresheet import ScoreSheet, load_scoresheet
from symposium_kit.work.workfile import check_work, read_work

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork and SIGKILL",
)

KILLS = 60
PAD = "x" * 20_000  # 45 cells x 20 kB: each save writes about 1 MB


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


def step(cells, k):
    """The k-th change of the child's loop (k = 1, 2, ...): deterministic."""
    p, c = cells[k % len(cells)]
    return p, c, k % 4, f"v{k} {PAD}"


def version(debate, k):
    """The sheet after the first k changes, as saved under work["scores"]."""
    sheet = ScoreSheet(debate, report=None)
    for i in range(1, k + 1):
        sheet.set(*step(sheet.cells, i))
    return sheet.to_dict()


def autosave_forever(debate, path, start, fd):
    sheet = load_scoresheet(debate, path, report=None)
    k = start
    while True:
        k += 1
        sheet.set(*step(sheet.cells, k))
        os.write(fd, struct.pack("<I", k))


def on_disk(path):
    """The work record on disk, parsed without moving anything aside."""
    data = check_work(json.loads(path.read_text(encoding="utf-8")), str(path))
    return data["scores"]


@pytest.mark.slow
def test_a_killed_autosave_leaves_the_old_or_the_new_complete_version(debate, tmp_path):
    path = tmp_path / "symposium-work.json"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20251110)
    done = 0  # the version on disk
    torn_writes = 0  # kills that left a half-written temporary file behind
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        child = ctx.Process(target=autosave_forever, args=(debate, path, done, write_fd))
        child.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.002, 0.1))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        reported = b""
        while chunk := os.read(read_fd, 65536):
            reported += chunk
        os.close(read_fd)
        last = struct.unpack("<I", reported[-4:])[0] if len(reported) >= 4 else done
        temporaries = list(tmp_path.glob(".symposium-work.json.*.tmp"))
        torn_writes += bool(temporaries)
        for t in temporaries:
            t.unlink()
        if not path.exists():
            assert last == done == 0, "the file vanished after saves had returned"
            continue
        scores = on_disk(path)  # parses: never a torn file
        if scores == version(debate, last):
            done = last
        else:
            assert scores == version(debate, last + 1), (
                f"the file is neither version {last} (last reported) nor {last + 1} (in flight)"
            )
            done = last + 1
    assert done >= 5, "the child hardly ever got a save done; the test proved little"
    assert torn_writes > 0, "no kill landed inside a write; the test proved little"
    # and the survivor reloads as a complete sheet
    assert load_scoresheet(debate, path, report=None).to_dict() == version(debate, done)


@pytest.mark.parametrize("cut", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_a_partly_written_file_is_detected_kept_aside_and_reported(debate, tmp_path, cut):
    path = tmp_path / "symposium-work.json"
    sheet = ScoreSheet(debate, path=path, report=None)
    everything: dict = {}
    for k in range(1, len(sheet.cells) + 1):
        p, c, score, why = step(sheet.cells, k)
        everything.setdefault(p, {})[c] = {"score": score, "justification": why}
    sheet.update(everything)  # one save of about 1 MB
    assert sheet.is_complete()
    whole = path.read_bytes()
    torn = whole[: int(len(whole) * cut)]
    path.write_bytes(torn)  # as a non-atomic writer would leave it
    messages = []
    again = load_scoresheet(debate, path, report=messages.append)
    backups = list(tmp_path.glob("symposium-work.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == torn
    assert len(messages) == 1 and backups[0].name in messages[0]
    assert again.to_dict() == {}
    again.set("mann", "overall", 1)  # a fresh file is started; the backup is untouched
    assert read_work(path)["scores"] == {"mann": {"overall": {"score": 1, "justification": ""}}}
    assert backups[0].read_bytes() == torn


ANSWER_PAD = "y" * 2_000
EXERCISES = 13


def answer_step(k):
    return f"demo.q{k % EXERCISES}", {
        "answer": f"v{k} {ANSWER_PAD}",
        "result": "recorded",
        "notebook": "n",
    }


def answers_after(k):
    out = {}
    for i in range(1, k + 1):
        ex, record = answer_step(i)
        out[ex] = record
    return out


def answer_forever(path, start, fd):
    workfile.JOURNAL_DELAY = 0.005  # folds all the time, so that kills land inside them
    k = start
    while True:
        k += 1
        workfile.save_answer(path, *answer_step(k))
        os.write(fd, struct.pack("<I", k))


@pytest.mark.slow
def test_a_killed_answer_loop_leaves_every_acknowledged_answer_readable(tmp_path):
    path = tmp_path / "symposium-work.json"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261203)
    done = 0
    folds_cut = 0  # kills that left a fold's temporary file behind
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        child = ctx.Process(target=answer_forever, args=(path, done, write_fd))
        child.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.002, 0.1))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        reported = b""
        while chunk := os.read(read_fd, 65536):
            reported += chunk
        os.close(read_fd)
        last = struct.unpack("<I", reported[-4:])[0] if len(reported) >= 4 else done
        temporaries = list(tmp_path.glob(".symposium-work.json.*.tmp"))
        folds_cut += bool(temporaries)
        for t in temporaries:
            t.unlink()
        answers = read_work(path)["answers"]  # the file and its journal, as any reader sees them
        if answers == answers_after(last):
            done = last
        else:
            assert answers == answers_after(last + 1), (
                f"the answers are neither version {last} (last reported) nor {last + 1} (in flight)"
            )
            done = last + 1
    assert not list(tmp_path.glob("*rejected*")), (
        "a kill left a journal line the kit could not read"
    )
    assert done >= 50, "the child hardly ever got an answer saved; the test proved little"
    assert folds_cut > 0, "no kill landed inside a fold; the test proved little"
    workfile.flush_work(path)
    assert on_disk_answers(path) == answers_after(done)


def on_disk_answers(path):
    return check_work(json.loads(path.read_text(encoding="utf-8")), str(path))["answers"]
