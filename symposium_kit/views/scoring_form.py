"""The scoring form: one compact form per contributor, autosaved on every change.

The form is a thin layer over :class:`~symposium_kit.work.scoresheet.ScoreSheet`:
each click calls :meth:`ScoreSheet.set` (which validates and saves), and
every change of the sheet, from the form or from code, updates the form. So
scoring by widget and scoring by code write the same sheet and the same file.

ipywidgets is imported only when a form is built. Every widget carries a
stable CSS class so that a browser test can find it, e.g.
``symposium-score-mcgregor-claim`` (the buttons),
``symposium-justification-mcgregor-claim`` (the text box),
``symposium-descriptor-mcgregor-claim`` (the level's descriptor),
``symposium-score-status`` (the "saved: 12/45 scored" line) and
``symposium-profile-mcgregor`` (the live profile) and
``symposium-reference-mcgregor`` (the reference scores, revealed only once
every criterion of that contributor is scored: independent rating).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..scoring.reference import reference_score, reference_unlocked, still_to_score
from ..work.scoresheet import CANNOT_JUDGE, Cell, ScoreSheet, load_scoresheet
from .fallback import fallback_bundle

BUTTON_WIDTH = "auto"
#: A chosen score: white on Okabe-Ito blue (contrast 5.1:1), bold, with a dark ring, so it
#: stands apart from the light grey unchosen buttons by colour, weight and outline alike.
SELECTED_BACKGROUND, SELECTED_TEXT = "#0072B2", "#FFFFFF"
FORM_STYLE = (
    "<style>"
    ".symposium-scoring-form .widget-toggle-button.mod-active {"
    f"background: {SELECTED_BACKGROUND}; color: {SELECTED_TEXT}; font-weight: bold;"
    "box-shadow: inset 0 0 0 2px #1a1a1a; }"
    ".symposium-scoring-form .widget-toggle-button:focus-visible {"
    "outline: 3px solid #E69F00; outline-offset: 1px; }"
    "</style>"
)


def _import_widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - ipywidgets is a dependency
        raise ImportError(
            "The scoring form needs ipywidgets: pip install 'ipywidgets>=8.1'. "
            "You can also score in code: sheet.set('mcgregor', 'claim', 2, 'why')."
        ) from exc
    return ipywidgets


class ScoringForm:
    """The widgets of the scoring form, wired to one score sheet.

    Attributes
    ----------
    sheet
        The :class:`ScoreSheet` the form writes to.
    widget
        The whole form (an ``ipywidgets.VBox``); the form also displays
        itself when it is the last value of a cell.
    buttons, justifications, descriptors
        The widgets of each cell, keyed by ``(contributor id, criterion id)``.
    status, problem
        The status line and the line that reports file problems.
    profiles
        The live profile (``HTML``) of each contributor.
    tabs
        One tab per contributor.
    """

    def __init__(self, sheet: ScoreSheet):
        w = _import_widgets()
        self.sheet = sheet
        self._syncing = False
        self.buttons: dict[Cell, Any] = {}
        self.justifications: dict[Cell, Any] = {}
        self.descriptors: dict[Cell, Any] = {}
        self.profiles: dict[str, Any] = {}
        self.references: dict[str, Any] = {}
        self.status = w.HTML(layout=w.Layout(margin="0 0 4px 0"))
        self.status.add_class("symposium-score-status")
        self.problem = w.HTML()
        self.problem.add_class("symposium-score-problem")
        pages = [self._contributor_page(w, pid) for pid in sheet.contributors]
        self.tabs = w.Tab(
            children=pages, titles=[self._tab_title(pid) for pid in sheet.contributors]
        )
        self.tabs.add_class("symposium-scoring-tabs")
        self.widget = w.VBox([w.HTML(FORM_STYLE), self.status, self.problem, self.tabs])
        self.widget.add_class("symposium-scoring-form")
        self._refresh_status()
        sheet.on_change(self._sheet_changed)

    # -- building -------------------------------------------------------
    def _contributor_page(self, w: Any, pid: str) -> Any:
        rows = [self._cell_row(w, pid, cid) for cid in self.sheet.criteria]
        profile = w.HTML(self._profile_html(pid))
        profile.add_class(f"symposium-profile-{pid}")
        self.profiles[pid] = profile
        reference = w.HTML(self._reference_html(pid))
        reference.add_class(f"symposium-reference-{pid}")
        self.references[pid] = reference
        page = w.VBox(
            [*rows, w.HTML("<b>Your profile so far</b>"), profile, reference],
            layout=w.Layout(padding="4px"),
        )
        page.add_class(f"symposium-score-page-{pid}")
        return page

    def _cell_row(self, w: Any, pid: str, cid: str) -> Any:
        rubric = self.sheet.debate.rubric
        crit = self.sheet.criterion(cid)
        cell = self.sheet.get(pid, cid)
        options = [(str(s), s) for s, _ in crit.levels] + [(rubric.cannot_judge, CANNOT_JUDGE)]
        tooltips = [f"{s}: {text}" for s, text in crit.levels] + [
            "The text gives you nothing to judge this on"
        ]
        buttons = w.ToggleButtons(
            options=options,
            value=self._button_value(cell),
            tooltips=tooltips,
            description="",
            style={"button_width": BUTTON_WIDTH},
            layout=w.Layout(width="auto"),
        )
        buttons.add_class(f"symposium-score-{pid}-{cid}")
        buttons.observe(lambda change: self._on_button(pid, cid, change["new"]), names="value")
        descriptor = w.HTML(self._descriptor_html(pid, cid))
        descriptor.add_class(f"symposium-descriptor-{pid}-{cid}")
        text = w.Text(
            value=self.sheet.justification(pid, cid),
            placeholder="Why this score? Point to the words in the text.",
            continuous_update=False,
            layout=w.Layout(width="98%"),
        )
        text.add_class(f"symposium-justification-{pid}-{cid}")
        text.observe(lambda change: self._on_text(pid, cid, change["new"]), names="value")
        self.buttons[(pid, cid)] = buttons
        self.descriptors[(pid, cid)] = descriptor
        self.justifications[(pid, cid)] = text
        tip = crit.question + (
            " One judgement of its own, not the sum of the others." if crit.holistic else ""
        )
        name = html.escape(crit.name) + (" <i>(holistic)</i>" if crit.holistic else "")
        label = w.HTML(
            f"<b title='{html.escape(tip, quote=True)}'>{name}</b>",
            layout=w.Layout(width="14em", min_width="14em"),
        )
        row = w.VBox(
            [w.HBox([label, buttons]), descriptor, text],
            layout=w.Layout(border_bottom="1px solid #ddd", padding="2px 0 6px 0"),
        )
        row.add_class(f"symposium-score-row-{pid}-{cid}")
        return row

    # -- views ------------------------------------------------------------
    @staticmethod
    def _button_value(cell: dict[str, Any] | None) -> Any:
        if cell is None:
            return None
        return CANNOT_JUDGE if cell["score"] is None else cell["score"]

    def _descriptor_html(self, pid: str, cid: str) -> str:
        crit = self.sheet.criterion(cid)
        cell = self.sheet.get(pid, cid)
        if cell is None:
            return f"<span style='color:#555'>{html.escape(crit.question)}</span>"
        if cell["score"] is None:
            return f"<i>{html.escape(self.sheet.debate.rubric.cannot_judge)}</i>"
        return f"<b>{cell['score']}</b>: {html.escape(crit.descriptor(cell['score']))}"

    def _profile_html(self, pid: str) -> str:
        hi = self.sheet.debate.rubric.max_score
        rows = []
        for cid in self.sheet.criteria:
            cell = self.sheet.get(pid, cid)
            if cell is None:
                shown, bar = "not scored", ""
            elif cell["score"] is None:
                shown, bar = self.sheet.debate.rubric.cannot_judge, ""
            else:
                shown = str(cell["score"])
                bar = "■" * cell["score"] + "□" * (hi - cell["score"])
            rows.append(
                f"<tr><td>{html.escape(self.sheet.criterion(cid).name)}</td>"
                f"<td style='color:#0072B2;letter-spacing:2px'>{bar}</td>"
                f"<td>{html.escape(shown)}</td></tr>"
            )
        return "<table style='font-size:90%'>" + "".join(rows) + "</table>"

    def _reference_html(self, pid: str) -> str:
        """The reference scores of a contributor, or what is left to score before they appear."""
        if not reference_unlocked(self.sheet, pid):
            return (
                "<p role='note' style='color:#1a1a1a'><b>Reference hidden for now.</b> "
                + html.escape(still_to_score(self.sheet, pid))
                + "</p>"
            )
        rows = []
        for cid in self.sheet.criteria:
            ref = reference_score(self.sheet.debate, pid, cid)
            shown = (
                "no reference"
                if ref is None
                else (
                    self.sheet.debate.rubric.cannot_judge if ref.score is None else str(ref.score)
                )
            )
            mine = self.sheet.get(pid, cid)
            yours = (
                ""
                if mine is None
                else (
                    self.sheet.debate.rubric.cannot_judge
                    if mine["score"] is None
                    else str(mine["score"])
                )
            )
            why = html.escape(ref.rationale) if ref else ""
            rows.append(
                f"<tr><td>{html.escape(self.sheet.criterion(cid).name)}</td><td>{yours}</td>"
                f"<td><b>{html.escape(shown)}</b></td><td>{why}</td></tr>"
            )
        return (
            "<b>The reference scores</b> (you have scored every criterion; compare, then "
            "read the text again where you differ)"
            "<table style='font-size:90%'><tr><th>criterion</th><th>you</th>"
            "<th>reference</th><th>why</th></tr>" + "".join(rows) + "</table>"
        )

    def _tab_title(self, pid: str) -> str:
        done = sum(self.sheet.is_scored(pid, cid) for cid in self.sheet.criteria)
        return f"{self.sheet.contributor(pid).label} ({done}/{len(self.sheet.criteria)})"

    def _refresh_status(self) -> None:
        where = f"saved to {self.sheet.path.name}" if self.sheet.path else "not saved (no file)"
        complete = " — complete" if self.sheet.is_complete() else ""
        self.status.value = f"<b>{where}</b>: {self.sheet.status()}{complete}"
        if self.sheet.problems:
            self.problem.value = (
                "<span style='color:#D55E00'>⚠ " + html.escape(self.sheet.problems[-1]) + "</span>"
            )

    # -- events -------------------------------------------------------------
    def _on_button(self, pid: str, cid: str, value: Any) -> None:
        if self._syncing:
            return
        try:
            if value is None:
                self.sheet.clear(pid, cid)
            else:
                self.sheet.set(pid, cid, value)
        except (ValueError, OSError) as exc:
            self._show_error(exc)

    def _on_text(self, pid: str, cid: str, value: str) -> None:
        if self._syncing:
            return
        try:
            self.sheet.set_justification(pid, cid, value)
        except (ValueError, OSError) as exc:
            self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        self.problem.value = (
            f"<span style='color:#D55E00'>⚠ not saved: {html.escape(str(exc))}</span>"
        )

    def _sheet_changed(self, pid: str, cid: str) -> None:
        """Update only the widgets of the changed cell, its tab and the status line."""
        self._syncing = True
        try:
            cell = self.sheet.get(pid, cid)
            value = self._button_value(cell)
            if self.buttons[(pid, cid)].value != value:
                self.buttons[(pid, cid)].value = value
            text = self.sheet.justification(pid, cid)
            if self.justifications[(pid, cid)].value != text:
                self.justifications[(pid, cid)].value = text
            self.descriptors[(pid, cid)].value = self._descriptor_html(pid, cid)
            self.profiles[pid].value = self._profile_html(pid)
            self.references[pid].value = self._reference_html(pid)
            self.tabs.set_title(self.sheet.contributors.index(pid), self._tab_title(pid))
            self._refresh_status()
        finally:
            self._syncing = False

    # -- display --------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        data = self.widget._repr_mimebundle_(**kwargs) or {}
        if isinstance(data, tuple):
            data = data[0]
        detail = (
            f"Your sheet: {self.sheet.status()}. Without widgets, score in code: "
            'sheet.record("Cutler", "evidence", 3, "why").'
        )
        return {**data, **fallback_bundle("The scoring form", detail)}

    def select(self, contributor: str) -> None:
        """Open the tab of one contributor (id or name)."""
        self.tabs.selected_index = self.sheet.contributors.index(
            self.sheet.contributor(contributor).id
        )


def scoring_form(sheet: ScoreSheet | None = None, path: str | Path | None = None) -> ScoringForm:
    """The scoring form for a score sheet (opened from its file if not given).

    Parameters
    ----------
    sheet
        A sheet from :func:`~symposium_kit.work.scoresheet.load_scoresheet`; None
        opens the bundled debate's sheet from ``path``.
    path
        The saved-work file when ``sheet`` is None (default:
        ``symposium-work.json`` beside the notebook).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> form = scoring_form(ScoreSheet(load_debate()))
    >>> form.buttons[("mcgregor", "overall")].value = 2
    >>> form.sheet.score("mcgregor", "overall"), form.status.value.endswith("scored")
    (2, True)
    """
    if sheet is None:
        sheet = load_scoresheet(path=path, report=None)
    return ScoringForm(sheet)
