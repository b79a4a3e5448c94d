"""``symposium-kit hub-service``: its options, and ``--ip`` binding where the hub's url cannot."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from symposium_kit.cli.main import build_parser
from symposium_kit.hub.service import config_from_args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_options_make_the_service_configuration(monkeypatch):
    monkeypatch.delenv("SYMPOSIUM_KIT_HUB_IP", raising=False)
    args = build_parser().parse_args(
        ["hub-service", "--courses", "china-101,sec-b=group-b", "--ip", "0.0.0.0"]
    )
    config = config_from_args(args)
    assert config.ip == "0.0.0.0"
    assert config.courses == {"china-101": "china-101", "sec-b": "group-b"}
    plain = config_from_args(build_parser().parse_args(["hub-service", "--courses", "c"]))
    assert plain.ip is None


def test_without_a_course_it_says_what_to_pass(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMPOSIUM_KIT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "symposium_kit", "hub-service"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "--courses" in proc.stderr and "Traceback" not in proc.stderr


def test_ip_binds_the_given_address_whatever_host_the_hub_url_names(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMPOSIUM_KIT_")}
    # as on Kubernetes: the url names a host this machine cannot bind (the hub's Service)
    env["JUPYTERHUB_SERVICE_URL"] = f"http://hub.invalid:{port}"
    env["JUPYTERHUB_SERVICE_PREFIX"] = "/services/symposium/"
    env["JUPYTERHUB_API_TOKEN"] = "not-used-by-the-health-route"
    env["JUPYTERHUB_API_URL"] = "http://127.0.0.1:9/hub/api"
    proc = subprocess.Popen(
        [sys.executable, "-m", "symposium_kit", "hub-service", "--courses", "c"]
        + ["--ip", "127.0.0.1", "--database", str(tmp_path / "h.sqlite")],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/services/symposium/health"
                with urllib.request.urlopen(url, timeout=2) as resp:
                    answer = json.loads(resp.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert answer == {"ok": True}, proc.stdout.read().decode() if proc.poll() else answer
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0
