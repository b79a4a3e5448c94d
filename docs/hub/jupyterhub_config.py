# jupyterhub_config.py -- a JupyterHub with symposium-kit's hand-in service.
#
# The test suite (tests/hub/) runs exactly this file; every value that differs
# between a test run and a real hub comes from an environment variable with a
# default a real hub can keep. On a real hub, set the SYMPOSIUM_HUB_* values (or
# edit the defaults), and replace the authenticator with your institution's.
#
#   SYMPOSIUM_HUB_STATE      folder for the hub's and the service's state (db files)
#   SYMPOSIUM_HUB_PUBLIC     public URL (the proxy), e.g. http://127.0.0.1:8000
#   SYMPOSIUM_HUB_PORT       the hub's own port (default 8081)
#   SYMPOSIUM_HUB_SERVICE_PORT  the hand-in service's port (default 10101)
#   SYMPOSIUM_HUB_CHP        configurable-http-proxy's path (default: on PATH)
#   SYMPOSIUM_HUB_PROXY_API_PORT  configurable-http-proxy's REST API port
#   SYMPOSIUM_HUB_COURSES    courses, e.g. "china-101" or "sec-a,sec-b" (students: hub group of that name)
#   SYMPOSIUM_HUB_PASSWORD   test only: shared password (shared-password authenticator)
#   SYMPOSIUM_HUB_ADMIN_TOKEN  test only: token of the "test-driver" service
#   SYMPOSIUM_HUB_HOMES      test only: the simple spawner's homes
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub injects it)

STATE = Path(os.environ.get("SYMPOSIUM_HUB_STATE", "/srv/jupyterhub"))
PUBLIC = os.environ.get("SYMPOSIUM_HUB_PUBLIC", "http://127.0.0.1:8000").rstrip("/")
SERVICE_PORT = int(os.environ.get("SYMPOSIUM_HUB_SERVICE_PORT", "10101"))
COURSES = os.environ.get("SYMPOSIUM_HUB_COURSES", "china-101")
BIN = Path(sys.executable).parent  # the environment the hub (and the kit) run from

c.JupyterHub.bind_url = PUBLIC + "/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SYMPOSIUM_HUB_PORT", "8081"))
if os.environ.get("SYMPOSIUM_HUB_CHP"):
    c.ConfigurableHTTPProxy.command = [os.environ["SYMPOSIUM_HUB_CHP"]]
if os.environ.get("SYMPOSIUM_HUB_PROXY_API_PORT"):
    c.ConfigurableHTTPProxy.api_url = (
        f"http://127.0.0.1:{os.environ['SYMPOSIUM_HUB_PROXY_API_PORT']}"
    )
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- who is who: students of a course are the hub group named like the course,
# instructors the group "instructors" (groups from here, or from your authenticator)
c.JupyterHub.load_groups = {
    "instructors": {"users": ["teacher"]},
    **{course.split("=")[-1]: {"users": []} for course in COURSES.split(",")},
}

# --- the hand-in service, started and stopped by the hub
c.JupyterHub.services = [
    {
        "name": "symposium",
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [str(BIN / "symposium-kit"), "hub-service"],
        "environment": {
            "SYMPOSIUM_KIT_COURSES": COURSES,
            "SYMPOSIUM_KIT_INSTRUCTORS_GROUP": "instructors",
            "SYMPOSIUM_KIT_HUB_DB": str(STATE / "symposium-handins.sqlite"),
            "SYMPOSIUM_KIT_AUTH_CACHE_S": os.environ.get("SYMPOSIUM_KIT_AUTH_CACHE_S", "60"),
        },
        "oauth_no_confirm": True,
    },
]
# every user may call the service; the kernel's token asks for the same scope
c.JupyterHub.extra_user_scopes = {"access:services!service=symposium"}
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "access:services!service=symposium",
]
# kernels find the service through the public URL
c.Spawner.environment = {
    "SYMPOSIUM_KIT_HUB_URL": PUBLIC + "/services/symposium/",
    "SYMPOSIUM_KIT_COURSE": COURSES.split(",")[0].split("=")[0],
}
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"


# --- notebooks in every home: before each spawn, copy the student notebooks into
# the user's home, never overwriting one the student has changed (the code of
# `symposium-kit start --copy-only`). Real Unix users: chown the copies.
def copy_lessons(spawner):
    from symposium_kit.classroom.distribute import copy_notebooks, student_notebooks

    home = getattr(spawner, "home_dir", None)
    uid = gid = None
    if not home:
        import pwd

        pw = pwd.getpwnam(spawner.user.name)
        home, uid, gid = pw.pw_dir, pw.pw_uid, pw.pw_gid
    dest = Path(home) / "symposium"
    copied, _kept = copy_notebooks(student_notebooks(), dest)
    if uid is not None:
        for path in [dest, *(dest / name for name in copied)]:
            os.chown(path, uid, gid)
    spawner.log.info("symposium-kit: %d notebooks copied into %s", len(copied), dest)


c.Spawner.pre_spawn_hook = copy_lessons

# --- test only: one shared password, a driver token, homes in the run folder
if os.environ.get("SYMPOSIUM_HUB_PASSWORD"):
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["SYMPOSIUM_HUB_PASSWORD"]
    c.Authenticator.allow_existing_users = True
    c.Authenticator.allowed_users = {"teacher"}
if os.environ.get("SYMPOSIUM_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "test-driver", "api_token": os.environ["SYMPOSIUM_HUB_ADMIN_TOKEN"]}
    )
    c.JupyterHub.load_roles = [
        {
            "name": "test-driver",
            "services": ["test-driver"],
            "scopes": [
                "admin:users",
                "admin:servers",
                "tokens",
                "groups",
                "list:groups",
                "read:groups",
                "list:services",
                "read:services",
            ],
        }
    ]
if os.environ.get("SYMPOSIUM_HUB_HOMES"):
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = (
        os.environ["SYMPOSIUM_HUB_HOMES"] + "/{username}"
    )
    c.Spawner.port = 0
    # the browser test drives JupyterLab through window.jupyterapp
    c.Spawner.args = ["--LabApp.expose_app_in_browser=True"] + (
        ["--allow-root"] if os.geteuid() == 0 else []
    )
