"""The size of the kit's figures and of their text, so that they read on a projector.

JupyterLab shows an inline figure as a PNG saved at the figure's dpi (100)
with a tight bounding box, scaled down to the output area's width when it is
wider: about 850 CSS px on a 1280-px classroom projector with the file browser
open (see ``tests/views/test_legibility.py``, which measures every figure).

A figure at most :data:`WIDTH` inches wide is 820 px (840 px with the tight
box's padding), so it is shown at its natural size, and a text of ``s``
points is ``s * 100 / 96`` CSS points high: :data:`FONT` (10 pt) shows at
10.4 pt, the least a projector audience reads. No text in a figure is
smaller than :data:`FONT`; titles are :data:`TITLE`.

Examples
--------
>>> WIDTH * 100 + 2 * 10 <= 850
True
>>> FONT * 100 / 96 >= 10
True
"""

from __future__ import annotations

#: Width of a figure, in inches (at 100 dpi: 820 px, under JupyterLab's 850 CSS px).
WIDTH = 8.2
#: The smallest text in any figure: tick labels, legends, notes in the plot, in points.
FONT = 10.0
#: Titles, in points.
TITLE = 12.0
