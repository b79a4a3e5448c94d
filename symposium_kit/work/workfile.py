"""A student's saved work: one JSON file beside the notebooks, written atomically.

The file (``symposium-work.json`` by default) holds everything a student
types or scores: exercise answers and results, rubric scores, forecast
probabilities. A change is a read-modify-write under a lock
(:func:`update_work`), written to a temporary file, flushed with ``fsync`` and
renamed over the old one, so the file on disk is always either the old or the
new complete version. A file that cannot be read is moved aside as a backup
and reported, never silently reset.

An exercise's answer, saved at every ``check()``, takes a quicker road
(:func:`append_work`): one line appended to a journal beside the file
(``.symposium-work.json.journal``), which every reader folds in
(:func:`read_work`) and which is folded into the file itself, with its
``fsync`` and rename, within :data:`JOURNAL_DELAY` seconds, at the next
:func:`update_work`, before a hand-in (:func:`flush_work`) and when the
process exits. Folding is idempotent: a crash between writing the file and
removing the journal folds the same answers again, to the same result.

What a crash can lose: if the kernel process dies (a crash, SIGKILL, a closed
laptop lid), nothing that a save acknowledged: the file and its journal are
both complete, and the next reader folds the journal in. If the machine itself
loses power, the file is still the old or the new complete version (its data
is synced before the rename), but what was not yet synced can be lost: the
answers appended to the journal within :data:`JOURNAL_DELAY` seconds (a line
torn by the power loss is skipped, never misread), and the rename of a save
made within :data:`FOLDER_SYNC_INTERVAL` seconds of the folder's last sync, so
that the version of up to that long before can come back. Both are coalesced
that way because each costs as much as the rest of a save
(``benchmarks/bench_check.py``). The JSON is written compact, by the C encoder.

The format and its one validator are in :mod:`symposium_kit.work.formats`.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .formats import RESULTS, WORK_FILE, check_work, empty_work

ENV_VAR = "SYMPOSIUM_KIT_WORK"
FOLDER_SYNC_INTERVAL = 1.0  # seconds; see the module's docstring for what it trades
_folder_synced: dict[str, float] = {}  # folder -> monotonic time of its last fsync
JOURNAL_DELAY = 1.0  # seconds from an appended answer to its fold into the file
_folds: dict[Path, threading.Timer] = {}  # work file -> its pending fold
_folds_lock = threading.Lock()
_fold_errors: dict[Path, WorkFileError] = {}  # a timer fold's problem, told at the next answer
_seen: dict[Path, tuple[int, int, int] | None] = {}  # work file -> its stat when last read


class WorkFileError(ValueError):
    """A saved-work file that could not be read; ``backup`` is where it was moved."""

    def __init__(self, message: str, backup: Path | None = None):
        super().__init__(message)
        self.backup = backup


def work_path(directory: str | Path | None = None) -> Path:
    """Where the student's work is saved.

    The environment variable ``SYMPOSIUM_KIT_WORK`` (a file path) wins; else
    ``symposium-work.json`` in ``directory`` (default: the current folder,
    which in Jupyter is the notebook's folder).
    """
    env = os.environ.get(ENV_VAR)
    if env and directory is None:
        return Path(env)
    return Path(directory or ".") / WORK_FILE


def read_work(path: str | Path) -> dict[str, Any]:
    """Read a saved-work file, its journal folded in; a missing file gives an empty record.

    Raises
    ------
    WorkFileError
        When the file is corrupt or not a work file. It has then been moved
        aside to ``<name>.corrupt-<time>.json`` (``backup``) so that nothing is
        lost and a fresh file can be started.
    """
    path = Path(path)
    work = _read_file(path)
    for op in _read_journal(path)[0]:
        _fold_answer(work, op)
    return work


def _read_file(path: Path) -> dict[str, Any]:
    """The work file alone (no journal); a corrupt one is moved aside (see :func:`read_work`)."""
    if not path.exists():
        return empty_work()
    try:
        return check_work(json.loads(path.read_text(encoding="utf-8")), str(path))
    except (ValueError, UnicodeDecodeError) as exc:
        backup = _aside(path, "corrupt")
        raise WorkFileError(
            f"{path} could not be read ({exc}); it was kept as {backup.name} and a new file is started",
            backup,
        ) from exc


def _aside(path: Path, why: str) -> Path:
    """Move ``path`` to ``<stem>.<why>-<time><suffix>`` beside it (never over a file); return it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.{why}-{stamp}{path.suffix}")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.stem}.{why}-{stamp}-{n}{path.suffix}")
        n += 1
    os.replace(path, backup)
    return backup


def write_bytes_atomic(path: str | Path, payload: bytes) -> Path:
    """Write ``payload`` so that ``path`` is always the old or the new complete file.

    The bytes go to a temporary file in the same folder, are flushed to disk
    with ``fsync`` and renamed over ``path``; the folder is synced too, at most
    once every :data:`FOLDER_SYNC_INTERVAL` seconds. Returns ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    folder = str(path.parent)
    now = time.monotonic()
    if now - _folder_synced.get(folder, -FOLDER_SYNC_INTERVAL) < FOLDER_SYNC_INTERVAL:
        return path
    _folder_synced[folder] = now
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return path


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON (compact, by the C encoder) atomically: see :func:`write_bytes_atomic`."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    write_bytes_atomic(path, payload.encode("utf-8"))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` (several kernels may share one file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update_work(path: str | Path, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Apply ``change`` to the saved work and write it back atomically.

    The journal's answers are folded in first, and the journal removed once
    the file holds them. A corrupt file is moved aside (see :func:`read_work`)
    and the change is applied to a fresh record; the :class:`WorkFileError` is
    raised afterwards so the caller can tell the student where the backup is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> _ = update_work(p, lambda w: w["forecasts"].update({"p1": 0.7}))
    >>> read_work(p)["forecasts"]
    {'p1': 0.7}
    """
    path = Path(path)
    problem: WorkFileError | None = None
    with _locked(path):
        try:
            work = _read_file(path)
        except WorkFileError as exc:
            problem, work = exc, empty_work()
        ops, passed_over = _read_journal(path)
        kept = [_fold_answer(work, op) for op in ops]
        change(work)
        write_json_atomic(path, work)
        _seen[path] = _stat(path)
        journal = _journal(path)
        if passed_over or not all(kept):  # lines that were not the kit's: kept, never dropped
            _aside(journal, "rejected")
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(journal)
    if problem is not None:
        raise problem
    return work


