"""``symposium-kit import`` and ``symposium-kit export``: bring a debate in, take it elsewhere."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..debate.load import load_debate, resolved_data
from ..exchange.aif import to_aif
from ..exchange.argdown import to_argdown
from ..exchange.handout import to_markdown
from ..exchange.import_text import ImportProblem, import_text

FORMATS = ("argdown", "aif", "markdown", "json")


def _cmd_import(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.names.split(",") if n.strip()] if args.names else None
    try:
        result = import_text(
            args.text_file,
            args.output,
            title=args.title,
            url=args.url,
            names=names,
            force=args.force,
        )
    except ImportProblem as exc:
        print(f"symposium-kit import: {exc}", file=sys.stderr)
        return 1
    det = result.detected
    print(f"imported {args.text_file} into {result.folder}")
    lay = det.layout
    print(
        f"  layout: separator {lay.separator!r}, headings {lay.headings}, paragraphs {lay.paragraphs}"
    )
    if det.editors:
        print(f"  editors: {result.paragraphs.get('editors', 0)} paragraph(s)")
    for c in det.contributors:
        extra = f" ({c.affiliation})" if c.affiliation else ""
        print(f"  {c.id}: {c.name}{extra}: {result.paragraphs.get(c.id, 0)} paragraph(s)")
    print(
        f"  question: {result.question!r}"
        if result.question
        else "  question: none found (add one by hand)"
    )
    print(
        f"next: annotate {result.folder / 'debate.yaml'}, then `symposium-kit validate {result.folder}`"
    )
    return 0


def render(path: str | None, fmt: str) -> str:
    """The debate at ``path`` (None: the bundled one) in one of :data:`FORMATS`."""

    if fmt == "json":
        return json.dumps(resolved_data(path), ensure_ascii=False, indent=1) + "\n"
    debate = load_debate(path)
    if fmt == "argdown":
        return to_argdown(debate)
    if fmt == "aif":
        return json.dumps(to_aif(debate), ensure_ascii=False, indent=1) + "\n"

    return to_markdown(debate)


def _cmd_export(args: argparse.Namespace) -> int:
    text = render(args.path, args.format)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.format} to {args.output}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="turn a plain-text symposium into a debate folder to annotate"
    )
    p.add_argument("text_file")
    p.add_argument("-o", "--output", required=True, help="the debate folder to create")
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--names", help='the contributors, when the layout is ambiguous: "A B, C D"')
    p.add_argument("--force", action="store_true", help="write into an existing, non-empty folder")
    p.set_defaults(handler=_cmd_import)
    p = sub.add_parser(
        "export", help="write a debate as Argdown, AIF JSON, a Markdown handout or JSON"
    )
    p.add_argument(
        "path", nargs="?", default=None, help="a debate folder (default: the bundled debate)"
    )
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(handler=_cmd_export)
