"""Argument views a student can read: one contributor's argument as a layered
tree, and who answers whom across contributors.

The tree is drawn as an outline: the thesis on the first row, each reason,
piece of evidence-backed claim, concession or rebuttal on a row of its own,
indented beneath the claim it supports or attacks. A solid black connector
means *supports*, a dashed vermilion one *attacks*; the arrowhead points at
the claim that is supported or attacked. Concessions and rebuttals carry
their role in capitals. Links to other contributors' claims are written at
the end of the row, so that the tree stays one contributor's argument.

"Who answers whom" has one node per contributor (the editors' prompt is
counted apart) and one arrow per ordered pair of contributors, labelled with
the number of support and attack links from one's claims to the other's.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..debate.model import Claim, Debate
from .palette import ATTACK_COLOUR, SUPPORT_COLOUR, contributor_colours

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Width of the figures in inches: 8.4 in at 100 dpi is 840 px, under the
#: 850 CSS px JupyterLab gives an output (see tests/views/test_legibility.py).
WIDTH = 8.4
FONT = 10.5
_INDENT = 0.32  # inches per level
_LINE = 0.2  # inches per line of text
_MARKED = {"concession", "rebuttal"}
_BEND = 0.3  # how far the arrows between two contributors bow apart


@dataclass(frozen=True)
class TreeRow:
    """One claim in the layered tree.

    ``parent`` is the claim above it in the tree (``None`` for a root) and
    ``relation`` how the two are linked: ``"support"`` or ``"attack"`` when
    this claim supports or attacks the parent, ``"attacked-by"`` when the
    parent attacks this claim (a concession answered by a reason).
    ``elsewhere`` lists links to other contributors' claims.
    """

    claim: Claim
    depth: int
    parent: str | None
    relation: str | None
    elsewhere: tuple[tuple[str, str], ...]


def _contributor(debate: Debate, participant: str) -> str:
    """The participant's id, or a ValueError that names the valid ones."""
    try:
        return debate.participant(participant).id
    except (KeyError, LookupError, ValueError):
        known = ", ".join(p.id for p in debate.participants)
        raise ValueError(
            f"no participant {participant!r} in this debate; use one of: {known}"
        ) from None


