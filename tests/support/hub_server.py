"""Run a real JupyterHub (with configurable-http-proxy and the hand-in service) on 127.0.0.1.

The hub runs ``docs/hub/jupyterhub_config.py`` -- the file the docs show -- with
per-run values in the environment: a fresh run folder, fresh free ports, a shared
test password and an API token for a ``test-driver`` service that creates users,
groups and tokens through the hub's REST API. :meth:`Hub.stop` ends the hub by
its process id (SIGTERM: it stops the proxy, the service and the user servers)
and then any recorded child process still alive. Only tests and benchmarks use
this module.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "docs" / "hub" / "jupyterhub_config.py"
SERVICE = "symposium"
COURSES = "china-101,sec-b"


def find_chp() -> str | None:
    """configurable-http-proxy: the copy ``./kit`` installs into tests/hub/node, else PATH."""
    local = ROOT / "tests" / "hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(
    method: str,
    url: str,
    token: str | None = None,
    body: Any = None,
    content_type: str = "application/json",
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, Any]:
    """One HTTP call; returns (status, parsed JSON or text). Never follows redirects."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", content_type)
    for k, v in (headers or {}).items():
        req.add_header(k, v)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=timeout) as resp:
            status, text = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read()
    try:
        return status, json.loads(text or b"null")
    except ValueError:
        return status, text.decode("utf-8", "replace")


