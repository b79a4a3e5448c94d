"""Drive notebooks in a real JupyterLab page, as a student would, and read what it shows.

Used by the browser tests (through ``conftest.py``) and by
``benchmarks/bench_browser.py``. Only the Playwright page is needed; the
JupyterLab server is started by :func:`lab_server.running_lab` (``tests/support``).

Every wait is on a condition and has a timeout. :func:`read_report` returns
what the page shows, cell by cell; the checks on it are in ``lab_checks.py``.

Selectors used (stable in JupyterLab 4 and ipywidgets 8): ``.jp-CodeCell``,
``.jp-InputPrompt``, ``.jp-OutputArea-output`` and its ``data-mime-type``,
``.jp-RenderedImage img``; ipywidgets views carry ``jupyter-widgets`` and a
``widget-*`` class (``widget-slider``, ``widget-vbox``, ``widget-label``...); the
kit's anywidgets (the argument map, the forecast slider) carry none, and count as
rendered when their front end drew its elements.
The page runs with ``--LabApp.expose_app_in_browser``: JupyterLab commands
(open, run all, restart) go through ``window.jupyterapp``, and the kernel's
real state is read from its session, not from the toolbar indicator (which
says "idle" before any kernel exists).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lab_checks import NotebookReport
from lab_server import student_notebooks_dir
from playwright.sync_api import expect

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
FIXTURE_DIR = "harness-fixtures"  # where the fixture notebooks sit inside the server's root

CHROMIUM = os.environ.get("SYMPOSIUM_KIT_CHROMIUM", "/usr/bin/chromium")
# Headless, no background traffic (component updates, sync, QUIC probes), and
# /tmp instead of a possibly tiny /dev/shm in containers.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 1800}

# Timeouts (milliseconds), generous for a loaded 2-core CI machine.
LAB_READY_MS = 60_000
KERNEL_IDLE_MS = 60_000
RUN_ALL_MS = 180_000
SETTLE_MS = 15_000
# What "a view updated" may take before a check gives up (not a benchmark).
VIEW_UPDATE_MS = 10_000

_PANEL_JS = """
const panelFor = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  return [...app.shell.widgets('main')].find(w => w.context && w.context.path === path) || null;
};
"""

KERNEL_IDLE_JS = (
    "(path) => {"
    + _PANEL_JS
    + """
  const w = panelFor(path);
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""
)

# Done running: kernel idle, no code cell running or showing "[*]".
RUN_DONE_JS = (
    "(path) => {"
    + _PANEL_JS
    + """
  const w = panelFor(path);
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  // the cell models' state (cells far down may not have drawn their prompt yet)
  if (w.content.widgets.some(c => c.model.type === 'code' && c.model.executionState === 'running'))
    return false;
  return ![...w.node.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(p => p.textContent.includes('*'));
}"""
)

# Rendering settled: no widget still "Loading widget...", every <img> decoded.
SETTLED_JS = (
    "(path) => {"
    + _PANEL_JS
    + """
  const w = panelFor(path);
  if (!w) return false;
  const outs = [...w.node.querySelectorAll('.jp-OutputArea-output')];
  if (outs.some(o => o.textContent.trim().startsWith('Loading widget'))) return false;
  return [...w.node.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete);
}"""
)

# What the page shows, cell by cell. Model data is read only for what the DOM
# cannot say: an output's type ("error") and whether it is meant to be a widget.
REPORT_JS = (
    "(path) => {"
    + _PANEL_JS
    + """
  const w = panelFor(path);
  if (!w) return null;
  const text = (n) => (n ? n.textContent : '').replace(/\\s+$/, '');
  const cells = w.content.widgets.map((cell, index) => {
    const kind = cell.model.type;
    const source = cell.model.sharedModel.getSource();
    if (kind !== 'code') return {index, kind, source, prompt: '', outputs: [], images: []};
    const count = cell.model.executionCount;
    const shown = text(cell.node.querySelector('.jp-InputPrompt'));
    // the prompt as drawn, or as it will be drawn for a cell not yet laid out
    const prompt = shown || (count === null ? '[ ]:' : `[${count}]:`);
    const area = cell.outputArea;
    const outputs = area.widgets.map((child, j) => {
      const model = area.model.get(j);
      const node = child.node.querySelector('.jp-OutputArea-output');
      const data = model ? model.data : {};
      return {
        type: model ? model.type : '',
        mime: node ? (node.dataset.mimeType || '') : '',
        text: text(node).slice(0, 2000),
        widget_expected: 'application/vnd.jupyter.widget-view+json' in data,
        // an ipywidgets view has a widget-* class; an anywidget view (the argument map) has
        // none: its front end's own elements, drawn in the widget output, tell it rendered
        widget_rendered: !!(node && (node.querySelector('.jupyter-widgets[class*="widget-"]') ||
          ('application/vnd.jupyter.widget-view+json' in data &&
           node.querySelector('div, svg, button, select, input') &&
           !/^(Loading widget|Error displaying widget)/.test(node.textContent.trim())))),
      };
    });
    const images = [...cell.node.querySelectorAll('.jp-OutputArea-output img')].map(i => ({
      complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
      src: (i.getAttribute('src') || '').slice(0, 30)}));
    // text outputs nested inside widgets (an ipywidgets Output holding a figure, say)
    const nested_text = [...cell.node.querySelectorAll(
        '.jp-OutputArea-output .jp-OutputArea-output[data-mime-type="text/plain"]')]
      .map(n => text(n).slice(0, 300));
    return {index, kind, source, prompt, count, outputs, images, nested_text};
  });
  return {path, cells};
}"""
)


