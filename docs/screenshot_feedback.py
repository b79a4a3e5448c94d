"""Make ``docs/screenshots/feedback-report.png``: one feedback report in headless Chromium.

Run from the repository root::

    .venv/bin/python docs/screenshot_feedback.py [OUT.png]

It writes a 12-student demo class (seed 0), collects it, writes the reports
with one exercise's key released and one open answer graded by hand, and
photographs the first student's report (the full page, 900 px wide) with
Debian's Chromium (``/usr/bin/chromium``, or ``$SYMPOSIUM_KIT_CHROMIUM``)
through Playwright, offline: every request the page makes is refused and
counted, and the script fails if there was one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from symposium_kit import ManualGrade, collect, load_debate, write_demo_class, write_feedback

CHROMIUM = os.environ.get("SYMPOSIUM_KIT_CHROMIUM", "/usr/bin/chromium")
OUT = Path(__file__).resolve().parent / "screenshots" / "feedback-report.png"


def main(out: Path = OUT) -> int:
    from playwright.sync_api import sync_playwright

    debate = load_debate()
    with tempfile.TemporaryDirectory() as tmp:
        demo = write_demo_class(Path(tmp) / "class", students=12, seed=0, debate=debate)
        results = collect(demo.directory, debate)
        student = results.students[0]
        grade: ManualGrade = {"points": 0.5, "comment": "Good start; name the two readings."}
        manual = {student: {"start.why-hard": grade}}
        reports = write_feedback(
            results,
            Path(tmp) / "reports",
            debate,
            released=["positions.same-stance"],
            manual=manual,
            course="China 101",
            generated="2025-11-03 09:00 UTC",
        )
        report = next(r for r in reports if r.student == student)
        assert report.path is not None
        fetched: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            try:
                page = browser.new_page(viewport={"width": 900, "height": 1200})

                def refuse(route) -> None:  # type: ignore[no-untyped-def]
                    if not route.request.url.startswith("file://"):
                        fetched.append(route.request.url)
                    route.continue_() if route.request.url.startswith("file://") else route.abort()

                page.route("**/*", refuse)
                page.goto(report.path.as_uri(), timeout=30_000)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out), full_page=True, timeout=30_000)
            finally:
                browser.close()
    if fetched:
        print(f"the report tried to fetch: {fetched}", file=sys.stderr)
        return 1
    print(f"Wrote {out} (report of {student}, {report.total:g} / {report.possible:g} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
