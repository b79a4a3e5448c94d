"""What a widget shows where no kernel runs it: a readable static fallback.

A widget's output in a notebook is a reference to a live model
(``application/vnd.jupyter.widget-view+json``) and a ``text/plain`` repr such
as ``VBox(children=(HTML(...``. Before the notebook runs, or after it is
reopened without its kernel, the reference points at nothing and the repr
means nothing to a student. :func:`with_fallback` gives a widget a
``text/plain`` and ``text/html`` of its own that say what it is and "run this
cell to use it"; ``release`` then strips the widget reference from the
committed editions , so a fresh notebook shows
the fallback and a running one the live widget (the stripping lives in
:mod:`symposium_kit.authoring.editions`, which may not import views).
"""

from __future__ import annotations

import html
import types
from typing import Any

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
FALLBACK_CLASS = "symposium-widget-fallback"
RUN_ME = "run this cell to use it"


def fallback_bundle(what: str, detail: str = "") -> dict[str, str]:
    """The ``text/plain`` and ``text/html`` that stand for a widget which is not running.

    Examples
    --------
    >>> print(fallback_bundle("The scoring form", "0/45 scored.")["text/plain"])
    [The scoring form: a widget; run this cell to use it. 0/45 scored.]
    """
    plain = f"[{what}: a widget; {RUN_ME}.{' ' + detail if detail else ''}]"
    extra = f"<br>{html.escape(detail)}" if detail else ""
    page = (
        f"<div class='{FALLBACK_CLASS}' role='note' style='border:1px dashed #555;"
        "padding:6px 10px;color:#1a1a1a;background:#f4f4f4;max-width:48em'>"
        f"<b>{html.escape(what)}</b>: a widget; <b>{RUN_ME}</b> "
        f"(Run ▸ Run All Cells, or Shift+Enter in this cell).{extra}</div>"
    )
    return {"text/plain": plain, "text/html": page}


def with_fallback(widget: Any, what: str, detail: Any = "") -> Any:
    """Give ``widget`` a static fallback in its display output; return the widget.

    ``detail`` is a string or a function returning one (called at display
    time, e.g. the sheet's progress). The live widget still renders where a
    widget manager runs: the front end prefers the widget-view MIME type.

    Examples
    --------
    >>> import ipywidgets
    >>> box = with_fallback(ipywidgets.VBox(), "The contributor picker")
    >>> bundle = box._repr_mimebundle_()
    >>> WIDGET_MIME in bundle, bundle["text/plain"].startswith("[The contributor picker")
    (True, True)
    """
    base = type(widget)._repr_mimebundle_

    def _bundle(self: Any, **kwargs: Any) -> Any:
        data = base(self, **kwargs) or {}
        if isinstance(data, tuple):
            data = data[0]
        note = detail() if callable(detail) else detail
        return {**data, **fallback_bundle(what, note)}

    widget._repr_mimebundle_ = types.MethodType(_bundle, widget)
    return widget
