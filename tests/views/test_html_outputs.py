"""Figures and tables as JupyterLab shows them: ``<img alt>`` and a focusable scrolling region."""

from __future__ import annotations

import base64
import re

import pytest

from symposium_kit import load_debate, plot_timeline, to_frame
from symposium_kit.views.html_outputs import TABLE_LABEL, figure_alt_text, figure_html, table_html

plt = pytest.importorskip("matplotlib.pyplot")


def test_a_kit_figure_gets_its_title_as_alt_text_and_its_png():
    ax = plot_timeline(load_debate())
    try:
        markup = figure_html(ax.figure)
        alt = re.search(r'alt="([^"]*)"', markup).group(1)
        assert alt == figure_alt_text(ax.figure)
        assert ax.get_title() and ax.get_title().split()[0] in alt
        data = re.search(r'src="data:image/png;base64,([^"]+)"', markup).group(1)
        assert base64.b64decode(data).startswith(b"\x89PNG")
    finally:
        plt.close(ax.figure)


def test_a_figure_without_titles_is_still_named():
    fig, _ = plt.subplots()
    try:
        assert figure_alt_text(fig) == "A figure"
    finally:
        plt.close(fig)


def test_alt_text_is_escaped():
    fig, ax = plt.subplots()
    ax.set_title('a "quoted" <title>')
    try:
        assert 'alt="Figure: a &quot;quoted&quot; &lt;title&gt;"' in figure_html(fig)
    finally:
        plt.close(fig)


def test_a_table_sits_in_a_labelled_focusable_region_with_pandas_own_html():
    frame = to_frame(load_debate(), "events")
    markup = table_html(frame)
    assert markup.startswith('<div class="symposium-table" role="region" tabindex="0"')
    assert f'aria-label="{TABLE_LABEL}"' in markup
    assert frame._repr_html_() in markup
