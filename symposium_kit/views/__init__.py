"""What a student sees: figures, cards and widgets (the only wing that imports matplotlib,
ipywidgets and IPython).

Importing the wing gives figures and tables, in a running IPython kernel, the
accessible HTML of :mod:`.html_outputs`.
"""

from .html_outputs import register as _register_html_outputs

_register_html_outputs()
