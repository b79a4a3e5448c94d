"""check_answer: every kind of exercise, every kind of answer, and it never raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import collect_exercises
from symposium_kit.exercises.checking import (
    Feedback,
    check_answer,
    json_answer,
    name_keys,
    resolve_name,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exercises"


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def ex(debate):
    exercises, problems = collect_exercises(debate, folder=FIXTURES)
    assert problems == []
    return exercises


def label(debate, pid):
    return debate.participant(pid).label


def stance_order(debate, reverse=False):
    stances = {p.participant: p.stance for p in debate.positions}
    ids = sorted((p.id for p in debate.contributors), key=lambda c: stances[c], reverse=reverse)
    return [label(debate, c) for c in ids]


# -- not answered, empty, wrong type ---------------------------------------------


@pytest.mark.parametrize("answer", [..., None])
def test_placeholder_is_not_answered_yet(debate, ex, answer):
    for e in ex.values():
        fb = check_answer(e, answer, debate)
        assert fb.result == "unanswered" and fb.answer is None
        assert "Write your answer in place of ..." in fb.message


@pytest.mark.parametrize(
    "eid, empty",
    [
        ("demo.who-cites-chips", []),
        ("demo.your-view", "  "),
        ("demo.speakers", {}),
        ("demo.mann-concedes", ""),
    ],
)
def test_empty_answer_says_what_is_expected(debate, ex, eid, empty):
    fb = check_answer(ex[eid], empty, debate)
    assert fb.result == "unanswered"
    assert fb.message.startswith("Your answer is empty. Expected:")


@pytest.mark.parametrize(
    "eid, answer, words",
    [
        ("demo.truce-days", "90", "not a number"),
        ("demo.truce-days", True, "not a number"),
        ("demo.who-cites-chips", 3, "not a list"),
        ("demo.stance-order", {"a": 1}, "not a list"),
        ("demo.speakers", ["McGregor"], "not a dictionary"),
        ("demo.mann-concedes", 42, "not text"),
        ("demo.your-view", ["a"], "not text"),
        ("demo.most-words", ["Mann", "Hass"], "one answer"),
    ],
)
def test_wrong_type_says_what_kind_of_answer_is_expected(debate, ex, eid, answer, words):
    fb = check_answer(ex[eid], answer, debate)
    assert fb.result == "invalid"
    assert words in fb.message and "Expected:" in fb.message


# -- names --------------------------------------------------------------------------


def test_names_are_accepted_as_id_full_name_or_last_name_in_any_case(debate):
    for p in debate.contributors:
        for form in (p.id, p.name, p.name.upper(), p.name.split()[-1].lower()):
            assert resolve_name(debate, form) == p.id
    assert name_keys(debate)["editors"] == "editors"


def test_unknown_name_gets_a_suggestion(debate, ex):
    fb = check_answer(ex["demo.who-cites-chips"], ["Cutler", "Rouch"], debate)
    assert fb.result == "invalid"
    assert "'Rouch' is not a contributor of this debate: did you mean 'Roach'?" in fb.message


def test_unknown_name_far_from_any_gets_no_suggestion(debate, ex):
    fb = check_answer(ex["demo.most-words"], "Xi Jinping", debate)
    assert fb.result == "invalid" and "did you mean" not in fb.message


def test_near_miss_option_gets_a_suggestion(debate, ex):
    fb = check_answer(ex["demo.solomon-kind"], "authorty", debate)
    assert fb.result == "invalid" and "Did you mean 'authority'?" in fb.message


# -- each kind: correct, partly, wrong ------------------------------------------------


def test_multiple_choice_correct_in_any_order_and_spelling(debate, ex):
    key = list(ex["demo.who-cites-chips"].key)
    answer = [debate.participant(k).name.upper() for k in reversed(key)]
    assert check_answer(ex["demo.who-cites-chips"], answer, debate).result == "correct"


def test_multiple_choice_partly_names_right_and_wrong_parts(debate, ex):
    key = list(ex["demo.who-cites-chips"].key)
    outsider = next(p.id for p in debate.contributors if p.id not in key)
    fb = check_answer(ex["demo.who-cites-chips"], [key[0], outsider], debate)
    assert fb.result == "partly"
    assert fb.right == (label(debate, key[0]),) and fb.wrong == (label(debate, outsider),)
    assert fb.missing == len(key) - 1
    assert f"{len(key) - 1} more to find" in fb.message
    for hidden in key[1:]:
        assert label(debate, hidden) not in fb.message  # what is missing is not revealed


def test_multiple_choice_wrong_gives_the_specific_feedback(debate, ex):
    fb = check_answer(ex["demo.who-cites-chips"], ["McGregor"], debate)
    assert fb.result == "wrong"
    assert ex["demo.who-cites-chips"].feedback[0].say in fb.message


def test_ordering_correct_and_ties_in_either_order(debate, ex):
    order = stance_order(debate)
    assert check_answer(ex["demo.stance-order"], order, debate).result == "correct"
    tied = [g for g in ex["demo.stance-order"].key if len(g) > 1]
    if tied:
        a, b = order.index(label(debate, tied[0][0])), order.index(label(debate, tied[0][1]))
        swapped = list(order)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        assert check_answer(ex["demo.stance-order"], swapped, debate).result == "correct"


def test_ordering_partly_says_which_are_in_place(debate, ex):
    order = stance_order(debate)
    order[0], order[-1] = order[-1], order[0]
    fb = check_answer(ex["demo.stance-order"], order, debate)
    assert fb.result == "partly"
    assert set(fb.wrong) == {order[0], order[-1]}
    assert set(fb.right) == set(order[1:-1])


def test_ordering_reversed_gets_the_specific_feedback(debate, ex):
    fb = check_answer(ex["demo.stance-order"], stance_order(debate, reverse=True), debate)
    assert fb.result in ("partly", "wrong")
    assert "other way round" in fb.message


def test_ordering_with_a_missing_or_repeated_item_is_invalid(debate, ex):
    order = stance_order(debate)
    assert check_answer(ex["demo.stance-order"], order[:-1], debate).result == "invalid"
    fb = check_answer(ex["demo.stance-order"], order[:-1] + [order[0]], debate)
    assert fb.result == "invalid" and "more than once" in fb.message


def test_single_choice_correct_wrong_and_feedback(debate, ex):
    e = ex["demo.most-words"]
    assert check_answer(e, debate.participant(e.key).name, debate).result == "correct"
    other = next(p.label for p in debate.contributors if p.id != e.key)
    assert check_answer(e, other, debate).result == "wrong"
    fb = check_answer(ex["demo.solomon-kind"], "historical_comparison", debate)
    assert fb.result == "wrong" and fb.message == ex["demo.solomon-kind"].feedback[0].say


def test_matching_correct_and_partly_names_the_labels(debate, ex):
    e = ex["demo.speakers"]
    right = {k: label(debate, v) for k, v in e.key.items()}
    assert check_answer(e, right, debate).result == "correct"
    first, *rest = sorted(right)
    wrong_name = next(p.label for p in debate.contributors if p.id != e.key[first])
    fb = check_answer(e, {**right, first: wrong_name}, debate)
    assert fb.result == "partly" and fb.wrong == (first,) and set(fb.right) == set(rest)
    fb = check_answer(e, {first.lower(): right[first]}, debate)  # labels are case-insensitive
    assert fb.result == "partly" and fb.missing == len(rest)


def test_matching_with_an_unknown_label_is_invalid(debate, ex):
    fb = check_answer(ex["demo.speakers"], {"z": "Mann"}, debate)
    assert fb.result == "invalid" and "'z' is not one of the items" in fb.message


def test_numeric_correct_and_direction_of_a_miss(debate, ex):
    e = ex["demo.truce-days"]
    assert check_answer(e, e.key, debate).result == "correct"
    assert check_answer(e, float(e.key), debate).result == "correct"
    assert "too high" in check_answer(e, e.key + 1, debate).message
    assert "too low" in check_answer(e, e.key - 1, debate).message


def test_short_text_is_recorded_with_its_word_count(debate, ex):
    fb = check_answer(ex["demo.your-view"], "Roach, because he asks the better question.", debate)
    assert fb.result == "recorded" and "7 words" in fb.message
    fb = check_answer(ex["demo.your-view"], "Roach.", debate)
    assert fb.result == "recorded" and "at least 5 words" in fb.message


# -- quotes: verbatim, by the right contributor, near an annotated concession -------------


def test_quote_accepts_a_verbatim_concession(debate, ex):
    claim = debate.claims_by("mann", "concession")[0]
    fb = check_answer(ex["demo.mann-concedes"], claim.anchor.quote, debate)
    assert fb.result == "correct"


def test_quote_accepts_part_of_a_concession_with_straight_quotes(debate, ex):
    claim = debate.claims_by("mann", "concession")[0]
    words = claim.anchor.quote.split()
    part = " ".join(words[: max(4, len(words) // 2)]).replace("’", "'")
    assert check_answer(ex["demo.mann-concedes"], f'"{part}"', debate).result == "correct"


def test_quote_rejects_words_not_in_the_text(debate, ex):
    claim = debate.claims_by("mann", "concession")[0]
    altered = claim.anchor.quote.replace("Trump", "the President", 1)
    assert altered not in debate.source.text
    fb = check_answer(ex["demo.mann-concedes"], altered, debate)
    assert fb.result == "wrong" and "not found in the text" in fb.message


def test_quote_rejects_another_contributors_concession(debate, ex):
    other = next(c for c in debate.claims if c.role == "concession" and c.participant != "mann")
    fb = check_answer(ex["demo.mann-concedes"], other.anchor.quote, debate)
    assert fb.result == "wrong"
    assert f"by {label(debate, other.participant)}, not Mann" in fb.message


def test_quote_by_mann_far_from_a_concession_is_only_partly_right(debate, ex):
    concessions = debate.claims_by("mann", "concession")
    paras = {debate.source.text.rfind("\n", 0, c.anchor.start) for c in concessions}
    far = next(
        p.text
        for p in debate.paragraphs("mann")
        if debate.source.text.rfind("\n", 0, p.start + 1) not in paras
    )
    quote = " ".join(far.split()[:8])
    fb = check_answer(ex["demo.mann-concedes"], quote, debate)
    assert fb.result == "partly" and fb.wrong == ("concession",)


def test_quote_too_short_is_invalid(debate, ex):
    assert check_answer(ex["demo.mann-concedes"], "To be", debate).result == "invalid"


# -- never raises ------------------------------------------------------------------------


class Nasty:
    def __str__(self):
        raise RuntimeError("boom")

    __repr__ = __str__

    def __len__(self):
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    "answer", [Nasty(), object(), [Nasty()], {"a": Nasty()}, float("nan"), b"bytes"]
)
def test_check_never_raises(debate, ex, answer):
    for e in ex.values():
        fb = check_answer(e, answer, debate)
        assert isinstance(fb, Feedback) and fb.result in ("invalid", "unanswered", "wrong")


def test_json_answer_is_plain_data_without_addresses():
    assert json_answer(object()) == "<object>"
    assert json_answer((1, "a", {2, 1})) == [1, "a", [1, 2]]
    assert json_answer(float("inf")) == "inf"


def test_same_fact_different_conclusions_partly_and_by_any_name(debate, ex):
    e = ex["demo.chips-conclusions"]
    full = {debate.participant(label).name: value for label, value in e.key.items()}
    assert check_answer(e, full, debate).result == "correct"
    first = next(iter(e.key))
    other = next(o for o in e.options if o != e.key[first])
    fb = check_answer(e, {**e.key, first: other}, debate)
    assert fb.result == "partly" and fb.wrong == (first,)
    fb = check_answer(e, {first: e.key[first][:-2]}, debate)
    assert fb.result == "invalid" and f"Did you mean {e.key[first]!r}?" in fb.message


def test_quote_with_an_ellipsis_is_accepted_when_its_parts_are_verbatim_in_order(debate, ex):
    claim = debate.claims_by("mann", "concession")[0]
    words = claim.anchor.quote.split()
    assert len(words) >= 9
    shortened = " ".join(words[:4]) + " … " + " ".join(words[-4:])
    assert check_answer(ex["demo.mann-concedes"], shortened, debate).result == "correct"
    backwards = " ".join(words[-4:]) + " ... " + " ".join(words[:4])
    assert check_answer(ex["demo.mann-concedes"], backwards, debate).result == "wrong"


def test_a_probability_written_as_a_percentage_is_read_as_record_forecasts_reads_it():
    from symposium_kit.exercises.catalog import load_exercises
    from symposium_kit.work.forecastsheet import check_probability

    ex = load_exercises()["predictions.hedge-to-number"]
    debate = load_debate()
    assert check_probability(70)[0] == ex.key  # the forecast sheet reads 70 as 0.7
    fb = check_answer(ex, 70, debate)
    assert fb.result == "correct" and "percentage" in fb.message
    assert check_answer(ex, 0.7, debate).result == "correct"
    wrong = check_answer(ex, 30, debate)
    assert wrong.result == "wrong" and "*is* enduring" in wrong.message  # its feedback rule
    assert check_answer(ex, 150, debate).result == "wrong"


def test_the_timeline_accepts_the_evidence_ids_of_the_same_events():
    from symposium_kit.exercises.catalog import load_exercises
    from symposium_kit.exercises.checking import event_aliases

    ex = load_exercises()["evidence.timeline"]
    debate = load_debate()
    events = [x for group in ex.key for x in group]
    assert check_answer(ex, events, debate).result == "correct"
    evidence_of = {v: k for k, v in event_aliases(debate, ex.options).items()}
    by_evidence = [evidence_of.get(e, e) for e in events]
    assert sum(a != b for a, b in zip(events, by_evidence, strict=True)) >= 2
    assert check_answer(ex, by_evidence, debate).result == "correct"
    swapped = [by_evidence[1], by_evidence[0], *by_evidence[2:]]
    assert check_answer(ex, swapped, debate).result == "partly"
    # an evidence item that two of the events cite names neither of them
    shared = {}
    for e in debate.events:
        if e.id in ex.options:
            for item in e.evidence:
                shared.setdefault(item, []).append(e.id)
    for item, owners in shared.items():
        if len(owners) > 1:
            ambiguous = [item if e == owners[0] else e for e in events]
            assert check_answer(ex, ambiguous, debate).result != "correct"
