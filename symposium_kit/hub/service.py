"""The hand-in service: a tornado app that JupyterHub starts and authenticates.

Every request is identified by the hub (``HubOAuthenticated``): a browser by the
service's OAuth cookie, a kernel by its ``Authorization: token ...`` header. The
service keeps no passwords and needs no shared folder. The student's name is the
hub's, never the request body's; roles come from hub groups.

Routes, under the service prefix (``/services/<name>/``); ``{course}`` must be a
configured course:

========================================  ===========  ================================
route                                     who          what
========================================  ===========  ================================
``GET  /`` and ``GET /health``            anyone       ``{"ok": true}``
``GET  /whoami``                          any user     name, role, courses
``POST /courses/{course}/handins``        student      hand in (JSON: key, work, notebooks)
``GET  /courses/{course}/mine``           student      own versions (with ``?content=1``)
``GET  /courses/{course}/mine/{version}`` student      one own version
``GET  /courses/{course}/feedback/mine``  student      own feedback
``GET  /courses/{course}/list``           instructor   each student, versions, latest time
``GET  /courses/{course}/latest``         instructor   latest hand-in of each student
``GET  /courses/{course}/students/{s}``   instructor   every version of one student
``PUT  /courses/{course}/feedback/{s}``   instructor   return feedback to one student
========================================  ===========  ================================

A student is a user in the course's hub group (by default the course's name);
an instructor is a member of the instructors group. Anything else is 403, no
identity 401, an unknown course 404, a body over the limit 413, a body that is
not ``application/json`` 415, a hand-in that is not a work file 422.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from tornado import web
from tornado.httpserver import HTTPServer

from ..work.formats import check_work
from .store import HandinStore

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
"""A hub user name or course name the service accepts in a path (no ``/``, no ``..``)."""
KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


@dataclass
class ServiceConfig:
    """What the service needs: courses (name -> student group), instructors group, limits."""

    courses: dict[str, str]
    instructors_group: str = "instructors"
    database: str = "symposium-handins.sqlite"
    max_body: int = 2 * 1024 * 1024
    auth_cache_s: int = 300
    prefix: str = "/services/symposium/"
    ip: str | None = None
    """Address to listen on; None: the host of the hub's ``url`` (``0.0.0.0`` in a pod)."""
    extra: dict[str, Any] = field(default_factory=dict)


def parse_courses(text: str) -> dict[str, str]:
    """Parse ``"c1,c2=group2"`` into ``{course: student group}`` (the group defaults to the course).

    Examples
    --------
    >>> parse_courses("china-101, sec-b=section-b")
    {'china-101': 'china-101', 'sec-b': 'section-b'}
    >>> parse_courses("../x")
    Traceback (most recent call last):
    ...
    ValueError: course name '../x' is not a plain name (letters, digits, . _ @ + -)
    """
    out: dict[str, str] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        course, _, group = part.partition("=")
        course, group = course.strip(), (group.strip() or course.strip())
        for value in (course, group):
            if not NAME.match(value) or ".." in value:
                raise ValueError(
                    f"course name {value!r} is not a plain name (letters, digits, . _ @ + -)"
                )
        out[course] = group
    return out


def _json_error(handler: web.RequestHandler, status: int, message: str) -> None:
    handler.set_status(status)
    handler.set_header("Content-Type", "application/json")
    handler.finish(json.dumps({"status": status, "message": message}))


