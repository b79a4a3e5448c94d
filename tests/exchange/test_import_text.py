"""Importing a plain-text symposium: layouts, the bundled text, malformed input."""

import shutil
from pathlib import Path

import pytest

from symposium_kit import load_debate, validate_debate
from symposium_kit.cli.main import main
from symposium_kit.debate.layout import segment
from symposium_kit.exchange.import_text import ImportProblem, detect, import_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
BUNDLED = (
    Path(__file__).parents[2]
    / "symposium_kit"
    / "data"
    / "debates"
    / "trump-china-2025"
    / "source.txt"
)


def test_the_bundled_text_imports_to_the_hand_made_participants_and_paragraphs(tmp_path):
    result = import_text(BUNDLED, tmp_path / "d", url="https://example.org/x")
    imported, hand_made = load_debate(tmp_path / "d"), load_debate()
    assert [p.name for p in imported.contributors] == [p.name for p in hand_made.contributors]
    for mine, theirs in zip(imported.participants, hand_made.participants, strict=True):
        assert [(q.start, q.end, q.text) for q in mine.paragraphs] == [
            (q.start, q.end, q.text) for q in theirs.paragraphs
        ]
    assert (
        result.question
        == "How significantly has the Trump administration changed its positioning on China?"
    )
    assert (tmp_path / "d" / "source.txt").read_bytes() == BUNDLED.read_bytes()


def test_names_with_affiliation_lines_and_a_responses_separator(tmp_path):
    import_text(FIXTURES / "example-symposium.txt", tmp_path / "d")
    d = load_debate(tmp_path / "d")
    assert [(p.name, p.affiliation) for p in d.contributors] == [
        ("Maria Ortega", "Chair, Riverside Neighbours Association"),
        ("Daniel Brooks", "Budget analyst"),
        ("Priya Natarajan", "Librarian"),
    ]
    assert [len(p.paragraphs) for p in d.participants] == [2, 3, 2, 2]
    assert d.paragraphs("ortega")[0].text.startswith("No. The branch")


def test_inline_names_crlf_and_a_byte_order_mark(tmp_path):
    import_text(FIXTURES / "inline-crlf.txt", tmp_path / "d")
    d = load_debate(tmp_path / "d")
    assert [p.id for p in d.contributors] == ["lee", "chan"]
    assert [p.text for p in d.paragraphs("lee")] == [
        "Yes. Firms that went remote kept most of their staff and cut office costs.",
        "Most surveys show workers would take a pay cut to keep remote days.",
    ]
    assert d.question is not None and d.quote(d.question) == "Is remote work here to stay?"
    assert (tmp_path / "d" / "source.txt").read_bytes() == (
        FIXTURES / "inline-crlf.txt"
    ).read_bytes()


def test_blank_line_paragraphs_that_wrap_are_read_as_blocks(tmp_path):
    src = tmp_path / "wrapped.txt"
    src.write_text(
        "What now?\n\nResponses\n\nAnn Lee\n\nA paragraph that\nwraps over lines.\n\nA second one.\n\n"
        "Bo Chan\n\nShort answer here.\n",
        encoding="utf-8",
    )
    import_text(src, tmp_path / "d")
    d = load_debate(tmp_path / "d")
    assert [p.text for p in d.paragraphs("lee")] == [
        "A paragraph that\nwraps over lines.",
        "A second one.",
    ]


def test_an_ambiguous_short_line_is_reported_with_how_to_decide(tmp_path):
    src = tmp_path / "amb.txt"
    src.write_text(
        "Intro?\nComments\nAnn Lee\nBo Chan\nText of someone, at length here.\n", encoding="utf-8"
    )
    with pytest.raises(ImportProblem, match=r"line 3 'Ann Lee' and line 4 'Bo Chan'.*--names"):
        import_text(src, tmp_path / "d")


