"""Comparing a score sheet with the reference scores."""

from __future__ import annotations

import re

import pytest

from symposium_kit import load_debate
from symposium_kit.scoring.reference import (
    compare_with_reference,
    criterion_differences,
    describe_divergences,
    holistic_summary,
    largest_divergences,
    reference_score,
    summarize_holistic,
)
from symposium_kit.work.scoresheet import ScoreSheet


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


def reference_of(debate, pid, cid):
    found = [r for r in debate.reference_scores if r.participant == pid and r.criterion == cid]
    return found[0] if found else None


def shifted_sheet(debate, shift):
    """Every cell scored at the reference plus shift[pid] (clipped to the scale)."""
    sheet = ScoreSheet(debate)
    lo, hi = debate.rubric.min_score, debate.rubric.max_score
    for p in sheet.contributors:
        for c in sheet.criteria:
            ref = reference_of(debate, p, c)
            base = ref.score if ref and ref.score is not None else lo
            sheet.set(p, c, min(hi, max(lo, base + shift.get(p, 0))), f"my reason {p}/{c}")
    return sheet


def test_the_full_rubric_has_a_reference_score_for_every_cell(debate):
    cells = {(r.participant, r.criterion) for r in debate.reference_scores}
    assert cells == {(p.id, c) for p in debate.contributors for c in debate.rubric.criterion_ids}
    assert all(r.rationale and r.quotes for r in debate.reference_scores)


def test_reference_score_finds_the_annotators_score(debate):
    r = debate.reference_scores[0]
    assert reference_score(debate, r.participant, r.criterion) is r


def test_difference_is_your_score_minus_the_reference(debate):
    sheet = ScoreSheet(debate)
    for p, c in sheet.cells[::3]:
        sheet.set(p, c, (len(p) + len(c)) % 4)
    table = compare_with_reference(sheet)
    assert len(table) == len(sheet.cells)
    for row in table.itertuples():
        cell = sheet.get(row.contributor, row.criterion)
        ref = reference_of(debate, row.contributor, row.criterion)
        if cell is None:
            assert row.your_status == "not scored" and row.difference is pd_na()
        elif ref.score is None:
            assert row.reference_status == "cannot judge"
        else:
            assert row.difference == cell["score"] - ref.score


def pd_na():
    import pandas as pd

    return pd.NA


def test_cannot_judge_is_shown_as_a_status_not_a_number(debate):
    sheet = ScoreSheet(debate)
    sheet.set("mann", "overall", "cannot judge")
    row = (
        compare_with_reference(sheet)
        .set_index(["contributor", "criterion"])
        .loc[("mann", "overall")]
    )
    assert row["your_status"] == "cannot judge"
    assert row["yours"] is pd_na() and row["difference"] is pd_na()


def test_criterion_differences_average_over_contributors(debate):
    sheet = shifted_sheet(debate, {"mcgregor": -1, "cutler": -1})
    table = criterion_differences(sheet).set_index("criterion")
    assert list(table.index) == list(debate.rubric.criterion_ids)
    for c in sheet.criteria:
        diffs = []
        for p in sheet.contributors:
            ref = reference_of(debate, p, c)
            if ref.score is not None:
                diffs.append(sheet.score(p, c) - ref.score)
        assert table.loc[c, "compared"] == len(diffs)
        assert table.loc[c, "mean_difference"] == pytest.approx(round(sum(diffs) / len(diffs), 2))
        assert table.loc[c, "exact_agreement"] == pytest.approx(
            round(diffs.count(0) / len(diffs), 2)
        )


def test_a_sheet_equal_to_the_reference_has_no_divergences(debate):
    sheet = shifted_sheet(debate, {})
    assert largest_divergences(sheet) == []
    assert criterion_differences(sheet)["mean_abs_difference"].max() == 0
    assert describe_divergences(sheet).startswith("No differences")