class Base(HubOAuthenticated, web.RequestHandler):
    """Common checks: identity, course, role."""

    @property
    def config(self) -> ServiceConfig:
        cfg: ServiceConfig = self.settings["symposium_config"]
        return cfg

    @property
    def store(self) -> HandinStore:
        st: HandinStore = self.settings["symposium_store"]
        return st

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        message = getattr(exc, "log_message", None) or self._reason
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": message}))

    def send(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data))

    def user(self) -> dict[str, Any]:
        """The hub's model of the caller, or 401 (a browser GET goes to the hub's login)."""
        user = self.current_user
        if not user:
            if self.request.method == "GET" and "text/html" in self.request.headers.get(
                "Accept", ""
            ):
                self.redirect(self.get_login_url())
                raise web.Finish()
            raise web.HTTPError(401, "log in to the hub, or send 'Authorization: token ...'")
        if user.get("kind") != "user":
            raise web.HTTPError(403, "only hub users may use the hand-in service")
        model: dict[str, Any] = user
        return model

    def course(self, course: str) -> str:
        if course not in self.config.courses:
            raise web.HTTPError(404, f"no course {course!r} on this hub")
        return course

    def is_instructor(self, user: dict[str, Any]) -> bool:
        return self.config.instructors_group in user.get("groups", [])

    def student(self, course: str) -> str:
        """The caller's name, if they are a student of ``course`` (else 403)."""
        user = self.user()
        self.course(course)
        if self.config.courses[course] not in user.get("groups", []):
            raise web.HTTPError(403, f"{user['name']} is not enrolled in {course}")
        name: str = user["name"]
        return name

    def instructor(self, course: str) -> str:
        user = self.user()
        self.course(course)
        if not self.is_instructor(user):
            raise web.HTTPError(403, f"{user['name']} is not an instructor")
        name: str = user["name"]
        return name

    def body_json(self) -> Any:
        if len(self.request.body) > self.config.max_body:
            raise web.HTTPError(413, f"body over {self.config.max_body} bytes")
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise web.HTTPError(415, "send application/json")
        try:
            return json.loads(self.request.body)
        except ValueError as err:
            raise web.HTTPError(400, f"the body is not JSON: {err}") from None


