"""Figures and tables as JupyterLab shows them: an ``<img>`` with alternative text, a table
one can scroll with the keyboard.

JupyterLab draws an ``image/png`` output as an ``<img>`` without an ``alt``
attribute, which screen readers announce as "image" and accessibility audits
(axe-core's ``image-alt``) report as a critical fault. :func:`register` adds a
``text/html`` representation to matplotlib figures in the running IPython
kernel: the same PNG in an ``<img alt="...">`` whose text names the figure by
its titles. JupyterLab prefers the HTML; the ``image/png`` output stays beside
it for other front ends and for nbval, which does not compare images. The
figure is drawn once for both: the HTML takes the PNG from the inline backend's
own printer (so its settings, such as ``retina``, hold) and hands the same data
to the ``image/png`` output of that display, instead of drawing the figure a
second time (about 0.3 s for a kit figure).

A pandas DataFrame wider than the notebook makes JupyterLab's output area
scroll sideways, a region that the keyboard cannot reach (axe-core's
``scrollable-region-focusable``): :func:`table_html` puts pandas' own HTML
in a focusable region of its own, labelled, that scrolls instead.

Nothing here imports matplotlib, pandas or IPython: the formatter is registered by
name, and only when an IPython kernel is already running.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from typing import Any


def figure_alt_text(fig: Any) -> str:
    """The alternative text of a figure: its titles, or "A figure" when it has none.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Where the contributors stand")
    >>> figure_alt_text(fig)
    'Figure: Where the contributors stand'
    >>> plt.close(fig)
    """
    titles: list[str] = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        titles.append(suptitle.get_text().strip())
    for ax in fig.get_axes():
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc=loc).strip()
            if text and text not in titles:
                titles.append(" ".join(text.split()))
    return "Figure: " + "; ".join(titles) if titles else "A figure"


def figure_html(fig: Any) -> str:
    """The figure as an ``<img>`` holding its PNG, with :func:`figure_alt_text` as ``alt``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return _img(fig, base64.b64encode(buffer.getvalue()).decode("ascii"), {})


def _img(fig: Any, data: str, meta: dict[str, Any]) -> str:
    alt = html.escape(figure_alt_text(fig), quote=True)
    size = "".join(
        f' {name}="{int(meta[name])}"'
        for name in ("width", "height")
        if isinstance(meta.get(name), (int, float))
    )
    return f'<img alt="{alt}"{size} src="data:image/png;base64,{data}">'


#: The attribute on a figure that holds the PNG the HTML was made from, until the
#: ``image/png`` formatter of the same display takes it.
_DRAWN = "_symposium_kit_png"
#: The ``image/png`` printer of figures that :func:`_png_once` stands in front of.
_PNG_PRINTER: list[Any] = []


def _html_once(fig: Any) -> str | None:
    """The HTML formatter of figures in a kernel: draw with the PNG printer, keep the PNG."""
    printer = _png_printer()
    if printer is None:
        return figure_html(fig)
    drawn = _PNG_PRINTER[0](fig) if printer is _png_once else printer(fig)
    if drawn is None:  # the inline backend shows nothing of a figure without axes
        return None
    data, meta = drawn if isinstance(drawn, tuple) else (drawn, {})
    if isinstance(data, bytes):
        data = base64.b64encode(data).decode("ascii")
    if printer is _png_once:
        setattr(fig, _DRAWN, drawn)
    return _img(fig, data, meta)


def _png_once(fig: Any) -> Any:
    """The PNG formatter of figures in a kernel: the PNG the HTML was just made from."""
    drawn = fig.__dict__.pop(_DRAWN, None)
    return drawn if drawn is not None else _PNG_PRINTER[0](fig)


def _png_printer() -> Any:
    figure = sys.modules.get("matplotlib.figure")
    shell = _shell()
    if figure is None or shell is None:
        return None
    return shell.display_formatter.formatters["image/png"].type_printers.get(figure.Figure)


#: The label of a table's scrolling region (read by screen readers when it takes focus).
TABLE_LABEL = "Table (scroll sideways with the arrow keys when it is wider than the page)"


def table_html(frame: Any) -> str | None:
    """pandas' HTML of ``frame`` inside a focusable, labelled region that scrolls sideways.

    ``None`` (no HTML) when pandas gives none (its ``notebook_repr_html`` option is off).

    Examples
    --------
    >>> import pandas as pd
    >>> table_html(pd.DataFrame({"a": [1]})).startswith('<div class="symposium-table"')
    True
    """
    inner = frame._repr_html_()
    if inner is None:
        return None
    return (
        f'<div class="symposium-table" role="region" tabindex="0" aria-label="{TABLE_LABEL}" '
        f'style="overflow-x: auto; max-width: 100%">{inner}</div>'
    )


def register() -> bool:
    """Give figures and DataFrames the HTML of :func:`figure_html` and :func:`table_html`.

    matplotlib's inline backend removes every formatter of ``Figure`` when it
    starts (at the first ``import matplotlib.pyplot``, often in a later cell),
    so the formatter is also put back after each cell runs, before the inline
    backend shows the cell's figures (its own callback is registered later).
    Returns whether it was registered (``False`` outside IPython). Safe to call
    more than once.
    """
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    _add_formatter(shell)
    callbacks = shell.events.callbacks.get("post_execute", [])
    if not any(getattr(cb, "__name__", "") == _readd.__name__ for cb in callbacks):
        shell.events.register("post_execute", _readd)
    return True


def _add_formatter(shell: Any) -> None:
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type_by_name("matplotlib.figure", "Figure", _html_once)
    printer = _png_printer()
    if printer is not None and printer is not _png_once:
        _PNG_PRINTER[:] = [printer]
        figure = sys.modules["matplotlib.figure"]
        shell.display_formatter.formatters["image/png"].for_type(figure.Figure, _png_once)
    # pandas names the class's module "pandas" (pandas 3) or "pandas.core.frame" (before)
    for module in ("pandas", "pandas.core.frame"):
        formatter.for_type_by_name(module, "DataFrame", table_html)


def _readd() -> None:
    shell = _shell()
    if shell is not None:
        _add_formatter(shell)


def _shell() -> Any:
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()
