"""Run JupyterLab for the tests and benchmarks, and stop it and its kernels by process id.

The server is started with the kit's own command line and settings
(:func:`symposium_kit.cli.lab.lab_command`, :func:`~symposium_kit.cli.lab.lab_settings`),
and the notebooks are copied with the code of ``symposium-kit start``
(:func:`symposium_kit.classroom.distribute.copy_notebooks`), so a test serves
exactly what a student gets. Only tests and benchmarks use this module.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from symposium_kit.classroom.distribute import copy_notebooks, student_notebooks
from symposium_kit.cli.lab import lab_command, lab_settings
from symposium_kit.resources import notebooks_dir


def student_notebooks_dir() -> Path:
    """The folder holding the student editions of the notebooks (``notebooks/``)."""
    return notebooks_dir()


def copy_student_notebooks(
    dest: str | Path, force: bool = False, *, source: str | Path | None = None
) -> tuple[list[str], list[str]]:
    """Copy the student notebooks into ``dest`` as ``symposium-kit start`` does.

    This is the copying code of ``symposium-kit start``
    (:func:`symposium_kit.classroom.distribute.copy_notebooks`), so the browser test
    serves exactly what a student gets. A notebook already in ``dest`` that
    differs from the fresh copy may hold the student's work: it is kept
    unless ``force``. ``source`` defaults to :func:`student_notebooks_dir`.

    Returns
    -------
    (copied, kept)
        File names copied, and file names kept because they differ.

    Examples
    --------
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()); _ = (src / "01-start-here.ipynb").write_text("{}")
    >>> dest = Path(tempfile.mkdtemp()) / "course"
    >>> copy_student_notebooks(dest, source=src)
    (['01-start-here.ipynb'], [])
    >>> _ = (dest / "01-start-here.ipynb").write_text('{"cells": ["my work"]}')
    >>> copy_student_notebooks(dest, source=src)
    ([], ['01-start-here.ipynb'])
    """
    sources = student_notebooks(source if source is not None else student_notebooks_dir())
    return copy_notebooks(sources, Path(dest), force=force)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LabServer:
    """A JupyterLab server started by :func:`running_lab`."""

    root_dir: Path
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path
    startup_s: float

    def url(self, path: str = "lab") -> str:
        """The URL of ``path`` on this server, logged in with the token."""
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: have the kernel send SIGTERM to this process when its parent dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_ready(proc: subprocess.Popen, status_url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {proc.returncode} before it was ready; "
                f"its log ({log_path}):\n{log_path.read_text(errors='replace')[-4000:]}"
            )
        try:
            with urllib.request.urlopen(status_url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"JupyterLab did not answer {status_url.split('?')[0]} within {timeout:.0f} s; "
                f"its log ({log_path}):\n{log_path.read_text(errors='replace')[-4000:]}"
            )
        time.sleep(0.1)


def _pids_mentioning(text: str) -> list[int]:
    """Process ids whose command line contains ``text`` (Linux ``/proc``; else none)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                pids.append(int(cmdline.parent.name))
        except OSError:
            continue
    return [pid for pid in pids if pid != os.getpid()]


def stop_lab(
    proc: subprocess.Popen, grace_s: float = 15, state_dir: str | Path | None = None
) -> None:
    """Stop a server started with ``start_new_session=True`` and everything in its group.

    Kernels run in sessions of their own; given the server's ``state_dir``,
    any kernel still running from it (its connection file lives in
    ``state_dir/runtime``) is stopped too, by its process id.
    """
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # kernels run in the server's process group; make sure none outlives it
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if state_dir is None:
        return
    runtime = str(Path(state_dir).resolve() / "runtime")
    deadline = time.monotonic() + 5
    while (strays := _pids_mentioning(runtime)) and time.monotonic() < deadline:
        time.sleep(0.1)  # kernels notice their server is gone and exit by themselves
    for pid in strays:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def running_lab(
    root_dir: str | Path,
    state_dir: str | Path,
    token: str,
    *,
    port: int | None = None,
    expose_app: bool = False,
    timeout: float = 90,
    env: dict[str, str | None] | None = None,
) -> Iterator[LabServer]:
    """Run JupyterLab in the background on 127.0.0.1 until the ``with`` block ends.

    Waits (up to ``timeout`` seconds) until ``/api/status`` answers, and stops
    the server and its kernels at the end, also on errors. The server's output
    goes to ``state_dir/jupyterlab.log``. ``env`` changes the server's (and
    its kernels') environment: a value of None removes the variable.
    """
    state = Path(state_dir)
    state.mkdir(parents=True, exist_ok=True)
    lab_settings(state)
    port = port or free_port()
    argv, lab_env = lab_command(
        root_dir, port, token, state, open_browser=False, expose_app=expose_app
    )
    for name, value in (env or {}).items():
        if value is None:
            lab_env.pop(name, None)
        else:
            lab_env[name] = value
    log_path = state / "jupyterlab.log"
    started = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=lab_env,
            cwd=str(root_dir),
            start_new_session=True,
            # a test process killed outright (SIGKILL, CI timeout) still takes its server along
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        try:
            _wait_ready(
                proc, f"http://127.0.0.1:{port}/api/status?token={token}", log_path, timeout
            )
            yield LabServer(
                Path(root_dir), port, token, proc, log_path, time.perf_counter() - started
            )
        finally:
            stop_lab(proc, state_dir=state)
