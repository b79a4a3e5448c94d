"""The hand-in button of each lesson's closing cell: one click sends the saved work to the hub.

The button calls :func:`~symposium_kit.hub.client.hand_in` and shows its receipt
(what was sent, when, which version) below it. Off a hub, or with the service
down, it shows the client's own message: which file to upload instead. It never
raises into the notebook, and it never changes the student's work.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..hub.client import HubReply, hand_in, service_url
from ..work.workfile import work_path
from .fallback import fallback_bundle

FALLBACK = (
    "[Hand in my work] -- a button that sends your saved work ({name}) to the course's "
    "hand-in service on JupyterHub and shows the receipt. If you see this text instead "
    "of a button, run hand_in() in a code cell, or upload {name} where your "
    "instructor asked."
)
"""What a front end without widgets shows (plain text; ``{name}``: the work file's name)."""


class HandInButton:
    """A button that hands in the saved work, and the receipt it shows.

    Built by :func:`hand_in_button`. ``click()`` does what a click does (for
    code and tests); ``reply`` is the last :class:`~symposium_kit.hub.client.HubReply`.
    Stable CSS classes for browser tests: ``symposium-handin`` (the whole),
    ``symposium-handin-button`` and ``symposium-handin-receipt``.
    """

    def __init__(
        self,
        course: str | None = None,
        notebooks: list[str] | tuple[str, ...] = (),
        work_file: str | Path | None = None,
        url: str | None = None,
        token: str | None = None,
        timeout: float = 20.0,
    ) -> None:
        import ipywidgets as widgets

        self.course = course
        self.notebooks = tuple(notebooks)
        self.work_file = Path(work_file) if work_file is not None else work_path()
        self.url = url
        self.token = token
        self.timeout = timeout
        self.reply: HubReply | None = None
        self.button = widgets.Button(
            description="Hand in my work",
            icon="upload",
            button_style="primary",
            tooltip=f"send {self.work_file.name} to your instructor",
            layout=widgets.Layout(width="auto"),
        )
        self.button.add_class("symposium-handin-button")
        self.receipt = widgets.HTML(value=self._intro())
        self.receipt.add_class("symposium-handin-receipt")
        self.widget = widgets.VBox([self.button, self.receipt])
        self.widget.add_class("symposium-handin")
        self.button.on_click(lambda _button: self.click())

    def _intro(self) -> str:
        where = (
            "the course's hand-in service"
            if (self.url if self.url is not None else service_url())
            else "your instructor (this is not a JupyterHub server: the button will say "
            "which file to upload)"
        )
        return (
            f"<i>Sends your saved work ({html.escape(self.work_file.name)}) to "
            f"{html.escape(where)}. You can hand in again later; every version is kept.</i>"
        )

    def click(self) -> HubReply:
        """Hand in now, show the receipt (or what to do instead) and return the reply."""
        self.button.disabled = True
        self.receipt.value = "<i>Sending…</i>"
        try:
            reply = hand_in(
                self.course,
                self.notebooks,
                work_file=self.work_file,
                url=self.url,
                token=self.token,
                timeout=self.timeout,
                quiet=True,
            )
        except Exception as exc:  # a notebook shows no traceback; say what happened instead
            reply = HubReply(
                False,
                f"Not handed in: {exc}. Your work is safe and unchanged in {self.work_file}; "
                "upload that file where your instructor asked.",
                {},
            )
        finally:
            self.button.disabled = False
        self.reply = reply
        colour = "#009E73" if reply.ok else "#D55E00"
        mark = "✔" if reply.ok else "⚠"
        self.receipt.value = (
            f"<span style='color:{colour}'>{mark}</span> {html.escape(reply.message)}"
        )
        return reply

    def __repr__(self) -> str:
        return FALLBACK.format(name=self.work_file.name)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict):
            # The HTML fallback is what a saved notebook shows once release strips the
            # widget reference (see views.fallback); the text is for front ends without HTML.
            name = self.work_file.name
            detail = f"Without widgets: run hand_in() in a code cell, or upload {name}."
            data["text/html"] = fallback_bundle("The hand-in button", detail)["text/html"]
            data["text/plain"] = repr(self)
        return bundle


def hand_in_button(
    course: str | None = None,
    notebooks: list[str] | tuple[str, ...] = (),
    *,
    work_file: str | Path | None = None,
    url: str | None = None,
    token: str | None = None,
) -> HandInButton:
    """A "Hand in my work" button with its receipt, for a lesson's closing cell.

    Parameters
    ----------
    course
        The course's name on the hub (default: ``$SYMPOSIUM_KIT_COURSE``).
    notebooks
        Saved notebooks to send along (read as data, never run).
    work_file, url, token
        As for :func:`~symposium_kit.hub.client.hand_in` (default: from the hub).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> from symposium_kit.work.formats import empty_work
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "symposium-work.json"
    >>> _ = f.write_text(json.dumps(empty_work("ada")))
    >>> button = hand_in_button("c", work_file=f, url="", token="")
    >>> reply = button.click()
    >>> reply.ok, "upload" in button.receipt.value
    (False, True)
    """
    return HandInButton(course, notebooks, work_file=work_file, url=url, token=token)
