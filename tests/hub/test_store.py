"""The hand-in database on its own: versions, idempotency, courses apart, durability."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from symposium_kit.hub.store import HandinStore


def test_versions_are_kept_with_their_time_and_courses_apart(tmp_path: Path) -> None:
    store = HandinStore(tmp_path / "h.sqlite")
    a = store.hand_in("c1", "ada", "key-1", {"n": 1}, {})
    b = store.hand_in("c1", "ada", "key-2", {"n": 2}, {"01.ipynb": {"cells": []}})
    other = store.hand_in("c2", "ada", "key-1", {"n": 9}, {})
    assert (a.version, b.version, other.version) == (1, 2, 1)
    assert not other.duplicate  # the same key in another course is another hand-in
    assert b.received >= a.received
    full = store.versions("c1", "ada", content=True)
    assert [v["work"]["n"] for v in full] == [1, 2]
    assert full[1]["notebooks"] == {"01.ipynb": {"cells": []}}
    assert [h["work"]["n"] for h in store.latest("c1")] == [2]
    assert store.versions("c2", "bob") == []
    rows = sqlite3.connect(tmp_path / "h.sqlite").execute("SELECT course FROM handins").fetchall()
    assert sorted(r[0] for r in rows) == ["c1", "c1", "c2"]


def test_a_resend_returns_the_stored_version(tmp_path: Path) -> None:
    store = HandinStore(tmp_path / "h.sqlite")
    first = store.hand_in("c", "ada", "same-key", {"n": 1}, {})
    again = store.hand_in("c", "ada", "same-key", {"n": 1}, {})
    assert again.duplicate and again.version == first.version
    assert again.received == first.received
    assert store.count("c") == 1


def test_committed_hand_ins_survive_reopening_and_the_journal_is_wal(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    store = HandinStore(path)
    store.hand_in("c", "ada", "key-1", {"n": 1}, {})
    # no close(): as after a crash, a new connection sees the committed row
    reopened = HandinStore(path)
    assert reopened.count("c") == 1
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_concurrent_hand_ins_get_distinct_versions(tmp_path: Path) -> None:
    store = HandinStore(tmp_path / "h.sqlite")
    with ThreadPoolExecutor(8) as pool:
        receipts = list(
            pool.map(lambda i: store.hand_in("c", "ada", f"key-{i:04d}", {"i": i}, {}), range(200))
        )
    assert sorted(r.version for r in receipts) == list(range(1, 201))
    assert store.count() == 200


def test_feedback_belongs_to_one_student(tmp_path: Path) -> None:
    store = HandinStore(tmp_path / "h.sqlite")
    store.put_feedback("c", "ada", "teacher", "text/markdown", "**Good** ✓".encode())
    store.put_feedback("c", "ada", "teacher", "text/markdown", b"Second")
    assert [f["body"] for f in store.feedback("c", "ada")] == ["**Good** ✓", "Second"]
    assert store.feedback("c", "bob") == [] and store.feedback("other", "ada") == []
