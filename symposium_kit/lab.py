"""Starting JupyterLab for the kit: one code path for ``symposium-kit start`` and the browser test.

JupyterLab is run from the current interpreter (``python -m jupyterlab``), so
the server and its kernel come from the kit's own environment. All per-user
Jupyter state (config, runtime files, user settings, workspaces) lives in a
``state_dir`` of our choosing, so a stale layout or setting in ``~/.jupyter``
never leaks in, and nothing leaves the machine: no news feed, no "would you
like to get notified about news?" pop-up, no update check, no extension
manager queries.

* :func:`lab_settings` writes the user-settings files (news and update checks
  off, the notebook's kernel started without a "Select Kernel" dialog).
* :func:`lab_command` gives the command line and environment to run.
* :func:`copy_student_notebooks` copies the student notebooks into a folder
  with the code of ``symposium-kit start``, never overwriting a student's work.
* :func:`running_lab` starts a server in the background, waits until it
  answers, and stops it (and its kernels) whatever happens; the browser test
  and the benchmark use it.

Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import json
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

# User settings written before JupyterLab starts: {plugin settings file: values}.
# ``--LabApp.news_url=None`` alone does not stop the "get Jupyter news?" pop-up
# in JupyterLab 4.6; ``fetchNews: "false"`` does (its schema type is a string).
LAB_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True,
    },
}


def lab_settings(state_dir: str | Path) -> Path:
    """Write JupyterLab user settings under ``state_dir``; return the settings folder.

    The settings turn off the news feed and update checks (no announcement
    pop-ups) and start the notebook's kernel without asking. Existing files
    are overwritten, so every start begins from the same settings.

    Examples
    --------
    >>> import tempfile
    >>> d = lab_settings(tempfile.mkdtemp())
    >>> sorted(p.name for p in d.rglob("*.jupyterlab-settings"))
    ['notification.jupyterlab-settings', 'tracker.jupyterlab-settings']
    """
    settings_dir = Path(state_dir) / "settings"
    for rel, values in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")
    return settings_dir


def lab_command(
    root_dir: str | Path,
    port: int | None,
    token: str | None,
    state_dir: str | Path,
    open_browser: bool = True,
    *,
    expose_app: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run JupyterLab for the kit.

    Parameters
    ----------
    root_dir
        The folder JupyterLab shows (the student's copy of the notebooks).
    port
        Port on 127.0.0.1; ``None`` lets JupyterLab pick one from 8888 upwards.
        A given port is used as is (no retries), so a caller that chose a free
        port knows where the server is.
    token
        The login token; ``None`` lets JupyterLab generate one (it prints the
        URL with the token).
    state_dir
        Where per-user Jupyter state goes (settings, workspaces, config,
        runtime files). Call :func:`lab_settings` on it before starting.
    open_browser
        Open the user's browser once the server is up (``False`` in tests).
    expose_app
        Expose the JupyterLab application as ``window.jupyterapp`` (tests
        only: the browser test waits on the real kernel object through it).

    Returns
    -------
    (argv, env)
        ``argv`` starts with ``sys.executable, "-m", "jupyterlab"``; ``env`` is
        a copy of ``os.environ`` with ``JUPYTER_CONFIG_DIR`` and
        ``JUPYTER_RUNTIME_DIR`` under ``state_dir``.

    Examples
    --------
    >>> argv, env = lab_command("nb", 8899, "tok", "state", open_browser=False)
    >>> argv[1:3], "--no-browser" in argv, "--ServerApp.port=8899" in argv
    (['-m', 'jupyterlab'], True, True)
    >>> "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in argv
    True
    >>> env["JUPYTER_CONFIG_DIR"].endswith("config")
    True
    """
    root = Path(root_dir).resolve()
    state = Path(state_dir).resolve()
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        # no news feed, no update check, no PyPI queries from the extension manager
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    if port is not None:
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    if expose_app:
        argv.append("--LabApp.expose_app_in_browser=True")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # JupyterLab refuses to run as root without it (containers, CI)
        argv.append("--allow-root")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_DIR"] = str(state / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")
    return argv, env


def student_notebooks_dir() -> Path:
    """The folder holding the student editions of the notebooks (``notebooks/``).

    Examples
    --------
    >>> student_notebooks_dir().name
    'notebooks'
    """
    from .editions import notebooks_dir

    return notebooks_dir()


def copy_student_notebooks(
    dest: str | Path, force: bool = False, *, source: str | Path | None = None
) -> tuple[list[str], list[str]]:
    """Copy the student notebooks into ``dest`` as ``symposium-kit start`` does.

    This is the copying code of ``symposium-kit start``
    (:func:`symposium_kit.cli_lessons.copy_notebooks`), so the browser test
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
    from .cli_lessons import copy_notebooks, student_notebooks

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
