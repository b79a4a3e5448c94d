"""The profile figure and its text description."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.views.figure_size import WIDTH  # noqa: E402
from symposium_kit.views.scoring_plots import (  # noqa: E402
    CANNOT_JUDGE_X,
    PROFILES_PER_ROW,
    REFERENCE_COLOUR,
    YOURS_COLOUR,
    describe_profile,
    plot_profile,
    plot_profiles,
)
from symposium_kit.work.scoresheet import ScoreSheet  # noqa: E402


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def reference_of(debate, pid, cid):
    return next(r for r in debate.reference_scores if r.participant == pid and r.criterion == cid)


def points(ax, colour):
    """(x, y) of the scatter points drawn in one colour."""
    out, colour = [], to_hex(colour)
    for coll in ax.collections:
        faces = [to_hex(c) for c in coll.get_facecolors()]
        edges = [to_hex(c) for c in coll.get_edgecolors()]
        if colour in faces or colour in edges:
            out += [tuple(map(float, xy)) for xy in coll.get_offsets()]
    return out


def test_profile_draws_on_the_given_axes_with_title_and_labels(debate):
    fig, ax = plt.subplots()
    sheet = ScoreSheet(debate)
    assert plot_profile(sheet, "James Mann", ax=ax) is ax
    assert ax.get_title() == "Mann: your scores (the reference once all 9 are scored)"
    assert ax.get_xlabel().startswith("score") and ax.get_ylabel() == "criterion"
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == [c.name for c in debate.rubric.criteria]
    assert [t.get_text() for t in ax.get_xticklabels()][1:] == ["0", "1", "2", "3"]


def test_profile_plots_your_scores_and_the_reference_where_they_belong(debate):
    sheet = ScoreSheet(debate)
    crit = debate.rubric.criterion_ids
    sheet.set("roach", crit[0], 1)
    sheet.set("roach", crit[1], "cannot judge")
    ax = plot_profile(sheet, "roach")
    n = len(crit)
    y_of = {c: n - 1 - i for i, c in enumerate(crit)}
    yours = sorted(points(ax, YOURS_COLOUR))
    assert yours == sorted([(1.0, y_of[crit[0]]), (CANNOT_JUDGE_X, y_of[crit[1]])])
    assert points(ax, REFERENCE_COLOUR) == []  # independent rating: not before all are scored
    for c in crit[2:]:
        sheet.set("roach", c, 3)
    refs = points(plot_profile(sheet, "roach"), REFERENCE_COLOUR)
    assert len(refs) == n
    for c in crit:
        r = reference_of(debate, "roach", c)
        assert (CANNOT_JUDGE_X if r.score is None else float(r.score), y_of[c]) in refs


def test_profile_can_hide_the_reference(debate):
    sheet = ScoreSheet(debate)
    sheet.set("hass", "overall", 2)
    ax = plot_profile(sheet, "hass", reference=False)
    assert points(ax, REFERENCE_COLOUR) == []
    assert ax.get_title() == "Hass: your scores"


def test_your_scores_and_the_reference_differ_in_marker_not_only_colour(debate):
    sheet = ScoreSheet(debate)
    for c in debate.rubric.criterion_ids:
        sheet.set("hass", c, 2)
    ax = plot_profile(sheet, "hass")
    handles, labels = ax.get_legend_handles_labels()
    assert set(labels) == {"your score", "reference"}
    paths = {lab: h.get_paths()[0].vertices.shape for h, lab in zip(handles, labels, strict=True)}
    assert paths["your score"] != paths["reference"]


def test_profiles_draw_one_panel_per_contributor(debate):
    sheet = ScoreSheet(debate)
    axes = plot_profiles(sheet)
    hidden = [f"{p.label}\n(reference hidden)" for p in debate.contributors]
    assert [a.get_title() for a in axes] == hidden
    fig, two = plt.subplots(1, 2)
    assert plot_profiles(sheet, ["mann", "Roach"], axes=list(two)) == list(two)
    with pytest.raises(ValueError, match="axes: expected 2 Axes"):
        plot_profiles(sheet, ["mann", "roach"], axes=[two[0]])


def test_profiles_sit_three_to_a_row_with_names_only_in_the_first_column(debate):
    sheet = ScoreSheet(debate)
    axes = plot_profiles(sheet)
    fig = axes[0].figure
    assert len(fig.axes) == len(debate.contributors) == 5  # no empty sixth panel
    assert fig.get_size_inches()[0] <= WIDTH
    rows = sorted({round(a.get_position().y0, 3) for a in axes}, reverse=True)
    per_row = [sum(round(a.get_position().y0, 3) == y for a in axes) for y in rows]
    assert per_row == [PROFILES_PER_ROW, len(axes) - PROFILES_PER_ROW]
    fig.canvas.draw()
    with_names = [a for a in axes if any(t.get_visible() for t in a.get_yticklabels())]
    assert with_names == [axes[0], axes[PROFILES_PER_ROW]]
    names = [" ".join(t.get_text().split()) for t in axes[0].get_yticklabels()]
    assert names == [c.name for c in debate.rubric.criteria]  # wrapped, not shortened
    assert [a.get_legend() for a in axes] == [None] * len(axes)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["your score"]  # reference hidden
    plt.close(fig)


def test_description_counts_agreement_and_names_the_largest_gap(debate):
    sheet = ScoreSheet(debate)
    lo, hi = debate.rubric.min_score, debate.rubric.max_score
    agree = higher = lower = 0
    gap_name, gap = None, 0
    for c in debate.rubric.criteria:
        ref = reference_of(debate, "cutler", c.id).score
        mine = lo if ref is not None and ref > lo + 1 else hi
        sheet.set("cutler", c.id, mine)
        if ref is None:
            continue
        agree += mine == ref
        higher += mine > ref
        lower += mine < ref
        if abs(mine - ref) > gap:
            gap_name, gap = c.name, abs(mine - ref)
    text = describe_profile(sheet, "cutler")
    assert text.startswith(f"Profile of Cutler: you scored {len(debate.rubric.criteria)} of")
    assert (
        f"agree with the reference on {agree}, score higher on {higher} and lower on {lower}"
        in text
    )
    if gap_name:
        assert f"the largest gap is on {gap_name}" in text
    assert re.fullmatch(r"[^\n]+\.", text)
