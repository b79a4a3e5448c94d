"""The literal answer keys of lessons 01-03 agree with the debate's text and annotations.

Most keys are derived from the annotations by the exercise engine; the few
written out in the YAML files are recomputed here from the debate, so that an
edit of the annotations that changes the right answer makes a test fail.
"""

from __future__ import annotations

import pytest

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import load_exercises


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def exercises(debate):
    return load_exercises(debate)


def test_every_lesson_01_to_03_has_three_graded_exercises_and_an_open_one(exercises):
    for nb in ("01-start-here", "02-positions", "03-evidence"):
        mine = [e for e in exercises.values() if e.notebook == nb]
        assert sum(e.graded for e in mine) >= 3, nb
        assert any(e.kind == "short_text" for e in mine), nb
        assert len({e.kind for e in mine}) >= 3, nb


def test_contributor_count_key_counts_the_contributors(debate, exercises):
    assert exercises["start.how-many-contributors"].key == len(debate.contributors)


def test_paragraph_key_counts_hass_paragraphs(debate, exercises):
    assert exercises["start.hass-paragraphs"].key == len(debate.paragraphs("hass"))


def test_same_stance_key_is_the_pair_sharing_a_stance(debate, exercises):
    stances = {p.id: debate.position(p.id).stance for p in debate.contributors}
    key = exercises["positions.same-stance"].key
    assert len(key) == 2 and stances[key[0]] == stances[key[1]]
    assert sum(1 for v in stances.values() if v == stances[key[0]]) == 2


def test_hass_attacks_key_follows_the_attack_links(debate, exercises):
    attacked = {debate.claim(c).participant for c in debate.thesis("hass").attacks}
    assert set(exercises["positions.hass-attacks"].key) == attacked


def test_evidence_kind_keys_match_the_annotated_kinds(debate, exercises):
    ex = exercises["evidence.kinds"]
    for label, shown in ex.items:
        quote = shown.split("“", 1)[1].rsplit("”", 1)[0].replace(" …", "")
        kinds = {
            e.kind
            for e in debate.evidence
            for c in e.citations
            if quote in c.anchor.quote or c.anchor.quote in quote
        }
        assert kinds == {ex.key[label]}, label


def test_timeline_key_follows_the_events_order(debate, exercises):
    ex = exercises["evidence.timeline"]
    order = [e.id for e in debate.events_in_order()]
    flat = [x for group in ex.key for x in group]
    assert flat == sorted(flat, key=order.index)
    keys = [next(e.sort_key for e in debate.events if e.id == x) for x in flat]
    assert len(set(keys)) == len(keys)  # no ties among the chosen events


def test_shared_count_key_counts_shared_evidence(debate, exercises):
    assert exercises["evidence.shared-count"].key == len(debate.shared_evidence(2))


def test_unsupported_key_is_the_only_option_without_evidence(debate, exercises):
    ex = exercises["evidence.unsupported"]
    unsupported = {c.id for c in debate.unsupported_claims()}
    assert [o for o in ex.options if o in unsupported] == [ex.key]
