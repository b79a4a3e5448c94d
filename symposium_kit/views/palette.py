"""The kit's one palette: Okabe & Ito's eight colours, safe for colour-blind readers.

Okabe, M. & Ito, K. (2008), "Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people". Every figure and
widget takes its colours from here, by name.
"""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Neutral greys for guides, grids and gaps (not data).
GREY, LIGHT_GREY, FAINT_GREY = "#999999", "#DDDDDD", "#EEEEEE"


def okabe_ito(*names: str) -> tuple[str, ...]:
    """The colours with these names, in this order.

    Examples
    --------
    >>> okabe_ito("blue", "vermillion")
    ('#0072B2', '#D55E00')
    """
    return tuple(OKABE_ITO[name] for name in names)
