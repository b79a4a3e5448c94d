"""Hand in from a notebook, and fetch the instructor's feedback, through the hub's service.

Inside a JupyterHub user server the kernel has ``JUPYTERHUB_API_TOKEN`` (the
server's token, which the hub lets call the service) and the service's address
(``SYMPOSIUM_KIT_HUB_URL``, set by the hub's configuration, else
``JUPYTERHUB_PUBLIC_URL`` + ``services/symposium/``). Off a hub, or when the
service does not answer, both functions say which file to upload instead; they
never raise and never change the student's work.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..work.formats import check_work
from ..work.workfile import flush_work, work_path, write_bytes_atomic

SERVICE_NAME = "symposium"


@dataclass
class HubReply:
    """What a call to the service came to: ``ok``, the ``message`` shown, the ``data``."""

    ok: bool
    message: str
    data: dict[str, Any]

    def __repr__(self) -> str:
        return self.message


def service_url(env: dict[str, str] | None = None) -> str | None:
    """The service's base URL from the environment, or None off a hub.

    Examples
    --------
    >>> service_url({"SYMPOSIUM_KIT_HUB_URL": "http://127.0.0.1:8000/services/symposium"})
    'http://127.0.0.1:8000/services/symposium/'
    >>> service_url({}) is None
    True
    """
    env = dict(os.environ) if env is None else env
    url = env.get("SYMPOSIUM_KIT_HUB_URL")
    if not url and env.get("JUPYTERHUB_PUBLIC_URL"):
        url = env["JUPYTERHUB_PUBLIC_URL"].rstrip("/") + f"/services/{SERVICE_NAME}/"
    if not url:
        return None
    return url.rstrip("/") + "/"


def _course(course: str | None) -> str | None:
    return course or os.environ.get("SYMPOSIUM_KIT_COURSE") or None


def _fallback(why: str, path: Path) -> str:
    return (
        f"Not handed in: {why}. Your work is safe and unchanged in {path}; "
        "upload that file where your instructor asked (for example the course's "
        "learning platform)."
    )


def request(
    method: str,
    url: str,
    token: str,
    body: bytes | None = None,
    content_type: str = "application/json",
    timeout: float = 20.0,
) -> tuple[int, dict[str, Any]]:
    """One call to the service; returns (status, JSON reply). Network errors raise OSError."""
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"token {token}")
    req.add_header("Accept", "application/json")
    if body is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        data = {"message": raw[:200].decode("utf-8", "replace")}
    return status, data if isinstance(data, dict) else {"data": data}


def handin_key(work: dict[str, Any], notebooks: dict[str, Any]) -> str:
    """The idempotency key of a hand-in: a hash of what is sent.

    Sending the same work again (after a lost acknowledgement) therefore makes no
    second version.

    Examples
    --------
    >>> handin_key({"a": 1}, {}) == handin_key({"a": 1}, {})
    True
    >>> handin_key({"a": 1}, {}) == handin_key({"a": 2}, {})
    False
    """
    text = json.dumps({"work": work, "notebooks": notebooks}, sort_keys=True)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:48]


def hand_in(
    course: str | None = None,
    notebooks: list[str] | tuple[str, ...] = (),
    *,
    work_file: str | Path | None = None,
    url: str | None = None,
    token: str | None = None,
    retries: int = 2,
    timeout: float = 20.0,
    quiet: bool = False,
) -> HubReply:
    """Hand in the saved work (and optionally saved notebooks) and print the receipt.

    Parameters
    ----------
    course
        The course's name on the hub (default: ``$SYMPOSIUM_KIT_COURSE``).
    notebooks
        Paths of saved notebooks to send along (read as data, never run).
    work_file
        The work file (default: :func:`~symposium_kit.work.workfile.work_path`).
    url, token
        The service and the token (default: from the hub's environment).
    retries
        Resends when no answer came; the same key makes a resend harmless.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from symposium_kit.work.formats import empty_work
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "symposium-work.json"
    >>> _ = f.write_text(json.dumps(empty_work("ada")))
    >>> reply = hand_in("c", work_file=f, url="", token="", quiet=True)
    >>> reply.ok, "upload" in reply.message
    (False, True)
    """
    path = Path(work_file) if work_file is not None else work_path()
    base = service_url() if url is None else (url.rstrip("/") + "/" if url else None)
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "") if token is None else token
    course = _course(course)

    def done(reply: HubReply) -> HubReply:
        if not quiet:
            print(reply.message)
        return reply

    try:
        flush_work(path)  # answers still in the journal go into the file first
    except (OSError, ValueError) as err:
        return done(HubReply(False, f"Not handed in: {err}", {}))
    if not path.exists():
        return done(HubReply(False, f"Nothing to hand in: no saved work at {path} yet.", {}))
    if not base or not token:
        return done(HubReply(False, _fallback("this is not a JupyterHub server", path), {}))
    if not course:
        return done(
            HubReply(False, _fallback("no course given (hand_in('course-name'))", path), {})
        )
    try:
        work = check_work(json.loads(path.read_text(encoding="utf-8")), str(path))
        sent: dict[str, Any] = {}
        for nb in notebooks:
            sent[Path(nb).name] = json.loads(Path(nb).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return done(HubReply(False, f"Not handed in: {err}", {}))
    key = handin_key(work, sent)
    body = json.dumps({"key": key, "work": work, "notebooks": sent}).encode()
    last = ""
    for attempt in range(retries + 1):
        try:
            status, data = request(
                "POST", f"{base}courses/{course}/handins", token, body, timeout=timeout
            )
        except OSError as err:
            last = f"the hand-in service did not answer ({err})"
            time.sleep(min(2.0, 0.5 * (attempt + 1)))
            continue
        if status in (200, 201):
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(data["received"]))
            again = " (already received earlier; nothing new stored)" if status == 200 else ""
            what = f"{path.name}" + "".join(f", {n}" for n in sent)
            msg = (
                f"Handed in to {course}: {what} ({data['size']} bytes) as version "
                f"{data['version']}, received {when}{again}."
            )
            return done(HubReply(True, msg, data))
        if status >= 500:
            last = f"the hand-in service failed ({status})"
            continue
        return done(
            HubReply(
                False,
                _fallback(f"the service refused it ({status}: {data.get('message')})", path),
                data,
            )
        )
    return done(
        HubReply(
            False,
            _fallback(last, path)
            + " Or run hand_in() again later: a resend is never stored twice.",
            {},
        )
    )


def my_feedback(
    course: str | None = None,
    *,
    url: str | None = None,
    token: str | None = None,
    timeout: float = 20.0,
    quiet: bool = False,
    save_to: str | Path | None = None,
) -> HubReply:
    """Fetch and print the feedback your instructor returned to you (only yours).

    Text feedback is printed; an HTML report (``symposium-kit feedback
    --to-hub``) is saved as ``feedback-<course>-<n>.html`` in ``save_to``
    (default: the folder of your work file) and its path printed, to open from
    JupyterLab's file browser.

    Examples
    --------
    >>> my_feedback("c", url="", token="", quiet=True).ok
    False
    """
    base = service_url() if url is None else (url.rstrip("/") + "/" if url else None)
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "") if token is None else token
    course = _course(course)

    def done(reply: HubReply) -> HubReply:
        if not quiet:
            print(reply.message)
        return reply

    if not base or not token or not course:
        return done(
            HubReply(
                False,
                "No feedback here: this is not a JupyterHub server with the hand-in service "
                "(or no course was given). Your instructor returns feedback another way.",
                {},
            )
        )
    try:
        status, data = request(
            "GET", f"{base}courses/{course}/feedback/mine", token, timeout=timeout
        )
    except OSError as err:
        return done(HubReply(False, f"The hand-in service did not answer ({err}); try later.", {}))
    if status != 200:
        return done(HubReply(False, f"No feedback: {status}: {data.get('message')}", data))
    items = data.get("feedback", [])
    if not items:
        return done(HubReply(True, "No feedback returned yet.", data))
    parts = []
    for i, f in enumerate(items, 1):
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(f["received"]))
        body = f["body"]
        if f.get("content_type") == "text/html":
            folder = Path(save_to) if save_to is not None else work_path().parent
            body = _save_report(folder / f"feedback-{course}-{i}.html", body)
        parts.append(f"Feedback {i} ({when}, from {f['author']}):\n{body}")
    return done(HubReply(True, "\n\n".join(parts), data))


def _save_report(path: Path, body: str) -> str:
    """Save an HTML report atomically; the line that says where (or why not)."""
    try:
        write_bytes_atomic(path, body.encode("utf-8"))
    except OSError as err:
        return f"an HTML report that could not be saved ({err})"
    return f"a report, saved as {path}: open it from the file browser"


def fetch_latest(course: str, url: str, token: str, timeout: float = 60.0) -> list[dict[str, Any]]:
    """The latest hand-in of each student (instructor token); raises RuntimeError on refusal."""
    status, data = request(
        "GET", url.rstrip("/") + f"/courses/{course}/latest", token, timeout=timeout
    )
    if status != 200:
        raise RuntimeError(f"the hand-in service refused: {status}: {data.get('message')}")
    handins: list[dict[str, Any]] = data["handins"]
    return handins


def write_latest(handins: list[dict[str, Any]], directory: str | Path) -> list[Path]:
    """Write each student's latest hand-in into ``directory/<student>/`` for ``collect``."""
    out: list[Path] = []
    root = Path(directory)
    for h in handins:
        folder = root / h["student"]
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / "symposium-work.json"
        p.write_text(json.dumps(h["work"], indent=1), encoding="utf-8")
        out.append(p)
        for name, nb in h.get("notebooks", {}).items():
            q = folder / Path(name).name
            q.write_text(json.dumps(nb), encoding="utf-8")
            out.append(q)
    return out


def return_feedback(
    course: str,
    student: str,
    body: str | bytes,
    *,
    url: str,
    token: str,
    content_type: str = "text/html",
    timeout: float = 20.0,
) -> HubReply:
    """Return feedback to one student through the service (an instructor's token); never raises.

    The service stores it for ``student`` alone (``PUT /courses/{course}/feedback/{student}``,
    every version kept); the student reads it with :func:`my_feedback`.

    Examples
    --------
    >>> return_feedback("c", "ada", "<p>Good</p>", url="http://127.0.0.1:9/", token="t",
    ...                 timeout=2).ok
    False
    """
    from urllib.parse import quote

    data = body.encode("utf-8") if isinstance(body, str) else body
    target = (
        f"{url.rstrip('/')}/courses/{quote(course, safe='')}/feedback/{quote(student, safe='')}"
    )
    try:
        status, reply = request("PUT", target, token, data, content_type, timeout=timeout)
    except OSError as err:
        return HubReply(False, f"{student}: the hand-in service did not answer ({err})", {})
    if status == 201:
        return HubReply(True, f"{student}: feedback returned", reply)
    return HubReply(False, f"{student}: refused ({status}: {reply.get('message')})", reply)


def fetch_handins(
    course: str,
    directory: str | Path,
    *,
    url: str | None = None,
    token: str | None = None,
    timeout: float = 60.0,
    quiet: bool = False,
) -> HubReply:
    """Fetch the latest hand-in of each student of ``course`` into ``directory`` (instructors).

    ``directory/<student>/symposium-work.json`` (and any notebooks sent along) are
    then read by :func:`~symposium_kit.classroom.collect.collect` like any folder
    of hand-ins. In an instructor's own server on the hub no token is needed (the
    kernel's token is used); elsewhere pass an instructor's hub token (or set
    ``$SYMPOSIUM_KIT_HUB_TOKEN``) and the service's ``url``. Never raises: a
    refusal or an unreachable service is said in the reply's message, and
    ``directory`` is then left as it was.

    Examples
    --------
    >>> import tempfile
    >>> reply = fetch_handins("china-101", tempfile.mkdtemp(), url="", token="", quiet=True)
    >>> reply.ok, "--hub-url" in reply.message or "not a JupyterHub" in reply.message
    (False, True)
    """
    base = service_url() if url is None else (url or None)
    if token is None:
        token = os.environ.get("SYMPOSIUM_KIT_HUB_TOKEN") or os.environ.get(
            "JUPYTERHUB_API_TOKEN", ""
        )

    def done(reply: HubReply) -> HubReply:
        if not quiet:
            print(reply.message)
        return reply

    if not base or not token:
        return done(
            HubReply(
                False,
                "Nothing fetched: this is not a JupyterHub server with the hand-in service. "
                "Give the service's url (like --hub-url of `symposium-kit collect`) and an "
                "instructor's hub token, or collect from a folder of downloaded files.",
                {},
            )
        )
    try:
        handins = fetch_latest(course, base, token, timeout=timeout)
    except (OSError, RuntimeError, KeyError, ValueError) as err:
        return done(HubReply(False, f"Nothing fetched from the hub: {err}", {}))
    written = write_latest(handins, directory)
    students = sorted(h["student"] for h in handins)
    return done(
        HubReply(
            True,
            f"Fetched the latest hand-in of {len(students)} students of {course} "
            f"({len(written)} files) into {directory}",
            {"students": students, "files": [str(p) for p in written]},
        )
    )
