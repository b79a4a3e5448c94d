"""From inside a real kernel on the hub: hand_in() with the kernel's own token, and my_feedback()."""

from __future__ import annotations

import json

import pytest
from hub_server import Hub, http, kernel_exec, wait_server

from symposium_kit.work.formats import empty_work

pytestmark = [pytest.mark.hub, pytest.mark.slow]


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