# -- the journal of answers -----------------------------------------------------------


def save_answer(path: str | Path, exercise: str, record: dict[str, Any], debate: str = "") -> None:
    """Save one exercise's answer record: appended to the journal, folded in soon after.

    ``record`` is ``{"answer": ..., "result": ..., "notebook": ...}``. An
    answer whose result is ``"unanswered"`` never replaces one saved before
    (the rule is applied when the journal is folded, against what is saved
    then). The answer is readable by :func:`read_work` at once, and in the
    file itself within :data:`JOURNAL_DELAY` seconds (see the module's
    docstring for what a crash can lose).

    Raises
    ------
    WorkFileError
        When the work file was found corrupt (now, or by the last fold): it
        was moved aside, and this answer is saved towards a new file.
    OSError
        When the journal cannot be written (a read-only folder, a full disk).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> save_answer(p, "demo.a", {"answer": 3, "result": "correct", "notebook": "00"})
    >>> read_work(p)["answers"]["demo.a"]["result"]
    'correct'
    >>> flush_work(p); p.exists(), _journal(p).exists()
    (True, False)
    """
    path = Path(os.path.abspath(path))  # a fold on the timer thread must not follow a chdir
    problem = _fold_errors.pop(path, None)
    line = json.dumps(
        {"op": "answer", "id": exercise, "record": record, "debate": debate},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    payload = (line + "\n").encode("utf-8")
    with _locked(path):
        if path not in _seen or _seen[path] != _stat(path):
            # a file this process has not read as it is now: read it once, so that a
            # corrupt file is moved aside and told at this answer, not at a later fold
            try:
                _read_file(path)
            except WorkFileError as exc:
                problem = exc
            _seen[path] = _stat(path)
        fd = os.open(_journal(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    _fold_soon(path)
    if problem is not None:
        raise problem


def flush_work(path: str | Path) -> None:
    """Fold the journal into the work file now (before a hand-in, at exit); quick when empty."""
    path = Path(os.path.abspath(path))
    with _folds_lock:
        timer = _folds.pop(path, None)
    if timer is not None:
        timer.cancel()
    if _journal(path).exists():
        update_work(path, lambda work: None)


def _journal(path: Path) -> Path:
    return path.with_name(f".{path.name}.journal")


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _read_journal(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The journal's changes in order, and whether a line had to be passed over.

    A last line without its newline is one that a power loss tore: it is
    skipped, and not counted as passed over (its answer was never acknowledged
    as synced). Any other line that is not a change the kit wrote is passed over.
    """
    try:
        raw = _journal(path).read_bytes()
    except FileNotFoundError:
        return [], False
    lines = raw.split(b"\n")
    ops: list[dict[str, Any]] = []
    passed_over = False
    for i, line in enumerate(lines):
        if not line:
            continue
        try:
            op = json.loads(line)
        except ValueError:
            passed_over = passed_over or i < len(lines) - 1
            continue
        if isinstance(op, dict) and op.get("op") == "answer":
            ops.append(op)
        else:
            passed_over = True
    return ops, passed_over


def _fold_answer(work: dict[str, Any], op: dict[str, Any]) -> bool:
    """Apply one journaled answer to ``work``; False (and nothing changed) if it is malformed."""
    ex_id, record, debate = op.get("id"), op.get("record"), op.get("debate", "")
    if (
        not isinstance(ex_id, str)
        or not isinstance(record, dict)
        or record.get("result") not in RESULTS
        or not set(record) <= {"answer", "result", "notebook"}
        or not isinstance(debate, str)
    ):
        return False
    if debate and not work.get("debate"):
        work["debate"] = debate
    answers = work["answers"]
    if record["result"] == "unanswered" and ex_id in answers:
        return True
    answers[ex_id] = record
    return True


def _fold_soon(path: Path) -> None:
    """Fold the journal into the file within :data:`JOURNAL_DELAY` seconds, on a timer thread."""
    with _folds_lock:
        if path in _folds:
            return
        timer = threading.Timer(JOURNAL_DELAY, _fold_now, (path,))
        timer.daemon = True
        _folds[path] = timer
    timer.start()


def _fold_now(path: Path) -> None:
    with _folds_lock:
        _folds.pop(path, None)
    try:
        if _journal(path).exists():
            update_work(path, lambda work: None)
    except WorkFileError as exc:  # the file was corrupt and moved aside: told at the next answer
        _fold_errors[path] = exc
    except OSError:  # the journal stays, read by every reader; the next answer folds again
        pass


def _fold_all() -> None:
    """At exit: fold every journal still waiting (a failure leaves it for the next reader)."""
    with _folds_lock:
        waiting = list(_folds)
    for path in waiting:
        with contextlib.suppress(Exception):
            flush_work(path)


def _after_fork() -> None:  # a forked child has none of its parent's timer threads
    global _folds_lock
    _folds.clear()
    _folds_lock = threading.Lock()


atexit.register(_fold_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)