@dataclass
class Hub:
    run: Path
    proxy_port: int = field(default_factory=free_port)
    hub_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    service_port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(8))
    admin_token: str = field(default_factory=lambda: secrets.token_hex(24))
    proc: subprocess.Popen[bytes] | None = None
    children: list[psutil.Process] = field(default_factory=list)

    @property
    def public(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def service_url(self) -> str:
        return f"{self.public}/services/{SERVICE}/"

    @property
    def state(self) -> Path:
        return self.run / "state"

    def start(self, chp: str) -> None:
        self.state.mkdir(parents=True, mode=0o700)
        (self.run / "home").mkdir()
        env = dict(os.environ)
        env.update(
            SYMPOSIUM_HUB_STATE=str(self.state),
            SYMPOSIUM_HUB_PUBLIC=self.public,
            SYMPOSIUM_HUB_PORT=str(self.hub_port),
            SYMPOSIUM_HUB_SERVICE_PORT=str(self.service_port),
            SYMPOSIUM_HUB_PROXY_API_PORT=str(self.api_port),
            SYMPOSIUM_HUB_CHP=chp,
            SYMPOSIUM_HUB_COURSES=COURSES,
            SYMPOSIUM_HUB_PASSWORD=self.password,
            SYMPOSIUM_HUB_ADMIN_TOKEN=self.admin_token,
            SYMPOSIUM_HUB_HOMES=str(self.run / "home"),
            SYMPOSIUM_KIT_AUTH_CACHE_S="2",
        )
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.log = open(self.run / "hub.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.state,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # a background shell leaves SIGINT ignored; the hub stops services with SIGINT
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited: {self.tail()}")
            try:
                a, _ = http("GET", f"{self.public}/hub/health", timeout=2)
                b, _ = http("GET", f"{self.service_url}health", timeout=2)
                if a == 200 and b == 200:
                    self.record_children()
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise TimeoutError(f"the hub did not become ready in {timeout} s: {self.tail()}")

    def wait_service(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if http("GET", f"{self.service_url}health", timeout=2)[0] == 200:
                    self.record_children()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the service did not come back in {timeout} s: {self.tail()}")

    def tail(self) -> str:
        try:
            return (self.run / "hub.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def record_children(self) -> None:
        assert self.proc is not None
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            if p.pid not in {c.pid for c in self.children}:
                self.children.append(p)

    def service_pid(self) -> int:
        assert self.proc is not None
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            if "hub-service" in " ".join(p.cmdline()):
                return p.pid
        raise LookupError("no hub-service process")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        status, data = http(method, f"{self.public}/hub/api{path}", self.admin_token, body)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {data}")
        return data

    def add_users(self, names: list[str], group: str | None = None) -> None:
        self.api("POST", "/users", {"usernames": names})
        if group:
            self.api("POST", f"/groups/{group}/users", {"users": names})

    def token(self, name: str) -> str:
        data = self.api("POST", f"/users/{name}/tokens", {"note": "test"})
        token: str = data["token"]
        return token

    def stop(self, timeout: float = 30.0) -> list[int]:
        """Stop the hub and everything it started, by pid; return the pids that had to be killed."""
        killed: list[int] = []
        if self.proc is None:
            return killed
        if self.proc.poll() is None:
            self.record_children()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
                killed.append(self.proc.pid)
        _, alive = psutil.wait_procs(self.children, timeout=10)
        for p in alive:
            try:
                p.kill()
                killed.append(p.pid)
            except psutil.NoSuchProcess:
                pass
        self.log.close()
        return killed


def wait_server(hub: Hub, name: str, ready: bool, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model = hub.api("GET", f"/users/{name}")
        server = model.get("servers", {}).get("")
        if (bool(server and server.get("ready")) and ready) or (not ready and not server):
            hub.record_children()
            return
        time.sleep(0.5)
    raise TimeoutError(f"{name}'s server not {'ready' if ready else 'stopped'}: {hub.tail()}")


def start_hub(timeout: float = 90.0) -> Hub:
    """A started, ready hub in a fresh run folder (raise if configurable-http-proxy is missing)."""
    chp = find_chp()
    if chp is None:
        raise FileNotFoundError("configurable-http-proxy not found (./kit test installs it)")
    hub = Hub(Path(tempfile.mkdtemp(prefix="symposium-hub-")))
    os.chmod(hub.run, 0o755)
    hub.start(chp)
    try:
        hub.wait_ready(timeout)
    except BaseException:
        hub.stop()
        raise
    return hub


async def _run_code(url: str, token: str, code: str, timeout: float) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    req = HTTPRequest(url, headers={"Authorization": f"token {token}"}, request_timeout=timeout)
    ws = await asyncio.wait_for(websocket_connect(req), timeout)
    msg_id = uuid.uuid4().hex
    msg = {
        "header": {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": "t",
            "session": uuid.uuid4().hex,
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "channel": "shell",
        "content": {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
        },
    }
    ws.write_message(json.dumps(msg))
    out: list[str] = []
    replied = idle = False
    while not (replied and idle):
        raw = await asyncio.wait_for(ws.read_message(), timeout)
        if raw is None:
            break
        m = json.loads(raw)
        if m.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = m["header"]["msg_type"]
        if kind == "stream":
            out.append(m["content"]["text"])
        elif kind == "error":
            out.append("\n".join(m["content"]["traceback"]))
        elif kind == "execute_reply":
            replied = True
        elif kind == "status" and m["content"]["execution_state"] == "idle":
            idle = True
    ws.close()
    return "".join(out)


def collect_from_hub(hub: Hub, token: str, out: Path, course: str) -> subprocess.CompletedProcess:
    """Run ``symposium-kit collect OUT --from-hub COURSE`` with an instructor's ``token``."""
    env = {**os.environ, "SYMPOSIUM_KIT_HUB_TOKEN": token}
    command = str(Path(sys.executable).parent / "symposium-kit")
    return subprocess.run(
        [
            command,
            "collect",
            str(out),
            "--from-hub",
            course,
            "--hub-url",
            hub.service_url,
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def kernel_exec(hub: Hub, user: str, token: str, code: str, timeout: float = 60.0) -> str:
    """Run ``code`` in a new kernel of ``user``'s running server (REST + websocket); its output.

    The kernel has the server's own ``$JUPYTERHUB_API_TOKEN``, as a notebook's has;
    ``token`` only opens the server's API. The kernel is deleted afterwards.
    """
    base = f"{hub.public}/user/{user}/api/kernels"
    status, kernel = http("POST", base, token, {"name": "python3"})
    assert status == 201, kernel
    try:
        ws = f"ws://127.0.0.1:{hub.proxy_port}/user/{user}/api/kernels/{kernel['id']}/channels"
        # in a thread of its own: another test may have left an event loop running here
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, _run_code(ws, token, code, timeout)).result()
    finally:
        http("DELETE", f"{base}/{kernel['id']}", token)