def test_largest_divergences_come_first_with_the_reference_rationale_and_quotes(debate):
    sheet = shifted_sheet(debate, {})
    lo, hi = debate.rubric.min_score, debate.rubric.max_score
    # one big gap and one small one
    big = next(r for r in debate.reference_scores if r.score == hi)
    small = next(r for r in debate.reference_scores if r.score == hi and r is not big)
    sheet.set(big.participant, big.criterion, lo, "I disagree strongly")
    sheet.set(small.participant, small.criterion, hi - 1)
    found = largest_divergences(sheet, n=5)
    assert len(found) == 2
    first = found[0]
    assert (first.contributor_id, first.criterion_id) == (big.participant, big.criterion)
    assert first.difference == lo - hi and first.yours == lo and first.reference == hi
    assert first.rationale == big.rationale and first.justification == "I disagree strongly"
    assert len(first.quotes) == len(big.quotes)
    for anchor, shown in zip(big.quotes, first.quotes, strict=True):
        assert f"»{anchor.quote}«" in shown  # the quote, marked, inside its sentence
    text = describe_divergences(sheet, n=1)
    assert big.rationale in text and "I disagree strongly" in text
    assert small.rationale not in text


def test_largest_divergences_can_show_neighbouring_sentences(debate):
    r = next(r for r in debate.reference_scores if r.score is not None and r.score > 0)
    sheet = ScoreSheet(debate)
    sheet.set(r.participant, r.criterion, 0)
    narrow = largest_divergences(sheet, n=1)[0].quotes[0]
    wide = largest_divergences(sheet, n=1, neighbours=2)[0].quotes[0]
    assert narrow in wide


def test_holistic_summary_reports_the_overall_score_not_a_sum(debate):
    holistic = [c.id for c in debate.rubric.criteria if c.holistic]
    assert holistic, "the rubric needs a holistic criterion"
    sheet = ScoreSheet(debate)
    for c in sheet.criteria:
        sheet.set("mann", c, 0 if c not in holistic else 3)
    table = holistic_summary(sheet).set_index("contributor")
    assert table.loc["mann", "yours"] == 3
    assert table.loc["mann", "criteria_mean"] == 0
    assert table.loc["mann", "reference"] == reference_of(debate, "mann", holistic[0]).score


def test_summarize_holistic_names_who_you_score_higher_or_lower(debate):
    sheet = shifted_sheet(debate, {"mann": -1, "hass": 1})
    text = summarize_holistic(sheet)
    mann_ref = reference_of(debate, "mann", "overall").score
    hass_ref = reference_of(debate, "hass", "overall").score
    if mann_ref > debate.rubric.min_score:
        assert re.search(r"lower for [^.;]*Mann", text)
    if hass_ref < debate.rubric.max_score:
        assert re.search(r"higher than the reference for [^.;]*Hass", text)
    assert text.startswith(f"You gave an overall score to {len(debate.contributors)} of")


# -- independent rating ------------------------------------------------------------------------


def test_reference_scores_of_a_contributor_appear_only_once_their_sheet_is_complete():
    from symposium_kit.scoring.reference import (
        StillHidden,
        explain_reference,
        reference_table,
        reference_unlocked,
    )

    debate = load_debate()
    sheet = ScoreSheet(debate)
    *first, last = sheet.criteria
    for cid in first:
        sheet.set("cutler", cid, 2)
    hidden = reference_table(sheet, "Cutler")
    assert isinstance(hidden, StillHidden) and not reference_unlocked(sheet, "cutler")
    assert "1 still to score" in str(hidden) and sheet.criterion(last).name in str(hidden)
    ref = reference_score(debate, "cutler", "counterarguments")
    assert ref.rationale not in str(explain_reference(sheet, "cutler", "counterarguments"))
    sheet.set("cutler", last, "cannot judge")  # "cannot judge" completes a cell too
    table = reference_table(sheet)
    assert table.index.tolist() == ["cutler"]  # the others stay hidden
    assert int(table.loc["cutler", "counterarguments"]) == ref.score
    assert ref.rationale in str(explain_reference(sheet, "cutler", "counterarguments"))
