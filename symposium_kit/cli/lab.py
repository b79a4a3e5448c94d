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

The browser tests and benchmarks start their servers with these two functions
(``tests/support/lab_server.py``), so they serve exactly what a student gets.

Only the standard library is imported here.
"""

from __future__ import annotations

import json
import os
import sys
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
    # A notebook saved with its widgets' state reopens showing them (not live until
    # run again) instead of "Error displaying widget: model not found".
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {
        "saveState": True,
    },
}


def lab_settings(state_dir: str | Path) -> Path:
    """Write JupyterLab user settings under ``state_dir``; return the settings folder.

    The settings turn off the news feed and update checks (no announcement
    pop-ups), start the notebook's kernel without asking, and save widget
    state with the notebook (so a reopened notebook shows its widgets). Existing files
    are overwritten, so every start begins from the same settings.

    Examples
    --------
    >>> import tempfile
    >>> d = lab_settings(tempfile.mkdtemp())
    >>> sorted(p.name for p in d.rglob("*.jupyterlab-settings"))
    ['notification.jupyterlab-settings', 'plugin.jupyterlab-settings', 'tracker.jupyterlab-settings']
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
