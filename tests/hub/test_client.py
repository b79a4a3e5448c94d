"""The notebook side off a hub or with the service down: a clear message, the work untouched."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from symposium_kit.hub.client import fetch_handins, hand_in, my_feedback, service_url
from symposium_kit.work.formats import empty_work
from symposium_kit.work.workfile import save_answer


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "symposium-work.json"
    path.write_text(json.dumps(empty_work("ada")), encoding="utf-8")
    return path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_off_a_hub_names_the_file_to_upload(
    saved: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in ("SYMPOSIUM_KIT_HUB_URL", "JUPYTERHUB_PUBLIC_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    before = saved.read_bytes()
    reply = hand_in("china-101", work_file=saved)
    out = capsys.readouterr().out
    assert not reply.ok and str(saved) in out and "upload" in out
    assert "Traceback" not in out
    assert saved.read_bytes() == before


def test_the_file_named_for_upload_holds_the_answer_checked_a_moment_ago(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("SYMPOSIUM_KIT_HUB_URL", "JUPYTERHUB_PUBLIC_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    record = {"answer": 90, "result": "correct", "notebook": "01-start-here"}
    save_answer(saved, "start.truce-days", record)  # as check() saves it: in the journal first
    reply = hand_in("china-101", work_file=saved, quiet=True)
    assert not reply.ok and str(saved) in reply.message
    assert json.loads(saved.read_text(encoding="utf-8"))["answers"] == {"start.truce-days": record}


def test_service_down_says_so_and_changes_nothing(saved: Path) -> None:
    before = saved.read_bytes()
    url = f"http://127.0.0.1:{closed_port()}/services/symposium/"
    reply = hand_in("china-101", work_file=saved, url=url, token="t" * 32, retries=1, quiet=True)
    assert not reply.ok
    assert "did not answer" in reply.message and str(saved) in reply.message
    assert "again" in reply.message
    assert saved.read_bytes() == before
    fb = my_feedback("china-101", url=url, token="t" * 32, quiet=True)
    assert not fb.ok and "did not answer" in fb.message


def test_a_broken_work_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "symposium-work.json"
    path.write_text("{not json", encoding="utf-8")
    reply = hand_in("c", work_file=path, url="http://127.0.0.1:9/", token="x" * 32, quiet=True)
    assert not reply.ok and "Not handed in" in reply.message
    assert path.read_text() == "{not json"


def test_the_service_url_comes_from_the_hub_environment() -> None:
    env = {"JUPYTERHUB_PUBLIC_URL": "https://hub.example.edu/"}
    assert service_url(env) == "https://hub.example.edu/services/symposium/"


def test_returning_feedback_with_the_service_down_says_so() -> None:
    from symposium_kit.hub.client import return_feedback

    url = f"http://127.0.0.1:{closed_port()}/services/symposium/"
    reply = return_feedback("c", "ada", "<p>Good</p>", url=url, token="t", timeout=5)
    assert not reply.ok and reply.message.startswith("ada: the hand-in service did not answer")


def test_fetching_the_class_off_a_hub_or_from_a_dead_service_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("SYMPOSIUM_KIT_HUB_URL", "JUPYTERHUB_PUBLIC_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("SYMPOSIUM_KIT_HUB_TOKEN", raising=False)
    off = fetch_handins("china-101", tmp_path / "class", quiet=True)
    assert not off.ok and "not a JupyterHub server" in off.message
    url = f"http://127.0.0.1:{closed_port()}/services/symposium/"
    down = fetch_handins("china-101", tmp_path / "class", url=url, token="t" * 32, quiet=True)
    assert not down.ok and down.message.startswith("Nothing fetched from the hub")
    assert not (tmp_path / "class").exists()
