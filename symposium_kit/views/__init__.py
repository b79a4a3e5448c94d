"""What a student sees: figures, cards and widgets (the only wing that imports matplotlib,
ipywidgets and IPython)."""

from .figure_html import register as _register_figure_html

_register_figure_html()
