"""symposium_kit.cli.lab: the JupyterLab command and its settings; the tests' server that always stops."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request

import lab_server  # tests/support, on the path from the root conftest
import pytest

from symposium_kit.cli import lab


def test_lab_settings_turn_off_news_and_update_checks_and_start_the_kernel(tmp_path):
    settings = lab.lab_settings(tmp_path)

    notification = settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    tracker = settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    assert json.loads(notification.read_text()) == {"fetchNews": "false", "checkForUpdates": False}
    assert json.loads(tracker.read_text()) == {"autoStartDefaultKernel": True}


def test_lab_settings_save_widget_state_so_a_reopened_notebook_shows_its_widgets(tmp_path):
    """Without it a saved notebook reopens with "Error displaying widget: model not found"
    (the browser test reopens one)."""
    settings = lab.lab_settings(tmp_path)
    widgets = settings / "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
    assert json.loads(widgets.read_text()) == {"saveState": True}


def test_lab_command_keeps_all_jupyter_state_under_the_state_dir(tmp_path):
    argv, env = lab.lab_command(tmp_path / "nb", 9999, "tok", tmp_path / "state", False)

    state = (tmp_path / "state").resolve()
    assert argv[1:3] == ["-m", "jupyterlab"]
    assert f"--LabApp.user_settings_dir={state / 'settings'}" in argv
    assert f"--LabApp.workspaces_dir={state / 'workspaces'}" in argv
    assert env["JUPYTER_CONFIG_DIR"] == str(state / "config")
    assert env["JUPYTER_RUNTIME_DIR"] == str(state / "runtime")


def test_lab_command_turns_off_everything_that_calls_out(tmp_path):
    argv, _ = lab.lab_command(tmp_path, 9999, "tok", tmp_path, False)

    assert "--LabApp.news_url=None" in argv
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in argv
    assert "--LabApp.extension_manager=readonly" in argv
    assert "--ServerApp.ip=127.0.0.1" in argv


def test_lab_command_options_follow_the_arguments(tmp_path):
    argv, _ = lab.lab_command(tmp_path, None, None, tmp_path, open_browser=True)
    assert not [a for a in argv if "port" in a or "token" in a]
    assert "--no-browser" not in argv
    assert "--LabApp.expose_app_in_browser=True" not in argv

    argv, _ = lab.lab_command(tmp_path, 8123, "s3cret", tmp_path, False, expose_app=True)
    assert {"--ServerApp.port=8123", "--ServerApp.port_retries=0"} <= set(argv)
    assert "--IdentityProvider.token=s3cret" in argv
    assert "--no-browser" in argv
    assert "--LabApp.expose_app_in_browser=True" in argv


@pytest.mark.parametrize(("uid", "expected"), [(0, True), (1000, False)])
def test_allow_root_only_when_running_as_root(tmp_path, monkeypatch, uid, expected):
    monkeypatch.setattr(os, "geteuid", lambda: uid)

    argv, _ = lab.lab_command(tmp_path, 9999, "tok", tmp_path, False)

    assert ("--allow-root" in argv) is expected


def test_copy_student_notebooks_copies_what_start_copies(tmp_path):
    from symposium_kit.classroom.distribute import student_notebooks

    shipped = sorted(p.name for p in student_notebooks(lab_server.student_notebooks_dir()))
    if not shipped:
        pytest.fail(f"no student notebooks in {lab_server.student_notebooks_dir()}")

    copied, kept = lab_server.copy_student_notebooks(tmp_path / "class")

    assert (sorted(copied), kept) == (shipped, [])
    assert sorted(p.name for p in (tmp_path / "class").glob("*.ipynb")) == shipped


def test_copy_student_notebooks_keeps_a_changed_notebook_unless_forced(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "01-a.ipynb").write_text("{}")
    dest = tmp_path / "class"
    lab_server.copy_student_notebooks(dest, source=src)
    (dest / "01-a.ipynb").write_text('{"mine": 1}')

    assert lab_server.copy_student_notebooks(dest, source=src) == ([], ["01-a.ipynb"])
    assert (dest / "01-a.ipynb").read_text() == '{"mine": 1}'
    assert lab_server.copy_student_notebooks(dest, force=True, source=src) == (["01-a.ipynb"], [])
    assert (dest / "01-a.ipynb").read_text() == "{}"


@pytest.mark.slow
def test_running_lab_answers_with_its_token_and_leaves_no_process_behind(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    state = tmp_path / "state"

    with lab_server.running_lab(root, state, "tok-123", timeout=120) as server:
        with urllib.request.urlopen(server.url("api/status"), timeout=10) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/api/status?token=wrong")
        # a kernel started by the server must stop with it
        request = urllib.request.Request(
            server.url("api/kernels"),
            data=b"{}",
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201
        assert lab_server._pids_mentioning(str(state.resolve() / "runtime"))
        pid = server.process.pid

    assert server.process.poll() is not None
    assert not lab_server._pids_mentioning(str(state.resolve()))
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)


def test_running_lab_reports_a_server_that_cannot_start(tmp_path):
    busy = lab_server.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", busy))
        s.listen()
        with pytest.raises(RuntimeError, match=r"JupyterLab exited with code \d+"):
            with lab_server.running_lab(tmp_path, tmp_path / "state", "t", port=busy, timeout=60):
                pass
