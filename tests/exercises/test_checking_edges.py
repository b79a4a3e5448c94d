"""check_answer at the edges: tolerance bounds, every real number type, ellipses, hostile objects."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from symposium_kit import load_debate
from symposium_kit.exercises.catalog import collect_exercises
from symposium_kit.exercises.checking import check_answer, within
from symposium_kit.exercises.model import Exercise

D = load_debate()


def numeric(key: float, tolerance: float) -> Exercise:
    return Exercise("t.n", "t", "numeric", "How many?", key=key, tolerance=tolerance)


@pytest.mark.parametrize(
    ("key", "tolerance", "inside", "outside"),
    [
        (0.7, 0.1, [0.8, 0.6, 0.75], [0.8001, 0.5999]),
        (0.07, 0.005, [0.065, 0.075], [0.0649, 0.0751]),
        (0.25, 0.001, [0.249, 0.251], [0.2489, 0.2511]),
        (90, 0, [90, 90.0], [89, 91, 90.000001]),
    ],
)
def test_a_tolerance_includes_both_bounds_exactly(key, tolerance, inside, outside):
    ex = numeric(key, tolerance)
    assert [check_answer(ex, a, D).result for a in inside] == ["correct"] * len(inside)
    assert [check_answer(ex, a, D).result for a in outside] == ["wrong"] * len(outside)


def test_every_numeric_exercise_of_the_unit_accepts_its_bounds_and_refuses_past_them():
    exercises, problems = collect_exercises(D)
    assert not problems
    numerics = [e for e in exercises.values() if e.kind == "numeric"]
    assert numerics
    for ex in numerics:
        key, tol = Decimal(repr(float(ex.key))), Decimal(repr(float(ex.tolerance)))
        step = max(tol / 10, Decimal("0.0001"))
        for bound in (key - tol, key + tol):
            assert check_answer(ex, float(bound), D).result == "correct", (ex.id, bound)
        for past in (key - tol - step, key + tol + step):
            assert check_answer(ex, float(past), D).result == "wrong", (ex.id, past)


@pytest.mark.parametrize(
    "answer", [Decimal(5), Fraction(5), np.int64(5), np.float64(5.0), Decimal("5.0"), 5]
)
def test_any_real_number_type_is_a_number(answer):
    fb = check_answer(numeric(5, 0), answer, D)
    assert fb.result == "correct", fb.message
    assert isinstance(fb.answer, (int, float))  # saved as plain JSON


@pytest.mark.parametrize("answer", [Decimal("NaN"), float("inf"), "5", True, 5j])
def test_what_is_not_a_finite_real_number_is_told_so(answer):
    assert check_answer(numeric(5, 0), answer, D).result == "invalid"


def test_the_tolerance_helper_compares_the_written_decimals():
    assert within(0.8, 0.7, 0.1) and within(Fraction(4, 5), 0.7, 0.1)
    assert not within(0.80001, 0.7, 0.1)


@pytest.mark.parametrize(
    ("ex_id", "filler"),
    [
        ("positions.hass-concession", "shifting ... ... ... ..."),
        ("scoring.cutler-qualifies", "fundamental … … …"),
    ],
)
def test_ellipses_are_not_words_of_a_quote(ex_id, filler):
    exercises, _ = collect_exercises(D)
    fb = check_answer(exercises[ex_id], filler, D)
    assert fb.result == "invalid", fb.message
    assert "word" in fb.message


class _Hostile:
    def __getattr__(self, name):
        raise RuntimeError("no attributes here")


class _BadKey:
    def __str__(self):
        raise RuntimeError("no str")

    __repr__ = __str__


def _loop() -> list:
    x: list = []
    x.append(x)
    return x


HOSTILE = {
    "self-referencing list": _loop,
    "dict key whose str raises": lambda: {_BadKey(): 1},
    "object whose attributes raise": _Hostile,
    "list of such objects": lambda: [_Hostile()],
    "dict holding a loop": lambda: {1: _loop()},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_check_answer_never_raises_on_hostile_objects(name):
    answer = HOSTILE[name]()
    exercises, _ = collect_exercises(D)
    for ex in exercises.values():
        fb = check_answer(ex, answer, D)
        assert fb.result in ("invalid", "wrong", "unanswered"), (ex.id, fb)
