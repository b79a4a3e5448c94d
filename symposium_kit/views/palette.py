"""The kit's one palette: Okabe & Ito's eight colours, safe for colour-blind readers.

Okabe, M. & Ito, K. (2008), "Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people". Every figure and
widget takes its colours from here, by name.

The argument views give each participant a colour of their own and the two
relations (supports, attacks) two more, so that eight colours serve six
participants and two relations with no colour used twice. Black is kept for
"supports" (solid arrows) and vermilion for "attacks" (dashed arrows); the
participants share the other six. ``tests/views/test_palette.py`` checks that
every pair stays apart under simulated deuteranopia, protanopia and tritanopia.
"""

from __future__ import annotations

from collections.abc import Sequence

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

#: The colours of the two relations between claims.
SUPPORT_COLOUR, ATTACK_COLOUR = OKABE_ITO["black"], OKABE_ITO["vermillion"]

#: Participants' colours, in the debate's order of participants (the editors first).
CONTRIBUTOR_COLOURS: tuple[str, ...] = tuple(
    OKABE_ITO[name]
    for name in ("yellow", "blue", "orange", "bluish green", "sky blue", "reddish purple")
)


def okabe_ito(*names: str) -> tuple[str, ...]:
    """The colours with these names, in this order.

    Examples
    --------
    >>> okabe_ito("blue", "vermillion")
    ('#0072B2', '#D55E00')
    """
    return tuple(OKABE_ITO[name] for name in names)


def contributor_colours(participants: Sequence[str]) -> dict[str, str]:
    """Each participant's colour, by id, in the order given.

    Up to six participants get six different colours, none of them a
    relation's colour. A seventh and later participant reuse the colours
    from the start (a debate that large needs labels, not colour alone).

    Examples
    --------
    >>> contributor_colours(["editors", "mcgregor"])
    {'editors': '#F0E442', 'mcgregor': '#0072B2'}
    """
    n = len(CONTRIBUTOR_COLOURS)
    return {pid: CONTRIBUTOR_COLOURS[i % n] for i, pid in enumerate(participants)}
