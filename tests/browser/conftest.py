"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per session.

The server is started through ``tests/support/lab_server.py`` (the code path of
``symposium-kit start``) in a temporary copy of the student notebooks, with a
random token fixed for the session; the notebooks of ``fixtures/`` (which prove
the harness itself) are copied beside them in ``harness-fixtures/``. The
server and its kernels are stopped at the end whatever happens.

``SYMPOSIUM_KIT_BROWSER_NOTEBOOKS`` (a folder) tests other notebooks than the
student editions, e.g. ``notebooks/instructor``.

Without ``/usr/bin/chromium`` the browser tests are skipped with the reason,
except under ``CI=true``, where they fail: CI must install it (``./kit test``
does).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lab_axe  # noqa: E402  (needs the path above)
import lab_harness as h  # noqa: E402  (needs the path above)
from lab_server import copy_student_notebooks, running_lab  # noqa: E402  (tests/support)
from playwright.sync_api import expect  # noqa: E402

TOKEN = secrets.token_urlsafe(24)  # random, fixed for the session

# The fixture notebooks are run in the browser, never collected as tests (some are broken
# on purpose), even when pytest runs with --nbval or --nbval-lax.
collect_ignore_glob = ["fixtures/*.ipynb"]

# Playwright's `expect(...)` waits up to this long for a condition (default 5 s).
expect.set_options(timeout=h.VIEW_UPDATE_MS)

_SCREENSHOTS: list[Path] = []
_STARTUPS: list[float] = []


def _require_chromium() -> None:
    if os.access(h.CHROMIUM, os.X_OK):
        return
    reason = (
        f"{h.CHROMIUM} not found: install Debian's chromium (`apt-get install -y chromium`; "
        "`./kit test` does this) to run the browser tests"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the student notebooks, plus the harness's own fixture notebooks."""
    root = tmp_path_factory.mktemp("lab-root")
    if h.student_notebook_names():
        copy_student_notebooks(root, source=h.notebooks_source())
        # `start` leaves out the lessons meant for the instructor (06's class results); the
        # instructor opens them from the kit, and they are tested here all the same
        for path in h.notebooks_source().glob("*.ipynb"):
            if not (root / path.name).exists():
                shutil.copyfile(path, root / path.name)
    shutil.copytree(h.FIXTURES, root / h.FIXTURE_DIR)
    return root


@pytest.fixture(scope="session")
def lab_server(lab_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab on 127.0.0.1 at a free port, serving ``lab_root``."""
    _require_chromium()
    state = tmp_path_factory.mktemp("lab-state")
    # the kernels save work beside the notebooks, whatever the developer's environment says
    env = {"SYMPOSIUM_KIT_WORK": None}
    # `timeout` and CI runners stop pytest with SIGTERM: turn it into KeyboardInterrupt so
    # that pytest tears the fixtures down and the server is stopped
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with running_lab(lab_root, state, TOKEN, expose_app=True, env=env) as server:
            _STARTUPS.append(server.startup_s)
            yield server
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def chromium_context(tmp_path_factory: pytest.TempPathFactory, playwright):
    """Debian's headless Chromium with a fresh profile, driven by the session's Playwright.

    ``playwright`` is the root conftest's session fixture, shared with the hub's
    browser test (the sync API cannot start twice in one process).
    """
    _require_chromium()
    context = playwright.chromium.launch_persistent_context(
        tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path_factory.getbasetemp()),
        executable_path=h.CHROMIUM,
        headless=True,
        args=h.CHROMIUM_ARGS,
        viewport=h.VIEWPORT,
    )
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def lab_console() -> h.ConsoleLog:
    """JavaScript errors seen in the JupyterLab page (cleared when a notebook is opened)."""
    return h.ConsoleLog()


@pytest.fixture(scope="session")
def lab_page(lab_server, chromium_context, lab_console):
    """A page with JupyterLab loaded (not named ``page``: pytest-playwright uses that name)."""
    page = chromium_context.pages[0] if chromium_context.pages else chromium_context.new_page()
    page.set_default_timeout(h.VIEW_UPDATE_MS)
    lab_console.attach(page)
    h.open_lab(page, lab_server)
    return page


@pytest.fixture(scope="session")
def axe_js() -> str:
    """The text of axe-core's ``axe.min.js`` (installed from ``axe/package-lock.json``)."""
    return lab_axe.axe_script()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots are saved to (printed at the end of the run)."""
    folder = h.screenshot_dir()
    _SCREENSHOTS.append(folder)
    return folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.browser_failed = report.failed  # read by run_notebook's teardown


@pytest.fixture
def run_notebook(request, lab_page, lab_console, lab_root, screenshots):
    """Open a notebook, run all its cells, screenshot it; returns (report, console messages).

    The notebook stays open until the test ends; then its kernel is shut
    down, its tab closed unsaved, and its file restored, so that the next
    test opens it as a student first does.
    """
    opened: list[str] = []

    def run(path: str) -> tuple[h.NotebookReport, list[str]]:
        lab_console.clear()
        h.open_notebook(lab_page, path)
        opened.append(path)
        h.run_all(lab_page, path)
        report = h.read_report(lab_page, path)
        h.screenshot(lab_page, path, screenshots)
        return report, list(lab_console.messages)

    yield run
    if opened and getattr(request.node, "browser_failed", False):
        # what the page showed when the test failed, for the person reading the CI log
        shot = screenshots / f"FAILED-{request.node.name}.png".replace("/", "_")
        try:
            lab_page.screenshot(path=str(shot), full_page=True)
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"could not save a screenshot of the failure: {exc}")
    for path in opened:
        h.close_notebook(lab_page, path)
        pristine = (
            h.FIXTURES / path[len(h.FIXTURE_DIR) + 1 :]
            if path.startswith(f"{h.FIXTURE_DIR}/")
            else h.notebooks_source() / path
        )
        shutil.copyfile(pristine, lab_root / path)


def pytest_terminal_summary(terminalreporter) -> None:
    for seconds in _STARTUPS:
        terminalreporter.write_line(f"JupyterLab start to ready: {seconds:.1f} s")
    for folder in _SCREENSHOTS:
        shots = sorted(folder.glob("*.png"))
        if shots:
            terminalreporter.write_line(f"browser screenshots ({len(shots)}): {folder}", bold=True)
