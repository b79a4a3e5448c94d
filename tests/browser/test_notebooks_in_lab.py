"""Every student notebook runs clean in a real JupyterLab page.

For each notebook: open it, wait for its kernel, Run All, and check what the
page shows: every cell ran, no cell shows an error, every widget is a
rendered ipywidgets view (not a text fallback), every figure is a decoded
image, and the page logged no JavaScript error. Then axe-core audits the
notebook's outputs (``lab_axe.py``): no violation of impact serious or critical
(images without alt text, contrast, unlabelled controls) in what the kit shows. A screenshot of each notebook
after running goes to the folder printed at the end of the run.
"""

from __future__ import annotations

import lab_axe
import lab_checks as checks
import lab_harness as h
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS = h.student_notebook_names()


def test_there_are_student_notebooks_to_test():
    assert NOTEBOOKS, (
        f"no student notebooks in {h.notebooks_source()}: run `symposium-kit release` to build them"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_student_notebook_runs_clean_in_jupyterlab(name, run_notebook, lab_page, axe_js):
    report, console = run_notebook(name)
    audited, found = lab_axe.audit_outputs(lab_page, name, axe_js)
    serious = lab_axe.serious_violations(found)
    print(f"axe-core on {name}: {audited} outputs, {len(found)} violations, {len(serious)} serious")

    checks.check_notebook(report, console)
    assert report.code_cells, f"{name} has no code cells"
    assert audited, f"{name}: no outputs to audit after Run All"
    assert not serious, f"{name}: {len(serious)} serious or critical axe-core violations:\n" + (
        "\n".join(str(v) for v in serious)
    )


def test_no_news_or_update_prompt_appeared(lab_page):
    # runs after the notebooks, so JupyterLab has been open long enough to have asked
    expect(lab_page.get_by_text("notified about official Jupyter news")).to_have_count(0)
    expect(lab_page.get_by_text("check for updates", exact=False)).to_have_count(0)
