"""``symposium-kit release`` (make the editions), ``start`` (open them), ``exercises`` (check them).

``release`` turns every master in ``lessons/`` into a student edition
(``notebooks/``) and an instructor edition (``notebooks/instructor/``), runs
both and writes them with their outputs; ``release --check`` only compares the
committed editions' cells with fresh ones. ``start`` copies the student
notebooks into a working folder and opens JupyterLab there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..authoring.editions import EditionError
from ..authoring.release import release, release_differences
from ..classroom.distribute import copy_notebooks, student_notebooks
from ..debate.load import load_debate
from ..exercises.catalog import collect_exercises
from .lab import lab_command, lab_settings

DEFAULT_FOLDER = "symposium-class"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``release`` and ``start`` subcommands."""
    p = sub.add_parser(
        "release",
        help="make the student and instructor notebooks from the masters in lessons/",
        description="Make notebooks/NN-name.ipynb (student edition, solutions replaced by a "
        "placeholder) and notebooks/instructor/NN-name.ipynb (solutions in place) from each "
        "master lessons/NN-name.ipynb, run both, and save them with their outputs.",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="do not write: exit 1 if the committed editions' cells differ from fresh ones",
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="only this master, e.g. 02-positions (may be repeated)",
    )
    p.add_argument("--root", default=None, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_release)

    p = sub.add_parser(
        "exercises",
        help="check the exercise files and list the exercises",
        description="Validate every exercise file of the bundled debate (problems as "
        "file:line: field: message) and list the exercises.",
    )
    p.add_argument("--notebook", metavar="NAME", help="only this notebook's, e.g. 02-positions")
    p.add_argument("--keys", action="store_true", help="also print the answer keys (instructors)")
    p.set_defaults(handler=cmd_exercises)

    p = sub.add_parser(
        "start",
        help="copy the student notebooks into a folder and open JupyterLab there",
        description="Copy the student notebooks into DIR (never overwriting a notebook you "
        "have changed unless you say so) and open JupyterLab in DIR.",
    )
    p.add_argument(
        "dir",
        nargs="?",
        default=DEFAULT_FOLDER,
        help=f"the working folder (default: ./{DEFAULT_FOLDER})",
    )
    p.add_argument(
        "--copy-only",
        action="store_true",
        help="only copy the notebooks (e.g. on a JupyterHub, where JupyterLab already runs)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace notebooks in DIR that differ from the fresh copies (your saved "
        "work file is kept)",
    )
    p.add_argument("--port", type=int, default=None, help="the port for JupyterLab")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.add_argument("--from", dest="source", default=None, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_start)


# -- exercises -----------------------------------------------------------------


def cmd_exercises(args: argparse.Namespace) -> int:
    """Validate the exercise files and list the exercises (with keys on request)."""

    debate = load_debate()
    exercises, problems = collect_exercises(debate)
    for p in problems:
        print(p, file=sys.stderr)
    shown = [e for e in exercises.values() if not args.notebook or e.notebook == args.notebook]
    for ex in shown:
        source = f"derive: {ex.derive}" if ex.derive else "answer"
        if ex.kind in ("quote", "short_text") and not ex.derive:
            source = "participant + role" if ex.kind == "quote" else "recorded, not graded"
        line = f"{ex.notebook}  {ex.id}  ({ex.kind}; {source}; {len(ex.hints)} hint(s))"
        if args.keys and ex.kind == "quote":
            where = f"near a {ex.role} (within {ex.near} characters)"
            line += f"\n    key: words verbatim by {ex.participant}, {where}"
        elif args.keys and ex.graded:
            line += f"\n    key: {ex.key!r}"
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in the exercise files", file=sys.stderr)
        return 1
    print(f"ok: {len(shown)} exercise(s)" + (f" in {args.notebook}" if args.notebook else ""))
    return 0


# -- release -------------------------------------------------------------------


def cmd_release(args: argparse.Namespace) -> int:
    try:
        if args.check:
            diffs = release_differences(args.root, args.only)
            for d in diffs:
                print(d)
            if diffs:
                print(
                    f"{len(diffs)} edition(s) out of date with lessons/; "
                    "run `symposium-kit release`",
                    file=sys.stderr,
                )
                return 1
            print("ok: every student and instructor edition matches its master")
            return 0
        written = release(args.root, args.only, log=lambda m: print(m, file=sys.stderr))
    except EditionError as exc:
        print(f"symposium-kit release: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {len(written)} notebook(s) written")
    return 0


# -- start ---------------------------------------------------------------------


def _lab_command(dest: Path, first: str | None, args: argparse.Namespace) -> tuple[list[str], dict]:
    """JupyterLab's command and environment for ``start`` (the browser test uses the same)."""

    state = dest / ".symposium-kit" / "lab"
    lab_settings(state)
    argv, env = lab_command(dest, args.port, None, state, open_browser=not args.no_browser)
    if first:
        argv.append(f"--LabApp.default_url=/lab/tree/{first}")
    return argv, env


def cmd_start(args: argparse.Namespace) -> int:
    try:
        sources = student_notebooks(args.source)
    except FileNotFoundError as exc:
        print(f"symposium-kit start: {exc}", file=sys.stderr)
        return 1
    dest = Path(args.dir).expanduser()
    if dest.exists() and not dest.is_dir():
        print(
            f"symposium-kit start: {dest} is a file, not a folder; choose another name",
            file=sys.stderr,
        )
        return 1
    kit_folder = sources[0].parent.resolve()
    if dest.resolve() == kit_folder or kit_folder in dest.resolve().parents:
        print(
            f"symposium-kit start: {dest} is inside the kit's own notebooks folder; choose a "
            "folder of your own, e.g. `symposium-kit start ~/debate-class`",
            file=sys.stderr,
        )
        return 1
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    copied, kept = copy_notebooks(sources, dest, force=args.force, interactive=interactive)
    if copied:
        print(f"copied {len(copied)} notebook(s) into {dest}: {', '.join(copied)}")
    if kept:
        print(
            f"kept your own version of {len(kept)} notebook(s) in {dest}: {', '.join(kept)} "
            "(use --force to replace them with fresh copies)"
        )
    if not copied and not kept:
        print(f"{dest} already holds the notebooks; nothing to copy")
    if args.copy_only:
        print(f"open {dest / sources[0].name} in JupyterLab's file browser to begin")
        return 0
    cmd, env = _lab_command(dest, sources[0].name, args)
    print("opening JupyterLab (stop it with Ctrl-C) ...", flush=True)
    if os.name == "posix":
        os.execve(sys.executable, cmd, env)
    import subprocess

    return subprocess.call(cmd, env=env)
