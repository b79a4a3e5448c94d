"""Widgets for reading a debate in JupyterLab.

Each widget wraps a plain function of :mod:`symposium_kit.views.cards`, so that
everything a widget shows can also be had with one line of code where widgets
do not run (``contributor_card(debate, "hass")``). ipywidgets is imported only
when a widget is built. The widgets carry stable CSS classes so that a browser
test can find them:

- ``symposium-picker``: the box holding the picker;
- ``symposium-picker-dropdown``: the dropdown of contributors;
- ``symposium-picker-view``: the HTML view of the chosen contributor's card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..debate.model import Debate
from .cards import contributor_card, contributor_card_html
from .fallback import with_fallback

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

__all__ = ["contributor_card", "contributor_picker"]

PICKER_CLASS = "symposium-picker"
PICKER_DROPDOWN_CLASS = "symposium-picker-dropdown"
PICKER_VIEW_CLASS = "symposium-picker-view"


def _require_ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - ipywidgets is a dependency
        raise ImportError(
            "the contributor picker needs ipywidgets: pip install 'ipywidgets>=8.1'; "
            "without it, use contributor_card(debate, 'hass') instead"
        ) from exc
    return ipywidgets


def contributor_picker(debate: Debate, value: str | None = None) -> ipywidgets.VBox:
    """A dropdown of the contributors and a view of the chosen one's card.

    The view shows what :func:`~symposium_kit.views.cards.contributor_card` gives
    as text: the contributor's answer and stance, thesis in its sentence,
    reasons, and the quotes that fix the position.

    Parameters
    ----------
    debate
        A loaded debate.
    value
        The contributor shown first (id or name); the first contributor when None.

    Returns
    -------
    ipywidgets.VBox
        With attributes ``dropdown`` (an ``ipywidgets.Dropdown`` whose value
        is a contributor id) and ``view`` (an ``ipywidgets.HTML``).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> picker = contributor_picker(d)
    >>> picker.dropdown.value = "mann"
    >>> d.thesis("mann").anchor.quote in picker.view.value
    True
    """
    widgets = _require_ipywidgets()
    options = [(p.name, p.id) for p in debate.contributors]
    first = debate.participant(value).id if value else options[0][1]
    dropdown = widgets.Dropdown(
        options=options,
        value=first,
        description="Contributor:",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="max-content"),
    )
    dropdown.add_class(PICKER_DROPDOWN_CLASS)
    view = widgets.HTML(value=contributor_card_html(debate, first))
    view.add_class(PICKER_VIEW_CLASS)

    def _show(change: dict) -> None:
        view.value = contributor_card_html(debate, change["new"])

    dropdown.observe(_show, names="value")
    box = widgets.VBox([dropdown, view])
    box.add_class(PICKER_CLASS)
    box.dropdown = dropdown
    box.view = view
    return with_fallback(
        box,
        "The contributor picker",
        'Without widgets, contributor_card(debate, "hass") shows the same card as text.',
    )
