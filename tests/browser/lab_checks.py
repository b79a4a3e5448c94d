"""Checks of what a student sees in a notebook after Run All, on a report read from the page.

Each ``check_*`` raises ``AssertionError`` with a message naming the notebook,
the cell (number, prompt and first line of its source) and what is wrong, so
that the same checks can be proved on broken notebooks
(``test_broken_notebook.py``). :func:`check_notebook` runs them all and lists
every failure at once. The report is read by ``lab_harness.read_report``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Console messages that are not the notebooks' fault, each with the reason.
HARMLESS_CONSOLE = [
    # jupyter_server race on the first kernel websocket ('NoneType' ... kernel_ws_protocol):
    # the client reconnects at once; seen with jupyter_server 2.x.
    (re.compile(r"WebSocket connection to .*/api/kernels/.* failed"), "first-websocket race"),
    # The same race seen as the failed HTTP request of the websocket upgrade (status 500).
    (
        re.compile(r"Failed to load resource: .*status of 500.* \(at .*/api/kernels/"),
        "first-websocket race",
    ),
    # JupyterLab 4.6's notebook commands (selectAbove/selectBelow) read `layout.footer` of a
    # notebook panel that the harness has just closed (its layout is then null); seen under
    # load on 03 and 06. JupyterLab's own code on a disposed panel, not a kit output.
    (
        re.compile(r"TypeError: Cannot read properties of null \(reading 'footer'\)"),
        "disposed-notebook race in JupyterLab",
    ),
]


@dataclass
class NotebookReport:
    """What the page shows for one notebook (read by ``lab_harness.read_report``)."""

    path: str
    cells: list[dict[str, Any]]

    def where(self, cell: dict[str, Any]) -> str:
        first = next((ln for ln in cell["source"].splitlines() if ln.strip()), "")
        return f"{self.path}, cell {cell['index'] + 1} {cell['prompt'] or ''} ({first[:70]!r})"

    @property
    def code_cells(self) -> list[dict[str, Any]]:
        return [c for c in self.cells if c["kind"] == "code"]


_WIDGET_REPR = re.compile(
    r"^(Int|Float|BoundedInt|BoundedFloat)?(Slider|RangeSlider|Text|LogSlider)\(|"
    r"^(Dropdown|ToggleButtons?|RadioButtons|Select|SelectMultiple|SelectionSlider|Checkbox|"
    r"Button|Textarea|Text|Label|HTML|HTMLMath|VBox|HBox|Box|GridBox|Output|Tab|Accordion|"
    r"Combobox|Play|interactive)\(",
)
_FIGURE_REPR = re.compile(r"^<(Figure|Axes|matplotlib\.[\w.]+) ")


def check_all_cells_ran(report: NotebookReport) -> None:
    """Every non-empty code cell shows an execution count ``[n]``."""
    unrun = [
        report.where(c)
        for c in report.code_cells
        if c["source"].strip() and (c["count"] is None or not re.search(r"\[\d+\]", c["prompt"]))
    ]
    if unrun:
        raise AssertionError(
            f"{len(unrun)} code cell(s) of {report.path} did not run after Run All "
            "(Run All stops at a cell that raised; see the error check):\n  " + "\n  ".join(unrun)
        )


def check_no_errors(report: NotebookReport) -> None:
    """No cell shows an error: no error output, no traceback on stderr."""
    problems = []
    for c in report.code_cells:
        for out in c["outputs"]:
            is_error = out["type"] == "error" or (
                out["mime"] == "application/vnd.jupyter.stderr" and "Traceback" in out["text"]
            )
            if is_error:
                lines = [ln for ln in out["text"].splitlines() if ln.strip() and "---" not in ln]
                first = lines[0] if lines else "(empty error)"
                last = lines[-1] if lines else ""
                problems.append(f"{report.where(c)} shows an error: {first} ... {last}"[:400])
    if problems:
        raise AssertionError(
            f"{len(problems)} error(s) shown in {report.path}:\n  " + "\n  ".join(problems)
        )


_WARNING = re.compile(r"\b\w*Warning: .*")


def check_no_warnings(report: NotebookReport) -> None:
    """No cell shows a Python warning (``...Warning: ...`` on stderr) to the student."""
    problems = []
    for c in report.code_cells:
        for out in c["outputs"]:
            if out["mime"] == "application/vnd.jupyter.stderr" and out["type"] != "error":
                found = _WARNING.search(out["text"])
                if found:
                    problems.append(f"{report.where(c)} shows a warning: {found.group(0)[:200]}")
    if problems:
        raise AssertionError(
            f"{len(problems)} warning(s) shown in {report.path}:\n  " + "\n  ".join(problems)
        )


def check_widgets_rendered(report: NotebookReport) -> None:
    """Every widget output is a rendered ipywidgets view, never a text fallback."""
    problems = []
    for c in report.code_cells:
        for out in c["outputs"]:
            head = out["text"].strip()[:120]
            if out["widget_expected"] and not out["widget_rendered"]:
                problems.append(
                    f"{report.where(c)}: a widget did not render; the page shows {head!r} "
                    f"(mime {out['mime'] or 'widget-view'})"
                )
            elif not out["widget_expected"] and _WIDGET_REPR.match(head):
                problems.append(
                    f"{report.where(c)}: a widget shows as its text fallback {head!r} "
                    "(is the ipywidgets front end installed, and is the widget displayed?)"
                )
            elif "Error displaying widget" in out["text"]:
                problems.append(f"{report.where(c)}: {head!r}")
    if problems:
        raise AssertionError(
            f"{len(problems)} widget(s) not rendered in {report.path}:\n  " + "\n  ".join(problems)
        )


def check_figures_rendered(report: NotebookReport) -> None:
    """Every figure is a decoded image; no figure shows only as ``<Figure size ...>`` text."""
    problems = []
    for c in report.code_cells:
        for img in c["images"]:
            if not (img["complete"] and img["width"] > 0):
                problems.append(f"{report.where(c)}: an image did not load ({img['src']}...)")
        texts = [o["text"].strip() for o in c["outputs"] if o["mime"] == "text/plain"]
        for t in texts + [t.strip() for t in c.get("nested_text", [])]:
            if _FIGURE_REPR.match(t):
                problems.append(f"{report.where(c)}: a figure shows only as text {t[:80]!r}")
    if problems:
        raise AssertionError(
            f"{len(problems)} figure(s) not rendered in {report.path}:\n  " + "\n  ".join(problems)
        )


def harmful_console_messages(messages: list[str]) -> list[str]:
    """The console messages that are not known, harmless noise."""
    return [m for m in messages if not any(rx.search(m) for rx, _ in HARMLESS_CONSOLE)]


def check_console_clean(path: str, messages: list[str]) -> None:
    """No JavaScript error in the page while ``path`` was open and running."""
    bad = harmful_console_messages(messages)
    if bad:
        shown = "\n  ".join(m.splitlines()[0][:300] for m in bad)
        raise AssertionError(f"{len(bad)} JavaScript error(s) while {path} ran:\n  {shown}")


def check_notebook(report: NotebookReport, console: list[str]) -> None:
    """All checks on one run notebook; every failure is listed in one AssertionError."""
    failures = []
    checks = (
        check_all_cells_ran,
        check_no_errors,
        check_no_warnings,
        check_widgets_rendered,
        check_figures_rendered,
    )
    for check in checks:
        try:
            check(report)
        except AssertionError as exc:
            failures.append(str(exc))
    try:
        check_console_clean(report.path, console)
    except AssertionError as exc:
        failures.append(str(exc))
    if failures:
        raise AssertionError("\n".join(failures))
