"""Exercise files: validation with file:line:field problems, and keys derived from the debate."""

from __future__ import annotations

from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import (
    DERIVATIONS,
    KINDS,
    collect_exercises,
    exercise_files,
    load_exercises,
    parse_exercise_file,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exercises"


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def demo(debate):
    exercises, problems = collect_exercises(debate, folder=FIXTURES)
    assert problems == []
    return exercises


def parse(text: str, debate, name: str = "t"):
    return parse_exercise_file(text.encode("utf-8"), f"{name}.yaml", debate, name)


def one(kind_block: str) -> str:
    return "exercises:\n  - id: t.one\n    hints: [a hint]\n" + kind_block


# -- the bundled files -----------------------------------------------------------


def test_bundled_exercise_files_are_valid(debate):
    exercises = load_exercises(debate)
    assert exercises, "no bundled exercises"
    for ex in exercises.values():
        assert ex.kind in KINDS
        assert ex.notebook and ex.prompt
        assert ex.hints or ex.kind == "short_text", ex.id


def test_bundled_exercise_ids_are_unique_and_follow_the_pattern(debate):
    exercises, problems = collect_exercises(debate)
    assert problems == []
    assert all(len(ex.id.split(".")) >= 2 and ex.id == ex.id.lower() for ex in exercises.values())


def test_every_derivation_in_the_readme_is_known():
    readme = (exercise_files()[0].parent / "README.md").read_text(encoding="utf-8")
    for name in DERIVATIONS:
        assert f"`{name.split(':')[0]}" in readme, name


# -- derived keys follow the debate ----------------------------------------------


def test_stance_order_groups_contributors_by_stance_value(debate, demo):
    key = demo["demo.stance-order"].key
    stances = {p.participant: p.stance for p in debate.positions}
    values = [{stances[c] for c in group} for group in key]
    assert all(len(v) == 1 for v in values)
    flat = [v.pop() for v in values]
    assert flat == sorted(flat) and len(set(flat)) == len(flat)
    assert sorted(c for g in key for c in g) == sorted(p.id for p in debate.contributors)


def test_cited_by_key_lists_the_contributors_citing_the_item(debate, demo):
    item = debate.evidence_item("chip-ban-reversal")
    expected = sorted(p for p in item.participants if debate.participant(p).role == "contributor")
    assert list(demo["demo.who-cites-chips"].key) == expected
    assert "editors" not in demo["demo.who-cites-chips"].key


def test_word_count_key_is_the_longest_comment(debate, demo):
    longest = max(debate.contributors, key=lambda p: p.word_count)
    assert demo["demo.most-words"].key == longest.id


def test_kind_of_key_is_the_evidence_kind(debate, demo):
    assert demo["demo.solomon-kind"].key == debate.evidence_item("solomon-study").kind


def test_speakers_key_finds_who_wrote_each_quote(debate, demo):
    ex = demo["demo.speakers"]
    for label, quote in ex.items:
        at = debate.source.text.find(quote)
        assert ex.key[label] == debate.participant_at(at)


def test_quote_exercise_names_participant_and_role(demo):
    ex = demo["demo.mann-concedes"]
    assert (ex.participant, ex.role, ex.names) == ("mann", "concession", True)


def test_event_order_derivation_sorts_by_sort_key(debate):
    text = one("    kind: ordering\n    prompt: Order.\n    derive: event_order\n")
    (ex,), problems = parse(text, debate)
    assert problems == []
    flat = [e for g in ex.key for e in g]
    keys = [next(e.sort_key for e in debate.events if e.id == i) for i in flat]
    assert keys == sorted(keys)


def test_names_in_a_literal_key_become_ids(debate):
    text = one(
        "    kind: multiple_choice\n    prompt: Who?\n    options: contributors\n"
        "    answer: [James Mann, Roach]\n"
    )
    (ex,), problems = parse(text, debate)
    assert problems == [] and ex.key == ("mann", "roach") and ex.names


def test_exercise_folder_can_be_overridden_by_environment(monkeypatch, debate):
    monkeypatch.setenv("SYMPOSIUM_KIT_EXERCISES", str(FIXTURES))
    assert [p.name for p in exercise_files()] == ["00-demo.yaml"]
    assert "demo.truce-days" in collect_exercises(debate)[0]


# -- problems name file, line and field --------------------------------------------


@pytest.mark.parametrize(
    ("block", "line", "field", "words"),
    [
        ("    kind: essay\n    prompt: P\n    answer: 1\n", 4, "exercises[0].kind", "not known"),
        (
            "    kind: numeric\n    prompt: P\n    answer: 1\n    colour: red\n",
            7,
            "exercises[0].colour",
            "unknown field",
        ),
        (
            "    kind: numeric\n    prompt: P\n    answer: 1\n    derive: stance_order\n",
            7,
            "exercises[0].derive",
            "not both",
        ),
        ("    kind: numeric\n    prompt: P\n", 2, "exercises[0].answer", "missing"),
        (
            "    kind: single_choice\n    prompt: P\n    options: [a, b]\n    answer: c\n",
            7,
            "exercises[0].answer",
            "not one of the options",
        ),
        (
            "    kind: multiple_choice\n    prompt: P\n    options: contributors\n"
            "    derive: cited_by:nope\n",
            7,
            "exercises[0].derive",
            "no evidence item",
        ),
        (
            "    kind: ordering\n    prompt: P\n    derive: stance_orders\n",
            6,
            "exercises[0].derive",
            "unknown derivation",
        ),
        (
            "    kind: numeric\n    prompt: P\n    answer: '3'\n",
            6,
            "exercises[0].answer",
            "a number",
        ),
        (
            "    kind: quote\n    prompt: P\n    derive: quote_by:nobody:concession\n",
            6,
            "exercises[0].derive",
            "nobody",
        ),
        (
            "    kind: multiple_choice\n    prompt: P\n    options: contributors\n"
            "    answer: [mann]\n    feedback:\n      - when: [Manx]\n        say: nope\n",
            9,
            "exercises[0].feedback[0].when",
            "not a participant",
        ),
    ],
)
def test_a_bad_entry_is_reported_with_file_line_and_field(debate, block, line, field, words):
    exercises, problems = parse(one(block), debate)
    assert exercises == []
    assert problems, "expected a problem"
    p = problems[0]
    assert (p.file, p.line, p.field) == ("t.yaml", line, field), str(p)
    assert words in p.message


def test_a_bad_id_is_reported(debate):
    _, problems = parse("exercises:\n  - id: Positions Order\n    kind: numeric\n", debate)
    assert str(problems[0]).startswith(
        "t.yaml:2: exercises[0].id: 'Positions Order' is not a valid id"
    )


def test_missing_hints_are_reported_for_graded_kinds(debate):
    text = "exercises:\n  - id: t.x\n    kind: numeric\n    prompt: P\n    answer: 1\n"
    _, problems = parse(text, debate)
    assert [p.field for p in problems] == ["exercises[0].hints"]


def test_yaml_syntax_error_names_the_line(debate):
    _, problems = parse("exercises:\n  - id: t.x\n    prompt: [unclosed\n", debate)
    assert problems[0].file == "t.yaml" and problems[0].line >= 3
    assert "YAML error" in problems[0].message


def test_notebook_field_must_match_the_file_name(debate):
    text = one("    notebook: 09-other\n    kind: numeric\n    prompt: P\n    answer: 1\n")
    _, problems = parse(text, debate)
    assert problems[0].field == "exercises[0].notebook"


def test_duplicate_ids_across_files_are_reported(tmp_path, debate):
    entry = one("    kind: numeric\n    prompt: P\n    answer: 1\n")
    (tmp_path / "a.yaml").write_text(entry.replace("id: t.one", "id: t.same"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(entry.replace("id: t.one", "id: t.same"), encoding="utf-8")
    exercises, problems = collect_exercises(debate, folder=tmp_path)
    assert list(exercises) == ["t.same"]
    assert len(problems) == 1 and "already used" in problems[0].message
    assert problems[0].file.endswith("b.yaml")


def test_one_broken_exercise_leaves_the_others_usable(tmp_path, debate):
    good = one("    kind: numeric\n    prompt: P\n    answer: 1\n")
    bad = "\n  - id: t.two\n    kind: numeric\n    prompt: P\n    hints: [h]\n"
    (tmp_path / "x.yaml").write_text(good + bad, encoding="utf-8")
    broken: dict = {}
    exercises, problems = collect_exercises(debate, folder=tmp_path, broken=broken)
    assert list(exercises) == ["t.one"]
    assert list(broken) == ["t.two"] and problems


def test_load_exercises_raises_with_every_problem(tmp_path, debate):
    from symposium_kit import DebateError

    (tmp_path / "x.yaml").write_text("exercises: 3\n", encoding="utf-8")
    with pytest.raises(DebateError) as info:
        load_exercises(debate, folder=tmp_path)
    assert "x.yaml:1: exercises:" in str(info.value)


def test_a_yes_or_no_message_is_asked_to_be_quoted(debate):
    text = one(
        "    kind: numeric\n    prompt: P\n    answer: 1\n"
        "    feedback:\n      - when: 2\n        say: no\n"
    )
    _, problems = parse(text, debate)
    assert problems[0].field == "exercises[0].feedback[0].say" and "quotes" in problems[0].message


def test_every_exercise_id_named_in_the_teaching_guide_exists(debate):
    import re

    guide = Path(__file__).parents[2] / "docs" / "teaching-guide.md"
    topics = {ex.id.split(".")[0] for ex in load_exercises(debate).values()}
    named = set(re.findall(r"`([a-z]+\.[a-z0-9-]+)`", guide.read_text(encoding="utf-8")))
    named = {n for n in named if n.split(".")[0] in topics}
    assert named, "the guide names no exercise"
    assert named <= set(load_exercises(debate)), sorted(named - set(load_exercises(debate)))


def test_a_hint_that_gives_the_answer_away_is_reported(debate):
    text = (
        "exercises:\n  - id: t.kind\n    kind: single_choice\n    prompt: P\n"
        "    options: [event, authority]\n    answer: authority\n"
        "    hints: [Think of who wrote it., It is an authority.]\n"
    )
    _, problems = parse(text, debate)
    assert [(p.line, p.field) for p in problems] == [(7, "exercises[0].hints[1]")]
    text = (
        "exercises:\n  - id: t.who\n    kind: multiple_choice\n    prompt: P\n"
        "    options: contributors\n    answer: [mann, cutler]\n"
        "    hints: [James Mann and Wendy Cutler do., Mann is one.]\n"
    )
    _, problems = parse(text, debate)
    assert [p.field for p in problems] == ["exercises[0].hints[0]"]


def test_cited_for_key_matches_each_citing_contributor_to_their_conclusion(debate, demo):
    ex = demo["demo.chips-conclusions"]
    item = debate.evidence_item("chip-ban-reversal")
    citing = [p for p in item.participants if debate.participant(p).role == "contributor"]
    assert [label for label, _ in ex.items] == [debate.participant(p).label for p in citing]
    for label, quote in ex.items:
        pid = debate.participant(label).id
        assert quote in {c.anchor.quote for c in item.citations if c.participant == pid}
        assert ex.key[label] == debate.position(pid).answer
    assert set(ex.options) == {p.answer for p in debate.positions}


# -- points and rubric, for grading open answers by hand -----------------------------


def test_short_text_takes_points_and_a_rubric_for_hand_grading(debate):
    block = "    kind: short_text\n    prompt: P\n    points: 2.5\n    rubric: >-\n      Names both\n      views.\n"
    (ex,), problems = parse(one(block), debate)
    assert problems == []
    assert (ex.points, ex.rubric) == (2.5, "Names both views.")
    (plain,), _ = parse(one("    kind: short_text\n    prompt: P\n"), debate)
    assert (plain.points, plain.rubric) == (None, "")


@pytest.mark.parametrize(
    ("block", "field", "words"),
    [
        ("    kind: short_text\n    prompt: P\n    points: 0\n", "exercises[0].points", ""),
        ("    kind: short_text\n    prompt: P\n    points: two\n", "exercises[0].points", ""),
        ("    kind: short_text\n    prompt: P\n    rubric: ''\n", "exercises[0].rubric", ""),
        (
            "    kind: numeric\n    prompt: P\n    answer: 1\n    points: 2\n",
            "exercises[0].points",
            "only short_text",
        ),
    ],
)
def test_bad_points_or_rubric_are_reported(debate, block, field, words):
    exercises, problems = parse(one(block), debate)
    assert exercises == []
    assert [p.field for p in problems] == [field], [str(p) for p in problems]
    assert words in problems[0].message
