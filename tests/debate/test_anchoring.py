"""Finding quotes in a participant's section, and saying why one is not there."""

from __future__ import annotations

import pytest

from symposium_kit.debate.anchoring import (
    closest_passage,
    find_quote,
    line_number,
    split_sections,
)
from symposium_kit.debate.layout import split_lines

TEXT = (
    "Is it soft? —The Editors\n"  # line 1
    "Comments\n"  # line 2
    "Ann Lee\n"  # line 3
    "It is not soft. It is “firm”. It is not soft.\n"  # line 4
    "  Prices fell to 30 percent—then rose.  \n"  # line 5 (padded)
    "Bo Chen\n"  # line 6
    "It is soft, and Ann is wrong.\n"  # line 7
)
PEOPLE = [("ann", "Ann Lee"), ("bo", "Bo Chen")]
NAMES = {"ann": "Ann Lee", "bo": "Bo Chen", "ed": "The Editors"}


@pytest.fixture
def sections():
    return split_sections(TEXT, "ed", PEOPLE, "Comments")


def test_split_lines_gives_offsets_without_the_newline():
    for start, end, line in split_lines(TEXT):
        assert TEXT[start:end] == line and "\n" not in line


def test_line_number_counts_from_one():
    assert line_number(TEXT, 0) == 1
    assert line_number(TEXT, TEXT.index("Bo Chen")) == 6


def test_sections_give_each_participant_their_paragraphs(sections):
    assert [p.text for p in sections.paragraphs["ed"]] == ["Is it soft? —The Editors"]
    assert [p.text for p in sections.paragraphs["ann"]] == [
        "It is not soft. It is “firm”. It is not soft.",
        "Prices fell to 30 percent—then rose.",
    ]
    assert [p.index for p in sections.paragraphs["ann"]] == [0, 1]
    for paras in sections.paragraphs.values():
        for p in paras:
            assert TEXT[p.start : p.end] == p.text
    assert [h.line for h in sections.headings] == [2, 3, 6]
    assert sections.missing == ()


def test_a_name_without_a_heading_line_is_missing():
    s = split_sections(TEXT, "ed", [*PEOPLE, ("cy", "Cy Young")], "Comments")
    assert s.missing == ("cy",)


def test_found_quote_slices_the_text(sections):
    found = find_quote(TEXT, "Prices fell to 30 percent", "ann", sections)
    assert found.error == ""
    assert TEXT[found.start : found.end] == "Prices fell to 30 percent"


def test_occurrence_picks_which_of_repeated_words(sections):
    first = find_quote(TEXT, "It is not soft.", "ann", sections, occurrence=1)
    second = find_quote(TEXT, "It is not soft.", "ann", sections, occurrence=2)
    assert first.start == TEXT.index("It is not soft.")
    assert second.start == TEXT.rindex("It is not soft.")


def test_repeated_words_without_occurrence_are_ambiguous(sections):
    found = find_quote(TEXT, "It is not soft.", "ann", sections)
    assert found.start == -1
    assert "occurs 2 times in ann's section (source line 4)" in found.error
    assert "occurrence: N" in found.error


def test_occurrence_beyond_the_count_is_reported_on_the_occurrence_field(sections):
    found = find_quote(TEXT, "It is not soft.", "ann", sections, occurrence=3)
    assert found.field == "occurrence"
    assert "occurrence 3 asked, but the quote occurs 2 time(s)" in found.error


def test_words_of_another_participant_name_them_and_their_line(sections):
    found = find_quote(TEXT, "Ann is wrong", "ann", sections, names=NAMES)
    assert found.error == "quote is by Bo Chen (bo, source line 7), not by ann"


def test_a_heading_is_not_a_quote(sections):
    found = find_quote(TEXT, "Bo Chen", "bo", sections)
    heading = "quote takes in the heading on source line 6 ('Bo Chen')"
    assert found.error == f"{heading}; quote bo's own words"


def test_a_quote_across_two_paragraphs_says_so(sections):
    found = find_quote(TEXT, "rose.  \nBo Chen\nIt is soft", "bo", sections)
    assert "heading on source line 6" in found.error
    two = find_quote(TEXT, "It is not soft.\n  Prices", "ann", sections)
    assert two.error == "quote runs across two paragraphs (from source line 4); quote within one"


def test_words_outside_every_section_point_at_the_layout():
    text = TEXT.replace("Ann Lee\n", "")  # Ann's heading is gone: her lines belong to nobody
    s = split_sections(text, "ed", PEOPLE, "Comments")
    assert s.missing == ("ann",)
    found = find_quote(text, "Prices fell", "ann", s)
    assert found.error.startswith("quote is on source line 4, which lies in no participant's")


def test_straight_quotes_and_hyphens_get_the_exact_text(sections):
    found = find_quote(TEXT, 'It is "firm".', "ann", sections)
    assert "only in quote marks or dashes" in found.error
    assert "'It is “firm”.'" in found.error
    found = find_quote(TEXT, "30 percent-then rose", "ann", sections)
    assert "'30 percent—then rose'" in found.error


def test_missing_words_show_the_closest_passage(sections):
    found = find_quote(TEXT, "Prices fell to 40 percent", "ann", sections)
    assert (
        found.error
        == "quote not found in ann's text; closest passage: 'Prices fell to 30 percent—then'"
    )


def test_nothing_close_says_not_found(sections):
    found = find_quote(TEXT, "zebras quietly graze", "ann", sections)
    assert found.error == "quote not found in ann's text"


def test_closest_passage_is_empty_when_nothing_is_close(sections):
    assert closest_passage("xyz qqq", sections.paragraphs["bo"]) == ""
    assert closest_passage("It is sof", sections.paragraphs["bo"]) == "It is soft,"
