"""Where the package's own files are: the data, the schemas, the notebooks.

Everything the kit reads from itself is package data inside ``symposium_kit/``
and is found here, through :mod:`importlib.resources`, so an install from the
wheel works exactly like a checkout:

- ``data/``: the debates (text, annotations, exercises) and the JSON Schemas;
- ``notebooks/``: the student editions, ``notebooks/instructor/`` the
  instructor editions;
- ``lessons/``: the masters, from which ``symposium-kit release`` makes both.

This module imports nothing else from the kit, so every wing may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

_HERE = os.path.dirname(os.path.abspath(__file__))


def package_dir() -> Path:
    """The folder of the installed package (``site-packages/symposium_kit`` or the checkout's).

    The package is always a folder on disk when installed by pip (wheel or
    editable); the folder beside this module is used directly, because
    importing :mod:`importlib.resources` would add about 10 ms to every
    ``load_debate()``. A package that is not on disk (a zip) falls back to
    :mod:`importlib.resources`.

    Examples
    --------
    >>> (package_dir() / "resources.py").is_file()
    True
    """
    if os.path.isdir(os.path.join(_HERE, "data")):
        return Path(_HERE)
    from importlib import resources  # only for a package that is not a folder on disk

    return Path(str(resources.files("symposium_kit")))


def data_dir() -> Path:
    """The package's ``data`` folder (debates and schemas).

    Examples
    --------
    >>> sorted(p.name for p in data_dir().iterdir() if p.is_dir())
    ['debates', 'schema']
    """
    return package_dir() / "data"


def notebooks_dir() -> Path:
    """The folder of the student editions (the instructor editions are in ``instructor/``).

    Examples
    --------
    >>> sorted(p.name for p in notebooks_dir().glob("*.ipynb"))[0]
    '01-start-here.ipynb'
    """
    return package_dir() / "notebooks"


def lessons_dir() -> Path:
    """The folder of the masters (``lessons/NN-name.ipynb``, solutions marked).

    Examples
    --------
    >>> len(list(lessons_dir().glob("*.ipynb"))) >= 6
    True
    """
    return package_dir() / "lessons"
