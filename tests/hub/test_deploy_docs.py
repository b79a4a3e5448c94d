"""The deployment docs say what the tested configuration does.

``docs/hub.md`` shows Zero to JupyterHub helm values and a Littlest JupyterHub
config file; ``docs/hub/jupyterhub_config.py`` is the configuration the hub tests
run. These tests read both (the YAML with PyYAML, the Python files run with a
traitlets ``Config`` as JupyterHub would) and check that they name the same
service, command, environment, groups and scopes, and that every route of the
service is in the docs' route table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from traitlets.config import Config

from symposium_kit.cli.main import build_parser
from symposium_kit.hub.service import ServiceConfig, config_from_args, make_app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "hub.md"
CONFIG = ROOT / "docs" / "hub" / "jupyterhub_config.py"


def _block(heading: str, lang: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    section = section[: section.find("\n## ", 1)]
    found = re.search(rf"```{lang}\n(.*?)```", section, re.S)
    assert found, f"no {lang} block under {heading!r} in {DOC.name}"
    return found.group(1)


def _run_config(source: str, c: Config, name: str) -> Config:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMPOSIUM_HUB_")}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the defaults a real hub keeps
    try:
        exec(compile(source, name, "exec"), {"get_config": lambda: c, "c": c})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return c


@pytest.fixture(scope="module")
def tested() -> Config:
    return _run_config(CONFIG.read_text(encoding="utf-8"), Config(), str(CONFIG))


@pytest.fixture(scope="module")
def helm() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load(_block("## Zero to JupyterHub", "yaml"))
    return values


def _service(c: Config) -> dict[str, Any]:
    (svc,) = [s for s in c.JupyterHub.services if s["name"] == "symposium"]
    return dict(svc)


def test_helm_values_run_the_same_service_command(tested: Config, helm: dict[str, Any]):
    svc = _service(tested)
    values = helm["hub"]["services"]
    assert list(values) == [svc["name"]]
    mine = values[svc["name"]]
    assert Path(mine["command"][0]).name == Path(svc["command"][0]).name == "symposium-kit"
    assert mine["command"][1 : len(svc["command"])] == svc["command"][1:]
    assert mine["command"][len(svc["command"]) :] == ["--ip", "0.0.0.0"]
    assert mine["oauth_no_confirm"] is svc["oauth_no_confirm"] is True
    # the command line the chart runs is one the kit accepts
    args = build_parser().parse_args(mine["command"][1:] + ["--courses", "china-101"])
    assert config_from_args(args).ip == "0.0.0.0"


def test_helm_values_name_the_same_environment_and_groups(tested: Config, helm: dict[str, Any]):
    svc = _service(tested)
    env = helm["hub"]["services"][svc["name"]]["environment"]
    assert set(env) <= set(svc["environment"])
    for key in ("SYMPOSIUM_KIT_COURSES", "SYMPOSIUM_KIT_INSTRUCTORS_GROUP"):
        assert env[key] == svc["environment"][key]
    assert env["SYMPOSIUM_KIT_HUB_DB"].startswith("/srv/jupyterhub/")  # the hub's volume
    groups = helm["hub"]["config"]["JupyterHub"]["load_groups"]
    assert set(groups) == set(tested.JupyterHub.load_groups)
    assert env["SYMPOSIUM_KIT_INSTRUCTORS_GROUP"] in groups
    extra = helm["singleuser"]["extraEnv"]
    assert set(extra) == set(tested.Spawner.environment)
    assert extra["SYMPOSIUM_KIT_COURSE"] == tested.Spawner.environment["SYMPOSIUM_KIT_COURSE"]
    assert extra["SYMPOSIUM_KIT_HUB_URL"].endswith(f"/services/{svc['name']}/")


def test_helm_values_grant_the_same_scopes(tested: Config, helm: dict[str, Any]):
    roles = helm["hub"]["loadRoles"]
    assert "self" in roles["user"]["scopes"]
    assert set(tested.JupyterHub.extra_user_scopes) <= set(roles["user"]["scopes"])
    assert roles["server"]["scopes"] == list(tested.Spawner.server_token_scopes)
    assert "access:services!service=symposium" in roles["server"]["scopes"]


def test_helm_values_open_the_service_port_everywhere_it_is_needed(helm: dict[str, Any]):
    port = urlparse(helm["hub"]["services"]["symposium"]["url"]).port
    assert port is not None
    assert {(p["port"], p["targetPort"]) for p in helm["hub"]["service"]["extraPorts"]} == {
        (port, port)
    }
    ingress = [p["port"] for rule in helm["hub"]["networkPolicy"]["ingress"] for p in rule["ports"]]
    egress = [
        p["port"] for rule in helm["proxy"]["chp"]["networkPolicy"]["egress"] for p in rule["ports"]
    ]
    assert port in ingress and port in egress
    assert urlparse(helm["singleuser"]["extraEnv"]["SYMPOSIUM_KIT_HUB_URL"]).port == port
    assert helm["singleuser"]["image"]["name"]


def test_the_littlest_jupyterhub_file_adds_the_same_service_and_scopes(tested: Config):
    c = Config()
    c.JupyterHub.services = []  # TLJH's own configuration comes first
    tljh = _run_config(
        _block("## The Littlest JupyterHub", "python"), c, "jupyterhub_config.d/symposium.py"
    )
    svc, mine = _service(tested), _service(tljh)
    assert mine["command"][0] == "/opt/tljh/hub/bin/symposium-kit"
    assert mine["command"][1:] == svc["command"][1:]
    assert set(mine["environment"]) <= set(svc["environment"])
    assert mine["oauth_no_confirm"] is True
    assert set(tljh.JupyterHub.extra_user_scopes) == set(tested.JupyterHub.extra_user_scopes)
    assert list(tljh.Spawner.server_token_scopes) == list(tested.Spawner.server_token_scopes)
    assert callable(tljh.Spawner.pre_spawn_hook)


def _route_paths() -> list[str]:
    """The service's routes, written as the docs write them (``/courses/{course}/mine``)."""
    app = make_app(ServiceConfig(courses={"c": "c"}), store=None)  # type: ignore[arg-type]
    prefix = "/services/symposium"
    paths = []
    for rule in app.wildcard_router.rules:
        pattern = rule.matcher.regex.pattern.rstrip("$")
        if pattern.startswith(prefix):
            path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", r"{\1}", pattern[len(prefix) :])
            paths.append(path)
    return paths


def test_every_route_of_the_service_is_in_the_docs_route_table():
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## Routes") : text.index("## Storage")]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    paths = _route_paths()
    assert "/courses/{course}/feedback/{student}" in paths and len(paths) >= 12, paths
    for path in paths:
        # a row names the route as `METHOD /path` (a query or a [?opt] may follow)
        shown = re.compile(rf"`(GET|POST|PUT)\s+{re.escape(path)}[`\[?]")
        assert any(shown.search(row) for row in rows), f"route {path} is not in {DOC.name}"
