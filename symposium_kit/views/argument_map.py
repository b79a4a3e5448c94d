"""The interactive argument map: every claim, its quote in context, and its links.

``argument_map(debate)`` is a widget (an anywidget whose front end is
``views/js/argument_map.js``): tick the contributors whose claims to list,
choose a relation, and click a claim to read its words in the paragraph they
come from, with the claims it supports or attacks and those that answer it,
each a button that leads on. ``argument_map_data`` gives the same records as
plain data, and ``argument_graph`` the claims as a networkx graph, for use
without a front end. The static views for print and nbval are in
``argument_tree.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..debate.model import Debate
from .palette import contributor_colours

if TYPE_CHECKING:  # pragma: no cover
    import anywidget
    import networkx as nx


def argument_graph(
    debate: Debate, participants: Iterable[str] | None = None, roles: Iterable[str] | None = None
) -> nx.DiGraph:
    """Claims as a directed graph; edges carry ``relation`` = ``support`` or ``attack``.

    Parameters
    ----------
    participants, roles
        Keep only claims by these participants / with these roles (default: all).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> g = argument_graph(load_debate(), roles=["thesis"])
    >>> g.edges["mcgregor.thesis", "mann.thesis"]["relation"]
    'attack'
    """
    import networkx as nx

    keep_p = {debate.participant(p).id for p in participants} if participants else None
    keep_r = set(roles) if roles else None
    g = nx.DiGraph()
    for c in debate.claims:
        if (keep_p is None or c.participant in keep_p) and (keep_r is None or c.role in keep_r):
            g.add_node(c.id, participant=c.participant, role=c.role, text=c.text)
    for c in debate.claims:
        for rel, targets in (("support", c.supports), ("attack", c.attacks)):
            for t in targets:
                if c.id in g and t in g:
                    g.add_edge(c.id, t, relation=rel)
    return g


def argument_map_data(debate: Debate) -> dict[str, list[dict[str, Any]]]:
    """What the interactive map shows, as plain data.

    Returns ``{"participants": [...], "claims": [...]}``: each participant
    with ``id``, ``label`` and ``colour``; each claim with its ``id``,
    ``participant``, ``who`` (label), ``name``, ``role``, ``text``, the
    ``quote`` read from the source, the words ``before`` and ``after`` it
    (the quote's sentence and one more on each side), the 1-based
    ``paragraph`` of its contributor's comment, and its ``supports`` and
    ``attacks``.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> data = argument_map_data(load_debate())
    >>> claim = data["claims"][0]
    >>> claim["quote"] in claim["before"] + claim["quote"] + claim["after"]
    True
    """
    colours = contributor_colours([p.id for p in debate.participants])
    people = [
        {"id": p.id, "label": p.label, "colour": colours[p.id]}
        for p in debate.participants
        if debate.claims_by(p.id)
    ]
    text = debate.source.text
    claims = []
    for c in debate.claims:
        a = c.anchor
        start, end = debate.sentence_span(a.start, a.end, neighbours=1)
        who = debate.participant(c.participant)
        paragraph = next(
            (k + 1 for k, p in enumerate(who.paragraphs) if p.start <= a.start < p.end), 1
        )
        claims.append(
            {
                "id": c.id,
                "participant": c.participant,
                "who": who.label,
                "name": who.name,
                "role": c.role,
                "text": c.text,
                "quote": text[a.start : a.end],
                "before": text[start : a.start],
                "after": text[a.end : end],
                "paragraph": paragraph,
                "supports": list(c.supports),
                "attacks": list(c.attacks),
            }
        )
    return {"participants": people, "claims": claims}


def _widget_class() -> type[anywidget.AnyWidget]:
    import anywidget
    import traitlets

    here = files("symposium_kit.views") / "js"

    class ArgumentMap(anywidget.AnyWidget):
        """The interactive argument map (see :func:`argument_map`)."""

        _esm = (here / "argument_map.js").read_text(encoding="utf-8")
        _css = (here / "argument_map.css").read_text(encoding="utf-8")
        claims: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
        participants: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
        shown: traitlets.List[str] = traitlets.List().tag(sync=True)
        relation = traitlets.Unicode("all").tag(sync=True)
        selected = traitlets.Unicode("").tag(sync=True)

    return ArgumentMap


def argument_map(
    debate: Debate,
    participants: Iterable[str] | None = None,
    relation: str = "all",
    selected: str = "",
) -> anywidget.AnyWidget:
    """The interactive argument map, for JupyterLab.

    Parameters
    ----------
    participants
        Whose claims to list at first (default: everyone's); the reader can
        change it with the check boxes.
    relation
        ``"all"``, ``"support"`` (claims that support another) or ``"attack"``.
    selected
        A claim id to open at first.

    The widget's state (``shown``, ``relation``, ``selected``) can be read
    and set from Python as well.
    """
    if relation not in ("all", "support", "attack"):
        raise ValueError(f"relation must be 'all', 'support' or 'attack', not {relation!r}")
    data = argument_map_data(debate)
    if selected and selected not in {c["id"] for c in data["claims"]}:
        raise ValueError(f"no claim {selected!r} in this debate")
    shown = (
        [debate.participant(p).id for p in participants]
        if participants is not None
        else [p["id"] for p in data["participants"]]
    )
    return _widget_class()(
        claims=data["claims"],
        participants=data["participants"],
        shown=shown,
        relation=relation,
        selected=selected,
    )
