"""Hand-ins kept durably in SQLite: every version, with its time, never a duplicate.

One transaction per hand-in (``BEGIN IMMEDIATE`` ... ``COMMIT``, WAL journal,
``synchronous=FULL``): :meth:`HandinStore.hand_in` returns only after the commit,
so a hand-in the service has acknowledged survives a crash of the service. The
client sends an idempotency key with each hand-in; a resend with the same key
(after a lost acknowledgement) returns the version already stored instead of
making a new one. Every row names its course.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handins (
    id INTEGER PRIMARY KEY,
    course TEXT NOT NULL,
    student TEXT NOT NULL,
    version INTEGER NOT NULL,
    received REAL NOT NULL,
    key TEXT NOT NULL,
    work TEXT NOT NULL,
    notebooks TEXT NOT NULL,
    size INTEGER NOT NULL,
    UNIQUE (course, student, version),
    UNIQUE (course, student, key)
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    course TEXT NOT NULL,
    student TEXT NOT NULL,
    received REAL NOT NULL,
    author TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_student ON feedback (course, student);
"""


@dataclass(frozen=True)
class Receipt:
    """What the store says about one hand-in: its version, when, and whether it was a resend."""

    course: str
    student: str
    version: int
    received: float
    size: int
    duplicate: bool

    def as_dict(self) -> dict[str, Any]:
        """The receipt as JSON-ready data.

        Examples
        --------
        >>> Receipt("c", "ada", 1, 0.0, 10, False).as_dict()["version"]
        1
        """
        return {
            "course": self.course,
            "student": self.student,
            "version": self.version,
            "received": self.received,
            "size": self.size,
            "duplicate": self.duplicate,
        }


class HandinStore:
    """The service's database (one SQLite file, shared by the service's threads).

    Examples
    --------
    >>> store = HandinStore(":memory:")
    >>> r1 = store.hand_in("c", "ada", "k1", {"answers": {}}, {})
    >>> r2 = store.hand_in("c", "ada", "k1", {"answers": {}}, {})
    >>> (r1.version, r2.version, r2.duplicate)
    (1, 1, True)
    >>> store.hand_in("c", "ada", "k2", {"answers": {"x": 1}}, {}).version
    2
    >>> [v["version"] for v in store.versions("c", "ada")]
    [1, 2]
    """

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def hand_in(
        self,
        course: str,
        student: str,
        key: str,
        work: dict[str, Any],
        notebooks: dict[str, Any],
    ) -> Receipt:
        """Store one hand-in as the student's next version, in one transaction.

        A hand-in whose ``key`` the student already used returns the stored
        version (``duplicate=True``) and stores nothing.
        """
        work_text = json.dumps(work, sort_keys=True, ensure_ascii=False)
        nb_text = json.dumps(notebooks, sort_keys=True, ensure_ascii=False)
        size = len(work_text.encode()) + len(nb_text.encode())
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT version, received, size FROM handins"
                    " WHERE course=? AND student=? AND key=?",
                    (course, student, key),
                ).fetchone()
                if row is not None:
                    db.execute("COMMIT")
                    return Receipt(
                        course, student, row["version"], row["received"], row["size"], True
                    )
                (last,) = db.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM handins WHERE course=? AND student=?",
                    (course, student),
                ).fetchone()
                received = time.time()
                db.execute(
                    "INSERT INTO handins (course, student, version, received, key, work,"
                    " notebooks, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (course, student, last + 1, received, key, work_text, nb_text, size),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return Receipt(course, student, last + 1, received, size, False)

    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    @staticmethod
    def _meta(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "course": row["course"],
            "student": row["student"],
            "version": row["version"],
            "received": row["received"],
            "size": row["size"],
        }

    @classmethod
    def _full(cls, row: sqlite3.Row) -> dict[str, Any]:
        out = cls._meta(row)
        out["work"] = json.loads(row["work"])
        out["notebooks"] = json.loads(row["notebooks"])
        return out

    def versions(self, course: str, student: str, content: bool = False) -> list[dict[str, Any]]:
        """Every version a student handed in for a course, oldest first."""
        rows = self._rows(
            "SELECT * FROM handins WHERE course=? AND student=? ORDER BY version",
            (course, student),
        )
        return [self._full(r) if content else self._meta(r) for r in rows]

    def version(self, course: str, student: str, version: int) -> dict[str, Any] | None:
        """One version with its content, or None."""
        rows = self._rows(
            "SELECT * FROM handins WHERE course=? AND student=? AND version=?",
            (course, student, version),
        )
        return self._full(rows[0]) if rows else None

    def students(self, course: str) -> list[dict[str, Any]]:
        """Each student of a course with the number and time of their latest version."""
        rows = self._rows(
            "SELECT student, MAX(version) AS versions, MAX(received) AS latest FROM handins"
            " WHERE course=? GROUP BY student ORDER BY student",
            (course,),
        )
        return [dict(r) for r in rows]

    def latest(self, course: str) -> list[dict[str, Any]]:
        """The latest version of each student's hand-in, with its content."""
        rows = self._rows(
            "SELECT h.* FROM handins h JOIN (SELECT student, MAX(version) AS v FROM handins"
            " WHERE course=? GROUP BY student) m ON h.student=m.student AND h.version=m.v"
            " WHERE h.course=? ORDER BY h.student",
            (course, course),
        )
        return [self._full(r) for r in rows]

    def count(self, course: str | None = None) -> int:
        """How many hand-ins (versions) are stored, in one course or in all."""
        if course is None:
            rows = self._rows("SELECT COUNT(*) FROM handins", ())
        else:
            rows = self._rows("SELECT COUNT(*) FROM handins WHERE course=?", (course,))
        return int(rows[0][0])

    def put_feedback(
        self, course: str, student: str, author: str, content_type: str, body: bytes
    ) -> dict[str, Any]:
        """Store feedback for a student (every version kept); return its record.

        Examples
        --------
        >>> store = HandinStore(":memory:")
        >>> _ = store.put_feedback("c", "ada", "teacher", "text/markdown", b"Good")
        >>> store.feedback("c", "ada")[0]["body"], store.feedback("c", "bob")
        ('Good', [])
        """
        received = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO feedback (course, student, received, author, content_type, body)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (course, student, received, author, content_type, body),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return {"course": course, "student": student, "received": received, "author": author}

    def feedback(self, course: str, student: str) -> list[dict[str, Any]]:
        """Every feedback a student was given in a course, oldest first (bodies as text)."""
        rows = self._rows(
            "SELECT * FROM feedback WHERE course=? AND student=? ORDER BY id",
            (course, student),
        )
        return [
            {
                "course": r["course"],
                "student": r["student"],
                "received": r["received"],
                "author": r["author"],
                "content_type": r["content_type"],
                "body": bytes(r["body"]).decode("utf-8", "replace"),
            }
            for r in rows
        ]
