"""Agreement: Krippendorff's alpha checked by hand and by a brute-force count; splits; outliers."""

from __future__ import annotations

import dataclasses
import math
import random
from itertools import permutations

import pandas as pd
import pytest

from symposium_kit import ReferenceScore, load_debate
from symposium_kit.scoring.agreement import (
    ALL_CRITERIA,
    agreement_table,
    class_vs_reference,
    describe_alpha,
    krippendorff_alpha,
    outlier_raters,
    score_distribution,
    splits,
    value_counts,
)

COLUMNS = ["student", "contributor", "criterion", "score"]


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).astype({"score": "Int64"})


def brute_alpha(units: list[list[int]], domain: list[int], level: str) -> float:
    """Krippendorff's alpha from its definition: coincidences of every ordered pair in a unit."""
    o = {(c, k): 0.0 for c in domain for k in domain}
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for a, b in permutations(range(m), 2):
            o[(values[a], values[b])] += 1 / (m - 1)
    n_c = {c: sum(o[(c, k)] for k in domain) for c in domain}
    n = sum(n_c.values())

    def delta(c, k):
        if level == "nominal":
            return 0.0 if c == k else 1.0
        lo, hi = sorted((domain.index(c), domain.index(k)))
        between = sum(n_c[domain[g]] for g in range(lo, hi + 1))
        return (between - (n_c[c] + n_c[k]) / 2) ** 2

    observed = sum(o[(c, k)] * delta(c, k) for c in domain for k in domain)
    expected = sum(n_c[c] * n_c[k] * delta(c, k) for c in domain for k in domain)
    return 1 - (n - 1) * observed / expected


def to_frame(units: list[list[int]], criterion: str = "q") -> pd.DataFrame:
    return frame(
        [
            (f"s{r}", f"u{u}", criterion, v)
            for u, values in enumerate(units)
            for r, v in enumerate(values)
        ]
    )