def argument_tree(debate: Debate, participant: str) -> list[TreeRow]:
    """One participant's claims in tree order: the thesis first, each claim under its target.

    A claim hangs under the first claim of the same participant that it
    supports or attacks; a claim that links to none of them but is attacked
    by one (a concession answered later) hangs under its attacker. Claims
    with no link to the participant's own claims come after the thesis's
    tree, as roots of their own.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> rows = argument_tree(load_debate(), "mcgregor")
    >>> rows[0].claim.role, rows[0].depth
    ('thesis', 0)
    >>> [r.relation for r in rows if r.claim.id == "mcgregor.deals-concession"]
    ['attacked-by']
    """
    pid = _contributor(debate, participant)
    claims = debate.claims_by(pid)
    own = {c.id for c in claims}
    parent: dict[str, tuple[str, str]] = {}
    for c in claims:
        targets = [(t, "support") for t in c.supports] + [(t, "attack") for t in c.attacks]
        inside = [(t, r) for t, r in targets if t in own and t != c.id]
        if inside and c.role != "thesis":
            parent[c.id] = inside[0]
    for c in claims:
        for t in c.attacks:
            if t in own and t not in parent and debate.claim(t).role != "thesis":
                parent[t] = (c.id, "attacked-by")
    # break any cycle by cutting the link into the claim met first
    for c in claims:
        seen, node = {c.id}, c.id
        while node in parent:
            node = parent[node][0]
            if node in seen:
                del parent[node]
                break
            seen.add(node)
    children: dict[str | None, list[Claim]] = {}
    for c in claims:
        children.setdefault(parent.get(c.id, (None, ""))[0], []).append(c)
    roots = sorted(children.get(None, []), key=lambda c: c.role != "thesis")
    rows: list[TreeRow] = []

    def walk(c: Claim, depth: int) -> None:
        up, rel = parent.get(c.id, (None, None))
        elsewhere = tuple(
            (r, t)
            for r, ts in (("supports", c.supports), ("attacks", c.attacks))
            for t in ts
            if t not in own
        )
        rows.append(TreeRow(c, depth, up, rel, elsewhere))
        for child in children.get(c.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return rows


def _dark(colour: str) -> bool:
    """Whether white text reads better than black on this colour (WCAG contrast)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    lum = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05)


def _label(debate: Debate, participant: str) -> str:
    return debate.participant(participant).label


def _elsewhere_text(debate: Debate, row: TreeRow) -> str:
    parts = []
    for rel, target in row.elsewhere:
        who = _label(debate, debate.claim(target).participant)
        role = debate.claim(target).role
        parts.append(f"{rel} {who}'s {role}")
    return "; ".join(parts)


def plot_argument_tree(debate: Debate, participant: str, ax: Axes | None = None) -> Axes:
    """Draw one participant's argument as a layered tree and return the Axes.

    Parameters
    ----------
    debate
        The debate.
    participant
        A participant's id (``"mcgregor"``) or name.
    ax
        Axes to draw in; by default a new figure sized to the tree.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    rows = argument_tree(debate, participant)
    pid = _contributor(debate, participant)
    colour = contributor_colours([p.id for p in debate.participants])[pid]
    blocks: list[tuple[TreeRow, str, str]] = []
    for row in rows:
        room = WIDTH - 0.5 - _INDENT * row.depth
        width = max(24, int(room / (FONT * 0.6 / 72)))
        tag = row.claim.role.upper() if row.claim.role in _MARKED else row.claim.role
        text = textwrap.fill(f"{tag}: {row.claim.text}", width=width)
        other = _elsewhere_text(debate, row)
        if other:
            other = textwrap.fill(f"(also {other})", width=width)
        blocks.append((row, text, other))
    heights = [
        (t.count("\n") + 1 + (o.count("\n") + 1 if o else 0)) * _LINE + 0.16 for _, t, o in blocks
    ]
    total = sum(heights) + 0.3
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, total + 1.2), layout="constrained")
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(total, 0)
    ax.set_axis_off()
    top: dict[str, float] = {}
    y = 0.1
    for (row, text, other), h in zip(blocks, heights, strict=True):
        x = 0.25 + _INDENT * row.depth
        top[row.claim.id] = y
        thesis = row.claim.role == "thesis"
        ax.text(
            x,
            y,
            text,
            va="top",
            ha="left",
            fontsize=FONT,
            fontweight="bold" if thesis or row.claim.role in _MARKED else "normal",
            color="#FFFFFF" if thesis and _dark(colour) else "#000000",
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": colour if thesis else "white",
                "edgecolor": ATTACK_COLOUR if row.claim.role in _MARKED else colour,
                "linewidth": 1.6,
            },
        )
        if other:
            lines = text.count("\n") + 1
            ax.text(
                x, y + lines * _LINE, other, va="top", ha="left", fontsize=FONT, color="#333333"
            )
        if row.parent is not None:
            px = 0.25 + _INDENT * (row.depth - 1) + 0.08
            py = top[row.parent] + 0.3
            attack = row.relation in ("attack", "attacked-by")
            link = ATTACK_COLOUR if attack else SUPPORT_COLOUR
            cy = y + 0.1
            ax.plot(
                [px, px, x - 0.08], [py, cy, cy], color=link, ls="--" if attack else "-", lw=1.4
            )
            if row.relation == "attacked-by":
                ax.plot([x - 0.1], [cy], marker=">", ms=6, color=link, ls="")
            else:
                ax.plot([px], [py], marker="^", ms=6, color=link, ls="")
        y += h
    ax.set_title(
        f"{_label(debate, pid)}'s argument: the thesis first, each claim under the one it answers",
        fontsize=FONT + 1,
        loc="left",
    )
    handles = [
        Line2D([], [], color=SUPPORT_COLOUR, marker="^", label="supports the claim above"),
        Line2D([], [], color=ATTACK_COLOUR, ls="--", marker="^", label="attacks the claim above"),
        Line2D(
            [], [], color=ATTACK_COLOUR, ls="--", marker=">", label="is attacked by the claim above"
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=2,
        fontsize=FONT,
        frameon=False,
    )
    return ax


def describe_argument_tree(debate: Debate, participant: str) -> str:
    """A description of the tree for screen readers.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> describe_argument_tree(load_debate(), "hass").split(":")[0]
    "Ryan Hass's argument as a tree of 11 claims"
    """
    rows = argument_tree(debate, participant)
    pid = _contributor(debate, participant)
    name = debate.participant(pid).name
    depth = max(r.depth for r in rows)
    direct = sum(1 for r in rows if r.depth == 1 and rows[0].claim.role == "thesis")
    marked = [r.claim.role for r in rows if r.claim.role in _MARKED]
    roots = sum(1 for r in rows if r.parent is None)
    out = sum(len(r.elsewhere) for r in rows)
    text = (
        f"{name}'s argument as a tree of {len(rows)} claims: the thesis on top, "
        f"{direct} claims directly beneath it, {depth + 1} levels deep"
    )
    if marked:
        text += f", with {len(marked)} concession{'s' if len(marked) != 1 else ''} or rebuttal{'s' if len(marked) != 1 else ''} marked"
    if roots > 1:
        text += f"; {roots - 1} claim{'s' if roots != 2 else ''} not linked to the thesis follow it"
    return text + f"; {out} link{'s' if out != 1 else ''} to other participants' claims."


# -- who answers whom --------------------------------------------------------


def who_answers_whom(debate: Debate) -> dict[tuple[str, str], dict[str, int]]:
    """Support and attack links from one participant's claims to another's.

    Returns ``{(from, to): {"support": n, "attack": m}}`` for every ordered
    pair of different participants with at least one link.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> who_answers_whom(load_debate())[("hass", "mann")]
    {'support': 0, 'attack': 2}
    """
    owner = {c.id: c.participant for c in debate.claims}
    links: dict[tuple[str, str], dict[str, int]] = {}
    for c in debate.claims:
        for rel, targets in (("support", c.supports), ("attack", c.attacks)):
            for t in targets:
                if owner[t] != c.participant:
                    pair = links.setdefault((c.participant, owner[t]), {"support": 0, "attack": 0})
                    pair[rel] += 1
    return links


def plot_who_answers_whom(debate: Debate, ax: Axes | None = None) -> Axes:
    """Draw the five contributors and the links between their claims; return the Axes.

    Each arrow goes from the contributor who answers to the one answered,
    labelled "n supports, m attacks". Links to the editors' prompt are
    counted beneath the picture.
    """
    import math

    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    people = list(debate.contributors)
    colours = contributor_colours([p.id for p in debate.participants])
    links = who_answers_whom(debate)
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 7.6), layout="constrained")
    centre: dict[str, tuple[float, float]] = {}
    for k, p in enumerate(people):
        angle = math.pi / 2 - 2 * math.pi * k / len(people)
        centre[p.id] = (1.55 * math.cos(angle), 1.3 * math.sin(angle))
    placed: list[tuple[float, float]] = list(centre.values())
    for (a, b), n in sorted(links.items()):
        if a not in centre or b not in centre:
            continue
        (x1, y1), (x2, y2) = centre[a], centre[b]
        attack_only = n["support"] == 0
        arrow = FancyArrowPatch(
            (x1, y1),
            (x2, y2),
            connectionstyle=f"arc3,rad={_BEND}",
            arrowstyle="-|>",
            mutation_scale=16,
            shrinkA=34,
            shrinkB=34,
            color=ATTACK_COLOUR if attack_only else SUPPORT_COLOUR,
            linestyle="--" if attack_only else "-",
            linewidth=1.2 + 0.5 * (n["support"] + n["attack"]),
        )
        ax.add_patch(arrow)
        # the label sits on its own arc, at the first of a few spots along it
        # that keeps clear of the labels already placed
        cx = (x1 + x2) / 2 + _BEND * (y2 - y1)
        cy = (y1 + y2) / 2 - _BEND * (x2 - x1)
        spots = [
            (
                (1 - t) ** 2 * x1 + 2 * t * (1 - t) * cx + t**2 * x2,
                (1 - t) ** 2 * y1 + 2 * t * (1 - t) * cy + t**2 * y2,
            )
            for t in (0.36, 0.5, 0.26, 0.62, 0.72)
        ]
        lx, ly = max(spots, key=lambda s: min([9.0] + [math.dist(s, q) for q in placed]) > 0.42)
        placed.append((lx, ly))
        parts = []
        if n["support"]:
            parts.append(f"{n['support']} support{'s' if n['support'] != 1 else ''}")
        if n["attack"]:
            parts.append(f"{n['attack']} attack{'s' if n['attack'] != 1 else ''}")
        ax.text(
            lx,
            ly,
            "\n".join(parts),
            ha="center",
            va="center",
            fontsize=FONT - 0.5,
            color=ATTACK_COLOUR if attack_only else SUPPORT_COLOUR,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.9,
            },
        )
    for p in people:
        x, y = centre[p.id]
        ax.text(
            x,
            y,
            p.label,
            ha="center",
            va="center",
            fontsize=FONT + 1,
            fontweight="bold",
            color="white" if _dark(colours[p.id]) else "black",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": colours[p.id], "edgecolor": "#333333"},
        )
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.75, 1.7)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(
        "Who answers whom: links from one contributor's claims to another's", fontsize=FONT + 1
    )
    prompt = sum(n["support"] + n["attack"] for (a, b), n in links.items() if b not in centre)
    ax.text(
        0.5,
        -0.02,
        f"Arrows point at the contributor answered; solid black: at least one support, dashed vermilion: attacks only.\n"
        f"Not drawn: {prompt} links to the editors' prompt.",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=FONT,
    )
    return ax


def describe_who_answers_whom(debate: Debate) -> str:
    """A description of the who-answers-whom view for screen readers."""
    people = {p.id for p in debate.contributors}
    links = {k: v for k, v in who_answers_whom(debate).items() if k[0] in people and k[1] in people}
    sup = sum(v["support"] for v in links.values())
    att = sum(v["attack"] for v in links.values())
    most = max(people, key=lambda p: sum(sum(v.values()) for (a, b), v in links.items() if b == p))
    return (
        f"{len(people)} contributors joined by {len(links)} arrows carrying {sup} support and "
        f"{att} attack links between their claims; the most answered is "
        f"{debate.participant(most).label}."
    )