def test_names_given_resolve_the_ambiguity(tmp_path):
    src = tmp_path / "amb.txt"
    src.write_text(
        "Intro?\nComments\nAnn Lee\nSome words of hers.\nBo Chan\nText of his.\n", encoding="utf-8"
    )
    import_text(src, tmp_path / "d", names=["Ann Lee", "Bo Chan"])
    assert [p.name for p in load_debate(tmp_path / "d").contributors] == ["Ann Lee", "Bo Chan"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"Caf\xe9 talk\nComments\n", "not UTF-8"),
        (b"Just one paragraph of prose, with no contributors at all.\n", "no contributions found"),
    ],
)
def test_malformed_input_gets_a_clear_message(tmp_path, content, message):
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    with pytest.raises(ImportProblem, match=message):
        import_text(src, tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_cli_import_exits_non_zero_on_bad_input_and_zero_on_good(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x")]) == 1
    assert "empty" in capsys.readouterr().err
    assert main(["import", str(FIXTURES / "example-symposium.txt"), "-o", str(tmp_path / "y")]) == 0
    assert main(["validate", str(tmp_path / "y")]) == 0


def test_an_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ImportProblem, match="not empty"):
        import_text(FIXTURES / "example-symposium.txt", tmp_path / "d")
    assert (tmp_path / "d" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_later_annotations_are_checked_against_the_imported_text(tmp_path):
    import_text(FIXTURES / "example-symposium.txt", tmp_path / "d")
    yaml_path = tmp_path / "d" / "debate.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace(
        "claims: []",
        "claims:\n  - {id: brooks.x, participant: brooks, role: thesis, text: t, quote: 'Yes, with conditions.'}\n"
        "  - {id: brooks.y, participant: brooks, role: reason, text: t, quote: 'The branch is the only place'}",
    )
    yaml_path.write_text(text, encoding="utf-8")
    problems = validate_debate(tmp_path / "d")
    assert len(problems) == 1 and problems[0].field == "claims[1].quote"
    assert "by Maria Ortega" in problems[0].message


EXAMPLE = Path(__file__).parents[1] / "fixtures" / "example-debate"


def test_the_example_debate_made_by_import_validates_and_keeps_its_text():
    assert main(["validate", str(EXAMPLE)]) == 0
    debate = load_debate(EXAMPLE)
    assert (EXAMPLE / "source.txt").read_bytes() == (
        FIXTURES / "example-symposium.txt"
    ).read_bytes()
    for _, anchor in debate.anchors():
        assert debate.source.text[anchor.start : anchor.end] == anchor.quote
        assert debate.participant_at(anchor.start) == anchor.participant


# Pages laid out as publishers lay them out: (file, title, series, contributors
# with affiliations, paragraphs per participant in order, editors first).
PAGES = [
    (
        "series-title-lines.txt",
        "Will the Harbour Ferry Survive the Bridge?",
        "A Coastal Towns Conversation",
        [
            ("dahl", "Øystein Dahl", "Harbourmaster, Port of Kelby"),
            ("horvathova", "Žaneta Horváthová", "Transport economist, Kelby College"),
        ],
        [2, 2, 3],
    ),
    (
        "name-colon-blocks-crlf.txt",
        "Should Schools Start Later?",
        "A Parents’ Forum",
        [
            ("nowak", "Łukasz Nowak", "School nurse, Eastfield District"),
            ("lindqvist", "Æsa Lindqvist", "Parent and bus driver"),
        ],
        [2, 2, 3],
    ),
    (
        "bom-title-no-separator.txt",
        "Paying for the Night Bus",
        "A Small City Conversation",
        [("nowicka", "Zofia Nowicka", ""), ("ferreira", "Hugo Ferreira", "")],
        [2, 1, 2],
    ),
    (
        "2025.txt",
        "A Question for the New Year",
        None,
        [("no", "Ana No", "Professor of civil engineering"), ("yes", "Ben Yes", "Builder")],
        [2, 1, 1],
    ),
    (
        "inline-with-title.txt",
        "Who Should Pay for the Flood Wall?",
        "An Online Symposium",
        [("odegaard", "Ingrid Ødegaard", ""), ("laurent", "Émile Laurent", "")],
        [2, 2, 1],
    ),
]


@pytest.mark.parametrize("page, title, series, people, counts", PAGES, ids=[p[0] for p in PAGES])
def test_a_publishers_page_imports_and_validates_without_names(
    tmp_path, page, title, series, people, counts
):
    result = import_text(FIXTURES / page, tmp_path / "d")
    d = load_debate(tmp_path / "d")  # validates at once
    assert [(p.id, p.name, p.affiliation) for p in d.contributors] == people
    assert [len(p.paragraphs) for p in d.participants] == counts
    assert d.title == title and d.source.series == (series or "")
    assert result.detected.title == title
    # Nothing of the page's furniture is anyone's paragraph.
    furniture = {title, series, "—The Editors"}
    texts = [q.text for p in d.participants for q in p.paragraphs]
    assert not furniture & set(texts)
    assert not any(t.rstrip(":") in {p[1] for p in people} for t in texts)
    assert d.question is not None and d.quote(d.question).endswith("?")
    assert main(["validate", str(tmp_path / "d")]) == 0


def test_ids_that_yaml_would_read_as_booleans_or_numbers_are_written_as_strings(tmp_path):
    import_text(FIXTURES / "2025.txt", tmp_path / "d", title="2025")
    text = (tmp_path / "d" / "debate.yaml").read_text(encoding="utf-8")
    assert 'id: "2025"' in text and 'id: "no"' in text and 'id: "yes"' in text
    d = load_debate(tmp_path / "d")
    assert d.id == "2025" and [p.id for p in d.contributors] == ["no", "yes"]


def test_a_question_wrapped_over_two_lines_is_quoted_with_its_line_end(tmp_path):
    import_text(FIXTURES / "name-colon-blocks-crlf.txt", tmp_path / "d")
    d = load_debate(tmp_path / "d")
    assert d.question is not None
    assert d.quote(d.question) == (
        "What did the later start change for pupils, and was it\r\n"
        "worth the cost of the extra buses?"
    )


def test_a_name_with_a_capital_outside_ascii_opens_its_own_section(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text(
        "What now?\nComments\nAnn Lee\nYes, at once.\nŁukasz Nowak\nNot yet, and here is why.\n"
        "Ærling Ødegård\nLater.\n",
        encoding="utf-8",
    )
    import_text(src, tmp_path / "d")
    d = load_debate(tmp_path / "d")
    assert [p.name for p in d.contributors] == ["Ann Lee", "Łukasz Nowak", "Ærling Ødegård"]
    assert [q.text for q in d.paragraphs("nowak")] == ["Not yet, and here is why."]
    assert [q.text for q in d.paragraphs("lee")] == ["Yes, at once."]


# --- property test: generated symposia in every layout the importer reads ---

_INITIALS = "ABDEFGHKLMNPRSTVWZÉÖÅŁÆØŽŚČ"
_TAIL = "aeiourntlksmv"
_WORDS = (
    "the council will vote on a plan to close this branch and move its books "
    "downtown where most readers would need a bus that runs only twice an hour "
    "so many families say they would stop going at all"
).split()
_SEPARATORS = [None, "Comments", "Responses", "Replies"]
_SERIES_WORDS = ["Conversation", "Symposium", "Roundtable", "Forum"]
_YAML_WORDS = ["No", "Yes", "True", "Null", "On", "Off"]  # names YAML 1.1 would read as booleans


def _word(draw, st, shortest=1):
    """A capitalised word: an initial from Latin and beyond ASCII, then lower-case letters."""
    return draw(st.sampled_from(_INITIALS)) + draw(st.text(_TAIL, min_size=shortest, max_size=6))


def _sentence(draw, st, end="."):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=10))
    return words[0].capitalize() + " " + " ".join(words[1:]) + end


