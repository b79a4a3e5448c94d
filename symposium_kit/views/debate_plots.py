"""Figures of a debate's positions, evidence and timeline.

Each ``plot_*`` function draws on the Axes it is given (or a new figure's),
returns that Axes, and imports matplotlib only when called, so that
``import symposium_kit`` stays light. Colours come from the Okabe-Ito palette,
which stays distinguishable with the common forms of colour blindness, and
every colour is doubled by a marker shape. Each figure has a ``describe_*``
twin that says in one sentence what the figure shows, for screen readers and
for the text that goes beside the figure in a notebook.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..debate.model import Debate
from .figure_size import FONT, WIDTH
from .palette import GREY, OKABE_ITO

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..debate.model import Evidence


#: How each framing of the editors' question is drawn: (marker, colour, legend text).
FRAMING_STYLE: dict[str, tuple[str, str, str]] = {
    "accepts": ("o", OKABE_ITO["blue"], "accepts the question and answers it"),
    "reframes": ("D", OKABE_ITO["orange"], "reframes the question"),
    "rejects": ("X", OKABE_ITO["vermillion"], "rejects the question"),
}

#: How each kind of evidence is drawn: (marker, colour, legend text).
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "event": ("s", OKABE_ITO["blue"], "event"),
    "statistic": ("^", OKABE_ITO["orange"], "statistic"),
    "quotation": ("o", OKABE_ITO["bluish green"], "quotation"),
    "anecdote": ("*", OKABE_ITO["reddish purple"], "personal anecdote"),
    "authority": ("P", OKABE_ITO["vermillion"], "authority (expert, study)"),
    "historical_comparison": ("D", OKABE_ITO["sky blue"], "historical comparison"),
    "deadline": ("v", OKABE_ITO["black"], "deadline"),
}
_OTHER_KIND = ("h", OKABE_ITO["yellow"], "other")


def kind_label(kind: str) -> str:
    """A readable name for an evidence kind.

    Examples
    --------
    >>> kind_label("historical_comparison")
    'historical comparison'
    >>> kind_label("rumour")
    'rumour'
    """
    return KIND_STYLE[kind][2] if kind in KIND_STYLE else kind.replace("_", " ")


def stance_order(debate: Debate) -> list[str]:
    """Contributor ids from the lowest stance to the highest.

    Contributors with the same stance keep the order in which they appear in
    the text; contributors without a recorded position are left out.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> order = stance_order(d)
    >>> [d.position(p).stance for p in order] == sorted(d.position(p).stance for p in order)
    True
    """
    placed = {pos.participant for pos in debate.positions}
    ids = [p.id for p in debate.contributors if p.id in placed]
    return sorted(ids, key=lambda pid: (debate.position(pid).stance, ids.index(pid)))


def _scale_text(debate: Debate, value: int) -> str:
    number = _signed(value)
    return number + "\n" + textwrap.fill(debate.stance_label(value), 10)


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


# -- stance spectrum -------------------------------------------------------


def plot_stance_spectrum(debate: Debate, ax: Axes | None = None) -> Axes:
    """Each contributor's answer on the debate's stance scale.

    One row per contributor, ordered by stance (ties in text order), so that
    contributors with the same stance never overlap. The marker says how the
    contributor treats the editors' question (accepts, reframes, rejects);
    the contributor's one-line answer is written beside the marker.

    Parameters
    ----------
    debate
        A loaded debate.
    ax
        Axes to draw on; a new figure is made when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> ax = plot_stance_spectrum(d)
    >>> names = [d.participant(p).name for p in stance_order(d)]
    >>> [t.get_text() for t in ax.get_yticklabels()] == names
    True
    """
    order = stance_order(debate)
    ax = _new_axes(ax, (WIDTH, 1.6 + 0.6 * len(order)))
    values = [level.value for level in debate.stance_scale]
    lo, hi = min(values), max(values)

    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8, alpha=0.4, zorder=0)
    for y in range(len(order)):
        ax.axhline(y, color="#cccccc", linewidth=0.6, zorder=0)
    used: set[str] = set()
    for y, pid in enumerate(order):
        pos = debate.position(pid)
        marker, colour, text = FRAMING_STYLE.get(
            pos.framing, ("h", OKABE_ITO["yellow"], pos.framing)
        )
        label = text if pos.framing not in used else None
        used.add(pos.framing)
        ax.scatter(
            [pos.stance],
            [y],
            s=140,
            marker=marker,
            color=colour,
            edgecolor="black",
            linewidth=0.7,
            zorder=3,
            label=label,
            gid=f"stance-{pid}",
        )
        answer = pos.answer or debate.stance_label(pos.stance)
        right = pos.stance < hi - 0.5
        ax.annotate(
            f"“{answer}”",
            (pos.stance, y),
            xytext=(12 if right else -12, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize=FONT,
            style="italic",
        )

    ax.set_yticks(range(len(order)), [debate.participant(p).name for p in order])
    ax.set_ylim(len(order) - 0.5, -0.7)  # first in stance order at the top
    ax.set_xticks(values, [_scale_text(debate, v) for v in values], fontsize=FONT)
    ax.set_xlim(lo - 0.6, hi + 0.6)
    ax.set_xlabel("Stance on the editors' question “Has the President ‘gone soft’?”")
    ax.set_title("Where the contributors stand")
    ax.legend(
        title="Marker: framing of the question",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.42),
        ncol=len(used),
        fontsize=FONT,
        title_fontsize=FONT,
        frameon=False,
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return ax


def describe_stance_spectrum(debate: Debate) -> str:
    """One sentence saying what :func:`plot_stance_spectrum` shows.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> describe_stance_spectrum(load_debate()).startswith("A chart placing the 5 contributors")
    True
    """
    values = [level.value for level in debate.stance_scale]
    parts = []
    for pid in stance_order(debate):
        pos = debate.position(pid)
        parts.append(
            f"{debate.participant(pid).name} at {_signed(pos.stance)} "
            f"({debate.stance_label(pos.stance)}; {pos.framing} the question)"
        )
    return (
        f"A chart placing the {len(parts)} contributors on a scale from {min(values):+d} "
        f"“{debate.stance_label(min(values))}” to {max(values):+d} "
        f"“{debate.stance_label(max(values))}”, in stance order: " + ", ".join(parts) + "."
    )


# -- evidence matrix -------------------------------------------------------


def evidence_order(debate: Debate) -> list[str]:
    """Evidence ids as the matrix lists them: by kind, then most-cited first, then id.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> sorted(evidence_order(d)) == sorted(e.id for e in d.evidence)
    True
    """
    kinds = list(KIND_STYLE)

    def key(e: Evidence) -> tuple[int, int, str]:
        k = kinds.index(e.kind) if e.kind in kinds else len(kinds)
        return (k, -len(e.participants), e.id)

    return [e.id for e in sorted(debate.evidence, key=key)]


def citation_counts(debate: Debate) -> dict[tuple[str, str], int]:
    """How many times each participant cites each evidence item: {(evidence, participant): n}.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> sum(citation_counts(d).values()) == sum(len(e.citations) for e in d.evidence)
    True
    """
    counts: dict[tuple[str, str], int] = {}
    for e in debate.evidence:
        for c in e.citations:
            counts[(e.id, c.participant)] = counts.get((e.id, c.participant), 0) + 1
    return counts


def plot_evidence_matrix(debate: Debate, ax: Axes | None = None) -> Axes:
    """Which participant cites which evidence item, coloured and shaped by the item's kind.

    Rows are evidence items grouped by kind (most-cited first within a kind),
    columns are the participants in text order. A filled cell means the
    participant cites the item; a number in the cell says how often, when more
    than once.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> ax = plot_evidence_matrix(d)
    >>> sum(len(c.get_offsets()) for c in ax.collections) == len(citation_counts(d))
    True
    """
    rows = evidence_order(debate)
    cols = [p.id for p in debate.participants]
    counts = citation_counts(debate)
    ax = _new_axes(ax, (WIDTH, 2.0 + 0.3 * len(rows)))

    for i in range(len(rows)):
        ax.axhline(i, color="#e6e6e6", linewidth=0.6, zorder=0)
    for j in range(len(cols)):
        ax.axvline(j, color="#e6e6e6", linewidth=0.6, zorder=0)

    by_kind: dict[str, list[tuple[int, int]]] = {}
    for i, eid in enumerate(rows):
        kind = debate.evidence_item(eid).kind
        for j, pid in enumerate(cols):
            n = counts.get((eid, pid), 0)
            if n:
                by_kind.setdefault(kind, []).append((j, i))
                if n > 1:
                    ax.annotate(
                        f"×{n}",
                        (j, i),
                        xytext=(9, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=FONT,
                    )
    for kind, cells in by_kind.items():
        marker, colour, _ = KIND_STYLE.get(kind, _OTHER_KIND)
        xs, ys = zip(*cells, strict=True)
        ax.scatter(
            xs,
            ys,
            marker=marker,
            s=70,
            color=colour,
            edgecolor="black",
            linewidth=0.5,
            label=kind_label(kind),
            zorder=3,
            gid=f"kind-{kind}",
        )

    ax.set_yticks(range(len(rows)), rows, fontsize=FONT)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_xticks(range(len(cols)), [p.label for p in debate.participants], rotation=30, ha="right")
    ax.set_xlim(-0.6, len(cols) - 0.4)
    ax.set_xlabel("Participant (in the order they appear in the text)")
    ax.set_ylabel("Evidence item (grouped by kind)")
    ax.set_title("Who cites which evidence")
    if by_kind:
        ax.legend(
            title="Kind of evidence",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize=FONT,
            title_fontsize=FONT,
            frameon=False,
        )
    return ax


def describe_evidence_matrix(debate: Debate) -> str:
    """One sentence saying what :func:`plot_evidence_matrix` shows.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> "evidence items" in describe_evidence_matrix(load_debate())
    True
    """
    if not debate.evidence:
        return "An empty grid: the debate's annotations list no evidence items."
    shared = debate.shared_evidence(2)
    widest = max(debate.evidence, key=lambda e: (len(e.participants), -debate.evidence.index(e)))
    kinds = sorted(
        {e.kind for e in debate.evidence},
        key=lambda k: list(KIND_STYLE).index(k) if k in KIND_STYLE else len(KIND_STYLE),
    )
    citers = ", ".join(debate.participant(p).label for p in widest.participants)
    return (
        f"A grid of {len(debate.evidence)} evidence items (rows, grouped by kind: "
        f"{', '.join(kind_label(k) for k in kinds)}) against {len(debate.participants)} "
        f"participants (columns), with a mark wherever a participant cites an item: "
        f"{len(shared)} items are cited by two or more participants, most widely "
        f"{widest.id}, cited by {citers}."
    )


# -- timeline --------------------------------------------------------------


def plot_timeline(debate: Debate, ax: Axes | None = None) -> Axes:
    """The events the text cites, oldest at the top, with each date as the text gives it.

    The dates in the text are often vague ("this past spring", "Early on"),
    so the events are evenly spaced in order rather than placed on a
    calendar. Events tied to evidence that two or more participants cite are
    drawn as orange diamonds, the others as blue circles.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> ax = plot_timeline(d)
    >>> [t.get_text() for t in ax.get_yticklabels()] == [e.date for e in d.events_in_order()]
    True
    """
    events = debate.events_in_order()
    ax = _new_axes(ax, (WIDTH, 1.4 + 0.65 * len(events)))
    shared_ids = {e.id for e in debate.shared_evidence(2)}
    styles = {
        True: ("D", OKABE_ITO["orange"], "evidence cited by two or more participants"),
        False: ("o", OKABE_ITO["blue"], "evidence cited by one participant"),
    }
    ax.plot([0] * len(events), range(len(events)), color=GREY, linewidth=1.2, zorder=1)
    groups: dict[bool, list[int]] = {True: [], False: []}
    for y, ev in enumerate(events):
        groups[any(eid in shared_ids for eid in ev.evidence)].append(y)
        ax.annotate(
            textwrap.fill(ev.description, 62),
            (0, y),
            xytext=(12, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
            gid=f"event-{ev.id}",
        )
    for shared in (True, False):
        if groups[shared]:
            marker, colour, label = styles[shared]
            ax.scatter(
                [0] * len(groups[shared]),
                groups[shared],
                marker=marker,
                s=60,
                color=colour,
                edgecolor="black",
                linewidth=0.5,
                zorder=3,
                label=label,
            )

    ax.set_yticks(range(len(events)), [ev.date for ev in events], fontsize=FONT)
    ax.set_ylim(len(events) - 0.5, -0.8)
    ax.set_xlim(-0.05, 1.0)
    ax.set_xticks([])
    ax.set_ylabel("Date as the text gives it (oldest at the top)")
    ax.set_title("Timeline of the events the debate cites")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if events:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=1, fontsize=FONT, frameon=False
        )
    return ax


def describe_timeline(debate: Debate) -> str:
    """One sentence saying what :func:`plot_timeline` shows.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> describe_timeline(load_debate()).startswith("A timeline of the")
    True
    """
    events = debate.events_in_order()
    if not events:
        return "A timeline with no events: the debate's annotations list none."
    return (
        f"A timeline of the {len(events)} events the debate cites, from “{events[0].date}” "
        f"({events[0].description.rstrip('.')}) to “{events[-1].date}” "
        f"({events[-1].description.rstrip('.')}), each labelled with its date as the text gives it."
    )
