"""The split of a symposium's text into participants' paragraphs, for each layout."""

from symposium_kit.debate.layout import Contributor, Layout, looks_like_name, segment

TEXT_LINES = "Intro one.\nIntro two?\nComments\nAnn Lee\nFirst.\nSecond.\nBo Chan\nThird."


def _texts(sections):
    return {pid: [p.text for p in paras] for pid, paras in sections.paragraphs.items()}


def test_name_lines_open_sections_and_paragraphs_are_lines():
    s = segment(
        TEXT_LINES,
        Layout(),
        "editors",
        [Contributor("lee", "Ann Lee"), Contributor("chan", "Bo Chan")],
    )
    assert _texts(s) == {
        "lee": ["First.", "Second."],
        "chan": ["Third."],
        "editors": ["Intro one.", "Intro two?"],
    }
    assert [h.text for h in s.headings] == ["Comments", "Ann Lee", "Bo Chan"]


def test_every_paragraph_text_is_the_exact_slice_of_the_source():
    text = "\ufeffIntro.\r\nComments\r\nAnn Lee\r\n  Padded line.  \r\n"
    s = segment(text, Layout(), "editors", [Contributor("lee", "Ann Lee")])
    for paras in s.paragraphs.values():
        for p in paras:
            assert text[p.start : p.end] == p.text
    assert _texts(s) == {"lee": ["Padded line."], "editors": ["Intro."]}


def test_inline_headings_start_the_paragraph_after_the_colon():
    text = "Intro.\nAnn Lee: Yes, it is.\nMore.\nBo Chan: No."
    s = segment(
        text,
        Layout(None, "inline"),
        "editors",
        [Contributor("lee", "Ann Lee"), Contributor("chan", "Bo Chan")],
    )
    assert _texts(s)["lee"] == ["Yes, it is.", "More."]
    assert _texts(s)["chan"] == ["No."]
    assert s.paragraphs["lee"][0].start == text.index("Yes, it is.")


def test_blocks_join_wrapped_lines_into_one_paragraph():
    text = "Intro.\n\nAnn Lee\n\nA wrapped\nparagraph.\n\nAnother one."
    s = segment(text, Layout(None, "line", "blocks"), "editors", [Contributor("lee", "Ann Lee")])
    assert _texts(s)["lee"] == ["A wrapped\nparagraph.", "Another one."]


def test_an_affiliation_line_is_a_heading_not_a_paragraph():
    text = "Comments\nAnn Lee\nProfessor, Somewhere University\nHer text."
    s = segment(
        text, Layout(), None, [Contributor("lee", "Ann Lee", "Professor, Somewhere University")]
    )
    assert _texts(s)["lee"] == ["Her text."]


def test_a_contributor_without_a_heading_is_reported_missing():
    s = segment(
        TEXT_LINES,
        Layout(),
        "editors",
        [Contributor("lee", "Ann Lee"), Contributor("x", "Nobody Here")],
    )
    assert s.missing == ("x",)


def test_names_are_told_from_sentences_and_separators():
    assert looks_like_name("James McGregor") and looks_like_name("Stephen S. Roach")
    assert not looks_like_name("Comments")
    assert not looks_like_name("He has no choice.")
    assert not looks_like_name("Budget analyst")
