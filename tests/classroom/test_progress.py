"""Progress bars: shown for many items on a terminal, quiet otherwise, forced on request."""

from __future__ import annotations

import io
import sys

from symposium_kit.classroom.progress import progress_bar


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_many_items_on_a_terminal_get_a_bar_and_the_items_pass_through(monkeypatch):
    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress_bar(range(250), "collecting", "file")) == list(range(250))
    assert "collecting" in err.getvalue() and "250/250" in err.getvalue()


def test_no_bar_when_stderr_is_not_a_terminal_or_the_class_is_small(monkeypatch):
    err = io.StringIO()  # a pipe or a log file
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress_bar(range(250), "collecting", "file")) == list(range(250))
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    list(progress_bar(range(10), "collecting", "file"))
    assert err.getvalue() == "" and tty.getvalue() == ""


def test_show_true_or_false_decides(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    list(progress_bar(range(3), "gradebook", "student", show=True))
    assert "gradebook" in err.getvalue()
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    list(progress_bar(range(300), "gradebook", "student", show=False))
    assert tty.getvalue() == ""