def _wrap(draw, st, para: str, nl: str) -> str:
    """Break a paragraph at one or two word boundaries (the blocks layout)."""
    words = para.split(" ")
    if len(words) < 6 or not draw(st.booleans()):
        return para
    cuts = sorted(set(draw(st.lists(st.integers(2, len(words) - 2), min_size=1, max_size=2))))
    parts, last = [], 0
    for c in cuts:
        parts.append(" ".join(words[last:c]))
        last = c
    parts.append(" ".join(words[last:]))
    return nl.join(parts)


def _symposia():
    from hypothesis import strategies as st

    @st.composite
    def symposium(draw):
        headings = draw(st.sampled_from(["line", "colon", "inline"]))
        blocks = draw(st.booleans())
        nl = draw(st.sampled_from(["\n", "\r\n"]))
        sep = draw(st.sampled_from(_SEPARATORS))
        n = draw(st.integers(2, 4))
        names: list[str] = []
        while len(names) < n:
            last = draw(st.none() | st.sampled_from(_YAML_WORDS))
            name = _word(draw, st) + " " + (last or _word(draw, st))
            if name not in names:
                names.append(name)
        top: list[str] = []
        title = series = None
        if draw(st.booleans()):
            # A title in title case: its words of four letters or more are capitalised.
            title = " of the ".join(_word(draw, st, 3) for _ in range(2))
            title += draw(st.sampled_from(["", "?"]))
            top.append(title)
        if draw(st.booleans()):
            series = "A " + _word(draw, st) + " " + draw(st.sampled_from(_SERIES_WORDS))
            top = [series, title] if title and draw(st.booleans()) else top + [series]
        intro = [_sentence(draw, st) for _ in range(draw(st.integers(0, 2)))]
        question = None
        if intro or draw(st.booleans()):
            question = _sentence(draw, st, "?")
            intro.append(_sentence(draw, st) + " " + question)
        signature = draw(st.sampled_from(["", "inline", "line"])) if intro else ""
        if signature == "inline":
            intro[-1] += " —The Editors"
        if blocks and question and draw(st.booleans()):  # the question wrapped over two lines
            words = question.split(" ")
            cut = len(words) // 2
            wrapped = " ".join(words[:cut]) + nl + " ".join(words[cut:])
            intro[-1] = intro[-1].replace(question, wrapped)
            question = wrapped
        body: list[list[str]] = []  # groups of lines; blocks put a blank line between groups
        body += [[t] for t in top]
        # Wrap the introduction's paragraphs but the last (the question's, wrapped above).
        body += [[_wrap(draw, st, p, nl) if blocks else p] for p in intro[:-1]] + (
            [intro[-1:]] if intro else []
        )
        if signature == "line":
            body.append(["—The Editors"])
        if sep:
            body.append([sep])
        counts = {}
        for name in names:
            paras = [_sentence(draw, st) for _ in range(draw(st.integers(1, 3)))]
            counts[name] = len(paras)
            if blocks:
                paras = [_wrap(draw, st, p, nl) for p in paras]
            if headings == "inline":
                paras[0] = f"{name}: {paras[0]}"
                body += [[p] for p in paras]
                continue
            head = [name + (":" if headings == "colon" else "")]
            if draw(st.booleans()):
                head.append(
                    draw(st.sampled_from(["Professor of ", "Lecturer in ", "Fellow, "]))
                    + _word(draw, st)
                    + draw(st.sampled_from(["", " University", " Institute"]))
                )
            body.append(head)
            body += [[p] for p in paras]
        joiner = nl + nl if blocks else nl
        text = joiner.join(nl.join(group) for group in body) + nl
        if draw(st.booleans()):
            text = "\ufeff" + text
        editors = len(intro) if intro else None
        return text, names, counts, editors, question, title, series

    return symposium()


