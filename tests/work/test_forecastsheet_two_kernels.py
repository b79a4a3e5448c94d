"""Two kernels, one forecast sheet: saves merge per prediction with what is on disk.

Kernel A is this test process; kernel B is a real second Python process that
saves into the same work file between A's saves.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from symposium_kit import load_debate
from symposium_kit.work.forecastsheet import ForecastError, record_forecasts, set_forecasts
from symposium_kit.work.workfile import read_work

D = load_debate()
P1, P2, P3 = (p.id for p in D.predictions[:3])


def _kernel_b(path, forecasts: dict) -> None:
    code = (
        "from symposium_kit.work.forecastsheet import set_forecasts; "
        f"set_forecasts({forecasts!r}, path={str(path)!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_two_kernels_lose_nothing_and_the_later_write_wins(tmp_path, capsys):
    path = tmp_path / "symposium-work.json"
    record_forecasts({P1: 0.2}, D, path)  # kernel A
    _kernel_b(path, {P2: 0.8, P1: 0.6})  # kernel B: a new forecast, and A's changed
    capsys.readouterr()
    record_forecasts({P3: 0.4}, D, path)  # A saves another one
    said = capsys.readouterr().out
    assert read_work(path)["forecasts"] == {P1: 0.6, P2: 0.8, P3: 0.4}
    assert "Another notebook changed forecasts" in said and P1 in said and P2 in said
    record_forecasts({P1: 0.3}, D, path)  # the later write to the same prediction wins
    assert read_work(path)["forecasts"][P1] == 0.3
    assert "Another notebook" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "bad",
    [math.nan, math.inf, "\ud83d", None, 10**5000],
    ids=["nan", "inf", "surrogate", "none", "huge"],
)
def test_an_unsaveable_forecast_is_refused_before_it_touches_the_file(tmp_path, bad):
    path = tmp_path / "symposium-work.json"
    set_forecasts({P1: 0.5}, D, path)
    before = path.read_bytes()
    with pytest.raises(ForecastError):
        set_forecasts({P2: 0.7, P1: bad}, D, path)
    assert path.read_bytes() == before


def test_a_prediction_id_with_a_lone_surrogate_is_refused(tmp_path):
    path = tmp_path / "symposium-work.json"
    with pytest.raises(ForecastError):
        set_forecasts({"hass.\ud83d": 0.5}, D, path)
    assert not path.exists() or read_work(path)["forecasts"] == {}
