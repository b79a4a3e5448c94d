"""From inside a real kernel on the hub: hand_in() with the kernel's own token, and my_feedback()."""

from __future__ import annotations

import asyncio
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from hub_server import Hub, http, wait_server

from symposium_kit.work.formats import empty_work

pytestmark = [pytest.mark.hub, pytest.mark.slow]


async def _run(url: str, token: str, code: str, timeout: float) -> str:
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


def kernel_exec(hub: Hub, user: str, token: str, code: str, timeout: float = 60.0) -> str:
    base = f"{hub.public}/user/{user}/api/kernels"
    status, kernel = http("POST", base, token, {"name": "python3"})
    assert status == 201, kernel
    try:
        ws = f"ws://127.0.0.1:{hub.proxy_port}/user/{user}/api/kernels/{kernel['id']}/channels"
        # in a thread of its own: another test may have left an event loop running here
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, _run(ws, token, code, timeout)).result()
    finally:
        http("DELETE", f"{base}/{kernel['id']}", token)


def test_a_kernel_hands_in_with_its_own_token(hub: Hub, tokens: dict[str, str]) -> None:
    home = hub.run / "home" / "student1"
    home.mkdir(parents=True, exist_ok=True)
    work = empty_work("student1", "trump-china-2025")
    work["answers"]["from-kernel"] = {"answer": "sent from the kernel", "result": "recorded"}
    (home / "symposium-work.json").write_text(json.dumps(work), encoding="utf-8")
    hub.api("POST", "/users/student1/server")
    try:
        wait_server(hub, "student1", ready=True)
        out = kernel_exec(
            hub,
            "student1",
            tokens["student1"],
            "import os\nfrom symposium_kit import hand_in, my_feedback\n"
            "print('TOKEN' if os.environ.get('JUPYTERHUB_API_TOKEN') else 'NO TOKEN')\n"
            "r = hand_in()\nprint('OK' if r.ok else 'FAIL')\nmy_feedback()\n",
        )
        assert "TOKEN" in out and "NO TOKEN" not in out, out
        assert "Handed in to china-101" in out and "OK" in out, out
        assert "Traceback" not in out, out
        status, mine = http(
            "GET", f"{hub.service_url}courses/china-101/mine?content=1", tokens["student1"]
        )
        assert mine["versions"][-1]["work"]["answers"]["from-kernel"]["answer"] == (
            "sent from the kernel"
        )
    finally:
        hub.api("DELETE", "/users/student1/server")
        wait_server(hub, "student1", ready=False)
