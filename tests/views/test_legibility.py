"""Every figure the kit draws reads on a projector: text of 10 pt or more, nothing clipped.

How a figure reaches the screen: the inline backend saves it as a PNG at the
figure's dpi with ``bbox_inches="tight"`` (matplotlib-inline's default), and
JupyterLab shows that image at its natural size, scaled down to the output
area's width when it is wider (``.jp-RenderedImage img {max-width: 100%}``).

The output area's width is taken as 850 CSS px: on a 1280-px-wide projector
(the common classroom resolution) with JupyterLab's file browser open, the
notebook panel is about 1280 - 48 (activity bar) - 250 (file browser) = 980
px, less the prompt column (64 px) and the cell and output padding, which
leaves about 850. A wider screen only makes text larger.

A text of ``s`` points in a figure saved at ``dpi`` is ``s / 72 * dpi``
image pixels high; shown at a scale ``k = min(1, 850 / image width)``, it
is ``s * dpi / 72 * k`` CSS px, that is ``s * dpi / 96 * k`` CSS points (96
CSS px to the inch). That is what must be at least 10.

Clipping: every text's window extent must lie inside the figure, and every
marker that is clipped to its axes (a dot, a diamond) must lie wholly inside
them, so that no data point is cut at the edge.

Checked against today's defects: with the profile figure's old size (3.2 in
per panel + 2.2 in, 5 panels = 18.2 in, 1,833 px, text at ``small``) this
test reports its tick labels at about 4.5 pt; with the calibration plot's old
y-limits (-0.02, 1.02) it reports the marker at (0.9, 1.0) clipped. With
``debate_plots.py``, ``scoring_plots.py`` and ``class_plots.py`` put back as
they were before issue 12 was finished (commit 065efe5), 11 of these tests
fail: the size check on seven figures and the clipping check on four.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from symposium_kit import (  # noqa: E402
    ScoreSheet,
    agreement_table,
    calibration_table,
    collect,
    forecast_frame,
    load_debate,
    plot_agreement,
    plot_argument_tree,
    plot_calibration,
    plot_evidence_matrix,
    plot_profile,
    plot_profiles,
    plot_score_distributions,
    plot_stance_spectrum,
    plot_timeline,
    plot_who_answers_whom,
)
from symposium_kit.classroom.demo import write_demo_class  # noqa: E402

#: The width JupyterLab gives an output, in CSS px (see the module docstring).
DISPLAY_WIDTH_PX = 850
#: The smallest text a projector audience reads, in CSS points.
MIN_PT = 10.0


def png_width(fig: Figure) -> int:
    """The width in pixels of the PNG the inline backend would show."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    data = buf.getvalue()
    return int(struct.unpack(">I", data[16:20])[0])


def _drawn_texts(fig: Figure) -> list[Text]:
    """The texts a reader sees: visible, non-empty, tick labels only of ticks in view."""
    fig.canvas.draw()
    hidden: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            shown = {id(t) for tick in axis._update_ticks() for t in (tick.label1, tick.label2)}
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for t in (tick.label1, tick.label2):
                    if id(t) not in shown or not t.get_visible() or not ax.axison:
                        hidden.add(id(t))
    texts = []
    for t in fig.findobj(Text):
        if id(t) in hidden or not t.get_visible() or not t.get_text().strip():
            continue
        parent = t
        visible = True
        while parent is not None:  # a legend's text is hidden when its legend is
            visible = visible and parent.get_visible()
            parent = getattr(parent, "axes", None) if parent is t else None
        if visible:
            texts.append(t)
    return texts


def smallest_text(fig: Figure) -> tuple[float, str]:
    """The smallest text's effective size in CSS points, and the text."""
    scale = min(1.0, DISPLAY_WIDTH_PX / png_width(fig))
    sizes = [(t.get_fontsize() * fig.dpi / 96 * scale, t.get_text()) for t in _drawn_texts(fig)]
    return min(sizes)


