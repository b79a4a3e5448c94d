"""The palette: six participants and two relations, eight colours apart for every viewer.

Distances are CIEDE-style ΔE in CAM02-UCS (colorspacious' ``deltaE``), between
colours as simulated for full-severity deuteranomaly, protanomaly and
tritanomaly (Machado et al. 2009, as colorspacious implements it), and for
normal vision. A ΔE of about 1 is a just-noticeable difference for patches
side by side; categorical colours must be told apart at a glance in a legend
and on small markers, so the threshold is ten times that.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symposium_kit import load_debate
from symposium_kit.views.palette import (
    ATTACK_COLOUR,
    CONTRIBUTOR_COLOURS,
    SUPPORT_COLOUR,
    contributor_colours,
)

cs = pytest.importorskip("colorspacious")

THRESHOLD = 10.0
VISION = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _seen(colour: str, vision: str) -> np.ndarray:
    if vision == "normal":
        return _rgb(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cs.cspace_convert(_rgb(colour), space, "sRGB1"), 0, 1)


def _named_colours() -> dict[str, str]:
    debate = load_debate()
    named = dict(contributor_colours([p.id for p in debate.participants]))
    named["supports"], named["attacks"] = SUPPORT_COLOUR, ATTACK_COLOUR
    return named


def test_no_two_participants_and_no_participant_and_relation_share_a_colour():
    named = _named_colours()
    assert len(named) == len(load_debate().participants) + 2
    assert len(set(named.values())) == len(named), named


@pytest.mark.parametrize("vision", VISION)
def test_every_pair_stays_apart_under_simulated_colour_blindness(vision):
    named = _named_colours()
    close = []
    for (a, ca), (b, cb) in itertools.combinations(named.items(), 2):
        distance = float(cs.deltaE(_seen(ca, vision), _seen(cb, vision), input_space="sRGB1"))
        if distance < THRESHOLD:
            close.append((a, b, round(distance, 1)))
    assert not close, f"too close for {vision}: {close}"


def _closest(named: dict[str, str]) -> tuple[float, str, str, str]:
    return min(
        (
            float(cs.deltaE(_seen(ca, v), _seen(cb, v), input_space="sRGB1")),
            a,
            b,
            v,
        )
        for v in VISION
        for (a, ca), (b, cb) in itertools.combinations(named.items(), 2)
    )


def test_the_check_fails_on_the_hairballs_colours():
    # The 02 hairball's colours: Cutler's green was the supports' green.
    old = dict(
        zip(
            ["editors", "mcgregor", "cutler", "hass", "mann", "roach"],
            ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"],
            strict=True,
        )
    )
    old["supports"], old["attacks"] = "#009E73", "#D55E00"
    distance, a, b, _ = _closest(old)
    assert distance < THRESHOLD
    assert {a, b} in ({"cutler", "supports"}, {"roach", "attacks"})


def test_the_closest_pair_of_the_palette_is_reported_for_the_record():
    distance, *_ = _closest(_named_colours())
    assert THRESHOLD <= distance < 100


def test_a_seventh_participant_reuses_the_first_colour():
    ids = [f"p{i}" for i in range(len(CONTRIBUTOR_COLOURS) + 1)]
    colours = contributor_colours(ids)
    assert colours[ids[-1]] == colours[ids[0]]
    assert len(set(colours.values())) == len(CONTRIBUTOR_COLOURS)
