"""The hand-in button: its receipt off a hub and with the service down, its static fallback.

The receipt from a real hub is proved in the browser (``tests/hub/test_browser.py``).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from symposium_kit import hand_in_button
from symposium_kit.views.handin_button import FALLBACK
from symposium_kit.work.formats import empty_work


@pytest.fixture
def work_file(tmp_path: Path) -> Path:
    f = tmp_path / "symposium-work.json"
    work = empty_work("ada")
    work["answers"]["start.why-hard"] = {"answer": "mine", "result": "recorded"}
    f.write_text(json.dumps(work), encoding="utf-8")
    return f


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_off_a_hub_a_click_says_which_file_to_upload_and_keeps_the_work(work_file: Path):
    before = work_file.read_bytes()
    button = hand_in_button("china-101", work_file=work_file, url="", token="")
    assert "not a JupyterHub server" in button.receipt.value
    reply = button.click()
    assert not reply.ok
    assert "upload that file" in button.receipt.value
    assert str(work_file) in button.receipt.value
    assert "Traceback" not in button.receipt.value
    assert work_file.read_bytes() == before
    assert button.reply is reply and not button.button.disabled


def test_with_the_service_down_the_receipt_says_so_and_the_button_works_again(work_file: Path):
    before = work_file.read_bytes()
    url = f"http://127.0.0.1:{_closed_port()}/services/symposium/"
    button = hand_in_button("china-101", work_file=work_file, url=url, token="t0ken")
    reply = button.click()
    assert not reply.ok
    assert "did not answer" in button.receipt.value
    assert "never stored twice" in button.receipt.value
    assert work_file.read_bytes() == before
    assert not button.button.disabled


def test_without_saved_work_it_says_there_is_nothing_to_hand_in(tmp_path: Path):
    button = hand_in_button("china-101", work_file=tmp_path / "none.json", url="", token="")
    assert not button.click().ok
    assert "Nothing to hand in" in button.receipt.value


def test_a_front_end_without_widgets_shows_a_readable_text(work_file: Path):
    button = hand_in_button(work_file=work_file, url="", token="")
    bundle = button._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"] == FALLBACK.format(name=work_file.name)
    assert "hand_in()" in data["text/plain"] and "VBox" not in data["text/plain"]
    assert set(button.widget._dom_classes) == {"symposium-handin"}
    assert "symposium-handin-button" in button.button._dom_classes
