"""Settings for every pytest run from the repository (unit tests, doctests, nbval).

nbval runs each notebook's kernel in the notebook's own folder; without the hook
below, the exercise checks in the notebooks would write ``symposium-work.json``
into ``notebooks/``. While a notebook cell is set up (which is when nbval starts
the kernel, inheriting this process's environment) ``SYMPOSIUM_KIT_WORK`` points
at a new temporary file for each notebook (as in ``symposium-kit release``, so a
notebook never sees work saved by another); it is restored afterwards, so unit
tests are not affected.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Code that only the tests and benchmarks use (a JupyterLab server that always stops, ...)
sys.path.insert(0, str(Path(__file__).resolve().parent / "tests" / "support"))

_ENV = "SYMPOSIUM_KIT_WORK"
_saved: list[str | None] = []
_session_dir: list[str] = []


def _is_notebook_cell(item: pytest.Item) -> bool:
    return type(item).__name__ == "IPyNbCell"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_notebook_cell(item):
        _saved.append(os.environ.get(_ENV))
        if not _session_dir:
            _session_dir.append(tempfile.mkdtemp(prefix="symposium-kit-nbval-"))
        nb = Path(str(item.fspath))
        # One fresh file per notebook and edition, as `symposium-kit release` does; it keeps
        # the usual name (symposium-work.json), which notebooks may print.
        folder = Path(_session_dir[0]) / f"{nb.parent.name}-{nb.stem}"
        os.environ[_ENV] = str(folder / "symposium-work.json")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    if _is_notebook_cell(item) and _saved:
        old = _saved.pop()
        if old is None:
            os.environ.pop(_ENV, None)
        else:
            os.environ[_ENV] = old


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright driver for the whole session, shared by every browser test.

    Playwright's sync API cannot start a second time while one is live in the same
    process ("Sync API inside the asyncio loop"), so the JupyterLab tests
    (``tests/browser``) and the JupyterHub test (``tests/hub/test_browser.py``) both
    launch their browsers from this one driver.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _session_dir:
        import shutil

        shutil.rmtree(_session_dir.pop(), ignore_errors=True)