def test_brute_force_reproduces_the_published_nominal_example():
    # Krippendorff's example as given in the krippendorff package's documentation:
    # three coders, fifteen units, missing values left out; nominal alpha 0.691358.
    data = [
        [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
    ]
    units = [[row[u] for row in data if row[u] is not None] for u in range(15)]
    assert brute_alpha(units, [1, 2, 3, 4], "nominal") == pytest.approx(0.691358, abs=1e-6)
    rows = [
        (f"c{r}", f"u{u}", "q", v)
        for r, row in enumerate(data)
        for u, v in enumerate(row)
        if v is not None
    ]
    assert krippendorff_alpha(frame(rows), "q", scale=(1, 4), level="nominal") == pytest.approx(
        0.691358, abs=1e-6
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ordinal_alpha_matches_the_brute_force_definition(seed):
    rng = random.Random(seed)
    units = [
        [min(3, max(0, t + rng.choice((-1, 0, 0, 1)))) for _ in range(rng.randint(1, 6))]
        for t in (rng.randint(0, 3) for _ in range(12))
    ]
    expected = brute_alpha(units, [0, 1, 2, 3], "ordinal")
    assert krippendorff_alpha(to_frame(units), "q", scale=(0, 3)) == pytest.approx(
        expected, abs=1e-9
    )


def test_perfect_agreement_is_one_and_reversed_scores_are_below_zero():
    same = [[0, 0, 0], [2, 2, 2], [3, 3, 3]]
    assert krippendorff_alpha(to_frame(same), "q", scale=(0, 3)) == 1.0
    opposed = [[0, 3], [3, 0], [0, 3]]
    assert krippendorff_alpha(to_frame(opposed), "q", scale=(0, 3)) < 0


def test_alpha_is_not_measurable_without_pairs_or_without_variation():
    assert math.isnan(krippendorff_alpha(to_frame([[1], [2]]), "q", scale=(0, 3)))
    assert math.isnan(krippendorff_alpha(to_frame([[2, 2], [2, 2]]), "q", scale=(0, 3)))
    assert math.isnan(krippendorff_alpha(frame([]), "q", scale=(0, 3)))


def test_missing_scores_are_left_out():
    rows = frame(
        [
            ("a", "x", "q", 0),
            ("b", "x", "q", 0),
            ("c", "x", "q", None),
            ("a", "y", "q", 3),
            ("b", "y", "q", 3),
            ("c", "y", "q", None),
        ]
    )
    assert krippendorff_alpha(rows, "q", scale=(0, 3)) == 1.0


def test_overall_alpha_pools_criteria_as_separate_units():
    a = to_frame([[0, 0], [3, 3]], "clarity")
    b = to_frame([[1, 2], [2, 1]], "evidence")
    both = pd.concat([a, b], ignore_index=True)
    units = [[0, 0], [3, 3], [1, 2], [2, 1]]
    assert krippendorff_alpha(both, None, scale=(0, 3)) == pytest.approx(
        brute_alpha(units, [0, 1, 2, 3], "ordinal")
    )
    table = agreement_table(both, scale=(0, 3))
    assert table["criterion"].tolist() == ["clarity", "evidence", ALL_CRITERIA]
    assert table["alpha"].iloc[0] == 1.0 and table["alpha"].iloc[1] < 0
    assert table["raters"].tolist() == [2, 2, 2]
    assert table["units"].tolist() == [2, 2, 4]


def test_agreement_table_follows_the_rubric_and_reads_each_value():
    debate = load_debate()
    crit = debate.rubric.criterion_ids[0]
    table = agreement_table(to_frame([[0, 0], [3, 3]], crit), debate)
    assert table["criterion"].tolist() == [*debate.rubric.criterion_ids, ALL_CRITERIA]
    assert table["reading"].iloc[0].startswith("high agreement (1.00)")


@pytest.mark.parametrize(
    "value, words",
    [
        (-0.2, "below chance"),
        (0.1, "slight"),
        (0.3, "fair"),
        (0.42, "reached about 0.4 in one published study"),
        (0.7, "tentative"),
        (0.9, "reliable"),
        (math.nan, "not measurable"),
    ],
)
def test_describe_alpha_reads_the_value_in_plain_words(value, words):
    text = describe_alpha(value)
    assert words in text
    if value == value:
        assert f"{value:.2f}" in text


def test_value_counts_counts_each_score_per_argument():
    s = frame([("a", "x", "q", 0), ("b", "x", "q", 2), ("c", "x", "q", 2), ("a", "y", "q", 9)])
    counts, units = value_counts(s, "q", scale=(0, 3))
    assert units == [("x", "q")]  # 9 is off the scale and left out
    assert counts.tolist() == [[1, 0, 2, 0]]


def test_splits_rank_the_divided_argument_first():
    s = to_frame([[2, 2, 2, 2], [0, 3, 0, 3], [1, 2, 1, 1]])
    table = splits(s, scale=(0, 3))
    assert table["contributor"].tolist() == ["u1", "u2", "u0"]
    # half the pairs in u1 differ by the whole scale: mean |difference| = (8 * 3 / 12) / 3
    assert table["disagreement"].iloc[0] == pytest.approx(2 / 3)
    assert table["disagreement"].iloc[-1] == 0.0
    assert table.loc[0, "low_share"] == 0.5 and table.loc[0, "high_share"] == 0.5
    assert len(splits(s, scale=(0, 3), top=1)) == 1


def test_outlier_raters_finds_the_reverser_and_the_bias_sign():
    truth = [0, 1, 3, 2, 0, 3]
    rows = [(f"s{i}", f"u{u}", "q", t) for i in range(12) for u, t in enumerate(truth)]
    rows += [("rev", f"u{u}", "q", 3 - t) for u, t in enumerate(truth)]
    rows += [("harsh", f"u{u}", "q", max(t - 1, 0)) for u, t in enumerate(truth)]
    out = outlier_raters(frame(rows))
    assert out.loc[out["outlier"], "student"].tolist() == ["rev"]
    assert out["student"].iloc[0] == "rev"
    assert out.set_index("student").loc["harsh", "bias"] < 0


def test_outlier_raters_needs_enough_scores():
    rows = [(f"s{i}", "u0", "q", 1) for i in range(10)] + [("odd", "u0", "q", 3)]
    out = outlier_raters(frame(rows), min_scores=3)
    assert not out["outlier"].any()
    assert out["student"].iloc[0] == "odd"


def test_class_vs_reference_puts_the_reference_beside_the_class():
    debate = load_debate()
    who, crit = debate.contributors[0].id, debate.rubric.criterion_ids[0]
    ref = ReferenceScore(participant=who, criterion=crit, score=1, rationale="test")
    with_ref = dataclasses.replace(debate, reference_scores=(ref,))
    s = frame([("a", who, crit, 3), ("b", who, crit, 2), ("a", debate.contributors[1].id, crit, 0)])
    table = class_vs_reference(s, with_ref)
    assert table["contributor"].tolist() == [who, debate.contributors[1].id]  # debate order
    first = table.iloc[0]
    assert (first["n"], first["class_mean"], first["reference"], first["difference"]) == (
        2,
        2.5,
        1.0,
        1.5,
    )
    assert math.isnan(table.iloc[1]["reference"])


def test_score_distribution_lists_every_score_on_the_scale():
    s = to_frame([[0, 0, 3]])
    dist = score_distribution(s, scale=(0, 3))
    assert dist["score"].tolist() == [0, 1, 2, 3]
    assert dist["count"].tolist() == [2, 0, 0, 1]
    assert dist["share"].sum() == pytest.approx(1.0)
