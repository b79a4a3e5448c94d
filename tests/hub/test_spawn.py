"""Notebooks in every home: the config's pre_spawn_hook copies them, and never over a student's edit."""

from __future__ import annotations

import pytest
from hub_server import Hub, wait_server

from symposium_kit.classroom.distribute import student_notebooks

pytestmark = [pytest.mark.hub, pytest.mark.slow]


def test_first_spawn_copies_the_notebooks_and_a_later_one_keeps_edits(hub: Hub) -> None:
    hub.add_users(["newcomer"], "china-101")
    folder = hub.run / "home" / "newcomer" / "symposium"
    assert not folder.exists()
    hub.api("POST", "/users/newcomer/server")
    wait_server(hub, "newcomer", ready=True)
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    assert names == sorted(p.name for p in student_notebooks())
    edited = folder / names[0]
    edited.write_text(edited.read_text(encoding="utf-8") + " ", encoding="utf-8")
    mine = edited.read_bytes()
    hub.api("DELETE", "/users/newcomer/server")
    wait_server(hub, "newcomer", ready=False)
    hub.api("POST", "/users/newcomer/server")
    wait_server(hub, "newcomer", ready=True)
    assert edited.read_bytes() == mine, "a restart overwrote the student's notebook"
    hub.api("DELETE", "/users/newcomer/server")
    wait_server(hub, "newcomer", ready=False)
