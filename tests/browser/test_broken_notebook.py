"""The harness's checks fail, with a clear message, on notebooks that are broken.

Each broken notebook in ``fixtures/`` is run in the real page exactly as the
student notebooks are; the test then proves that the check a student-notebook
test relies on raises ``AssertionError`` and that its message names the
notebook, the cell and what went wrong. A harness that passed these notebooks
would prove nothing about the real ones.
"""

from __future__ import annotations

import lab_checks as checks
import lab_harness as h
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_cell_that_raises_or_warns_fails_the_checks_naming_cell_and_error(run_notebook):
    path = f"{h.FIXTURE_DIR}/broken-raises.ipynb"
    report, _console = run_notebook(path)

    with pytest.raises(AssertionError) as error:
        checks.check_no_errors(report)
    message = str(error.value)
    assert "broken-raises.ipynb, cell 4" in message
    assert "ZeroDivisionError" in message
    assert "'1 / 0'" in message

    with pytest.raises(
        AssertionError, match=r"cell 3 \[\d+\]: .* shows a warning: FutureWarning: this API"
    ):
        checks.check_no_warnings(report)

    # Run All stops at the error: the cell after it never ran, and that is reported too
    with pytest.raises(AssertionError, match=r"did not run after Run All[\s\S]*'y = 2'"):
        checks.check_all_cells_ran(report)


def test_widgets_that_do_not_render_fail_the_widget_check(run_notebook):
    path = f"{h.FIXTURE_DIR}/broken-widget.ipynb"
    report, console = run_notebook(path)

    with pytest.raises(AssertionError) as error:
        checks.check_widgets_rendered(report)
    message = str(error.value)
    assert "2 widget(s) not rendered in harness-fixtures/broken-widget.ipynb" in message
    # a widget view whose model does not exist: the page is stuck on "Loading widget..."
    assert "cell 2" in message and "a widget did not render" in message
    # the text a student sees when the widget front end is missing
    assert "cell 3" in message and 'text fallback "IntSlider(value=3' in message

    # the page also logged the missing model as a JavaScript error
    with pytest.raises(AssertionError, match="widget model not found"):
        checks.check_console_clean(path, console)


def test_figures_that_do_not_render_fail_the_figure_check(run_notebook):
    report, _console = run_notebook(f"{h.FIXTURE_DIR}/broken-figure.ipynb")

    with pytest.raises(AssertionError) as error:
        checks.check_figures_rendered(report)
    message = str(error.value)
    assert "2 figure(s) not rendered in harness-fixtures/broken-figure.ipynb" in message
    assert "cell 2" in message and "a figure shows only as text '<Figure size 300x200" in message
    assert "cell 3" in message and "an image did not load (data:image/png" in message


def test_check_notebook_reports_every_failure_at_once(run_notebook):
    report, console = run_notebook(f"{h.FIXTURE_DIR}/broken-raises.ipynb")

    with pytest.raises(AssertionError) as error:
        checks.check_notebook(report, console)
    assert "error(s) shown in" in str(error.value)
    assert "did not run after Run All" in str(error.value)


def test_the_working_fixture_passes_every_check(run_notebook):
    # the counterpart: the same checks pass on a notebook that works
    report, console = run_notebook(f"{h.FIXTURE_DIR}/harness-good.ipynb")

    checks.check_notebook(report, console)
    assert any(c["images"] for c in report.code_cells)
    assert any(o["widget_rendered"] for c in report.code_cells for o in c["outputs"])
