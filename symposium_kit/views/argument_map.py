"""The argument map: claims as nodes coloured by contributor, support and
attack as distinct edges (networkx lays it out, matplotlib draws it)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..debate.model import Debate
from .palette import okabe_ito

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.axes
    import networkx as nx

CONTRIBUTOR_COLOURS = okabe_ito(
    "orange", "sky blue", "bluish green", "yellow", "blue", "vermillion", "reddish purple", "black"
)
SUPPORT_COLOUR, ATTACK_COLOUR = okabe_ito("bluish green", "vermillion")


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


def _layout(debate: Debate, g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Each participant's claims in a cluster; clusters on a circle, theses at their centres."""
    import networkx as nx

    owners = [
        p.id for p in debate.participants if any(g.nodes[n]["participant"] == p.id for n in g)
    ]
    pos: dict[str, tuple[float, float]] = {}
    for k, pid in enumerate(owners):
        angle = math.pi / 2 - 2 * math.pi * k / max(1, len(owners))
        cx, cy = (3.2 * math.cos(angle), 3.2 * math.sin(angle)) if len(owners) > 1 else (0.0, 0.0)
        sub = g.subgraph([n for n in g if g.nodes[n]["participant"] == pid]).to_undirected()
        local = (
            nx.spring_layout(sub, seed=7, k=0.9, scale=1.0)
            if len(sub) > 1
            else {n: (0, 0) for n in sub}
        )
        for n, (x, y) in local.items():
            pos[n] = (cx + float(x), cy + float(y))
    return pos


def plot_argument_map(
    debate: Debate,
    ax: matplotlib.axes.Axes | None = None,
    participants: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    labels: bool = True,
) -> matplotlib.axes.Axes:
    """Draw the argument map and return the Axes.

    Nodes are claims coloured by contributor (theses larger); solid green
    arrows are support, dashed vermilion arrows attack.
    """
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    g = argument_graph(debate, participants, roles)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 9))
    pos = _layout(debate, g)
    colour = {
        p.id: CONTRIBUTOR_COLOURS[i % len(CONTRIBUTOR_COLOURS)]
        for i, p in enumerate(debate.participants)
    }
    for rel, style, col in (
        ("support", "solid", SUPPORT_COLOUR),
        ("attack", "dashed", ATTACK_COLOUR),
    ):
        edges = [(u, v) for u, v, r in g.edges(data="relation") if r == rel]
        nx.draw_networkx_edges(
            g,
            pos,
            edgelist=edges,
            ax=ax,
            style=style,
            edge_color=col,
            arrows=True,
            arrowsize=12,
            width=1.3,
            node_size=260,
            connectionstyle="arc3,rad=0.08",
        )
    nodes = list(g)
    nx.draw_networkx_nodes(
        g,
        pos,
        nodelist=nodes,
        ax=ax,
        edgecolors="#333333",
        linewidths=0.6,
        node_color=[colour[g.nodes[n]["participant"]] for n in nodes],
        node_size=[520 if g.nodes[n]["role"] == "thesis" else 200 for n in nodes],
    )
    if labels:
        nx.draw_networkx_labels(
            g, pos, ax=ax, font_size=6.5, labels={n: n.split(".", 1)[-1] for n in nodes}
        )
    names = {p.id: p.label for p in debate.participants}
    owners = dict.fromkeys(g.nodes[n]["participant"] for n in nodes)
    handles = [
        Line2D(
            [], [], marker="o", ls="", color=colour[p], markeredgecolor="#333333", label=names[p]
        )
        for p in owners
    ]
    handles += [
        Line2D([], [], color=SUPPORT_COLOUR, label="supports"),
        Line2D([], [], color=ATTACK_COLOUR, ls="--", label="attacks"),
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False
    )
    ax.set_title("Argument map: claims by contributor, with support and attack")
    ax.set_axis_off()
    return ax


def describe_argument_map(debate: Debate) -> str:
    """A one-sentence description of the map for screen readers."""
    g = argument_graph(debate)
    sup = sum(1 for *_, r in g.edges(data="relation") if r == "support")
    att = g.number_of_edges() - sup
    cross = sum(1 for u, v in g.edges if g.nodes[u]["participant"] != g.nodes[v]["participant"])
    return (
        f"An argument map of {g.number_of_nodes()} claims in one cluster per participant, "
        f"with {sup} support and {att} attack links, {cross} of them between different participants."
    )
