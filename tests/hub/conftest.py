"""One real JupyterHub per test session: proxy, hub, the hand-in service; users made by REST.

The hub runs ``docs/hub/jupyterhub_config.py`` on 127.0.0.1 (see
``tests/support/hub_server.py``). Users: ``student1`` and ``student2`` in course
``china-101``, ``eve`` in course ``sec-b``, ``teacher`` in ``instructors``. At the
end the hub is stopped by pid and the test fails if anything it started had to
be killed.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))

from hub_server import Hub, find_chp, start_hub  # noqa: E402


@pytest.fixture(scope="session")
def hub() -> Iterator[Hub]:
    if find_chp() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("configurable-http-proxy is missing (./kit test installs it)")
        pytest.skip("configurable-http-proxy is missing (./kit test installs it)")
    h = start_hub()
    try:
        h.add_users(["student1", "student2"], "china-101")
        h.add_users(["eve"], "sec-b")
        yield h
    finally:
        killed = h.stop()
        leftover = [p.pid for p in h.children if p.is_running() and p.status() != "zombie"]
        shutil.rmtree(h.run, ignore_errors=True)
        assert not leftover, f"processes left running: {leftover}"
        assert not killed, f"had to SIGKILL {killed} after the hub's own shutdown"


@pytest.fixture(scope="session")
def tokens(hub: Hub) -> dict[str, str]:
    return {name: hub.token(name) for name in ("student1", "student2", "eve", "teacher")}
