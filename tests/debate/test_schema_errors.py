"""The kit's schema walk (the error path) against the fast validator and ``jsonschema``.

Three validators must give the same verdict on every document: the shipped
fast validator (valid files), the kit's walk (invalid files, every error) and
``jsonschema`` (the reference, a test dependency only). The walk must also
find the same errors as ``jsonschema``: the same (path, keyword) pairs.
Documents: the malformed corpus, and 1,200 generated ones made by hypothesis
from the bundled debate and the corpus' base (whatever they contain now).
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symposium_kit import schema
from symposium_kit.debate._schema_fast import validate as fast_validate
from symposium_kit.debate.load import bundled_debate_dir
from symposium_kit.debate.schema_errors import KEYWORDS, iter_errors
from symposium_kit.debate.yaml_lines import parse_yaml

CORPUS = Path(__file__).parents[1] / "malformed"
SCHEMA = schema()
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)
COUNTS = {"corpus": 0, "generated": 0, "invalid": 0}


def _parsed(path: Path):
    return parse_yaml(path.read_bytes(), str(path)).data


BASES = [_parsed(bundled_debate_dir() / "debate.yaml"), _parsed(CORPUS / "_base" / "debate.yaml")]


def _fast_ok(data) -> bool:
    try:
        fast_validate(data)
    except ValueError:
        return False
    return True


def _agree(data) -> bool:
    """Assert the three verdicts and the two error lists agree; True if the document is valid."""
    walk = {(tuple(e.absolute_path), e.validator) for e in iter_errors(SCHEMA, data)}
    reference = {(tuple(e.absolute_path), e.validator) for e in REFERENCE.iter_errors(data)}
    assert walk == reference
    assert _fast_ok(data) == (not reference), (sorted(map(str, reference)), data)
    return not reference


def test_the_walk_knows_every_keyword_of_the_schema():
    assert list(iter_errors(SCHEMA, BASES[0])) == []


def test_a_schema_keyword_the_walk_does_not_know_is_refused():
    with pytest.raises(ValueError, match="#/properties/a/oneOf"):
        list(iter_errors({"properties": {"a": {"oneOf": []}}}, {"a": 1}))
    assert "oneOf" not in KEYWORDS


def test_fast_validator_walk_and_jsonschema_agree_on_the_malformed_corpus():
    checked = 0
    for folder in sorted(CORPUS.iterdir()):
        path = folder / "debate.yaml"
        if not path.is_file():
            continue
        parsed = parse_yaml(path.read_bytes(), str(path))
        if parsed.problems:
            continue
        _agree(parsed.data)
        checked += 1
    COUNTS["corpus"] = checked
    assert checked >= 40


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from([0.0, 1.0, 2.0, -1.0, 1800, 2200, 2201, 1799.5]),
    st.text(max_size=12),
    st.sampled_from(
        ["", "tiny", "tiny\n", "2025-07", "2025-07\n", "٢٠٢٥-٠٧", "2025-7", "Ann Lee", "https://x",
         "thesis", "reason", "statistic", "contributor", "editors", "accepts", "will", "a.b-c_d"]
    ),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


@st.composite
def _documents(draw):
    """A base document with one to three edits: a value replaced, a key deleted or added."""
    data = copy.deepcopy(BASES[draw(st.sampled_from([1, 1, 1, 1, 1, 0]))])  # mostly the small base
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if not path:
            if how == "add":
                data[draw(st.text(max_size=8))] = draw(_VALUES)
            continue
        last = path[-1]
        if how == "replace":
            parent[last] = draw(_VALUES)
        elif how == "delete":
            del parent[last]
        elif how == "add" and isinstance(parent[last], dict):
            key = draw(st.sampled_from(["weight", "id", "note", "quote", "0", "3", "extra"]))
            parent[last][key] = draw(_VALUES)
        elif how == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@settings(
    max_examples=1100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_documents())
def test_fast_validator_walk_and_jsonschema_agree_on_generated_documents(data):
    COUNTS["generated"] += 1
    if not _agree(data):
        COUNTS["invalid"] += 1


def test_enough_generated_documents_were_invalid():
    """Runs after the property test (file order): most edits must break the schema."""
    if COUNTS["generated"] == 0:
        pytest.skip("the property test did not run in this session")
    assert COUNTS["generated"] >= 1000
    assert COUNTS["invalid"] >= COUNTS["generated"] // 3
    print(f"\nschema agreement: {COUNTS}")


def test_the_error_path_imports_no_jsonschema():
    folder = CORPUS / "wrong-type-year"
    code = (
        "import sys; from symposium_kit.debate.load import validate_debate; "
        f"assert validate_debate({str(folder)!r}); print('jsonschema' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "False"
