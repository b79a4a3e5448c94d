"""The interactive argument map: its data, its widget state, and its front end file."""

from __future__ import annotations

import pytest

from symposium_kit import argument_graph, argument_map, argument_map_data, load_debate


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def test_the_graph_holds_every_claim_and_link(debate):
    g = argument_graph(debate)
    assert set(g) == {c.id for c in debate.claims}
    assert g.number_of_edges() == sum(len(c.supports) + len(c.attacks) for c in debate.claims)


def test_every_claim_comes_with_its_quote_read_from_the_source_in_context(debate):
    data = argument_map_data(debate)
    assert [c["id"] for c in data["claims"]] == [c.id for c in debate.claims]
    text = debate.source.text
    for record in data["claims"]:
        claim = debate.claim(record["id"])
        assert record["quote"] == claim.anchor.quote
        context = record["before"] + record["quote"] + record["after"]
        assert context in text
        assert len(context) > len(record["quote"]) or record["quote"].count(".") > 0
        paragraph = debate.paragraphs(claim.participant)[record["paragraph"] - 1]
        assert record["quote"] in paragraph.text


def test_participants_carry_distinct_colours(debate):
    people = argument_map_data(debate)["participants"]
    assert len({p["colour"] for p in people}) == len(people)


def test_the_widget_starts_with_everyone_shown_and_takes_a_filter(debate):
    widget = argument_map(debate)
    assert widget.shown == [p.id for p in debate.participants if debate.claims_by(p.id)]
    assert widget.relation == "all" and widget.selected == ""
    narrow = argument_map(
        debate, participants=["Hass", "mann"], relation="attack", selected="hass.not-enduring"
    )
    assert narrow.shown == ["hass", "mann"]
    assert (narrow.relation, narrow.selected) == ("attack", "hass.not-enduring")
    state = narrow.get_state()
    assert len(state["claims"]) == len(debate.claims)


def test_bad_options_get_a_message_not_a_traceback_from_the_front_end(debate):
    with pytest.raises(ValueError, match="relation must be"):
        argument_map(debate, relation="agree")
    with pytest.raises(ValueError, match="no claim 'nope'"):
        argument_map(debate, selected="nope")


def test_the_front_end_ships_as_package_data_and_labels_its_controls(debate):
    widget = argument_map(debate)
    esm = widget._esm if isinstance(widget._esm, str) else str(widget._esm)
    assert "export default" in esm
    assert 'el("label", { for: id' in esm and 'el("label", { for: relId }' in esm
    assert "aria-pressed" in esm
