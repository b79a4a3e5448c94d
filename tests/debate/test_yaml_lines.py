"""Reading YAML safely: plain data only, a line for every path, and clear refusals."""

from __future__ import annotations

import time

import pytest

from symposium_kit.debate.yaml_lines import MAX_DEPTH, MAX_YAML_BYTES, parse_yaml


def _only_problem(raw: bytes) -> str:
    parsed = parse_yaml(raw, "f.yaml")
    assert len(parsed.problems) == 1, parsed.problems
    return str(parsed.problems[0])


def test_plain_values_are_built():
    p = parse_yaml(b"s: text\ni: 7\nf: 1.5\nb: true\nn: null\nl: [1, two]\nm: {k: v}\n", "f.yaml")
    assert p.data == {
        "s": "text",
        "i": 7,
        "f": 1.5,
        "b": True,
        "n": None,
        "l": [1, "two"],
        "m": {"k": "v"},
    }
    assert p.problems == []


def test_every_key_and_item_has_its_line():
    p = parse_yaml(b"a:\n  b:\n    - x\n    - c: 1\n      d: 2\n", "f.yaml")
    assert p.lines[("a",)] == 1
    assert p.lines[("a", "b")] == 2
    assert p.lines[("a", "b", 0)] == 3
    assert p.lines[("a", "b", 1, "d")] == 5
    assert p.line_of(("a", "b", 1, "missing")) == 4


def test_keys_stay_as_written_text():
    p = parse_yaml(b"levels:\n  0: weak\n  1: strong\nyes: 1\n", "f.yaml")
    assert p.data == {"levels": {"0": "weak", "1": "strong"}, "yes": 1}


def test_dates_stay_text():
    assert parse_yaml(b"d: 2025-07-01\n", "f.yaml").data == {"d": "2025-07-01"}


def test_duplicate_key_names_both_lines():
    msg = _only_problem(b"a: 1\nb:\n  c: 1\n  c: 2\n")
    assert msg == "f.yaml:4: b.c: duplicate key 'c' (first on line 3); keep one"


def test_object_tags_are_refused_and_nothing_is_constructed():
    raw = b'x: !!python/object/apply:os.system ["echo hi"]\ny: !!python/name:os.system\n'
    p = parse_yaml(raw, "f.yaml")
    assert [(q.line, q.field) for q in p.problems] == [(1, "x"), (2, "y")]
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in p.problems[0].message
    assert p.data == {"x": None, "y": None}


def test_local_and_binary_tags_are_refused_too():
    assert "YAML tag '!thing' is not allowed" in _only_problem(b"x: !thing 3\n")
    assert "'!!binary' is not allowed" in _only_problem(b"x: !!binary aGk=\n")


def test_aliases_are_refused():
    assert _only_problem(b"a: &x [1]\nb: *x\n").startswith("f.yaml:2: b: YAML aliases")


def test_billion_laughs_is_refused_quickly():
    rows = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    start = time.perf_counter()
    p = parse_yaml("\n".join(rows).encode(), "f.yaml")
    assert time.perf_counter() - start < 5
    assert p.problems and all("aliases" in q.message for q in p.problems)


def test_a_self_referencing_document_is_refused():
    p = parse_yaml(b"a: &a [*a]\n", "f.yaml")
    assert [q.field for q in p.problems] == ["a[0]"]


def test_deep_nesting_is_refused():
    raw = (
        b"".join(b"  " * i + b"k:\n" for i in range(MAX_DEPTH + 5))
        + b"  " * (MAX_DEPTH + 5)
        + b"v\n"
    )
    p = parse_yaml(raw, "f.yaml")
    assert any(f"nested deeper than {MAX_DEPTH} levels" in q.message for q in p.problems)


def test_a_mapping_as_a_key_is_refused():
    assert "a key must be plain text" in _only_problem(b"? [a, b]\n: 1\n")


def test_syntax_error_gives_its_line():
    assert _only_problem(b"a: 1\nb: [unclosed\nc: 2\n").startswith("f.yaml:")
    assert _only_problem(b"a: 1\n  b: 2\n").startswith("f.yaml:2: (file): YAML error:")


def test_empty_comment_only_and_non_utf8_files():
    assert "file is empty" in _only_problem(b"  \n\n")
    assert "file holds no data" in _only_problem(b"# just a comment\n")
    assert _only_problem(b"a: 1\nb: caf\xe9\n").startswith(
        "f.yaml:2: (file): not UTF-8 text (byte 0xe9)"
    )


def test_a_byte_order_mark_is_allowed():
    assert parse_yaml("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_too_large_input_is_refused_unread():
    p = parse_yaml(b"#" * (MAX_YAML_BYTES + 1), "f.yaml")
    assert p.data is None and "file is too large" in p.problems[0].message


def test_an_explicit_tag_with_a_wrong_value_is_a_problem_not_a_crash():
    assert _only_problem(b"a: 1\nx: !!int abc\n") == "f.yaml:2: x: 'abc' is not a valid YAML int"
    assert "'maybe' is not a valid YAML bool" in _only_problem(b"x: !!bool maybe\n")


def test_a_second_document_is_a_yaml_error():
    assert _only_problem(b"a: 1\n---\nb: 2\n").startswith("f.yaml:2: (file): YAML error:")


# -- tags on the wrong kind of node, odd bytes, and the lines they are reported at ------------


@pytest.mark.parametrize(
    "value",
    [
        "!!map [1, 2]",
        "!!seq foo",
        "!!map ab",
        "!!str {a: 1}",
        "!!seq {a: 1}",
        "!!int [1]",
        "!!int ''",
        '!!float ""',
        '!!int "-"',
        "!!bool maybe",
        "!!null [x]",
    ],
)
def test_a_tag_that_does_not_fit_its_value_is_a_located_problem(value):
    parsed = parse_yaml(f"id: x\ntitle: {value}\n".encode(), "d.yaml")
    assert parsed.problems, parsed.data
    (problem,) = parsed.problems
    assert (problem.file, problem.line, problem.field) == ("d.yaml", 2, "title")
    assert "\n" not in problem.message


def test_an_alias_used_as_a_key_is_refused():
    parsed = parse_yaml(b"a: &t x\n*t : 1\n", "d.yaml")
    assert [p.line for p in parsed.problems] == [2]
    assert "aliases" in parsed.problems[0].message


@pytest.mark.parametrize("byte", [b"\x00", b"\x07"])
def test_a_control_byte_is_reported_on_its_own_line_in_one_line(byte):
    raw = b"".join(f"k{i}: v\n".encode() for i in range(6)) + b"k6: v" + byte + b"\n"
    (problem,) = parse_yaml(raw, "d.yaml").problems
    assert problem.line == 7
    assert "\n" not in problem.message and "U+00" in problem.message


def test_an_unclosed_quote_is_reported_where_it_opens():
    raw = b"".join(f"k{i}: v\n".encode() for i in range(13)) + b'k13: "open\n' + b"k: v\n" * 6
    (problem,) = parse_yaml(raw, "d.yaml").problems
    assert problem.line == 14, problem


def test_the_pure_python_loader_is_guarded_too(monkeypatch):
    import yaml

    from symposium_kit.debate import yaml_lines

    monkeypatch.setattr(yaml_lines, "_loader_class", lambda: yaml.SafeLoader)
    (nul,) = parse_yaml(b"a: 1\nb: x\x00\n", "d.yaml").problems
    assert nul.line == 2
    deep = parse_yaml(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "d.yaml")
    assert deep.data is None and deep.problems
