"""The kit's figure width and smallest text read at 10 pt in JupyterLab."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from symposium_kit.views.figure_size import FONT, TITLE, WIDTH  # noqa: E402

from .test_legibility import DISPLAY_WIDTH_PX, MIN_PT, png_width, smallest_text  # noqa: E402


def test_a_full_width_figure_with_the_smallest_text_shows_it_at_10_pt():
    fig, ax = plt.subplots(figsize=(WIDTH, 3), layout="constrained")
    ax.set_title("a title", fontsize=TITLE)
    ax.set_xlabel("a label", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    assert png_width(fig) <= DISPLAY_WIDTH_PX  # shown at its natural size
    size, _ = smallest_text(fig)
    assert size >= MIN_PT
    plt.close(fig)


def test_the_same_text_in_a_wider_figure_is_too_small():
    fig, ax = plt.subplots(figsize=(WIDTH * 1.2, 3), layout="constrained")
    ax.set_xlabel("a label", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    size, _ = smallest_text(fig)
    assert size < MIN_PT  # so WIDTH is not arbitrary: the margin is small
    plt.close(fig)