@dataclass
class ConsoleLog:
    """Console errors and uncaught page errors seen while a notebook was open."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            url = (msg.location or {}).get("url") or "?"
            self.messages.append(f"console.error: {msg.text} (at {url})")

    def _on_pageerror(self, exc: Any) -> None:
        self.messages.append(f"uncaught page error: {exc}")

    def clear(self) -> None:
        self.messages.clear()


# ---------------------------------------------------------------- which notebooks


def notebooks_source() -> Path:
    """The folder of the notebooks under test (the student editions by default)."""
    return Path(os.environ.get("SYMPOSIUM_KIT_BROWSER_NOTEBOOKS") or student_notebooks_dir())


def student_notebook_names() -> list[str]:
    """Names of the student notebooks the kit ships (``notebooks/*.ipynb``)."""
    return sorted(p.name for p in notebooks_source().glob("*.ipynb"))


def notebook_using(text: str) -> str:
    """The first student notebook with a code cell containing ``text``; fails if none does."""
    for name in student_notebook_names():
        cells = json.loads((notebooks_source() / name).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if cell["cell_type"] == "code" and text in source:
                return name
    import pytest

    pytest.fail(
        f"no student notebook in {notebooks_source()} has a code cell using {text!r}",
        pytrace=False,
    )


# ---------------------------------------------------------------- driving the page


def open_lab(page: Any, server: Any) -> None:
    """Load JupyterLab in ``page`` and wait until the application has started."""
    page.goto(server.url("lab"), timeout=LAB_READY_MS)
    page.wait_for_function(
        "() => !!window.jupyterapp && !!document.querySelector('#jp-main-dock-panel')",
        timeout=LAB_READY_MS,
    )
    page.evaluate("() => window.jupyterapp.restored")


# The notebook's ipywidgets manager, found through the renderer factory it installs
# (jupyterlab_widgets 3: a renderer holds a promise of its manager in `_manager`).
_WIDGET_MANAGER_JS = (
    "async (path) => {"
    + _PANEL_JS
    + """
  const w = panelFor(path);
  const mime = 'application/vnd.jupyter.widget-view+json';
  const factory = w && w.content.rendermime.getFactory(mime);
  if (!factory) return 'no widget renderer';
  const r = factory.createRenderer({mimeType: mime, sanitizer: w.content.rendermime.sanitizer,
    resolver: null, linkHandler: null, latexTypesetter: null});
  try {
    if (!r._manager || !r._manager.promise) return 'manager not reachable';
    w.__widgetManager = await r._manager.promise;
    return 'ok';
  } finally { r.dispose(); }
}"""
)
WIDGETS_RESTORED_JS = (
    "(path) => {"
    + _PANEL_JS
    + """
  const m = panelFor(path).__widgetManager;
  return !m || m.restoredStatus === true;
}"""
)


def open_notebook(page: Any, path: str) -> None:
    """Open ``path`` (relative to the server's root) and wait until it can be run.

    That is: its kernel is connected and idle, and the ipywidgets manager has
    finished restoring widgets. Running cells while the manager still restores
    can lose a new widget's model ("Error displaying widget: model not found").
    """
    page.evaluate(
        """async (p) => {
        await window.jupyterapp.commands.execute('docmanager:open', {path: p});
        return true;
    }""",
        path,
    )
    wait_kernel_idle(page, path)
    wait_widgets_restored(page, path)


def wait_widgets_restored(page: Any, path: str, timeout_ms: int = KERNEL_IDLE_MS) -> None:
    """Wait until the notebook's ipywidgets manager has restored its widgets (if reachable)."""
    if page.evaluate(_WIDGET_MANAGER_JS, path) == "ok":
        _wait(page, WIDGETS_RESTORED_JS, path, timeout_ms, f"the widgets of {path} to restore")


def wait_kernel_idle(page: Any, path: str, timeout_ms: int = KERNEL_IDLE_MS) -> None:
    """Wait until the notebook's real kernel is connected and idle."""
    _wait(page, KERNEL_IDLE_JS, path, timeout_ms, f"the kernel of {path} to be connected and idle")


def run_all(page: Any, path: str, timeout_ms: int = RUN_ALL_MS) -> None:
    """Run all cells of the open notebook ``path`` and wait until it is done and rendered.

    The command's result is not used: it is ``false`` whenever a cell raised,
    which the checks report with the cell and the error.
    """
    page.evaluate(
        """async (path) => {
        const app = window.jupyterapp;
        const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
        app.shell.activateById(w.id);
        await app.commands.execute('notebook:run-all-cells');
    }""",
        path,
    )
    _wait(page, RUN_DONE_JS, path, timeout_ms, f"Run All in {path} to finish")
    settle(page, path)


def restart_and_run_all(page: Any, path: str, timeout_ms: int = RUN_ALL_MS) -> None:
    """Restart the notebook's kernel (no dialog), then run all cells again."""
    page.evaluate(
        """async (path) => {
        const app = window.jupyterapp;
        const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
        await w.sessionContext.session.kernel.restart();
    }""",
        path,
    )
    wait_kernel_idle(page, path)
    wait_widgets_restored(page, path)
    run_all(page, path, timeout_ms)


def settle(page: Any, path: str, timeout_ms: int = SETTLE_MS) -> None:
    """Wait (bounded) for widgets and images to finish rendering.

    A timeout here is not an error by itself: the checks then say which
    widget or image did not render.
    """
    try:
        page.wait_for_function(SETTLED_JS, arg=path, timeout=timeout_ms)
    except Exception as exc:  # playwright TimeoutError; the checks explain what is missing
        if "Timeout" not in type(exc).__name__:
            raise


def close_notebook(page: Any, path: str) -> None:
    """Shut the notebook's kernel down and close its tab without saving (no dialogs).

    Tests restore the file on disk afterwards, so every test opens the
    notebook as a student first does.
    """
    page.evaluate(
        """async (path) => {
        const app = window.jupyterapp;
        const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
        if (!w) return;
        await w.sessionContext.shutdown();
        w.context.model.dirty = false;
        w.dispose();
    }""",
        path,
    )


def read_report(page: Any, path: str) -> NotebookReport:
    """Read what the page shows for the open notebook ``path``."""
    data = page.evaluate(REPORT_JS, path)
    if data is None:
        raise AssertionError(f"{path} is not open in JupyterLab")
    return NotebookReport(data["path"], data["cells"])


_SCROLLER_JS = """(path) => {
  const app = window.jupyterapp;
  const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
  app.shell.activateById(w.id);
  const s = w.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
  s.scrollTop = 0;
  return {scroll: s.scrollHeight, client: s.clientHeight};
}"""
MAX_SHOT_HEIGHT = 20_000


def screenshot(page: Any, path: str, folder: Path) -> Path:
    """Screenshot the whole notebook (the page is made tall enough); returns the PNG's path."""
    sizes = page.evaluate(_SCROLLER_JS, path)
    extra = max(0, sizes["scroll"] - sizes["client"])
    height = min(VIEWPORT["height"] + extra, MAX_SHOT_HEIGHT)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(path).stem + ".png")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    try:
        # wait until JupyterLab has laid the notebook out in the taller page
        page.wait_for_function(
            """([path, height]) => {
            const w = [...window.jupyterapp.shell.widgets('main')]
              .find(w => w.context && w.context.path === path);
            const s = w.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
            return s.clientHeight >= s.scrollHeight - 2 || window.innerHeight >= height;
        }""",
            arg=[path, height],
            timeout=SETTLE_MS,
        )
        page.screenshot(path=str(target))
    finally:
        page.set_viewport_size(VIEWPORT)
        # and wait until the notebook is laid out in the normal page again, so that a
        # test's next click does not land while cells move
        page.wait_for_function(
            """(path) => {
            const w = [...window.jupyterapp.shell.widgets('main')]
              .find(w => w.context && w.context.path === path);
            const s = w.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
            return s.clientHeight <= window.innerHeight;
        }""",
            arg=path,
            timeout=SETTLE_MS,
        )
    return target


def _wait(page: Any, js: str, arg: Any, timeout_ms: int, what: str) -> None:
    started = time.monotonic()
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_ms)
    except Exception as exc:
        if "Timeout" in type(exc).__name__:
            raise AssertionError(
                f"timed out after {time.monotonic() - started:.0f} s waiting for {what}"
            ) from None
        raise


def screenshot_dir() -> Path:
    """Where screenshots go: ``$SYMPOSIUM_KIT_SCREENSHOTS`` or a new temporary folder."""
    env = os.environ.get("SYMPOSIUM_KIT_SCREENSHOTS")
    if env:
        return Path(env)
    return Path(tempfile.mkdtemp(prefix="symposium-kit-screenshots-"))


# ---------------------------------------------------------------- acting like a student


def panel(page: Any, path: str) -> Any:
    """Locator of the notebook panel showing ``path``."""
    panel_id = page.evaluate(
        """(path) => {
        const w = [...window.jupyterapp.shell.widgets('main')]
          .find(w => w.context && w.context.path === path);
        return w ? w.id : null;
    }""",
        path,
    )
    if panel_id is None:
        raise AssertionError(f"{path} is not open in JupyterLab")
    return page.locator(f"[id='{panel_id}']")


def code_cell(page: Any, path: str, text: str) -> Any:
    """Locator of the first code cell of ``path`` whose source contains ``text``.

    The cell is found by its source once and then held by its position, so
    the locator still points at it after its source is edited.
    """
    index = page.evaluate(
        """([path, text]) => {
        const w = [...window.jupyterapp.shell.widgets('main')]
          .find(w => w.context && w.context.path === path);
        if (!w) return -1;
        return w.content.widgets.findIndex(
          c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(text));
    }""",
        [path, text],
    )
    if index < 0:
        raise AssertionError(f"no code cell of {path} contains {text!r}")
    return panel(page, path).locator(".jp-Notebook .jp-Cell").nth(index)


def cell_source(cell: Any) -> str:
    """The source of a code cell, as the notebook model holds it."""
    return cell.evaluate(
        """(node) => {
        const app = window.jupyterapp;
        for (const w of app.shell.widgets('main')) {
          if (!w.content || !w.content.widgets) continue;
          const c = w.content.widgets.find(c => c.node === node);
          if (c) return c.model.sharedModel.getSource();
        }
        return null;
    }"""
    )


def hold_still(target: Any, still_ms: int = 400, timeout_ms: int = SETTLE_MS) -> None:
    """Scroll ``target`` into view and wait until it has stopped moving for ``still_ms``.

    A long notebook keeps laying itself out after Run All (cells drawn late,
    images decoded, outputs measured); a click aimed while the page moves can
    land beside its button. Playwright's own check spans two animation frames,
    too short on a loaded machine.
    """
    target.scroll_into_view_if_needed(timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        box = target.bounding_box()
        if box != last:
            last, since = box, time.monotonic()
        elif box is not None and (time.monotonic() - since) * 1000 >= still_ms:
            return
        time.sleep(0.05)
    raise AssertionError(f"{target} kept moving for {timeout_ms / 1000:.0f} s")


def click_still(target: Any) -> None:
    """Click ``target`` as a person does: once it is in view and has stopped moving."""
    hold_still(target)
    target.click()


def type_into_cell(page: Any, cell: Any, source: str) -> None:
    """Replace a code cell's source by typing it, as a student would, then check what landed."""
    editor = cell.locator(".jp-InputArea-editor .cm-content")
    click_still(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(source)
    typed = cell_source(cell)
    if typed != source:
        raise AssertionError(f"typing into the cell gave {typed!r}, not {source!r}")


def run_cell_by_keyboard(page: Any, path: str, cell: Any) -> None:
    """Run a cell with Shift+Enter (the cell's editor must have focus) and wait until done."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.text_content() or ""
    page.keyboard.press("Shift+Enter")
    expect(prompt).not_to_have_text(before, timeout=RUN_ALL_MS)
    expect(prompt).to_have_text(re.compile(r"\[\d+\]"), timeout=RUN_ALL_MS)
    wait_kernel_idle(page, path)
    settle(page, path)