def test_generated_symposia_in_every_layout_import_exactly(tmp_path):
    pytest.importorskip("hypothesis")
    from hypothesis import HealthCheck, given, settings

    runs = {"n": 0}

    @settings(
        max_examples=1000,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(_symposia())
    def check(case):
        text, names, counts, editors, question, title, series = case
        runs["n"] += 1
        expected = [counts[n] for n in names]
        # Structure for every example: what the importer detects and how it splits the text.
        detected = detect(text)
        assert [c.name for c in detected.contributors] == names
        assert (detected.title, detected.series) == (title, series)
        sections = segment(
            text, detected.layout, "editors" if detected.editors else None, detected.contributors
        )
        assert [len(sections.paragraphs[c.id]) for c in detected.contributors] == expected
        assert (len(sections.paragraphs["editors"]) if detected.editors else None) == editors
        if runs["n"] % 4:
            return
        # A sample goes through the whole import, which runs the loader's validation.
        src = tmp_path / "in.txt"
        src.write_bytes(text.encode("utf-8"))
        out = tmp_path / f"d{runs['n']}"
        result = import_text(src, out)  # raises ImportProblem unless the folder validates
        assert [result.paragraphs[c.id] for c in result.detected.contributors] == expected
        assert result.question == (question if editors else None)
        if runs["n"] % 20 == 0:  # and the loader reads the same sections back from the YAML
            d = load_debate(out)
            assert [p.name for p in d.contributors] == names
            assert [len(p.paragraphs) for p in d.contributors] == expected
        shutil.rmtree(out)

    check()
    assert runs["n"] >= 1000
