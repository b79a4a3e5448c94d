"""Tests for symposium_kit.views.picker: the picker shows the chosen contributor's card."""

from __future__ import annotations

import html

import pytest

from symposium_kit import load_debate
from symposium_kit.views.cards import _marked
from symposium_kit.views.picker import (
    PICKER_CLASS,
    PICKER_DROPDOWN_CLASS,
    PICKER_VIEW_CLASS,
    contributor_card,
    contributor_picker,
)


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def test_picker_offers_every_contributor_by_name(debate):
    picker = contributor_picker(debate)
    assert list(picker.dropdown.options) == [(p.name, p.id) for p in debate.contributors]
    assert picker.dropdown.value == debate.contributors[0].id


def test_changing_the_value_shows_that_contributors_thesis(debate):
    picker = contributor_picker(debate)
    for p in reversed(debate.contributors):
        picker.dropdown.value = p.id
        thesis = html.escape(debate.thesis(p.id).anchor.quote, False)
        assert thesis in picker.view.value
        others = [q for q in debate.contributors if q.id != p.id]
        assert all(f"<h3>{html.escape(q.name, False)}" not in picker.view.value for q in others)


def test_picker_view_lists_the_reasons_of_the_chosen_contributor(debate):
    picker = contributor_picker(debate, value="Cutler")
    assert picker.dropdown.value == "cutler"
    for claim in debate.claims_by("cutler", "reason"):
        assert html.escape(claim.anchor.quote, False) in picker.view.value


def test_picker_widgets_carry_stable_css_classes(debate):
    picker = contributor_picker(debate)
    assert PICKER_CLASS in picker._dom_classes
    assert PICKER_DROPDOWN_CLASS in picker.dropdown._dom_classes
    assert PICKER_VIEW_CLASS in picker.view._dom_classes
    assert list(picker.children) == [picker.dropdown, picker.view]


def test_card_without_widgets_holds_thesis_in_its_sentence_and_position_quotes(debate):
    for p in debate.contributors:
        card = contributor_card(debate, p.id)
        thesis = debate.thesis(p.id).anchor
        assert _marked(debate.quote(thesis)) in card
        for a in debate.position(p.id).quotes:
            assert a.quote in card
        assert debate.position(p.id).answer in card


def test_card_says_stance_and_framing(debate):
    for p in debate.contributors:
        pos = debate.position(p.id)
        card = contributor_card(debate, p.id)
        assert debate.stance_label(pos.stance) in card
        assert pos.framing in card


def test_card_of_unknown_contributor_names_the_known_ids(debate):
    with pytest.raises(KeyError, match="known ids"):
        contributor_card(debate, "nobody")


def test_card_of_contributor_without_annotations_says_so_instead_of_failing(debate):
    import dataclasses

    pid = debate.contributors[0].id
    bare = dataclasses.replace(
        debate,
        positions=tuple(p for p in debate.positions if p.participant != pid),
        claims=tuple(c for c in debate.claims if c.participant != pid),
    )
    card = contributor_card(bare, pid)
    assert card.startswith(f"### {debate.contributors[0].name}")
    assert "no position" in card
    picker = contributor_picker(bare)
    assert "no position" in picker.view.value
