"""The ``symposium-kit`` command line.

``validate``, ``lint`` and ``show`` live here; the other subcommands are added by the
modules beside this one (:mod:`.lessons`, :mod:`.classroom`, :mod:`.exchange`),
each through its ``register(subparsers)``. The parser is built in
:func:`build_parser`. Errors a person can fix are printed as one line each,
never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from .._version import __version__
from ..debate.lint import lint_debate
from ..debate.load import compile_debate, load_debate, resolved_data, validate_debate
from ..debate.problems import DebateError
from ..debate.summary import summary_text
from . import classroom, exchange, hub, lessons

# The modules that add subcommands, in the order of ``--help``.
COMMAND_MODULES = (lessons, classroom, exchange, hub)


def _cmd_validate(args: argparse.Namespace) -> int:
    problems = validate_debate(args.path)
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) found in {args.path}", file=sys.stderr)
        return 1
    debate = load_debate(args.path)
    if args.compile:
        written = compile_debate(args.path)
        print(f"wrote {written} (the compiled form, used while the files stay as they are)")
    n_quotes = sum(1 for _ in debate.anchors())
    print(
        f"ok: {debate.id}: {len(debate.participants)} participants, {len(debate.claims)} claims, "
        f"{len(debate.evidence)} evidence items, {len(debate.predictions)} predictions, "
        f"{n_quotes} quotes checked against the text"
    )
    return 0


def _cmd_lint(args: argparse.Namespace) -> int:
    problems = lint_debate(args.path)
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} warning(s) in {args.path}", file=sys.stderr)
        return 1
    print(f"ok: {args.path}: no lint warnings")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    if args.json:
        json.dump(resolved_data(args.path), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(summary_text(load_debate(args.path)))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _cmd_validate,
    "lint": _cmd_lint,
    "show": _cmd_show,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symposium-kit", description="Teach one real expert debate in Jupyter."
    )
    parser.add_argument("--version", action="version", version=f"symposium-kit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a debate folder: schema, references, quotes")
    p.add_argument("path", help="a debate folder (holding debate.yaml) or the YAML file")
    p.add_argument(
        "--compile",
        action="store_true",
        help="when valid, write debate.compiled.json beside it, so that loading is faster",
    )
    p = sub.add_parser(
        "lint",
        help="check a valid debate for annotation slips: dropped hedges, rationales, outcomes, dates",
    )
    p.add_argument("path", help="a debate folder (holding debate.yaml) or the YAML file")
    p = sub.add_parser("show", help="summarise a debate (the bundled one by default)")
    p.add_argument("path", nargs="?", default=None)
    p.add_argument("--json", action="store_true", help="print the resolved debate as JSON")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None) or COMMANDS[args.command]
    try:
        return handler(args)
    except DebateError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"symposium-kit {args.command}: {exc}", file=sys.stderr)
        return 1
