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


def _run_in_kernel(*cells: str) -> list[list[dict]]:
    """Run ``cells`` in a real IPython kernel, one notebook; the outputs of each cell."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    return [cell.outputs for cell in notebook.cells]


COUNT_DRAWS = """
import matplotlib.backend_bases as bases
draws = []
_print = bases.FigureCanvasBase.print_figure
def counted(self, *args, **kwargs):
    draws.append(self.figure)
    return _print(self, *args, **kwargs)
bases.FigureCanvasBase.print_figure = counted
"""


@pytest.mark.parametrize("formats", ["png", "retina"])
def test_in_a_kernel_a_figure_is_drawn_once_for_its_img_and_its_png(formats):
    *_, plotted, counted = _run_in_kernel(
        "%matplotlib inline",
        f"%config InlineBackend.figure_formats = [{formats!r}]",
        COUNT_DRAWS,
        "import symposium_kit\nax = symposium_kit.plot_timeline(symposium_kit.load_debate())",
        "print(len(draws))",
    )
    [figure] = [o["data"] for o in plotted if o["output_type"] == "display_data"]
    img = re.search(
        r'<img alt="Figure: [^"]+"([^>]*) src="data:image/png;base64,([^"]+)">',
        figure["text/html"],
    )
    assert img, figure["text/html"][:200]
    assert img.group(2) == figure["image/png"]
    assert base64.b64decode(figure["image/png"]).startswith(b"\x89PNG")
    assert ("width=" in img.group(1)) == (formats == "retina")
    assert [o["text"] for o in counted] == ["1\n"]