def clipped(fig: Figure) -> list[str]:
    """Texts outside the figure, and markers cut by the edge of their axes."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = fig.bbox
    out = []
    for t in _drawn_texts(fig):
        e = t.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            out.append(f"text {t.get_text()!r} outside the figure")
    px_per_pt = fig.dpi / 72
    for ax in fig.axes:
        clip = ax.bbox
        for line in ax.lines:
            if not line.get_clip_on() or line.get_marker() in (None, "None", "", " "):
                continue
            r = line.get_markersize() * px_per_pt / 2
            for x, y in line.get_transform().transform(line.get_xydata()):
                if (
                    x - r < clip.x0 - 1
                    or x + r > clip.x1 + 1
                    or y - r < clip.y0 - 1
                    or y + r > clip.y1 + 1
                ):
                    xd, yd = ax.transData.inverted().transform((x, y))
                    out.append(f"marker at ({xd:.2f}, {yd:.2f}) cut by the axes' edge")
        for coll in ax.collections:
            if not isinstance(coll, PathCollection) or not coll.get_clip_on():
                continue
            sizes = coll.get_sizes()
            offsets = coll.get_offset_transform().transform(coll.get_offsets())
            for k, (x, y) in enumerate(offsets):
                s = sizes[k % len(sizes)] if len(sizes) else 36.0
                r = (s**0.5) * px_per_pt / 2
                if (
                    x - r < clip.x0 - 1
                    or x + r > clip.x1 + 1
                    or y - r < clip.y0 - 1
                    or y + r > clip.y1 + 1
                ):
                    xd, yd = ax.transData.inverted().transform((x, y))
                    out.append(f"marker at ({xd:.2f}, {yd:.2f}) cut by the axes' edge")
    return out


# -- the figures, drawn from the data the notebooks use -----------------------


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def results(debate, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "submissions"
    write_demo_class(folder, students=30, seed=2025, debate=debate)
    return collect(folder, debate, progress=False)


def _scored_sheet(debate) -> ScoreSheet:
    sheet = ScoreSheet(debate)
    for ref in debate.reference_scores:  # every cell scored, as after the exercise in 04
        if ref.score is not None:
            sheet.record(ref.participant, ref.criterion, ref.score, "as the reference")
    return sheet


def _figures(debate, results) -> dict[str, Callable[[], Figure]]:
    sheet = _scored_sheet(debate)
    one = debate.contributors[0].id
    figures: dict[str, Callable[[], Figure]] = {
        "stance spectrum (02)": lambda: plot_stance_spectrum(debate).figure,
        "who answers whom (02)": lambda: plot_who_answers_whom(debate).figure,
        "evidence matrix (03)": lambda: plot_evidence_matrix(debate).figure,
        "timeline (03)": lambda: plot_timeline(debate).figure,
        "profiles (04)": lambda: plot_profiles(sheet)[0].figure,
        "one profile": lambda: plot_profile(sheet, one).figure,
        "calibration, the words (05)": lambda: (
            plot_calibration(
                calibration_table(forecast_frame(debate, mine=False), debate, bins=5),
                label="the contributors' words",
                xlabel="probability (the guide's reading)",
                title="The contributors' words, read with the guide",
            ).figure
        ),
        "score distributions (06)": lambda: plot_score_distributions(results.scores, debate).figure,
        "agreement (06)": lambda: plot_agreement(agreement_table(results.scores, debate)).figure,
        "calibration, the class (06)": lambda: (
            plot_calibration(calibration_table(results.forecasts, debate, bins=5)).figure
        ),
    }
    for p in debate.participants:
        figures[f"argument tree, {p.id} (02)"] = lambda p=p: plot_argument_tree(debate, p.id).figure
    return figures


NAMES = [
    "stance spectrum (02)",
    "who answers whom (02)",
    "evidence matrix (03)",
    "timeline (03)",
    "profiles (04)",
    "one profile",
    "calibration, the words (05)",
    "score distributions (06)",
    "agreement (06)",
    "calibration, the class (06)",
    *(
        f"argument tree, {p} (02)"
        for p in ("editors", "mcgregor", "cutler", "hass", "mann", "roach")
    ),
]


@pytest.fixture(params=NAMES)
def figure(request, debate, results):
    fig = _figures(debate, results)[request.param]()
    yield fig
    plt.close(fig)


def test_the_smallest_text_is_at_least_10_pt_as_jupyterlab_shows_it(figure):
    size, text = smallest_text(figure)
    assert size >= MIN_PT, (
        f"{text!r} shows at {size:.1f} pt (image {png_width(figure)} px wide, "
        f"shown at {min(png_width(figure), DISPLAY_WIDTH_PX)} px)"
    )


def test_nothing_is_clipped(figure):
    assert clipped(figure) == []


def test_the_measure_fails_on_a_figure_too_wide_for_the_notebook():
    fig, ax = plt.subplots(figsize=(18.3, 5))
    ax.set_title("a title", fontsize=12)
    ax.set_xlabel("small", fontsize="small")
    size, text = smallest_text(fig)
    assert size < MIN_PT and text in ("small", "0.0")
    plt.close(fig)


def test_the_clipping_check_finds_a_marker_on_the_axes_edge():
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.scatter([0.9], [1.0], s=120)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    assert clipped(fig) == ["marker at (0.90, 1.00) cut by the axes' edge"]
    plt.close(fig)
