"""Tests for symposium_kit.work.forecastsheet: the student's forecasts."""

from __future__ import annotations

import json
import math

import pytest

from symposium_kit import load_debate
from symposium_kit.scoring.forecasts import forecast_table
from symposium_kit.views.forecast_form import forecast_form
from symposium_kit.work.forecastsheet import (
    HEDGE_GUIDE,
    ForecastError,
    check_probability,
    guide_probability,
    hedge_guide_table,
    record_forecast,
    record_forecasts,
    saved_forecasts,
    set_forecasts,
)
from symposium_kit.work.workfile import ENV_VAR, read_work


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """A fresh work file that the default location points to."""
    path = tmp_path / "symposium-work.json"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def _ids(debate):
    return [p.id for p in debate.predictions]


def test_probability_between_0_and_1_is_kept(debate):
    assert check_probability(0.0) == (0.0, "")
    assert check_probability(1) == (1.0, "")
    assert check_probability(0.35)[0] == 0.35


def test_percentage_is_read_with_a_note():
    prob, note = check_probability(85)
    assert prob == 0.85
    assert "percentage" in note and "85" in note


@pytest.mark.parametrize("bad", [-0.1, 101, 1e9, float("nan"), "0.7", None, True, [0.5]])
def test_non_probabilities_are_refused_with_what_to_do(bad):
    with pytest.raises(ForecastError, match="0 to 1"):
        check_probability(bad, "x.y")


def test_record_forecast_saves_into_the_work_file(debate, work, capsys):
    pid = _ids(debate)[0]
    record_forecast(pid, 0.8, debate)
    assert read_work(work)["forecasts"] == {pid: 0.8}
    assert read_work(work)["debate"] == debate.id
    out = capsys.readouterr().out
    assert "Saved 1 forecast" in out and pid in out


def test_record_forecast_updates_without_losing_other_work(debate, work, capsys):
    first, second = _ids(debate)[:2]
    work.write_text(
        json.dumps(
            {
                "format": "symposium-kit/work",
                "version": 1,
                "student": "ada",
                "debate": debate.id,
                "answers": {"x.y": {"answer": 1, "result": "correct"}},
                "scores": {},
                "forecasts": {first: 0.1},
            }
        )
    )
    record_forecast(second, 30, debate)
    saved = read_work(work)
    assert saved["forecasts"] == {first: 0.1, second: 0.3}
    assert saved["answers"]["x.y"]["result"] == "correct"
    assert saved["student"] == "ada"
    assert "percentage" in capsys.readouterr().out


def test_unknown_prediction_id_suggests_the_nearest(debate, work, capsys):
    real = _ids(debate)[0]
    typo = real[:-1]
    record_forecast(typo, 0.5, debate)
    out = capsys.readouterr().out
    assert out.startswith("Not saved") and f"did you mean '{real}'" in out
    assert not work.exists()


def test_one_bad_value_saves_nothing(debate, work, capsys):
    a, b = _ids(debate)[:2]
    record_forecasts({a: 0.4, b: 140}, debate)
    assert "Not saved" in capsys.readouterr().out
    assert not work.exists()
    with pytest.raises(ForecastError, match=b):
        set_forecasts({a: 0.4, b: 140}, debate, work)


def test_ids_are_matched_case_insensitively(debate, work):
    pid = _ids(debate)[-1]
    assert set_forecasts({pid.upper(): 0.2}, debate) == {pid: 0.2}


def test_forecasts_survive_a_restart(debate, work):
    """A new session (a fresh read of the file) sees the same forecasts."""
    pid = _ids(debate)[2]
    set_forecasts({pid: 0.65}, debate)
    assert saved_forecasts() == {pid: 0.65}
    assert saved_forecasts(work) == {pid: 0.65}


def test_forecast_table_has_a_row_per_prediction_with_the_saved_number(debate, work):
    pid = _ids(debate)[1]
    set_forecasts({pid: 0.9}, debate)
    table = forecast_table(debate)
    assert list(table["id"]) == _ids(debate)
    assert table.set_index("id").loc[pid, "forecast"] == 0.9
    others = table[table["id"] != pid]["forecast"]
    assert others.map(math.isnan).all()
    assert list(table["statement"]) == [p.statement for p in debate.predictions]
    assert list(table["outcome"]) == [p.resolution.outcome for p in debate.predictions]


def test_forecast_table_runs_for_a_fresh_student(debate, work):
    assert not work.exists()
    assert forecast_table(debate)["forecast"].isna().all()
    assert not work.exists()


def test_guide_reads_hedges_of_the_debate(debate):
    for p in debate.predictions:
        prob = guide_probability(p.hedge)
        assert prob is None or 0 < prob < 1
    hedges = {p.hedge: guide_probability(p.hedge) for p in debate.predictions}
    if "will probably" in hedges:
        assert hedges["will probably"] == guide_probability("probably")


