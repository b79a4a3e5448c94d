"""A property test: 2,000 hypothesis mutations of the bundled debate.yaml (bytes, lines,
tags, scalars), each loaded from a folder beside a copy of the source text.

Whatever the bundled file holds now, every outcome must be a clean load or a
:class:`DebateError` whose problems are located (file, line, a field, a
one-line message); any other exception fails. A mutant that loads must not be
a wrong acceptance that can be detected: every quote sits at its offsets in
the source text, ids are unique, and sort keys are ASCII dates.
"""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symposium_kit import DebateError, bundled_debate_dir, load_debate
from symposium_kit.debate.load import resolved_data

RAW = (bundled_debate_dir() / "debate.yaml").read_bytes()
LINES = RAW.split(b"\n")
VALUED = [i for i, line in enumerate(LINES) if b": " in line]
TAGS = [b"!!map", b"!!seq", b"!!str", b"!!int", b"!!float", b"!!bool", b"!!null", b"!!binary",
        b"!!timestamp", b"!custom", b"!!python/object/apply:os.system", b"&a", b"*a", b"!!set",
        b"!!omap", b"!"]  # fmt: skip
SCALARS = [b"2.0", b"0.0", b'""', b"''", b"~", b"-", b"[", b"{", b"]", b"*a", b"&a x",
           b'"tiny\\n"', b'"2025-07\\n"', "٢٠٢٥-٠٧".encode(), b"1e999", b".nan", b"-.inf",
           b"99999999999999999999999", b"true", b"null", b"[1, 2]", b"{a: 1}", b'"\\ud83d"',
           b'"\\x00"', b"\x07", b"\x00", b"\xe9", b"'unclosed", b'"unclosed', b"x" * 5000,
           b"? a", b"|", b">-", b"%YAML 1.1", b"---", b"...", b"0x1F", b"0o17", b"1_000",
           b"2025-07-01", b"2025-07-01T00:00:00Z"]  # fmt: skip
SORT_KEY = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", re.ASCII)
COUNTS = {"loaded": 0, "refused": 0}


EDITS = ["tag", "scalar", "byte", "insert", "cut", "delete", "repeat", "swap", "indent"]


@st.composite
def edits(draw) -> list[tuple]:
    """One to three edits, each (kind, line, argument); kept small so that a failure reads well."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(EDITS))
        if how in ("tag", "scalar"):
            line = draw(st.sampled_from(VALUED))
            arg = draw(st.sampled_from(TAGS if how == "tag" else SCALARS))
        else:
            line = draw(st.integers(0, len(LINES) - 1))
            arg = {
                "byte": st.tuples(st.integers(0, 10_000), st.integers(0, 255)),
                "insert": st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=3)),
                "cut": st.integers(0, 10_000),
                "indent": st.integers(1, 3),
            }.get(how, st.none())
            arg = draw(arg)
        out.append((how, line, arg))
    return out


def mutate(changes: list[tuple]) -> bytes:
    lines = list(LINES)
    for how, i, arg in changes:
        if i >= len(lines):
            continue
        if how in ("tag", "scalar"):
            if b": " not in lines[i]:
                continue
            key, _, value = lines[i].partition(b": ")
            lines[i] = key + b": " + (arg + b" " + value if how == "tag" else arg)
        elif how == "byte" and lines[i]:
            j = arg[0] % len(lines[i])
            lines[i] = lines[i][:j] + bytes([arg[1]]) + lines[i][j + 1 :]
        elif how == "insert":
            j = arg[0] % (len(lines[i]) + 1)
            lines[i] = lines[i][:j] + arg[1] + lines[i][j:]
        elif how == "cut":
            lines[i] = lines[i][: arg % (len(lines[i]) + 1)]
        elif how == "delete":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, lines[i])
        elif how == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif how == "indent":
            lines[i] = b" " * arg + lines[i]
    return b"\n".join(lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    target = tmp_path_factory.mktemp("mutants") / "debate"
    shutil.copytree(bundled_debate_dir(), target, ignore=shutil.ignore_patterns("exercises"))
    return target


def _anchors(data, found):
    if isinstance(data, dict):
        if isinstance(data.get("quote"), str) and "start" in data:
            found.append(data)
        for value in data.values():
            _anchors(value, found)
    elif isinstance(data, list):
        for value in data:
            _anchors(value, found)
    return found


def _assert_rightly_accepted(folder, debate) -> None:
    data = resolved_data(folder)
    text = debate.source.text
    for anchor in _anchors(data, []):
        assert text[anchor["start"] : anchor["end"]] == anchor["quote"], anchor
    for section in ("claims", "evidence", "predictions", "events"):
        ids = [item["id"] for item in data[section]]
        assert len(ids) == len(set(ids)), section
    assert all(SORT_KEY.fullmatch(e["sort_key"]) for e in data["events"])
    assert all(isinstance(p["stance"], int) for p in data["positions"])


@pytest.mark.slow
@settings(
    max_examples=2000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(changes=edits())
def test_every_mutant_loads_cleanly_or_reports_located_problems(folder, changes):
    (folder / "debate.yaml").write_bytes(mutate(changes))
    try:
        debate = load_debate(folder)
    except DebateError as exc:  # the only exception allowed
        COUNTS["refused"] += 1
        assert exc.problems
        for p in exc.problems:
            assert p.file == str(folder / "debate.yaml") or p.file.startswith(str(folder))
            assert p.line >= 0 and isinstance(p.field, str) and p.message, str(p)
            assert "\n" not in str(p), str(p)  # field "" is the file as a whole: "(file)"
            assert "Traceback" not in p.message
    else:
        COUNTS["loaded"] += 1
        _assert_rightly_accepted(folder, debate)


@pytest.mark.slow
def test_the_mutants_were_many_and_mostly_refused():
    """Runs after the property test (file order)."""
    if not COUNTS["loaded"] + COUNTS["refused"]:
        pytest.skip("the property test did not run in this session")
    print(f"\nmutations of the bundled debate: {COUNTS}")
    assert COUNTS["loaded"] + COUNTS["refused"] >= 2000
    assert COUNTS["refused"] > 500 and COUNTS["loaded"] > 50, COUNTS
