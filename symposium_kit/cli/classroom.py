"""``symposium-kit collect``, ``feedback`` and ``demo-class``: the instructor's class commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..classroom.collect import collect
from ..classroom.demo import write_demo_class
from ..classroom.feedback_data import ManualGrade
from ..classroom.gradebook import write_gradebook_csv, write_long_csv
from ..classroom.grading import printable
from ..classroom.lms import MOODLE_ID_FIELDS
from ..classroom.manual import JUSTIFICATIONS, manual_grades
from ..classroom.versions import COUNTS
from ..debate.load import load_debate
from ..debate.model import Debate


def _debate(path: str | None) -> Debate:
    return load_debate(path)


def _cmd_collect(args: argparse.Namespace) -> int:
    debate = _debate(args.debate)
    if args.from_hub:
        from .hub import fetch_into

        fetched = fetch_into(args)
        if fetched is None:
            return 1
        args.directory = fetched
    elif not args.directory:
        print("symposium-kit collect: give a folder, or --from-hub COURSE", file=sys.stderr)
        return 2
    results = collect(
        args.directory,
        debate,
        progress=False if args.no_progress else None,
        deadline=args.deadline,
        counts=args.counts,
    )
    print(results.summary(debate))
    if args.out:
        print(f"Wrote the score table to {write_long_csv(results, args.out)}")
    if args.gradebook:
        from ..classroom.manual import manual_grades

        manual = manual_grades(args.directory)  # the hand-given grades of open answers
        written = write_gradebook_csv(results, args.gradebook, manual=manual)
        print(f"Wrote the gradebook to {written}")
    if not results.students:
        print(
            f"symposium-kit collect: no usable submission found in {args.directory}",
            file=sys.stderr,
        )
        return 1
    return 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    from ..classroom.feedback import write_feedback

    me = "symposium-kit feedback"
    folder = Path(args.directory)
    if not folder.is_dir():
        print(
            f"{me}: {folder}: no such folder (give the folder the submissions are in)",
            file=sys.stderr,
        )
        return 1
    hub = None
    if args.to_hub:
        from ..hub.client import service_url

        course = args.course or os.environ.get("SYMPOSIUM_KIT_COURSE")
        url = args.hub_url or service_url()
        token = os.environ.get("SYMPOSIUM_KIT_HUB_TOKEN") or os.environ.get("JUPYTERHUB_API_TOKEN")
        if not (course and url and token):
            print(
                f"{me} --to-hub: give --course (or $SYMPOSIUM_KIT_COURSE), --hub-url (or "
                "$SYMPOSIUM_KIT_HUB_URL) and an instructor's hub token in $SYMPOSIUM_KIT_HUB_TOKEN",
                file=sys.stderr,
            )
            return 2
        hub = (course, url, token)
    released = [e.strip() for e in (args.release or "").split(",") if e.strip()]
    debate = _debate(args.debate)
    results = collect(folder, debate, progress=False if args.no_progress else None)
    if not results.students:
        print(f"{me}: no usable submission found in {folder}", file=sys.stderr)
        return 1
    # The instructor's hand grades of open answers (symposium-kit grade, the grading form);
    # the justifications' grade is a gradebook column, not an exercise of the report.
    manual = {
        student: {
            ex: ManualGrade(points=g["points"], comment=g["comment"])
            for ex, g in grades.items()
            if ex != JUSTIFICATIONS
        }
        for student, grades in manual_grades(folder, args.grades).items()
        if student in results.students
    }
    try:
        reports = write_feedback(
            results,
            args.out,
            debate,
            released=released,
            release_all=args.release_all,
            course=args.course or "",
            progress=False if args.no_progress else None,
            manual=manual or None,
        )
    except ValueError as err:
        print(f"{me}: {err}", file=sys.stderr)
        return 2
    keys = "every key" if args.release_all else (", ".join(released) or "no answer key")
    print(f"Wrote {len(reports)} feedback report(s) to {args.out} (released: {keys})")
    if results.regraded:
        print(
            f"  {len(results.regraded)} stored result(s) differed from re-grading; "
            "the reports show the re-graded ones (see `symposium-kit collect`)"
        )
    if hub is None:
        return 0
    from ..hub.client import return_feedback
    from ..hub.service import NAME

    failed = 0
    for report in reports:
        if not NAME.match(report.student):
            print(f"  {printable(report.student)}: not a hub user name; not sent", file=sys.stderr)
            failed += 1
            continue
        reply = return_feedback(hub[0], report.student, report.html, url=hub[1], token=hub[2])
        if not reply.ok:
            print(f"  {printable(reply.message)}", file=sys.stderr)
            failed += 1
    print(
        f"Returned {len(reports) - failed} of {len(reports)} report(s) through the hub ({hub[0]})"
    )
    return 1 if failed else 0


def _cmd_demo_class(args: argparse.Namespace) -> int:
    demo = write_demo_class(
        args.directory, students=args.students, seed=args.seed, debate=_debate(args.debate)
    )
    print(
        f"Wrote a demo class of {len(demo.students)} students to {demo.directory} "
        f"({len(demo.files)} files, {len(demo.malformed)} of them unusable on purpose). "
        f"Try: symposium-kit collect {demo.directory}"
    )
    return 0


def _cmd_gradebook(args: argparse.Namespace) -> int:
    from ..classroom.lms import read_roster, write_answers_csv, write_lms_gradebook
    from ..classroom.manual import manual_grades

    debate = _debate(args.debate)
    roster = read_roster(args.roster) if args.roster else None
    results = collect(args.directory, debate, progress=False if args.no_progress else None)
    if not results.students:
        print(
            f"symposium-kit {args.command}: no usable submission found in {args.directory}",
            file=sys.stderr,
        )
        return 1
    manual = manual_grades(args.directory, args.grades)
    if args.format == "answers":
        print(
            f"Wrote the open answers and justifications to {write_answers_csv(results, args.out, manual)}"
        )
        return 0
    export = write_lms_gradebook(results, args.out, args.format, roster, manual, args.id_field)
    print(export.summary())
    return 0


def _cmd_answers(args: argparse.Namespace) -> int:
    args.format = "answers"
    args.roster = None
    return _cmd_gradebook(args)


def _cmd_grade(args: argparse.Namespace) -> int:
    from ..classroom.manual import grading_queue

    queue = grading_queue(
        args.directory,
        args.exercise,
        blind=not args.names,
        debate=_debate(args.debate),
        grades_file=args.grades,
    )
    if not len(queue):
        print(f"{args.exercise}: no answers to grade in {args.directory}")
        return 0
    if args.points is not None:
        if args.student is None:
            print(
                "symposium-kit grade: --points needs --student (a pseudonym or name)",
                file=sys.stderr,
            )
            return 2
        item = queue.grade(args.student, args.points, args.comment or "")
        graded, total = queue.progress()
        print(
            f"saved: {item.label} {args.points:g} of {queue.points:g}; graded {graded} of {total}"
        )
        return 0
    if args.student is not None:
        index = next(
            (i for i, it in enumerate(queue) if args.student in (it.pseudonym, it.student)), None
        )
        if index is None:
            print(f"symposium-kit grade: no answer from {args.student!r}", file=sys.stderr)
            return 1
    else:
        index = queue.next_ungraded()
        if index is None:
            graded, total = queue.progress()
            print(f"{args.exercise}: all {total} answers graded")
            return 0
    print(queue.text(index))
    print(
        f"\nTo grade it: symposium-kit grade {args.directory} {args.exercise} "
        f"--student {queue.items[index].pseudonym if not args.names else queue.items[index].student} "
        f"--points P --comment TEXT"
    )
    return 0


def _versions(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--deadline",
        metavar="ISO8601",
        help="flag files saved after it, with how late (e.g. 2025-05-01T23:59+02:00; "
        "no time zone: UTC)",
    )
    p.add_argument(
        "--counts",
        choices=COUNTS,
        default=None,
        help="which of a student's versions counts: latest (default without --deadline), "
        "latest-before-deadline (default with it) or best (most points); every version is kept",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _debate_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--debate",
        metavar="PATH",
        default=None,
        help="the debate folder or YAML file (default: the bundled debate)",
    )


def _grades_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--grades",
        metavar="GRADES.json",
        help="the grade sheet of open answers (default CLASS_DIR/.grades/grades.json)",
    )


def _progress_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``collect`` and ``demo-class`` subcommands."""
    p = sub.add_parser(
        "collect",
        help="gather students' saved work and notebooks (read, never run) and summarise the class",
    )
    p.add_argument(
        "directory",
        metavar="DIR",
        nargs="?",
        help="the folder holding the handed-in files (with --from-hub: where to write them)",
    )
    p.add_argument(
        "--from-hub",
        metavar="COURSE",
        help="read the latest hand-in of each student of COURSE from the hub's hand-in service "
        "(token: $JUPYTERHUB_API_TOKEN or $SYMPOSIUM_KIT_HUB_TOKEN; URL: --hub-url or "
        "$SYMPOSIUM_KIT_HUB_URL)",
    )
    p.add_argument("--hub-url", metavar="URL", help="the hand-in service's URL")
    p.add_argument(
        "--out",
        metavar="FILE.csv",
        help="write the scores in long format (student, contributor, criterion, ...)",
    )
    p.add_argument(
        "--gradebook",
        metavar="FILE.csv",
        help="write a gradebook: one row per student, one column per exercise, totals",
    )
    _progress_option(p)
    _versions(p)
    _debate_option(p)
    p.set_defaults(handler=_cmd_collect)

    p = sub.add_parser(
        "feedback",
        help="write one self-contained HTML feedback report per student (re-graded)",
    )
    p.add_argument("directory", metavar="CLASS_DIR", help="the folder holding the handed-in files")
    p.add_argument("--out", metavar="DIR", required=True, help="where to write the reports")
    p.add_argument(
        "--release",
        metavar="EXERCISE_IDS",
        help="comma-separated exercise ids whose answer key the reports show (default: none)",
    )
    p.add_argument("--release-all", action="store_true", help="show every exercise's key")
    p.add_argument("--course", metavar="NAME", help="the course's name (header; hub course)")
    _grades_option(p)
    p.add_argument(
        "--to-hub",
        action="store_true",
        help="also return each report through the hub's hand-in service (course: --course; "
        "URL: --hub-url or $SYMPOSIUM_KIT_HUB_URL; token: $SYMPOSIUM_KIT_HUB_TOKEN)",
    )
    p.add_argument("--hub-url", metavar="URL", help="the hand-in service's URL")
    _progress_option(p)
    _debate_option(p)
    p.set_defaults(handler=_cmd_feedback)

    p = sub.add_parser(
        "gradebook",
        help="write a gradebook that Canvas or Moodle imports (or plain), joined to a roster",
    )
    p.add_argument("directory", metavar="CLASS_DIR", help="the folder holding the handed-in files")
    p.add_argument(
        "--format",
        choices=("plain", "canvas", "moodle", "answers"),
        default="plain",
        help="plain (default), canvas (gradebook CSV import), moodle (import grades from CSV), "
        "or answers (open answers, justifications and comments, one row each)",
    )
    p.add_argument(
        "--roster",
        metavar="ROSTER.csv",
        help="the class list: a 'student' column (the name each student handed in under) and "
        "optionally name, id, sis user id, sis login id, section, email, username, idnumber",
    )
    p.add_argument("--out", metavar="FILE.csv", required=True, help="where to write the file")
    p.add_argument(
        "--id-field",
        choices=tuple(MOODLE_ID_FIELDS),
        default="email",
        help="moodle: the column Moodle identifies users by (default email)",
    )
    _grades_option(p)
    _progress_option(p)
    _debate_option(p)
    _versions(p)
    p.set_defaults(handler=_cmd_gradebook)

    p = sub.add_parser(
        "answers", help="write open answers, score justifications and instructor comments as CSV"
    )
    p.add_argument("directory", metavar="CLASS_DIR", help="the folder holding the handed-in files")
    p.add_argument("--out", metavar="FILE.csv", required=True, help="where to write the file")
    _grades_option(p)
    _progress_option(p)
    _debate_option(p)
    _versions(p)
    p.set_defaults(handler=_cmd_answers)

    p = sub.add_parser(
        "grade",
        help="grade open answers by hand from a terminal, one at a time, names hidden",
    )
    p.add_argument("directory", metavar="CLASS_DIR", help="the folder holding the handed-in files")
    p.add_argument(
        "exercise", metavar="EXERCISE", help="an open exercise id, or scoring.justifications"
    )
    p.add_argument(
        "--student", metavar="WHO", help="show (or, with --points, grade) this pseudonym or name"
    )
    p.add_argument("--points", type=float, metavar="P", help="record these points for --student")
    p.add_argument("--comment", metavar="TEXT", help="a comment for the student, with --points")
    p.add_argument("--names", action="store_true", help="show names (not blind)")
    _grades_option(p)
    _debate_option(p)
    p.set_defaults(handler=_cmd_grade)

    p = sub.add_parser(
        "demo-class", help="write a synthetic class to try `collect` and the notebook"
    )
    p.add_argument("directory", metavar="DIR", help="where to write the submissions")
    p.add_argument("--students", type=_positive, default=30, metavar="N", help="class size (30)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    _debate_option(p)
    p.set_defaults(handler=_cmd_demo_class)
