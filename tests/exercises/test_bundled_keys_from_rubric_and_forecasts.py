"""The literal answer keys of lessons 04 and 05 agree with the debate and the kit's functions.

Keys that the exercise engine cannot derive are written out in the YAML files;
they are recomputed here from the debate's annotations (and from the Brier
score function), so that an edit which changes the right answer fails a test.
"""

from __future__ import annotations

import re

import pytest

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import load_exercises
from symposium_kit.scoring.brier import brier_score
from symposium_kit.work.forecastsheet import guide_probability


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def exercises(debate):
    return load_exercises(debate)


_ITEM = re.compile(r"^(?P<who>[^:]+): “(?P<quote>.+)”$")


def _mine(exercises, notebook):
    return [e for e in exercises.values() if e.notebook == notebook]


@pytest.mark.parametrize("notebook", ["04-scoring", "05-predictions"])
def test_lesson_has_three_graded_exercises_and_an_open_one(exercises, notebook):
    mine = _mine(exercises, notebook)
    assert sum(e.graded for e in mine) >= 3
    assert any(e.kind == "short_text" for e in mine)


def test_forecast_or_deadline_labels_follow_predictions_and_deadline_evidence(debate, exercises):
    ex = exercises["predictions.forecast-or-deadline"]
    deadlines = [c.anchor for e in debate.evidence if e.kind == "deadline" for c in e.citations]
    assert {v for v in ex.key.values()} == {"forecast", "deadline"}
    for label, text in ex.items:
        m = _ITEM.match(text)
        assert m, f"item {label} should read 'Name: “quote”'"
        who = debate.participant(m["who"]).id
        quote = m["quote"]
        assert quote in "\n".join(p.text for p in debate.paragraphs(who)), label
        is_forecast = any(
            p.participant == who and (p.anchor.quote in quote or quote in p.anchor.quote)
            for p in debate.predictions
        )
        is_deadline = any(
            a.participant == who and (a.quote in quote or quote in a.quote) for a in deadlines
        )
        assert is_forecast != is_deadline, f"item {label} must be exactly one of the two"
        assert ex.key[label] == ("forecast" if is_forecast else "deadline"), label


def test_hedge_to_number_key_is_the_guide_reading_of_hass(debate, exercises):
    ex = exercises["predictions.hedge-to-number"]
    hass = [p for p in debate.predictions_by("hass") if p.anchor.quote == "Probably not."]
    assert hass, "Hass's “Probably not.” should be a prediction"
    assert ex.key == pytest.approx(guide_probability(hass[0].hedge))
    wrong = [r.when for r in ex.feedback]
    assert all(abs(w - ex.key) > ex.tolerance for w in wrong)


def test_brier_by_hand_key_is_the_brier_score_of_the_prompt(exercises):
    ex = exercises["predictions.brier-by-hand"]
    probs = [float(x) for x in re.findall(r"0\.\d", ex.prompt)[:3]]
    assert probs == [0.9, 0.2, 0.6]
    expected = brier_score(probs, [True, False, True])
    assert ex.key == pytest.approx(expected, abs=ex.tolerance / 10)
    for rule in ex.feedback:  # the likely mistakes must not be accepted as right
        assert abs(rule.when - ex.key) > ex.tolerance


def test_always_half_key_is_the_brier_score_of_fifty_fifty(exercises):
    ex = exercises["predictions.always-half"]
    assert ex.key == pytest.approx(brier_score([0.5, 0.5], [True, False]))
    assert brier_score([0.5], [True]) == brier_score([0.5], [False])


# -- lesson 04: keys that follow the rubric and the reference scores ------------


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


def _reference(debate, criterion):
    return {r.participant: r.score for r in debate.reference_scores if r.criterion == criterion}


def test_each_descriptor_is_a_level_of_the_keyed_criterion(scored, exercises):
    ex = exercises["scoring.descriptor-criterion"]
    assert set(ex.options) == {c.id for c in scored.rubric.criteria if not c.holistic}
    for label, text in ex.items:
        owners = [
            c.id
            for c in scored.rubric.criteria
            if any(" ".join(d.split()) == " ".join(text.split()) for _, d in c.levels)
        ]
        assert owners == [ex.key[label]], f"item {label}"
    assert len(set(ex.key.values())) == len(ex.key), "each item should name another criterion"


def test_top_counterarguments_key_is_the_unique_highest_reference(scored, exercises):
    scores = _reference(scored, "counterarguments")
    best = max(v for v in scores.values() if v is not None)
    top = [p for p, v in scores.items() if v == best]
    assert top == [exercises["scoring.top-counterarguments"].key]


def test_reference_overall_top_key_is_everyone_with_the_highest_overall(scored, exercises):
    scores = _reference(scored, "overall")
    best = max(v for v in scores.values() if v is not None)
    assert scored.rubric.criterion("overall").holistic
    top = sorted(p for p, v in scores.items() if v == best)
    assert list(exercises["scoring.reference-overall-top"].key) == top
    assert len(top) < len(scored.contributors)
