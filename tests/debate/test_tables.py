"""The debate's tables as pandas DataFrames: one row per record, columns that match the model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from symposium_kit import load_debate, to_frame
from symposium_kit.debate.tables import TABLES

D = load_debate()
TINY = load_debate(Path(__file__).parents[1] / "malformed" / "_base")


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_builds_on_both_debates(table):
    for debate in (D, TINY):
        frame = to_frame(debate, table)
        assert len(frame.columns) > 0


def test_unknown_table_names_the_choices():
    with pytest.raises(KeyError) as info:
        to_frame(D, "quotes")
    assert "no table 'quotes'" in str(info.value) and "claims" in str(info.value)


def test_participants_table():
    frame = to_frame(D, "participants")
    assert frame["id"].tolist() == [p.id for p in D.participants]
    assert frame["paragraphs"].tolist() == [len(p.paragraphs) for p in D.participants]
    assert frame["words"].tolist() == [p.word_count for p in D.participants]


def test_paragraphs_table_slices_the_text():
    frame = to_frame(D, "paragraphs")
    assert len(frame) == sum(len(p.paragraphs) for p in D.participants)
    for row in frame.itertuples():
        assert D.source.text[row.start : row.end] == row.text
    assert frame.groupby("participant")["paragraph"].min().eq(1).all()


def test_positions_table_is_sorted_by_stance():
    frame = to_frame(D, "positions")
    assert len(frame) == len(D.positions)
    assert frame["stance"].is_monotonic_increasing
    for row in frame.itertuples():
        assert row.label == D.stance_label(row.stance)


def test_claims_table_matches_the_claims():
    frame = to_frame(D, "claims")
    assert frame["id"].tolist() == [c.id for c in D.claims]
    for row in frame.itertuples():
        assert D.source.text[row.start : row.end] == row.quote
    tiny = to_frame(TINY, "claims").set_index("id")
    assert tiny.loc["ann.thesis", "evidence"] == "budget-cut"
    assert tiny.loc["ann.reason", "supports"] == "ann.thesis"


def test_evidence_and_citations_tables():
    evidence = to_frame(D, "evidence")
    assert evidence["id"].tolist() == [e.id for e in D.evidence]
    assert evidence["n_participants"].tolist() == [len(e.participants) for e in D.evidence]
    citations = to_frame(D, "citations")
    assert len(citations) == sum(len(e.citations) for e in D.evidence)
    assert set(citations["evidence"]) == set(evidence["id"])


def test_events_table_is_in_date_order():
    frame = to_frame(D, "events")
    assert frame["id"].tolist() == [e.id for e in D.events_in_order()]
    assert frame["sort_key"].is_monotonic_increasing


def test_predictions_reference_scores_and_rubric_tables():
    assert to_frame(D, "predictions")["id"].tolist() == [p.id for p in D.predictions]
    assert len(to_frame(D, "reference_scores")) == len(D.reference_scores)
    rubric = to_frame(TINY, "rubric")
    assert rubric[["criterion", "score", "descriptor"]].values.tolist() == [
        ["overall", 0, "Weak."], ["overall", 1, "Fair."], ["overall", 2, "Strong."],
    ]  # fmt: skip


@pytest.mark.parametrize("table", list(TABLES))
def test_columns_are_declared_and_kept_when_a_table_is_empty(table):
    from symposium_kit.debate.tables import COLUMNS

    rows = TABLES[table](TINY)
    assert rows and list(rows[0]) == COLUMNS[table]
    cleared = ("participants", "positions", "claims", "evidence", "predictions", "events")
    empty = dataclasses.replace(TINY, reference_scores=(), **{k: () for k in cleared})
    if table != "rubric":
        assert to_frame(empty, table).columns.tolist() == COLUMNS[table]
