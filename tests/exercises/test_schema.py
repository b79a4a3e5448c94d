"""The JSON Schema of exercise files: the bundled files follow it, the reader reports its errors.

Malformed files live in ``tests/fixtures/exercise-schema/``, one mistake each.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from symposium_kit import load_debate
from symposium_kit.debate.yaml_lines import parse_yaml
from symposium_kit.exercises import schema as exercise_schema
from symposium_kit.exercises.catalog import DERIVATIONS, KINDS, exercise_files, exercises_dir
from symposium_kit.exercises.model import ID_PATTERN
from symposium_kit.exercises.reader import parse_exercise_file
from symposium_kit.exercises.schema import exercises_schema, exercises_schema_path
from symposium_kit.resources import data_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
MALFORMED = FIXTURES / "exercise-schema"
BUNDLED = exercise_files()
DEMO = sorted((FIXTURES / "exercises").glob("*.yaml"))


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return exercises_schema()


@pytest.fixture(scope="module", params=["reader", "default"])
def fast(request, schema):
    """The reader's compiled validator, and one compiled with fastjsonschema's defaults."""
    if request.param == "reader":
        return exercise_schema._fast_validator()
    return fastjsonschema.compile(schema, use_default=False)


@pytest.fixture(scope="module")
def slow(schema):
    return jsonschema.Draft202012Validator(schema)


def data_of(path: Path) -> Any:
    parsed = parse_yaml(path.read_bytes(), str(path))
    assert parsed.problems == [], parsed.problems
    return parsed.data


def fast_accepts(fast, data: Any) -> bool:
    try:
        fast(data)
    except ValueError:  # fastjsonschema's exceptions are ValueErrors
        return False
    return True


def read(path: Path, debate):
    return parse_exercise_file(path.read_bytes(), str(path), debate, path.stem)


# -- the schema itself ---------------------------------------------------------------


def test_the_schema_is_a_draft_2020_12_schema_with_id_and_title(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("exercises-1.json") and schema["title"]


def _properties(node: Any, where: str = ""):
    """Every (place, name, subschema) under a `properties` keyword, at any depth.

    The conditions of `if:` blocks (which kind an entry is) name fields only to test
    them; the fields themselves are described where they are defined.
    """
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", sub
        for key, value in node.items():
            if key == "if":
                continue
            if key != "properties":
                yield from _properties(value, f"{where}/{key}")
            else:
                for name, sub in value.items():
                    yield from _properties(sub, f"{where}/properties/{name}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


def test_every_property_has_a_description(schema):
    places = list(_properties(schema))
    assert len(places) > 30, "the walk found too few properties"
    missing = [where for where, sub in places if not sub.get("description")]
    assert missing == []


def test_the_entry_fields_are_exactly_those_the_readme_lists(schema):
    readme = (exercises_dir() / "README.md").read_text(encoding="utf-8")
    listed = readme.split("Fields: ", 1)[1].split("Any other field", 1)[0]
    fields = set(re.findall(r"`([a-z_]+)`", listed))
    assert set(schema["$defs"]["exercise"]["properties"]) == fields
    assert schema["$defs"]["exercise"]["additionalProperties"] is False
    assert schema["additionalProperties"] is False


def test_the_schema_lists_the_kinds_and_derivations_of_the_code(schema):
    entry = schema["$defs"]["exercise"]
    assert entry["properties"]["kind"]["enum"] == list(KINDS)
    pattern = entry["properties"]["derive"]["pattern"]
    names = set(re.search(r"\(\?:([a-z_|]+)\)", pattern).group(1).split("|"))
    assert names == {name.split(":")[0] for name in DERIVATIONS}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("positions.stance-order", True),
        ("a.b.c", True),
        ("0.x-1", True),
        ("positions", False),
        ("Positions.order", False),
        ("positions.", False),
        ("positions.-order", False),
        ("positions.stance order", False),
        ("positions.stance-order\n", False),
        ("\npositions.stance-order", False),
    ],
)
def test_the_id_pattern_is_the_models_and_refuses_a_trailing_newline(
    schema, fast, slow, value, valid
):
    doc = {"exercises": [{"id": value, "kind": "short_text", "prompt": "P"}]}
    assert fast_accepts(fast, doc) is valid
    assert slow.is_valid(doc) is valid
    if not value.endswith("\n"):  # the model's `$` also matches before a final newline
        assert bool(ID_PATTERN.match(value)) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("stance_order", True),
        ("stance_order:ignored", True),
        ("cited_by:chip-ban-reversal", True),
        ("framing_rejecters", True),
        ("stance_orders", False),
        ("cited-by:chip-ban-reversal", False),
        ("stance_order\n", False),
        (" stance_order", False),
    ],
)
def test_the_derive_pattern_accepts_known_names_only(fast, slow, value, valid):
    doc = {"exercises": [{"id": "t.x", "kind": "ordering", "prompt": "P", "hints": ["h"]}]}
    doc["exercises"][0]["derive"] = value
    assert fast_accepts(fast, doc) is valid
    assert slow.is_valid(doc) is valid


# -- the bundled files follow it -------------------------------------------------------


def test_there_are_bundled_exercise_files():
    assert len(BUNDLED) >= 5


@pytest.mark.parametrize("path", BUNDLED + DEMO, ids=lambda p: p.name)
def test_an_exercise_file_of_the_kit_is_valid_for_both_validators(fast, slow, path):
    data = data_of(path)
    assert data["exercises"], "the file holds no exercise"
    assert fast_accepts(fast, data)
    assert [e.message for e in slow.iter_errors(data)] == []


# -- malformed files: a problem with file, line and field ------------------------------


@pytest.mark.parametrize(
    ("name", "line", "field", "words", "kept"),
    [
        ("unknown-kind", 4, "exercises[0].kind", "kind 'essay' is not known; use one of:", []),
        (
            "missing-prompt",
            9,
            "exercises[1].prompt",
            "missing or empty: write the question",
            ["schema.fine"],
        ),
        (
            "options-not-a-list",
            11,
            "exercises[1].options",
            "expected a list of options (texts) or `contributors`, got text",
            ["schema.fine"],
        ),
        (
            "option-not-text",
            8,
            "exercises[0].options[1]",
            "expected an option (a text or a number), got a mapping",
            [],
        ),
        (
            "tolerance-not-a-number",
            7,
            "exercises[0].tolerance",
            "expected a number >= 0, got text 'a few days'",
            [],
        ),
        (
            "id-trailing-newline",
            3,
            "exercises[0].id",
            "'schema.trailing-newline\\n' is not a valid id",
            [],
        ),
        ("unknown-field", 7, "exercises[0].weight", "unknown field 'weight'; allowed: answer,", []),
    ],
)
def test_a_malformed_file_gives_one_problem_with_file_line_and_field(
    debate, name, line, field, words, kept
):
    path = MALFORMED / f"{name}.yaml"
    exercises, problems = read(path, debate)
    assert [(p.file, p.line, p.field) for p in problems] == [(str(path), line, field)], problems
    assert words in problems[0].message
    assert [ex.id for ex in exercises] == kept


def test_every_schema_error_of_an_entry_is_reported_in_line_order(debate):
    path = MALFORMED / "several-errors.yaml"
    broken: dict[str, list] = {}
    exercises, problems = parse_exercise_file(path.read_bytes(), str(path), debate, "x", broken)
    assert exercises == []
    assert [(p.line, p.field) for p in problems] == [
        (3, "exercises[0].id"),
        (5, "exercises[0].prompt"),
        (6, "exercises[0].answer"),
        (7, "exercises[0].tolerance"),
    ]
    assert "expected a number, got a list" in problems[2].message
    assert broken == {"Schema Several": problems}


def test_the_validators_agree_on_every_file(fast, slow):
    paths = BUNDLED + DEMO + sorted(MALFORMED.glob("*.yaml"))
    verdicts = {p.name: (fast_accepts(fast, data_of(p)), slow.is_valid(data_of(p))) for p in paths}
    assert all(f == s for f, s in verdicts.values()), verdicts
    malformed = {p.name for p in MALFORMED.glob("*.yaml")}
    assert {n for n, (f, _) in verdicts.items() if not f} == malformed


@pytest.mark.parametrize(
    "entry",
    [
        "just text",
        {"id": "t.x", "kind": "numeric", "prompt": "P", "hints": ["h"]},
        {"id": "t.x", "kind": "numeric", "prompt": "P", "hints": None, "answer": 1},
        {"id": "t.x", "kind": "numeric", "prompt": "P", "hints": ["h"], "answer": True},
        {"id": "t.x", "kind": "numeric", "prompt": "P", "hints": ["h"], "answer": 1.5},
        {"id": "t.x", "kind": "numeric", "prompt": " ", "hints": ["h"], "answer": 1},
        {"id": "t.x", "kind": "short_text", "prompt": "P", "min_words": 3.0},
        {"id": "t.x", "kind": "short_text", "prompt": "P", "derive": "stance_order"},
        {"id": "t.x", "kind": "single_choice", "prompt": "P", "hints": ["h"], "answer": "a"},
        {
            "id": "t.x",
            "kind": "single_choice",
            "prompt": "P",
            "hints": ["h"],
            "answer": "a",
            "options": [True, 2],
        },
        {
            "id": "t.x",
            "kind": "matching",
            "prompt": "P",
            "hints": ["h"],
            "answer": "speakers",
            "items": {},
        },
        {
            "id": "t.x",
            "kind": "quote",
            "prompt": "P",
            "hints": ["h"],
            "participant": "mann",
            "role": "joke",
        },
        {"id": "t.x", "kind": "quote", "prompt": "P", "hints": ["h"], "derive": "stance_order"},
        {
            "id": "t.x",
            "kind": "ordering",
            "prompt": "P",
            "hints": ["h"],
            "answer": [1],
            "ties": None,
        },
        {
            "id": "t.x",
            "kind": "numeric",
            "prompt": "P",
            "hints": ["h"],
            "answer": 1,
            "feedback": [{"when": 1}],
        },
    ],
)
def test_the_validators_agree_on_edge_cases(fast, slow, entry):
    doc = {"exercises": [entry]}
    assert fast_accepts(fast, doc) == slow.is_valid(doc)


def test_a_mistake_the_schema_cannot_see_is_still_caught_by_the_reader(debate, fast):
    # JSON Schema's `integer` admits 3.0 (JSON has one kind of number); the reader does not.
    text = "exercises:\n  - id: t.x\n    kind: short_text\n    prompt: P\n    min_words: 3.0\n"
    assert fast_accepts(fast, parse_yaml(text.encode(), "t.yaml").data)
    _, problems = parse_exercise_file(text.encode(), "t.yaml", debate, "t")
    assert [(p.line, p.field) for p in problems] == [(5, "exercises[0].min_words")]
    assert "write 3, not 3.0" in problems[0].message


# -- the reader's use of the validators ------------------------------------------------


def test_the_fast_validator_is_compiled_once_per_process(monkeypatch, debate):
    calls = []
    real = fastjsonschema.compile

    def counting(*args: Any, **kwargs: Any):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fastjsonschema, "compile", counting)
    monkeypatch.setattr(exercise_schema, "_cache", {})
    for path in BUNDLED:
        exercises, problems = read(path, debate)
        assert exercises and problems == []
    assert len(calls) == 1


def test_a_valid_file_is_read_without_importing_jsonschema():
    code = (
        "import sys\n"
        "from symposium_kit import load_debate\n"
        "from symposium_kit.exercises.catalog import collect_exercises\n"
        "exercises, problems = collect_exercises(load_debate())\n"
        "assert exercises and not problems, problems\n"
        "print('fastjsonschema' in sys.modules, 'jsonschema' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["True", "False"]


# -- for editors --------------------------------------------------------------------


def test_the_schema_path_is_the_shipped_file():
    path = exercises_schema_path()
    assert path == data_dir() / "schema" / "exercises.schema.json" and path.is_file()


def test_the_readme_comment_points_at_the_schema_and_does_not_break_the_reader(debate):
    readme = (exercises_dir() / "README.md").read_text(encoding="utf-8")
    comment = re.search(r"^# yaml-language-server: \$schema=(\S+)$", readme, re.M)
    assert comment is not None, "the README shows no yaml-language-server comment"
    target = (exercises_dir() / comment.group(1)).resolve()
    assert target == exercises_schema_path().resolve()
    text = comment.group(0) + "\n" + BUNDLED[0].read_text(encoding="utf-8")
    exercises, problems = parse_exercise_file(text.encode(), "x.yaml", debate, BUNDLED[0].stem)
    before, _ = read(BUNDLED[0], debate)
    assert problems == [] and [e.id for e in exercises] == [e.id for e in before]
    assert [e.line for e in exercises] == [e.line + 1 for e in before]
