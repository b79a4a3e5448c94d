"""A student's saved work: one JSON file beside the notebooks, written atomically.

The file (``symposium-work.json`` by default) holds everything a student
types or scores: exercise answers and results, rubric scores, forecast
probabilities. Every change is a read-modify-write under a lock, written to a
temporary file, flushed with ``fsync`` and renamed over the old one, so the
file on disk is always either the old or the new complete version. A file that
cannot be read is moved aside as a backup and reported, never silently reset.

What a crash can lose: if the kernel process dies (a crash, SIGKILL, a closed
laptop lid), nothing that a save acknowledged. If the machine itself loses power,
the file is still the old or the new complete version (the data is synced before
the rename), but the rename of a save made within :data:`FOLDER_SYNC_INTERVAL`
seconds of the folder's last sync may not have reached the disk, so the version
of up to that long before can come back. The folder's sync is coalesced that way
because it costs as much as the rest of a save (``benchmarks/bench_check.py``).
The JSON is written compact, by the C encoder.

The format and its one validator are in :mod:`symposium_kit.work.formats`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .formats import WORK_FILE, check_work, empty_work

ENV_VAR = "SYMPOSIUM_KIT_WORK"
FOLDER_SYNC_INTERVAL = 1.0  # seconds; see the module's docstring for what it trades
_folder_synced: dict[str, float] = {}  # folder -> monotonic time of its last fsync


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
    """Read a saved-work file; a missing file gives an empty record.

    Raises
    ------
    WorkFileError
        When the file is corrupt or not a work file. It has then been moved
        aside to ``<name>.corrupt-<time>.json`` (``backup``) so that nothing is
        lost and a fresh file can be started.
    """
    path = Path(path)
    if not path.exists():
        return empty_work()
    try:
        return check_work(json.loads(path.read_text(encoding="utf-8")), str(path))
    except (ValueError, UnicodeDecodeError) as exc:
        backup = path.with_name(
            f"{path.stem}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
        )
        n = 1
        while backup.exists():
            backup = backup.with_name(
                f"{path.stem}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{n}{path.suffix}"
            )
            n += 1
        os.replace(path, backup)
        raise WorkFileError(
            f"{path} could not be read ({exc}); it was kept as {backup.name} and a new file is started",
            backup,
        ) from exc


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

    A corrupt file is moved aside (see :func:`read_work`) and the change is
    applied to a fresh record; the :class:`WorkFileError` is raised afterwards
    so the caller can tell the student where the backup is.

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
            work = read_work(path)
        except WorkFileError as exc:
            problem, work = exc, empty_work()
        change(work)
        write_json_atomic(path, work)
    if problem is not None:
        raise problem
    return work
