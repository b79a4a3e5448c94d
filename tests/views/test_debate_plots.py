"""Tests for symposium_kit.views.debate_plots: assert what is drawn, against the debate's structure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.views.debate_plots import (  # noqa: E402
    FRAMING_STYLE,
    OKABE_ITO,
    citation_counts,
    describe_evidence_matrix,
    describe_stance_spectrum,
    describe_timeline,
    plot_evidence_matrix,
    plot_stance_spectrum,
    plot_timeline,
    stance_order,
)


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _labels(ticks):
    return [t.get_text() for t in ticks]


def test_stance_order_is_sorted_by_stance_with_ties_in_text_order(debate):
    order = stance_order(debate)
    text_order = [p.id for p in debate.contributors]
    assert sorted(order) == sorted(text_order)
    keys = [(debate.position(p).stance, text_order.index(p)) for p in order]
    assert keys == sorted(keys)


def test_stance_spectrum_rows_are_contributor_names_in_stance_order(debate):
    ax = plot_stance_spectrum(debate)
    assert _labels(ax.get_yticklabels()) == [
        debate.participant(p).name for p in stance_order(debate)
    ]


def test_stance_spectrum_x_ticks_carry_every_scale_label(debate):
    ax = plot_stance_spectrum(debate)
    ticks = _labels(ax.get_xticklabels())
    assert len(ticks) == len(debate.stance_scale)
    for text, level in zip(ticks, debate.stance_scale, strict=True):
        assert " ".join(text.split()).endswith(level.label)


def test_stance_spectrum_points_sit_at_each_stance_without_overlap(debate):
    ax = plot_stance_spectrum(debate)
    points = [tuple(xy) for c in ax.collections for xy in c.get_offsets()]
    assert len(points) == len(debate.contributors)
    assert len(set(points)) == len(points)  # no two contributors drawn on the same spot
    order = stance_order(debate)
    for x, y in points:
        assert x == debate.position(order[int(y)]).stance


def test_stance_spectrum_marker_shows_framing_in_legend(debate):
    ax = plot_stance_spectrum(debate)
    legend = _labels(ax.get_legend().get_texts())
    framings = {debate.position(p.id).framing for p in debate.contributors}
    assert sorted(legend) == sorted(FRAMING_STYLE[f][2] for f in framings)


def test_stance_spectrum_uses_the_given_axes(debate):
    fig, ax = plt.subplots()
    assert plot_stance_spectrum(debate, ax=ax) is ax
    assert ax.get_title()


def test_evidence_matrix_has_one_cell_per_citing_pair_and_counts_every_citation(debate):
    ax = plot_evidence_matrix(debate)
    cells = sum(len(c.get_offsets()) for c in ax.collections)
    pairs = {(e.id, c.participant) for e in debate.evidence for c in e.citations}
    assert cells == len(pairs)
    repeated = sum(n - 1 for n in citation_counts(debate).values())
    shown = sum(int(t.get_text().lstrip("×")) - 1 for t in ax.texts if t.get_text().startswith("×"))
    assert cells + shown == sum(len(e.citations) for e in debate.evidence)
    assert shown == repeated


def test_evidence_matrix_rows_are_evidence_ids_and_columns_participants(debate):
    ax = plot_evidence_matrix(debate)
    assert sorted(_labels(ax.get_yticklabels())) == sorted(e.id for e in debate.evidence)
    assert _labels(ax.get_xticklabels()) == [p.label for p in debate.participants]


def test_evidence_matrix_cell_positions_match_citations(debate):
    ax = plot_evidence_matrix(debate)
    rows = _labels(ax.get_yticklabels())
    cols = [p.id for p in debate.participants]
    drawn = {(rows[int(y)], cols[int(x)]) for c in ax.collections for x, y in c.get_offsets()}
    assert drawn == set(citation_counts(debate))


def test_evidence_matrix_legend_names_each_kind_used(debate):
    ax = plot_evidence_matrix(debate)
    legend = _labels(ax.get_legend().get_texts())
    kinds = {e.kind for e in debate.evidence}
    assert len(legend) == len(kinds)
    assert "historical comparison" in legend or "historical_comparison" not in kinds


def test_evidence_matrix_colours_come_from_okabe_ito(debate):
    ax = plot_evidence_matrix(debate)
    palette = {matplotlib.colors.to_hex(c).lower() for c in OKABE_ITO.values()}
    for coll in ax.collections:
        assert matplotlib.colors.to_hex(coll.get_facecolor()[0]).lower() in palette


def test_timeline_lists_events_in_order_with_dates_as_the_text_gives_them(debate):
    ax = plot_timeline(debate)
    events = debate.events_in_order()
    assert _labels(ax.get_yticklabels()) == [e.date for e in events]
    by_row = sorted((t.xy[1], t.get_gid()) for t in ax.texts)
    assert [gid for _, gid in by_row] == [f"event-{e.id}" for e in events]


def test_descriptions_are_one_sentence_naming_what_is_drawn(debate):
    spectrum = describe_stance_spectrum(debate)
    for p in debate.contributors:
        assert p.name in spectrum
    matrix = describe_evidence_matrix(debate)
    assert str(len(debate.evidence)) in matrix
    timeline = describe_timeline(debate)
    events = debate.events_in_order()
    assert events[0].date in timeline and events[-1].date in timeline
    for text in (spectrum, matrix, timeline):
        assert text.endswith(".") and "\n" not in text


def test_contributor_without_position_is_left_out_of_the_spectrum(debate):
    import dataclasses

    partial = dataclasses.replace(debate, positions=debate.positions[1:])
    missing = debate.participant(debate.positions[0].participant).name
    ax = plot_stance_spectrum(partial)
    assert missing not in _labels(ax.get_yticklabels())
    assert len(ax.get_yticklabels()) == len(debate.positions) - 1


def test_debate_without_evidence_or_events_draws_empty_figures(debate):
    import dataclasses
    import warnings

    empty = dataclasses.replace(debate, evidence=(), events=())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(plot_evidence_matrix(empty).collections) == 0
        assert _labels(plot_timeline(empty).get_yticklabels()) == []
    assert "no evidence" in describe_evidence_matrix(empty)
    assert "no events" in describe_timeline(empty)
