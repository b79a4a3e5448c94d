"""``symposium-kit hub-service`` (the hub starts it) and the hub half of ``collect --from-hub``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from ..hub.client import fetch_latest, service_url, write_latest


def _cmd_hub_service(args: argparse.Namespace) -> int:
    import asyncio

    from ..hub.service import config_from_args, serve

    try:
        config = config_from_args(args)
    except ValueError as err:
        print(f"symposium-kit hub-service: {err}", file=sys.stderr)
        return 2
    asyncio.run(serve(config))
    return 0


def fetch_into(args: argparse.Namespace) -> str | None:
    """Fetch the latest hand-ins of ``args.from_hub`` into a folder; None (after a message) on failure."""
    url = args.hub_url or service_url()
    token = os.environ.get("SYMPOSIUM_KIT_HUB_TOKEN") or os.environ.get("JUPYTERHUB_API_TOKEN")
    if not url or not token:
        print(
            "symposium-kit collect --from-hub: give --hub-url (or $SYMPOSIUM_KIT_HUB_URL) and an "
            "instructor's hub token in $SYMPOSIUM_KIT_HUB_TOKEN",
            file=sys.stderr,
        )
        return None
    try:
        handins = fetch_latest(args.from_hub, url, token)
    except (OSError, RuntimeError) as err:
        print(f"symposium-kit collect --from-hub: {err}", file=sys.stderr)
        return None
    folder = Path(args.directory or tempfile.mkdtemp(prefix=f"symposium-{args.from_hub}-"))
    written = write_latest(handins, folder)
    print(f"Fetched {len(handins)} students' latest hand-ins ({len(written)} files) into {folder}")
    return str(folder)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``hub-service`` subcommand."""
    p = sub.add_parser(
        "hub-service",
        help="run the hand-in service (JupyterHub starts it as a managed service)",
    )
    p.add_argument(
        "--courses",
        metavar="C1,C2=GROUP",
        help="the courses, each optionally with the hub group of its students "
        "(default group: the course's name; env SYMPOSIUM_KIT_COURSES)",
    )
    p.add_argument(
        "--instructors-group",
        metavar="GROUP",
        help="hub group whose members are instructors (default instructors)",
    )
    p.add_argument(
        "--ip",
        metavar="ADDRESS",
        help="address to listen on (default: the host of the service's url in the hub's "
        "configuration; 0.0.0.0 on Kubernetes, where the url names the hub's Service)",
    )
    p.add_argument("--database", metavar="FILE", help="SQLite file (env SYMPOSIUM_KIT_HUB_DB)")
    p.add_argument(
        "--max-body", metavar="BYTES", type=int, help="largest hand-in accepted (default 2 MiB)"
    )
    p.set_defaults(handler=_cmd_hub_service)