def test_guide_prefers_the_qualifier_over_will():
    assert guide_probability("likely will") == guide_probability("likely")
    assert guide_probability("likely will") < guide_probability("will")
    could, probably = guide_probability("could"), guide_probability("probably")
    assert could < probably < guide_probability("certainly")
    assert guide_probability("maybe") is None  # "may" must be a whole word


def test_hedge_guide_table_is_sorted_most_certain_first():
    table = hedge_guide_table()
    assert len(table) == len(HEDGE_GUIDE)
    assert list(table["probability"]) == sorted(table["probability"], reverse=True)


def test_form_has_a_slider_per_prediction_and_saves_on_change(debate, work):
    pytest.importorskip("ipywidgets")
    chosen = _ids(debate)[:3]
    form = forecast_form(debate, chosen)
    sliders = [row.children[1].children[0] for row in form.children[:-1]]
    assert [s.description for s in sliders] == chosen
    assert "0 of 3" in form.children[-1].value
    sliders[1].value = 0.25
    assert read_work(work)["forecasts"] == {chosen[1]: 0.25}
    assert "1 of 3" in form.children[-1].value
    again = forecast_form(debate, chosen)
    assert again.children[1].children[1].children[0].value == 0.25
    assert "symposium-forecast-form" in again._dom_classes
    key = chosen[1].replace(".", "--")
    assert f"symposium-forecast-{key}" in again.children[1].children[1].children[0]._dom_classes


def test_placeholder_answer_says_not_given_yet(debate, work, capsys):
    record_forecasts(..., debate)
    assert "No forecasts given yet" in capsys.readouterr().out
    assert not work.exists()


def test_forecast_frame_has_your_rows_and_the_guide_rows(debate, work):
    from symposium_kit.scoring.forecasts import GUIDE, YOU, forecast_frame

    pid = _ids(debate)[0]
    set_forecasts({pid: 0.3}, debate)
    frame = forecast_frame(debate)
    assert list(frame.columns) == ["student", "prediction", "probability"]
    mine = frame[frame["student"] == YOU]
    assert mine[["prediction", "probability"]].values.tolist() == [[pid, 0.3]]
    guided = frame[frame["student"] == GUIDE]
    expected = [p.id for p in debate.predictions if guide_probability(p.hedge) is not None]
    assert guided["prediction"].tolist() == expected
    assert forecast_frame(debate, guide=False)["student"].eq(YOU).all()
    assert forecast_frame(debate, mine=False)["student"].eq(GUIDE).all()


def test_resolution_table_lists_only_resolved_predictions(debate):
    from symposium_kit.scoring.forecasts import describe_resolutions, resolution_table

    table = resolution_table(debate)
    resolved = [p for p in debate.predictions if p.resolution.outcome is not None]
    assert table["id"].tolist() == [p.id for p in resolved]
    assert table["source"].tolist() == [p.resolution.source for p in resolved]
    text = describe_resolutions(debate)
    if resolved:
        assert text.startswith(f"{len(resolved)} of {len(debate.predictions)}")
    else:
        assert text.startswith("No outcome is recorded yet")


def _resolved(debate, outcomes):
    """The debate with some outcomes recorded (as an instructor would)."""
    import dataclasses

    from symposium_kit import Resolution

    def recorded(p):
        if p.id not in outcomes:
            return Resolution()
        return Resolution(outcomes[p.id], "https://example.org", "2025-10-30")

    preds = tuple(dataclasses.replace(p, resolution=recorded(p)) for p in debate.predictions)
    return dataclasses.replace(debate, predictions=preds)


def test_describe_forecasts_scores_you_and_the_guide_on_resolved_predictions(debate):
    from symposium_kit.scoring.brier import brier_score
    from symposium_kit.scoring.forecasts import describe_forecasts, resolution_table

    hedged = [p for p in debate.predictions if guide_probability(p.hedge) is not None]
    a, b = hedged[0], hedged[1]
    d = _resolved(debate, {a.id: True, b.id: False})
    assert resolution_table(d)["id"].tolist() == [a.id, b.id]
    mine = {a.id: 0.8, b.id: 0.3, debate.predictions[-1].id: 0.5}
    text = describe_forecasts(d, {"forecasts": mine})
    assert text.startswith("You gave 3 forecasts, 2 of them on resolved predictions")
    assert f"{brier_score([0.8, 0.3], [True, False]):.3f}" in text
    guide = brier_score([guide_probability(a.hedge), guide_probability(b.hedge)], [True, False])
    assert f"{guide:.3f} on the 2 resolved" in text
    assert describe_forecasts(d, {"forecasts": {}}).startswith("You have not given any")
    unresolved = _resolved(debate, {})
    assert describe_forecasts(unresolved, {"forecasts": mine}).startswith("No prediction has")
