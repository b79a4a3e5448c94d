"""The hand-in service on a real hub: hand-ins, isolation, instructors, feedback, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hub_server import Hub, collect_from_hub, http

from symposium_kit.hub.client import hand_in, my_feedback
from symposium_kit.work.formats import empty_work

pytestmark = [pytest.mark.hub, pytest.mark.slow]
COURSE = "china-101"


def work_file(folder: Path, answer: str, student: str = "whoever") -> Path:
    work = empty_work(student, "trump-china-2025")
    work["answers"]["positions.stance-order"] = {"answer": answer, "result": "recorded"}
    work["scores"]["c1"] = {"evidence": {"score": 2, "justification": answer}}
    path = folder / "symposium-work.json"
    path.write_text(json.dumps(work), encoding="utf-8")
    return path


def test_student_hands_in_twice_and_reads_back_both(
    hub: Hub, tokens: dict[str, str], tmp_path: Path
) -> None:
    path = work_file(tmp_path, "first")
    r1 = hand_in(COURSE, work_file=path, url=hub.service_url, token=tokens["student1"], quiet=True)
    path = work_file(tmp_path, "second")
    r2 = hand_in(COURSE, work_file=path, url=hub.service_url, token=tokens["student1"], quiet=True)
    assert r1.ok and r2.ok, (r1.message, r2.message)
    assert r2.data["version"] == r1.data["version"] + 1
    assert "version" in r2.message and "symposium-work.json" in r2.message
    status, mine = http(
        "GET", f"{hub.service_url}courses/{COURSE}/mine?content=1", tokens["student1"]
    )
    assert status == 200
    last_two = mine["versions"][-2:]
    answers = [v["work"]["answers"]["positions.stance-order"]["answer"] for v in last_two]
    assert answers == ["first", "second"]
    assert [v["version"] for v in last_two] == [r1.data["version"], r2.data["version"]]
    assert all(v["student"] == "student1" for v in mine["versions"])
    assert all(v["received"] > 0 for v in mine["versions"])
    status, other = http("GET", f"{hub.service_url}courses/{COURSE}/mine", tokens["student2"])
    assert status == 200 and all(v["student"] == "student2" for v in other["versions"])
    assert not any("first" in json.dumps(v) for v in other["versions"]), (
        "student2 saw student1's work"
    )


def test_resend_of_the_same_work_stores_nothing_new(
    hub: Hub, tokens: dict[str, str], tmp_path: Path
) -> None:
    path = work_file(tmp_path, "resend me")
    r1 = hand_in(COURSE, work_file=path, url=hub.service_url, token=tokens["student2"], quiet=True)
    r2 = hand_in(COURSE, work_file=path, url=hub.service_url, token=tokens["student2"], quiet=True)
    assert r1.ok and r2.ok
    assert r2.data["version"] == r1.data["version"] and r2.data["duplicate"] is True
    assert "already received" in r2.message


def _count(hub: Hub, token: str, student: str) -> list[dict]:
    status, data = http("GET", f"{hub.service_url}courses/{COURSE}/students/{student}", token)
    assert status == 200
    return data["versions"]


def test_attacks_are_refused(hub: Hub, tokens: dict[str, str], tmp_path: Path) -> None:
    s1, teacher = tokens["student1"], tokens["teacher"]
    base = hub.service_url
    assert hand_in(
        COURSE,
        work_file=work_file(tmp_path, "s2 own"),
        url=base,
        token=tokens["student2"],
        quiet=True,
    ).ok
    before = _count(hub, teacher, "student2")
    good = {"key": "attack-key-000001", "work": empty_work("x"), "notebooks": {}}
    narrow = hub.api("POST", "/users/student1/tokens", {"scopes": ["read:users:name!user"]})[
        "token"
    ]
    json_accept = {"Accept": "application/json"}
    attacks = {
        "another student's hand-ins by name": (
            "GET",
            f"courses/{COURSE}/students/student2",
            s1,
            None,
            None,
        ),
        "'..' in the name": (
            "GET",
            f"courses/{COURSE}/students/../students/student2",
            s1,
            None,
            None,
        ),
        "URL-encoded ../": ("GET", f"courses/{COURSE}/students/%2e%2e%2fstudent2", s1, None, None),
        "URL-encoded name": ("GET", f"courses/{COURSE}/students/%73tudent2", s1, None, None),
        "all latest hand-ins": ("GET", f"courses/{COURSE}/latest", s1, None, None),
        "the class list": ("GET", f"courses/{COURSE}/list", s1, None, None),
        "feedback to another": (
            "PUT",
            f"courses/{COURSE}/feedback/student2",
            s1,
            b"A+",
            "text/plain",
        ),
        "another course": ("GET", "courses/sec-b/mine", s1, None, None),
        "hand in to another course": (
            "POST",
            "courses/sec-b/handins",
            s1,
            json.dumps(good).encode(),
            "application/json",
        ),
        "an unknown course": ("GET", "courses/nope/mine", s1, None, None),
        "encoded course traversal": ("GET", "courses/..%2Fsec-b/mine", s1, None, None),
        "oversized body": (
            "POST",
            f"courses/{COURSE}/handins",
            s1,
            b" " * (2 * 1024 * 1024 + 10),
            "application/json",
        ),
        "wrong content type": (
            "POST",
            f"courses/{COURSE}/handins",
            s1,
            json.dumps(good).encode(),
            "text/plain",
        ),
        "forged top-level student field": (
            "POST",
            f"courses/{COURSE}/handins",
            s1,
            json.dumps({**good, "student": "student2"}).encode(),
            "application/json",
        ),
        "not a work file": (
            "POST",
            f"courses/{COURSE}/handins",
            s1,
            json.dumps({"key": "attack-key-000002", "work": {"cells": []}}).encode(),
            "application/json",
        ),
        "delete own hand-ins": ("DELETE", f"courses/{COURSE}/mine", s1, None, None),
        "no token": ("GET", f"courses/{COURSE}/mine", None, None, None),
        "no token, POST": (
            "POST",
            f"courses/{COURSE}/handins",
            None,
            json.dumps(good).encode(),
            "application/json",
        ),
        "garbage token": ("GET", f"courses/{COURSE}/mine", "garbage" * 6, None, None),
        "token without the service scope": ("GET", f"courses/{COURSE}/mine", narrow, None, None),
        "other-course student reads the class": (
            "GET",
            f"courses/{COURSE}/students/student2",
            tokens["eve"],
            None,
            None,
        ),
    }
    results = {}
    for name, (method, path, token, raw, ctype) in attacks.items():
        try:
            status, _ = http(
                method,
                base + path,
                token,
                raw=raw,
                content_type=ctype or "application/json",
                headers=json_accept,
            )
        except OSError as err:  # a connection the server refused to read is a refusal too
            status = f"closed ({err.__class__.__name__})"
        results[name] = status
    accepted = {k: v for k, v in results.items() if isinstance(v, int) and v < 400}
    assert not accepted, f"accepted: {accepted}"
    assert results["another student's hand-ins by name"] == 403
    assert results["another course"] == 403
    assert results["an unknown course"] == 404
    assert results["oversized body"] == 413
    assert results["wrong content type"] == 415
    assert results["no token"] == 401
    assert results["token without the service scope"] in (401, 403)
    # the forged name in the work file itself is replaced by the hub's name
    forged = empty_work("student2")
    forged["answers"]["x"] = {"answer": "forged", "result": "recorded"}
    status, data = http(
        "POST",
        f"{base}courses/{COURSE}/handins",
        s1,
        {"key": "forged-key-00001", "work": forged, "notebooks": {}},
    )
    assert status == 201 and data["student"] == "student1"
    after = _count(hub, teacher, "student2")
    assert after == before, "student2's hand-ins changed"
    print("\n".join(f"{k}: {v}" for k, v in results.items()))


def test_instructor_collects_and_returns_feedback(
    hub: Hub, tokens: dict[str, str], tmp_path: Path
) -> None:
    for who in ("student1", "student2"):
        assert hand_in(
            COURSE,
            work_file=work_file(tmp_path, f"{who} final"),
            url=hub.service_url,
            token=tokens[who],
            quiet=True,
        ).ok
    status, latest = http("GET", f"{hub.service_url}courses/{COURSE}/latest", tokens["teacher"])
    assert status == 200
    by = {h["student"]: h for h in latest["handins"]}
    assert by["student1"]["work"]["answers"]["positions.stance-order"]["answer"] == "student1 final"
    assert by["student2"]["work"]["student"] == "student2"
    for who in ("student1", "student2"):
        status, _ = http(
            "PUT",
            f"{hub.service_url}courses/{COURSE}/feedback/{who}",
            tokens["teacher"],
            raw=f"Well argued, {who}.".encode(),
            content_type="text/markdown",
        )
        assert status == 201
    f1 = my_feedback(
        COURSE, url=hub.service_url, token=tokens["student1"], quiet=True, save_to=tmp_path
    )
    f2 = my_feedback(
        COURSE, url=hub.service_url, token=tokens["student2"], quiet=True, save_to=tmp_path
    )
    assert "Well argued, student1." in f1.message and "student2" not in f1.message
    assert "Well argued, student2." in f2.message and "student1" not in f2.message
    # the command line: fetch into a folder, then the normal collect
    out = tmp_path / "collected"
    proc = collect_from_hub(hub, tokens["teacher"], out, COURSE)
    assert proc.returncode == 0, proc.stderr
    assert (out / "student1" / "symposium-work.json").exists()
    assert "student1" in proc.stdout or "2" in proc.stdout
    # a student's token can't collect
    proc = collect_from_hub(hub, tokens["student1"], tmp_path / "no", COURSE)
    assert proc.returncode == 1 and "403" in proc.stderr


def test_feedback_reports_go_back_to_each_student_alone(
    hub: Hub, tokens: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "class"
    for who in ("student1", "student2"):
        work = empty_work(who, "trump-china-2025")
        work["answers"]["start.why-hard"] = {"answer": f"{who}'s own reading", "result": "recorded"}
        (folder / who).mkdir(parents=True)
        (folder / who / "symposium-work.json").write_text(json.dumps(work), encoding="utf-8")
    env = {**os.environ, "SYMPOSIUM_KIT_HUB_TOKEN": tokens["teacher"]}
    command = [
        str(Path(sys.executable).parent / "symposium-kit"),
        "feedback",
        str(folder),
        "--out",
        str(tmp_path / "reports"),
        "--course",
        COURSE,
        "--hub-url",
        hub.service_url,
        "--no-progress",
    ]
    proc = subprocess.run(
        [*command, "--to-hub"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "Returned 2 of 2 report(s) through the hub" in proc.stdout
    assert len(list((tmp_path / "reports").glob("*.html"))) == 2
    for me, other in (("student1", "student2"), ("student2", "student1")):
        saved = tmp_path / me
        reply = my_feedback(
            COURSE, url=hub.service_url, token=tokens[me], quiet=True, save_to=saved
        )
        last = reply.data["feedback"][-1]
        n = len(reply.data["feedback"])
        report = saved / f"feedback-{COURSE}-{n}.html"
        assert f"a report, saved as {report}" in reply.message
        assert report.read_text(encoding="utf-8") == last["body"]
        assert last["content_type"] == "text/html"
        assert f"Feedback for {me}" in last["body"] and f"{me}&#x27;s own reading" in last["body"]
        assert other not in last["body"]
    # a student's token cannot return feedback
    env["SYMPOSIUM_KIT_HUB_TOKEN"] = tokens["student1"]
    proc = subprocess.run(
        [*command, "--to-hub"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1 and "403" in proc.stderr
