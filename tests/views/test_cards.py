"""Tests for symposium_kit.views.cards: quotes in context, attributed, in Markdown."""

from __future__ import annotations

import pytest

from symposium_kit import load_debate
from symposium_kit.views.cards import (
    MarkdownText,
    _marked,
    locate_quote,
    quote_card,
    quote_in_context,
)


@pytest.fixture(scope="module")
def debate():
    return load_debate()


def test_quote_card_shows_quote_within_its_sentence_and_the_author(debate):
    claim = next(c for c in debate.claims if c.role == "reason")
    card = quote_card(debate, claim)
    start, end = debate.sentence_span(claim.anchor.start, claim.anchor.end)
    sentence = debate.source.text[start:end]
    plain = card.replace("**", "").replace("“", "").replace("”", "").replace("\\", "")
    assert sentence in plain
    assert card.rstrip().endswith(f"— {debate.participant(claim.participant).name}")


def test_quote_card_of_a_citation_says_how_it_is_used(debate):
    ev = debate.shared_evidence(2)[0]
    card = quote_card(debate, ev.citations[0])
    assert "How it is used:" in card
    assert ev.citations[0].anchor.quote in card


def test_quote_card_of_a_list_gives_one_card_per_item(debate):
    ev = debate.shared_evidence(2)[0]
    card = quote_card(debate, ev.citations)
    assert card.count("How it is used:") == len(ev.citations)


def test_short_sentences_come_with_their_neighbours(debate):
    anchor = locate_quote(debate, "hass", "Probably not.")
    q = quote_in_context(debate, anchor)
    assert q.before == "" and q.after == ""
    card = quote_card(debate, anchor)
    assert "Will Trump’s shift on China be enduring?" in card


def test_locate_quote_finds_exact_words_in_the_participants_text(debate):
    a = locate_quote(debate, "McGregor", "Donald Trump has not gone soft on China.")
    assert debate.quote(a) == a.quote and a.participant == "mcgregor"


def test_locate_quote_says_what_to_do_when_words_are_not_there(debate):
    with pytest.raises(ValueError, match="copy them exactly"):
        locate_quote(debate, "mann", "Donald Trump has not gone soft on China.")


def test_quote_card_without_words_explains_what_it_needs(debate):
    with pytest.raises(TypeError, match="quote_card needs"):
        quote_card(debate, "hass")


def test_markdown_text_renders_as_markdown_and_stays_a_string():
    t = MarkdownText("**x**")
    assert isinstance(t, str) and t._repr_markdown_() == "**x**"


def test_quotes_of_one_sentence_share_one_card_with_each_quote_marked(debate):
    text = debate.source.text
    for pos in debate.positions:
        spans = [debate.sentence_span(a.start, a.end) for a in pos.quotes]
        card = quote_card(debate, pos.quotes)
        assert card.count("> — ") == len(set(spans))
        plain = card
        for a in pos.quotes:
            assert f"**{_marked(a.quote)}**" in card
            plain = plain.replace(f"**{_marked(a.quote)}**", a.quote)
        for span in set(spans):
            sentence = text[span[0] : span[1]]
            assert sentence in plain


def test_the_editors_question_card_names_the_editors_once():
    debate = load_debate()
    card = quote_card(debate, debate.question)
    assert card.count("The Editors") == 1 and card.endswith("> — The Editors")
    assert "“" in card and "»" not in card


def test_quotes_are_marked_with_english_quotation_marks_once():
    assert _marked("Probably not.") == "“Probably not.”"
    opened = "“Is Trump going soft on China?” seems like a trick question"
    assert _marked(opened) == opened
