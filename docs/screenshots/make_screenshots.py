"""Make the screenshots of docs/screenshots/: what a student sees, in a real JupyterLab.

- ``fresh-notebook.png``: the student edition of 04 as opened, before Run All: the
  scoring form is a static note that says what it is and "run this cell to use it";
- ``scoring-form-before.png``: the live form after Run All, nothing scored: the
  reference scores of McGregor are locked;
- ``scoring-form-after.png``: after scoring McGregor on every criterion: his
  reference scores appear beside the student's, and the other tabs stay locked.

The server is started the way the browser tests start it (``tests/support/lab_server.py``:
the code of ``symposium-kit start``, on 127.0.0.1, stopped by process id), in a
temporary copy of the student notebooks; Chromium is Debian's ``/usr/bin/chromium``,
driven by Playwright. Run from the checkout: ``.venv/bin/python docs/screenshots/make_screenshots.py``.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "tests" / "support"), str(ROOT / "tests" / "browser")]

import lab_harness as h  # noqa: E402  (needs the path above)
from lab_server import copy_student_notebooks, running_lab  # noqa: E402

NOTEBOOK = "04-scoring.ipynb"
FORM = ".symposium-scoring-form"


TALL = {"width": 1280, "height": 3200}  # the whole form fits: element shots need it in view


def _shoot_in_context(page, path: str, text: str, target: Path) -> None:
    """The page around one cell (the lesson's text above it, JupyterLab around it)."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    cell = h.code_cell(page, path, text)
    cell.scroll_into_view_if_needed()
    cell.evaluate("node => node.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(800)
    page.screenshot(path=str(target))
    page.set_viewport_size(h.VIEWPORT)
    print(f"wrote {target}")


def _shoot_form(page, target: Path) -> None:
    page.set_viewport_size(TALL)
    form = page.locator(FORM)
    form.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    form.screenshot(path=str(target))
    print(f"wrote {target}")


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="symposium-shots-") as tmp:
        root, state = Path(tmp) / "class", Path(tmp) / "state"
        copy_student_notebooks(root)
        token = secrets.token_urlsafe(16)
        env = {"SYMPOSIUM_KIT_WORK": None}
        with (
            running_lab(root, state, token, expose_app=True, env=env) as server,
            sync_playwright() as p,
        ):
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=h.CHROMIUM,
                headless=True,
                args=h.CHROMIUM_ARGS,
                viewport=h.VIEWPORT,
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.set_default_timeout(h.VIEW_UPDATE_MS)
                h.open_lab(page, server)
                h.open_notebook(page, NOTEBOOK)
                _shoot_in_context(
                    page, NOTEBOOK, "scoring_form(sheet)", HERE / "fresh-notebook.png"
                )
                h.run_all(page, NOTEBOOK)
                page.locator(FORM).wait_for()
                _shoot_form(page, HERE / "scoring-form-before.png")
                locked = page.locator(".symposium-reference-mcgregor")
                assert "still to score" in locked.inner_text(), locked.inner_text()
                for i, cid in enumerate(
                    [
                        "claim",
                        "evidence",
                        "relevance",
                        "sufficiency",
                        "reasoning",
                        "counterarguments",
                        "credibility",
                        "forecast",
                        "overall",
                    ]
                ):
                    row = page.locator(f".symposium-score-mcgregor-{cid}")
                    row.get_by_role("button", name=str(1 + i % 3), exact=True).click()
                    page.wait_for_timeout(150)
                page.wait_for_function(
                    "() => document.querySelector('.symposium-reference-mcgregor')"
                    ".innerText.includes('The reference scores')",
                    timeout=h.VIEW_UPDATE_MS,
                )
                _shoot_form(page, HERE / "scoring-form-after.png")
            finally:
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
