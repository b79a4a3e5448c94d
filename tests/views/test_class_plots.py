"""Class figures: they draw on the given Axes, are labelled, and describe themselves."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.scoring.agreement import agreement_table  # noqa: E402
from symposium_kit.scoring.brier import calibration_table  # noqa: E402
from symposium_kit.views.class_plots import (  # noqa: E402
    describe_agreement,
    describe_calibration,
    describe_score_distributions,
    plot_agreement,
    plot_calibration,
    plot_score_distributions,
)


@pytest.fixture
def scores():
    debate = load_debate()
    crit = debate.rubric.criterion_ids[0]
    a, b = debate.contributors[0].id, debate.contributors[1].id
    rows = [
        ("s1", a, crit, 0),
        ("s2", a, crit, 3),
        ("s3", a, crit, 0),
        ("s1", b, crit, 2),
        ("s2", b, crit, 2),
        ("s3", b, crit, 2),
    ]
    return debate, pd.DataFrame(rows, columns=["student", "contributor", "criterion", "score"])


def test_score_distributions_draw_on_the_given_axes_with_labels(scores):
    debate, s = scores
    fig, ax = plt.subplots()
    assert plot_score_distributions(s, debate, ax=ax) is ax
    assert ax.get_title() and ax.get_xlabel() == "share of students"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [debate.contributors[0].label, debate.contributors[1].label]
    text = describe_score_distributions(s, debate)
    assert f"split most on {debate.contributors[0].label}" in text
    plt.close(fig)


def test_agreement_plot_shows_each_criterion_and_the_guides(scores):
    debate, s = scores
    table = agreement_table(s, debate)
    ax = plot_agreement(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == table["criterion"].tolist()
    assert "alpha" in ax.get_xlabel()
    assert describe_agreement(table).startswith("Agreement over all criteria is")
    plt.close(ax.figure)


def test_calibration_plot_and_description_handle_no_outcomes(scores):
    f = pd.DataFrame({"student": ["a", "b"], "prediction": ["p", "p"], "probability": [0.2, 0.8]})
    empty = calibration_table(f)
    ax = plot_calibration(empty)
    assert ax.get_xlabel() and ax.get_ylabel()
    assert "No prediction has a recorded outcome" in describe_calibration(empty)
    plt.close(ax.figure)
    table = calibration_table(f, outcomes={"p": True}, bins=2)
    assert "over 2 resolved forecasts" in describe_calibration(table).lower()
    plt.close(plot_calibration(table).figure)