class Health(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": True}))


class WhoAmI(Base):
    def get(self) -> None:
        user = self.user()
        groups = user.get("groups", [])
        self.send(
            {
                "name": user["name"],
                "instructor": self.is_instructor(user),
                "courses": sorted(c for c, g in self.config.courses.items() if g in groups),
            }
        )


class HandIn(Base):
    def post(self, course: str) -> None:
        student = self.student(course)
        body = self.body_json()
        if not isinstance(body, dict):
            raise web.HTTPError(422, "expected a JSON object {key, work, notebooks}")
        unknown = set(body) - {"key", "work", "notebooks"}
        if unknown:
            raise web.HTTPError(422, f"unexpected fields: {sorted(unknown)}")
        key = body.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise web.HTTPError(422, "field 'key' must be 8 to 128 letters, digits or . _ : -")
        try:
            work = check_work(body.get("work"), "work")
        except ValueError as err:
            raise web.HTTPError(422, str(err)) from None
        notebooks = body.get("notebooks", {})
        if not isinstance(notebooks, dict) or not all(
            isinstance(k, str) and NAME.match(k) and isinstance(v, dict)
            for k, v in notebooks.items()
        ):
            raise web.HTTPError(422, "field 'notebooks' must map plain file names to notebooks")
        # the name in the work file is the hub's, whatever the body said
        work["student"] = student
        receipt = self.store.hand_in(course, student, key, work, notebooks)
        self.send(receipt.as_dict(), 200 if receipt.duplicate else 201)


class Mine(Base):
    def get(self, course: str, version: str | None = None) -> None:
        student = self.student(course)
        if version is None:
            content = self.get_argument("content", "0") == "1"
            self.send(
                {"student": student, "versions": self.store.versions(course, student, content)}
            )
            return
        found = self.store.version(course, student, int(version))
        if found is None:
            raise web.HTTPError(404, f"no version {version}")
        self.send(found)


class MyFeedback(Base):
    def get(self, course: str) -> None:
        student = self.student(course)
        self.send({"student": student, "feedback": self.store.feedback(course, student)})


class ListHandins(Base):
    def get(self, course: str) -> None:
        self.instructor(course)
        self.send({"course": course, "students": self.store.students(course)})


class Latest(Base):
    def get(self, course: str) -> None:
        self.instructor(course)
        self.send({"course": course, "handins": self.store.latest(course)})


class OneStudent(Base):
    def get(self, course: str, student: str) -> None:
        self.instructor(course)
        self.send({"student": student, "versions": self.store.versions(course, student, True)})


class Feedback(Base):
    def put(self, course: str, student: str) -> None:
        author = self.instructor(course)
        if len(self.request.body) > self.config.max_body:
            raise web.HTTPError(413, f"body over {self.config.max_body} bytes")
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in ("text/markdown", "text/plain", "text/html", "application/json"):
            raise web.HTTPError(415, "feedback is text/markdown, text/plain, text/html or JSON")
        self.send(self.store.put_feedback(course, student, author, ctype, self.request.body), 201)


def make_app(config: ServiceConfig, store: HandinStore) -> web.Application:
    """The tornado application (routes under ``config.prefix``)."""
    p = config.prefix.rstrip("/")
    c = r"(?P<course>[^/]+)"
    s = r"(?P<student>[A-Za-z0-9][A-Za-z0-9._@+-]{0,99})"
    routes: list[Any] = [
        (p + "/", Health),
        (p + "/health", Health),
        (p + "/oauth_callback", HubOAuthCallbackHandler),
        (p + "/whoami", WhoAmI),
        (p + f"/courses/{c}/handins", HandIn),
        (p + f"/courses/{c}/mine", Mine),
        (p + f"/courses/{c}/mine/(?P<version>[0-9]{{1,9}})", Mine),
        (p + f"/courses/{c}/feedback/mine", MyFeedback),
        (p + f"/courses/{c}/list", ListHandins),
        (p + f"/courses/{c}/latest", Latest),
        (p + f"/courses/{c}/students/{s}", OneStudent),
        (p + f"/courses/{c}/feedback/{s}", Feedback),
    ]
    return web.Application(
        routes,
        cookie_secret=os.urandom(32),
        symposium_config=config,
        symposium_store=store,
    )


async def serve(config: ServiceConfig) -> None:
    """Run the service until SIGINT or SIGTERM (the hub stops managed services so)."""
    store = HandinStore(config.database)
    HubOAuth.instance(cache_max_age=config.auth_cache_s)
    app = make_app(config, store)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    server = HTTPServer(app, xheaders=True, max_body_size=config.max_body + 65536)
    host = config.ip or url.hostname or "127.0.0.1"
    server.listen(url.port or 80, host)
    print(
        f"symposium-kit hub-service: {host}:{url.port}{config.prefix}, "
        f"courses {sorted(config.courses)}, database {config.database}",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.stop()
    store.close()


def config_from_args(args: argparse.Namespace) -> ServiceConfig:
    """The configuration from the CLI flags, falling back to the environment."""
    courses = args.courses or os.environ.get("SYMPOSIUM_KIT_COURSES", "")
    parsed = parse_courses(courses)
    if not parsed:
        raise ValueError("no course: pass --courses NAME[,NAME...] or set SYMPOSIUM_KIT_COURSES")
    return ServiceConfig(
        courses=parsed,
        instructors_group=args.instructors_group
        or os.environ.get("SYMPOSIUM_KIT_INSTRUCTORS_GROUP", "instructors"),
        database=args.database
        or os.environ.get("SYMPOSIUM_KIT_HUB_DB", "symposium-handins.sqlite"),
        max_body=args.max_body or int(os.environ.get("SYMPOSIUM_KIT_MAX_BODY", 2 * 1024 * 1024)),
        auth_cache_s=int(os.environ.get("SYMPOSIUM_KIT_AUTH_CACHE_S", "300")),
        prefix=os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/symposium/"),
        ip=getattr(args, "ip", None) or os.environ.get("SYMPOSIUM_KIT_HUB_IP") or None,
    )
