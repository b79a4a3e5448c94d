"""Forecasts: Brier score (0-1 convention), outcomes, calibration."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from symposium_kit import Resolution, load_debate
from symposium_kit.scoring.brier import (
    brier_score,
    brier_scores,
    calibration_table,
    forecast_table,
    prediction_summary,
    recorded_outcomes,
)


def forecasts(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["student", "prediction", "probability"])


def test_brier_score_is_the_mean_squared_error_on_a_zero_to_one_scale():
    assert brier_score([1.0, 0.0], [True, False]) == 0.0
    assert brier_score([0.0, 1.0], [True, False]) == 1.0
    assert brier_score([0.5, 0.5, 0.5], [1, 0, 1]) == 0.25
    assert brier_score([0.7, 0.2], [True, True]) == pytest.approx((0.09 + 0.64) / 2)


def test_brier_score_rejects_probabilities_outside_zero_to_one_and_empty_is_nan():
    with pytest.raises(ValueError, match="outside 0-1"):
        brier_score([1.5], [True])
    assert math.isnan(brier_score([], []))


def test_unresolved_predictions_are_left_out_of_the_score():
    f = forecasts([("a", "p", 0.9), ("a", "q", 0.1), ("b", "p", 0.4)])
    table = forecast_table(f, outcomes={"p": True})
    assert table["squared_error"].iloc[0] == pytest.approx(0.01)
    assert math.isnan(table["squared_error"].iloc[1])
    assert table["outcome"].isna().tolist() == [False, True, False]
    per = brier_scores(f, outcomes={"p": True}).set_index("student")
    assert per.loc["a", "brier"] == pytest.approx(0.01)
    assert per.loc["a", "resolved"] == 1 and per.loc["a", "forecasts"] == 2
    assert per.loc["b", "brier"] == pytest.approx(0.36)


def test_nobody_resolved_gives_nan_scores():
    per = brier_scores(forecasts([("a", "p", 0.5)]))
    assert math.isnan(per.loc[0, "brier"])


def test_outcomes_come_from_the_debate_and_can_be_overridden():
    debate = load_debate()
    first, second = debate.predictions[0], debate.predictions[1]
    resolved = dataclasses.replace(first, resolution=Resolution(outcome=True))
    # the bundled debate records outcomes of its own: clear them for this test
    cleared = tuple(dataclasses.replace(p, resolution=Resolution()) for p in debate.predictions[1:])
    d = dataclasses.replace(debate, predictions=(resolved, *cleared))
    assert recorded_outcomes(d) == {first.id: True}
    assert recorded_outcomes(d, {first.id: False, second.id: True}) == {
        first.id: False,
        second.id: True,
    }
    with pytest.raises(KeyError, match="no prediction 'nope'"):
        recorded_outcomes(d, {"nope": True})
    f = forecasts([("a", first.id, 0.8)])
    assert brier_scores(f, d)["brier"].tolist() == [pytest.approx(0.04)]


def test_prediction_summary_gives_the_class_view_per_prediction():
    f = forecasts([("a", "p", 0.2), ("b", "p", 0.6), ("a", "q", 0.5)])
    s = prediction_summary(f, outcomes={"p": False}).set_index("prediction")
    assert s.loc["p", "n"] == 2 and s.loc["p", "mean_probability"] == pytest.approx(0.4)
    assert s.loc["p", "brier"] == pytest.approx((0.04 + 0.36) / 2)
    assert math.isnan(s.loc["q", "brier"])


def test_calibration_bins_forecasts_and_compares_with_what_happened():
    f = forecasts(
        [("a", "p", 0.1), ("b", "p", 0.3), ("c", "q", 0.7), ("d", "q", 0.95), ("e", "r", 0.5)]
    )
    t = calibration_table(f, outcomes={"p": False, "q": True}, bins=2)
    assert t[["bin_low", "bin_high"]].values.tolist() == [[0.0, 0.5], [0.5, 1.0]]
    assert t["n"].tolist() == [2, 2]  # r is unresolved
    assert t["mean_probability"].tolist() == pytest.approx([0.2, 0.825])
    assert t["observed"].tolist() == [0.0, 1.0]


def test_calibration_puts_probability_one_in_the_top_bin_and_empty_bins_have_no_mean():
    t = calibration_table(forecasts([("a", "p", 1.0)]), outcomes={"p": True}, bins=4)
    assert t["n"].tolist() == [0, 0, 0, 1]
    assert math.isnan(t["observed"].iloc[0])
    with pytest.raises(ValueError):
        calibration_table(forecasts([]), bins=0)
