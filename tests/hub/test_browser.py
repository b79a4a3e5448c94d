"""The class on a real JupyterHub, in a real browser: two students and an instructor.

Headless Chromium (Debian's, through Playwright) logs in at ``/hub/login`` as
each student: the student finds the lesson notebooks in their home, opens
04-scoring, runs it, scores a contributor in the scoring form, answers an
exercise by typing into its ``check()`` cell, clicks "Hand in my work" and sees
the receipt. The instructor logs in too, reads the class list through the
service in the browser, collects both hand-ins with ``symposium-kit collect
--from-hub`` and returns a feedback to each through the service's feedback
route; each student then runs ``my_feedback()`` in a new cell and sees only
their own. Expected values (levels, exercise keys, versions) come from the
package's data and the service's answers, never from the test.

Everything runs on 127.0.0.1 (the session's hub from ``conftest.py``); every wait
has a timeout; the users' servers are stopped through the hub's API at the end.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hub_server import Hub, collect_from_hub, http, kernel_exec, wait_server
from waiting import wait_for_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

import lab_harness as h  # noqa: E402  (tests/browser, on the path above)
from playwright.sync_api import expect  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.classroom.distribute import student_notebooks  # noqa: E402
from symposium_kit.cli.lab import LAB_SETTINGS  # noqa: E402
from symposium_kit.exercises.catalog import load_exercises  # noqa: E402
from symposium_kit.exercises.checking import check_answer  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]

# as tests/browser/conftest.py does: `expect(...)` waits up to this long (default 5 s)
expect.set_options(timeout=h.VIEW_UPDATE_MS)

COURSE = "china-101"
STUDENTS = ("student1", "student2")
NOTEBOOK = "symposium/04-scoring.ipynb"
LOGIN_MS = 120_000  # login click to JupyterLab ready, spawn included, on a loaded machine
RECEIPT_MS = 60_000
PLACEHOLDER = re.compile(r"^([ \t]*)answer = \.\.\..*$", re.M)
CHECK_CALL = re.compile(r"""check\(\s*["']([\w.-]+)["']\s*,\s*answer\s*\)""")
VERSION = re.compile(r"as version (\d+), received")


def _require_chromium() -> None:
    if not os.access(h.CHROMIUM, os.X_OK):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {h.CHROMIUM} is missing", pytrace=False)
        pytest.skip(f"{h.CHROMIUM} not found (`apt-get install -y chromium`)")


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    _require_chromium()
    b = playwright.chromium.launch(executable_path=h.CHROMIUM, headless=True, args=h.CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


def _seed_lab_settings(home: Path) -> None:
    """The kit's JupyterLab settings (no news pop-up, kernel starts by itself) in a home."""
    for rel, values in LAB_SETTINGS.items():
        path = home / ".jupyter" / "lab" / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _login(browser: Any, hub: Hub, name: str) -> tuple[Any, Any]:
    """A fresh browser context logged in as ``name``, with JupyterLab loaded."""
    _seed_lab_settings(hub.run / "home" / name)
    context = browser.new_context(viewport=h.VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(h.VIEW_UPDATE_MS)
    page.goto(f"{hub.public}/hub/login", timeout=LOGIN_MS)
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=LOGIN_MS)
    page.wait_for_function(
        "() => !!window.jupyterapp && !!document.querySelector('#jp-main-dock-panel')",
        timeout=LOGIN_MS,
    )
    page.evaluate("() => window.jupyterapp.restored")
    wait_server(hub, name, ready=True)  # also records the server's pid for the teardown
    return context, page


def _answerable_exercise() -> tuple[Any, str, Any]:
    """The first exercise cell of 04 whose key can be typed as a literal, and that key."""
    exercises = load_exercises()
    nb = json.loads(
        next(p for p in student_notebooks() if p.name == Path(NOTEBOOK).name).read_text()
    )
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        found = CHECK_CALL.search(source)
        if cell["cell_type"] != "code" or not found or not PLACEHOLDER.search(source):
            continue
        ex = exercises.get(found.group(1))
        if ex is None or ex.kind not in ("single_choice", "multiple_choice", "ordering", "numeric"):
            continue
        if ex.kind == "multiple_choice":
            answer: Any = list(ex.key)
        elif ex.kind == "ordering":
            answer = [item for group in ex.key for item in group]
        else:
            answer = ex.key
        return ex, source, answer
    raise AssertionError(f"{NOTEBOOK} has no choice, ordering or numeric exercise to answer")


def _student_session(page: Any, hub: Hub, name: str) -> dict[str, Any]:
    """Find the notebooks, score, answer, hand in; return what the page and the file show."""
    debate = load_debate()
    home = hub.run / "home" / name
    work_file = home / "symposium" / "symposium-work.json"

    # the notebooks are in the home: the file browser lists them
    listing = page.locator(".jp-DirListing-content")
    listing.get_by_text("symposium", exact=True).dblclick(timeout=h.LAB_READY_MS)
    for nb in student_notebooks():
        expect(listing.get_by_text(nb.name, exact=True)).to_be_visible()
    listing.get_by_text(Path(NOTEBOOK).name, exact=True).dblclick()
    h.wait_kernel_idle(page, NOTEBOOK)
    h.wait_widgets_restored(page, NOTEBOOK)
    h.run_all(page, NOTEBOOK)

    # score a contributor: a click on a level in the scoring form
    form = h.panel(page, NOTEBOOK).locator(".symposium-scoring-form").first
    row = form.locator(".widget-toggle-buttons:visible").first
    classes = (row.get_attribute("class") or "").split()
    pid, cid = next(
        (c.id, cls[len(f"symposium-score-{c.id}-") :])
        for cls in classes
        for c in debate.contributors
        if cls.startswith(f"symposium-score-{c.id}-")
    )
    level = debate.rubric.criterion(cid).levels[-1][0]
    row.get_by_role("button", name=str(level), exact=True).click()
    expect(row.locator("button.mod-active")).to_have_text(str(level))
    wait_for_file(
        work_file, lambda d: d["scores"][pid][cid]["score"] == level, f"{pid}/{cid} = {level}"
    )

    # answer an exercise by typing into its check() cell
    ex, source, answer = _answerable_exercise()
    expected = check_answer(ex, answer, debate)
    cell = h.code_cell(page, NOTEBOOK, f'check("{ex.id}"')
    typed = PLACEHOLDER.sub(lambda m: f"{m.group(1)}answer = {answer!r}", source, count=1)
    h.type_into_cell(page, cell, typed)
    h.run_cell_by_keyboard(page, NOTEBOOK, cell)
    expect(cell.locator(".jp-OutputArea-output").first).to_contain_text(
        f"{expected.headline} ({ex.id})"
    )
    wait_for_file(work_file, lambda d: d["answers"][ex.id]["result"] == expected.result, ex.id)

    # hand in with the button of the closing cell, and read the receipt
    button_cell = h.code_cell(page, NOTEBOOK, "hand_in_button()")
    button = button_cell.locator(".symposium-handin-button")
    button.scroll_into_view_if_needed()
    button.click()
    receipt = button_cell.locator(".symposium-handin-receipt")
    expect(receipt).to_contain_text(f"Handed in to {COURSE}", timeout=RECEIPT_MS)
    text = receipt.text_content() or ""
    assert "symposium-work.json" in text and "Traceback" not in text, text
    found = VERSION.search(text)
    assert found, text
    return {
        "version": int(found.group(1)),
        "pid": pid,
        "cid": cid,
        "level": level,
        "exercise": ex.id,
        "result": expected.result,
    }


def _run_new_cell(page: Any, after: str, code: str) -> Any:
    """Insert a code cell below the cell containing ``after``, type ``code``, run it."""
    cell = h.code_cell(page, NOTEBOOK, after)
    cell.locator(".jp-InputArea-editor .cm-content").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)
    new = h.code_cell(page, NOTEBOOK, code)
    h.run_cell_by_keyboard(page, NOTEBOOK, new)
    return new.locator(".jp-OutputArea-output").first


def test_two_students_hand_in_from_the_browser_and_each_reads_only_their_feedback(
    hub: Hub, browser: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    clock = time.monotonic()
    phases: list[tuple[str, float]] = []

    def lap(what: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases.append((what, now - clock))
        clock = now

    contexts: list[Any] = []
    pages: dict[str, Any] = {}
    sessions: dict[str, dict[str, Any]] = {}
    started: list[str] = []
    try:
        for name in STUDENTS:
            started.append(name)
            context, page = _login(browser, hub, name)
            contexts.append(context)
            pages[name] = page
            lap(f"{name}: login to JupyterLab ready (spawn included)")
            sessions[name] = _student_session(page, hub, name)
            lap(f"{name}: open 04, run all, score, answer, hand in, receipt")

        # the instructor logs in; the service's class list opens with the hub's cookie
        started.append("teacher")
        context, teacher = _login(browser, hub, "teacher")
        contexts.append(context)
        lap("teacher: login to JupyterLab ready")
        teacher.goto(f"{hub.service_url}courses/{COURSE}/list", timeout=LOGIN_MS)
        listed = {
            s["student"]: s for s in json.loads(teacher.locator("body").inner_text())["students"]
        }
        for name in STUDENTS:
            assert listed[name]["versions"] >= sessions[name]["version"], listed[name]

        # a student's browser cookie does not open an instructor route or another's work
        s1 = contexts[0].new_page()  # student1's context: a service page gives it the cookie
        s1.goto(f"{hub.service_url}whoami", timeout=LOGIN_MS)
        assert json.loads(s1.locator("body").inner_text())["name"] == "student1"
        forged = {"key": "k" * 16, "work": {"student": "student2"}, "notebooks": {}}
        attempts = {
            "class list": s1.request.get(f"{hub.service_url}courses/{COURSE}/list"),
            "latest of all": s1.request.get(f"{hub.service_url}courses/{COURSE}/latest"),
            "student2's work": s1.request.get(
                f"{hub.service_url}courses/{COURSE}/students/student2"
            ),
            "another course": s1.request.get(f"{hub.service_url}courses/sec-b/mine"),
            "feedback to student2": s1.request.put(
                f"{hub.service_url}courses/{COURSE}/feedback/student2",
                data="<p>forged</p>",
                headers={"Content-Type": "text/html"},
            ),
            "a forged hand-in": s1.request.post(
                f"{hub.service_url}courses/{COURSE}/handins",
                data=json.dumps(forged),
                headers={"Content-Type": "application/json"},
            ),
        }
        refused = {what: r.status for what, r in attempts.items()}
        # reads: the hub's cookie identifies student1, who is refused (403); writes with a
        # cookie but without the XSRF token are not even authenticated (401)
        writes = ("feedback to student2", "a forged hand-in")
        assert all(
            status == 403 if what not in writes else status in (401, 403)
            for what, status in refused.items()
        ), json.dumps(refused)
        s1.close()

        lap("cookie checks")
        # the instructor collects both: the latest hand-in of each is what the browser sent
        out = tmp_path / "collected"
        proc = collect_from_hub(hub, tokens["teacher"], out, COURSE)
        assert proc.returncode == 0, proc.stderr
        for name in STUDENTS:
            work = json.loads((out / name / "symposium-work.json").read_text(encoding="utf-8"))
            got = sessions[name]
            assert work["student"] == name
            assert work["scores"][got["pid"]][got["cid"]]["score"] == got["level"]
            assert work["answers"][got["exercise"]]["result"] == got["result"]
            status, versions = http(
                "GET", f"{hub.service_url}courses/{COURSE}/students/{name}", tokens["teacher"]
            )
            assert status == 200 and versions["versions"][-1]["version"] == got["version"]

        lap("collect --from-hub (command line) and checks")
        # the class-results notebook's way (from_hub): in the instructor's own server the
        # kernel's token fetches the class; in a student's it is refused
        fetch = (
            "import tempfile\nfrom symposium_kit import collect, fetch_handins, load_debate\n"
            "d = tempfile.mkdtemp()\nr = fetch_handins('china-101', d)\n"
            "res = collect(d, load_debate(), progress=False)\n"
            "print('STUDENTS', sorted(res.students))\n"
        )
        out = kernel_exec(hub, "teacher", tokens["teacher"], fetch)
        assert "Fetched the latest hand-in of" in out and "Traceback" not in out, out
        assert all(f"'{name}'" in out.split("STUDENTS", 1)[1] for name in STUDENTS), out
        out = kernel_exec(hub, "student1", tokens["student1"], fetch)
        assert "Nothing fetched from the hub" in out and "403" in out, out
        assert "STUDENTS []" in out, out

        lap("fetch_handins in the teacher's and a student's kernel")
        # feedback, one per student, through the service's feedback route
        notes = {name: f"Feedback for {name}: {secrets.token_hex(6)}" for name in STUDENTS}
        for name, note in notes.items():
            status, _ = http(
                "PUT",
                f"{hub.service_url}courses/{COURSE}/feedback/{name}",
                tokens["teacher"],
                raw=note.encode(),
                content_type="text/markdown",  # shown in the cell (an HTML report is saved)
            )
            assert status == 201

        # each student fetches their own in the notebook, and sees nobody else's
        for name in STUDENTS:
            shown = _run_new_cell(
                pages[name],
                "hand_in_button()",
                "from symposium_kit import my_feedback\nmy_feedback()",
            )
            expect(shown).to_contain_text(notes[name], timeout=RECEIPT_MS)
            text = shown.text_content() or ""
            others = [n for other, n in notes.items() if other != name]
            assert not any(n in text for n in others) and "forged" not in text, text
            assert "Traceback" not in text, text
        lap("feedback returned, my_feedback() in both browsers")
        print("\n".join(f"{seconds:6.1f} s  {what}" for what, seconds in phases))
    finally:
        for context in contexts:
            context.close()
        for name in started:
            try:
                hub.api("DELETE", f"/users/{name}/server")
                wait_server(hub, name, ready=False)
            except (RuntimeError, TimeoutError) as exc:  # the hub's own shutdown still stops it
                print(f"could not stop {name}'s server: {exc}")
