"""A property test: ``check_answer()`` never raises, whatever the answer.

hypothesis draws answers of every shape (recursive lists and dicts, weird
numbers, surrogates, huge ints, NaN and inf, the exercise's own options, and
hostile objects whose ``__str__``, ``__eq__``, ``__hash__``, ``__iter__`` or
attributes raise) for every exercise of the bundled catalog. Each answer must
come back as a :class:`Feedback` with a known result and a one-string message,
and what is kept of the answer must be saveable as JSON.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import load_exercises
from symposium_kit.exercises.checking import check_answer

DEBATE = load_debate()
EXERCISES = list(load_exercises(DEBATE).values())
RESULTS = {"correct", "partly", "wrong", "recorded", "incorrect", "invalid", "unanswered"}
TRIED = {"answers": 0}


class Boom(Exception):
    """Raised by the hostile objects below."""


def _boom(*args, **kwargs):
    raise Boom("hostile")


def _hostile(*names: str) -> object:
    """An instance of a class whose named special methods raise."""
    return type("Hostile", (), dict.fromkeys(names, _boom))()


class StrThatLies(str):
    def __str__(self):
        raise Boom("str")

    def __eq__(self, other):
        raise Boom("eq")

    __hash__ = str.__hash__


class ListThatLies(list):
    def __iter__(self):
        raise Boom("iter")


class DictThatLies(dict):
    def items(self):
        raise Boom("items")


class IntThatLies(int):
    def __float__(self):
        raise Boom("float")

    def __index__(self):
        raise Boom("index")


def _self_referencing() -> list:
    loop: list = [1, "a"]
    loop.append(loop)
    return loop


def _key_that_lies() -> dict:
    return {_hostile("__str__", "__repr__"): 1}


HOSTILE = st.sampled_from(
    [
        "str", "repr", "eq", "iter", "len", "bool", "getattr", "float", "index",
        "self-list", "key", "str-sub", "list-sub", "dict-sub", "int-sub", "all",
    ]
).map(
    lambda kind: {
        "str": lambda: _hostile("__str__"),
        "repr": lambda: _hostile("__repr__", "__str__"),
        "eq": lambda: _hostile("__eq__", "__ne__"),
        "hash": lambda: _hostile("__hash__"),
        "iter": lambda: _hostile("__iter__", "__len__"),
        "len": lambda: _hostile("__len__"),
        "bool": lambda: _hostile("__bool__"),
        "getattr": lambda: _hostile("__getattr__"),  # __getattribute__: in the table test
        "float": lambda: _hostile("__float__", "__int__", "__index__"),
        "index": lambda: _hostile("__index__"),
        "self-list": _self_referencing,
        "key": _key_that_lies,
        "str-sub": lambda: StrThatLies("mann"),
        "list-sub": lambda: ListThatLies(["mann", "hass"]),
        "dict-sub": lambda: DictThatLies({"a": 1}),
        "int-sub": lambda: IntThatLies(2),
        "all": lambda: _hostile(
            "__str__", "__repr__", "__eq__", "__hash__", "__iter__", "__len__", "__bool__",
            "__float__", "__int__", "__index__", "__lt__", "__format__",
        ),
    }[kind]()
)  # fmt: skip

NUMBERS = st.one_of(
    st.integers(),
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, -(10**400), 1e308, 5e-324]),
    st.integers(0, 3).map(lambda k: 10 ** (5000 + k)),  # str() of it raises ValueError
    st.decimals(allow_nan=True),
    st.fractions(),
    st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Fraction(5), 1j]),
)
TEXT = st.one_of(
    st.text(),
    st.sampled_from(
        ["\ud83d", "a\ud800b", "\x00", "\x1b[2J", "...", "… … …", "=cmd|' /C calc'!A0",
         " " * 100, "x" * 5_000, "mann", "Mann", "James Mann", "0.7", "70%", "true"]
    ),
)  # fmt: skip
OPTIONS = sorted({str(o) for ex in EXERCISES for o in (ex.options or ())})
SCALARS = st.one_of(
    st.none(), st.just(...), st.booleans(), NUMBERS, TEXT, st.binary(max_size=8),
    st.sampled_from(OPTIONS or ["mann"]), HOSTILE,
)  # fmt: skip
ANSWERS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=3),
        st.frozensets(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
    ),
    max_leaves=8,
)


@settings(
    max_examples=1600,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(index=st.integers(0, len(EXERCISES) - 1), answer=ANSWERS)
def test_check_answer_never_raises_for_any_answer(index, answer):
    ex = EXERCISES[index]
    TRIED["answers"] += 1
    fb = check_answer(ex, answer, DEBATE)
    assert fb.result in RESULTS, fb
    assert isinstance(fb.message, str) and fb.message
    json.dumps(fb.answer, allow_nan=False)  # what is kept of the answer can be saved


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.id for e in EXERCISES])
def test_every_hostile_kind_is_answered_for_every_exercise(ex):
    kinds = [
        _hostile("__str__"), _hostile("__repr__", "__str__"), _hostile("__eq__"),
        _hostile("__hash__"), _hostile("__iter__", "__len__"), _hostile("__getattribute__"),
        _self_referencing(), _key_that_lies(), StrThatLies("mann"), ListThatLies(["mann"]),
        DictThatLies({"a": 1}), IntThatLies(2), 10**5000, math.nan, "\ud83d", [[[[[[]]]]]],
    ]  # fmt: skip
    for answer in kinds:
        TRIED["answers"] += 1
        fb = check_answer(ex, answer, DEBATE)
        assert fb.result in RESULTS
        json.dumps(fb.answer, allow_nan=False)


def test_enough_answers_were_tried():
    """Runs after the tests above (file order)."""
    if TRIED["answers"] == 0:
        pytest.skip("the property tests did not run in this session")
    print(f"\ncheck_answer: {TRIED['answers']} answers tried over {len(EXERCISES)} exercises")
    assert TRIED["answers"] >= 1500
