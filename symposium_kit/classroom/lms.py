"""Gradebooks that a learning-management system imports, joined to the instructor's roster.

Three layouts, from the same points (re-graded by the kit, plus the
instructor's grades of open answers, :mod:`symposium_kit.classroom.manual`):

``plain``
    :func:`~symposium_kit.classroom.gradebook.gradebook` with the roster's
    columns: ``student, name, section, status``, one column per exercise,
    ``total, possible, percent``.
``canvas``
    The Canvas gradebook CSV: the columns ``Student, ID, SIS User ID, SIS
    Login ID, Section`` in this order, then one column per assignment; the
    row below the header is ``Points Possible`` with each column's maximum.
    Canvas matches a student by ``ID``, ``SIS User ID`` or ``SIS Login ID``
    (one of them is enough) and makes a new assignment of every column it does
    not know. Sources: the Canvas export layout as described in "Detailed
    Canvas Export Info" (nemogb,
    https://nemogb-dev.github.io/nemogb-r/articles/detailed-canvas-export-info.html)
    and "Import a CSV file to Carmen Grades" (Ohio State,
    https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades),
    which lists the required columns (Student name or ID or SIS User ID, SIS
    Login ID, Section, assignment name).
``moodle``
    Moodle's "Import grades from CSV": a header row, one identifier column
    (``Email address`` by default, or ``Username`` or ``ID number``) that the
    import maps to the user ("Identify user by": useremail, username or
    useridnumber), then one column per grade item, mapped to items on the
    preview page. Source: MoodleDocs "Grade import"
    (https://docs.moodle.org/311/en/Grade_import).

The roster is a CSV that the instructor provides (UTF-8, header row). Its
``student`` column holds the name the kit knows a student by (the folder or
file name, or the name inside the file); without one, ``username``, ``sis
login id`` or ``login`` is used. Optional columns: ``name`` (or ``Student``),
``id``, ``sis user id``, ``sis login id``, ``section``, ``email``,
``username``, ``idnumber`` (header case and spaces do not matter). Students
on the roster with no hand-in get a row of zeros and are listed; hand-ins
whose student is not on the roster are never dropped: they are listed in the
summary and in the report written beside the file (``FILE.report.txt``),
with their totals, and they are rows of the ``plain`` layout (an LMS would
reject a row it cannot match, so the ``canvas`` and ``moodle`` files hold
the roster's students only).

Every text cell and header that starts like a spreadsheet formula gets a
leading ``'`` (:func:`~symposium_kit.classroom.gradebook.safe_frame`);
numbers are written as numbers. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..work.workfile import write_bytes_atomic
from .gradebook import _safe_text, gradebook
from .grading import printable
from .manual import JUSTIFICATIONS
from .progress import progress_bar

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .collect import ClassResults

FORMATS = ("plain", "canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ID_FIELDS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
ANSWER_COLUMNS = [
    "student",
    "exercise",
    "kind",
    "item",
    "score",
    "answer",
    "points",
    "max",
    "comment",
    "source",
]
_ALIASES = {
    "student": "student",
    "name": "name",
    "student name": "name",
    "full name": "name",
    "id": "id",
    "canvas id": "id",
    "sis user id": "sis_user_id",
    "sis login id": "sis_login_id",
    "login": "sis_login_id",
    "login id": "sis_login_id",
    "section": "section",
    "email": "email",
    "email address": "email",
    "username": "username",
    "idnumber": "idnumber",
    "id number": "idnumber",
}
_FIELDS: tuple[str, ...] = ("student", "name", "id", "sis_user_id", "sis_login_id", "section")
_FIELDS += ("email", "username", "idnumber")


class RosterError(ValueError):
    """A roster file that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class RosterEntry:
    """One row of the roster; ``student`` is the name the kit knows the student by."""

    student: str
    name: str = ""
    id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    email: str = ""
    username: str = ""
    idnumber: str = ""


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip()).casefold()


def read_roster(path: str | Path) -> list[RosterEntry]:
    """Read the instructor's roster CSV (see the module's description of its columns).

    Raises
    ------
    RosterError
        When the file is missing, not UTF-8 text, has no column naming the
        student, or names one student twice.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = p.write_text("Student,SIS Login ID,Email\\nAda Lovelace,ada,ada@example.org\\n")
    >>> read_roster(p)[0].student, read_roster(p)[0].email
    ('ada', 'ada@example.org')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: the roster is not UTF-8 text (save it as CSV UTF-8)") from None
    reader = csv.reader(io.StringIO(text))
    rows = [r for r in reader if any(cell.strip() for cell in r)]
    if not rows:
        raise RosterError(f"{path}: the roster is empty (a header row and one row per student)")
    header = [
        _ALIASES.get(" ".join(h.strip().casefold().replace("_", " ").split()), "") for h in rows[0]
    ]
    # "Student" is Canvas's name column; a roster that also has a login column joins on that.
    has_login = any(h in ("username", "sis_login_id") for h in header)
    if "student" in header and has_login and "name" not in header:
        header = ["name" if h == "student" else h for h in header]
    join = next((f for f in ("student", "username", "sis_login_id") if f in header), None)
    if join is None:
        raise RosterError(
            f"{path}: no column names the student as the kit knows them; add a 'student' column "
            "(the folder or file name each student handed in under), or 'username' / "
            f"'SIS Login ID' (found: {', '.join(repr(h) for h in rows[0])})"
        )
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        values: dict[str, str] = {}
        for column, cell in zip(header, row, strict=False):
            if column and column not in values:
                values[column] = unicodedata.normalize("NFC", cell.strip())
        student = values.get(join, "")
        if not student:
            raise RosterError(f"{path}: line {n}: no {join!r} given")
        if _key(student) in seen:
            raise RosterError(
                f"{path}: line {n}: {student!r} is on the roster twice (first on line "
                f"{seen[_key(student)]})"
            )
        seen[_key(student)] = n
        values["student"] = student
        entries.append(RosterEntry(**{f: values.get(f, "") for f in _FIELDS}))
    return entries


@dataclass
class LmsExport:
    """What :func:`write_lms_gradebook` wrote, and who did not match."""

    path: Path
    format: str
    rows: int
    missing: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, float, float]] = field(default_factory=list)
    report: Path | None = None

    def summary(self, full_paths: bool = True) -> str:
        """Plain text, as ``symposium-kit gradebook`` prints it (file names only if not ``full_paths``)."""
        where = self.path if full_paths else self.path.name
        lines = [printable(f"Wrote a {self.format} gradebook of {self.rows} student(s) to {where}")]
        if self.missing:
            lines.append(
                f"On the roster with no hand-in ({len(self.missing)}, 0 points): "
                + printable(", ".join(self.missing))
            )
        if self.unmatched:
            lines.append(
                f"Handed in but not on the roster ({len(self.unmatched)}; not in an LMS file, "
                "add them to the roster):"
            )
            lines += [printable(f"  {s}: {t:g} of {p:g}") for s, t, p in self.unmatched]
        if self.report is not None:
            report = self.report if full_paths else self.report.name
            lines.append(printable(f"Report: {report}"))
        return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def _csv_text(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([_safe_text(v) if isinstance(v, str) else _number(v) for v in row])
    return out.getvalue()


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def lms_table(
    results: ClassResults,
    fmt: str = "plain",
    roster: Sequence[RosterEntry] | None = None,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
    id_field: str = "email",
) -> tuple[list[str], list[list[Any]], LmsExport]:
    """The header, the rows and the join report of a gradebook in layout ``fmt``.

    The path of the returned :class:`LmsExport` is empty; :func:`write_lms_gradebook`
    sets it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown gradebook format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "moodle" and id_field not in MOODLE_ID_FIELDS:
        raise ValueError(
            f"unknown Moodle identifier {id_field!r}; choose one of {', '.join(MOODLE_ID_FIELDS)}"
        )
    book = gradebook(results, manual=manual if manual is not None else {})
    columns = [c for c in book.columns if c not in ("student", "total", "possible", "percent")]
    worth = _worth(book, columns, results, manual or {})
    by_key = {_key(str(s)): i for i, s in enumerate(book["student"])}
    handed = {_key(s) for s in results.students}
    report = LmsExport(Path(), fmt, 0)
    entries = list(roster) if roster is not None else [RosterEntry(str(s)) for s in book["student"]]
    on_roster = {_key(e.student) for e in entries}
    if roster is not None:
        report.missing = [e.student for e in entries if _key(e.student) not in handed]
        report.unmatched = [
            (str(r.student), float(r.total), float(r.possible))  # type: ignore[arg-type]  # float columns
            for r in book.itertuples()
            if _key(str(r.student)) not in on_roster
        ]

    def points(entry: RosterEntry) -> tuple[list[float], float, float, float]:
        i = by_key.get(_key(entry.student))
        if i is None:
            values = [0.0] * len(columns)
            possible = float(sum(worth))
            return values, 0.0, possible, 0.0
        row = book.iloc[i]
        return (
            [float(row[c]) for c in columns],
            float(row["total"]),
            float(row["possible"]),
            float(row["percent"]),
        )

    rows: list[list[Any]] = []
    if fmt == "canvas":
        header = CANVAS_COLUMNS + columns
        rows.append(["Points Possible", "", "", "", "", *worth])
        for e in progress_bar(entries, "gradebook", "student"):
            values = points(e)[0]
            rows.append(
                [
                    e.name or e.student,
                    e.id,
                    e.sis_user_id,
                    e.sis_login_id or e.student,
                    e.section,
                    *values,
                ]
            )
    elif fmt == "moodle":
        header = [MOODLE_ID_FIELDS[id_field], *columns]
        for e in progress_bar(entries, "gradebook", "student"):
            ident = {"email": e.email, "username": e.username or e.student, "idnumber": e.idnumber}[
                id_field
            ]
            if not ident:
                raise RosterError(
                    f"the roster gives no {MOODLE_ID_FIELDS[id_field]!r} for {e.student!r}; "
                    "Moodle needs it to find the student (or use --id-field username)"
                )
            rows.append([ident, *points(e)[0]])
    else:
        header = ["student", "name", "section", "status", *columns, "total", "possible", "percent"]
        for e in progress_bar(entries, "gradebook", "student"):
            values, total, possible, percent = points(e)
            status = "handed in" if _key(e.student) in handed else "no hand-in"
            rows.append([e.student, e.name, e.section, status, *values, total, possible, percent])
        for student, total, possible in report.unmatched:
            i = by_key[_key(student)]
            row = book.iloc[i]
            rows.append(
                [
                    student,
                    "",
                    "",
                    "not on roster",
                    *(float(row[c]) for c in columns),
                    total,
                    possible,
                    float(row["percent"]),
                ]
            )
    report.rows = len(entries) + (len(report.unmatched) if fmt == "plain" else 0)
    return header, rows, report


def _worth(
    book: pd.DataFrame,
    columns: list[str],
    results: ClassResults,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]],
) -> list[float]:
    from .gradebook import open_worth
    from .grading import POINTS

    extra = open_worth(results, manual)
    return [float(extra.get(c, max(POINTS.values()))) for c in columns]


def write_lms_gradebook(
    results: ClassResults,
    path: str | Path,
    fmt: str = "plain",
    roster: Sequence[RosterEntry] | None = None,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
    id_field: str = "email",
) -> LmsExport:
    """Write the gradebook in layout ``fmt`` (and, with a roster, ``FILE.report.txt``).

    Examples
    --------
    >>> import csv, tempfile, pathlib
    >>> from symposium_kit import collect, load_debate, write_demo_class
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_demo_class(d / "in", students=3, seed=1)
    >>> out = write_lms_gradebook(collect(d / "in", load_debate(), progress=False),
    ...                           d / "canvas.csv", "canvas")
    >>> rows = list(csv.reader(open(out.path, encoding="utf-8")))
    >>> rows[0][:5], rows[1][0], len(rows)
    (['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'], 'Points Possible', 5)
    """
    path = Path(path)
    header, rows, report = lms_table(results, fmt, roster, manual, id_field)
    _write_atomic(path, _csv_text(header, rows))
    report.path = path
    if roster is not None:
        report.report = path.with_name(path.name + ".report.txt")
        _write_atomic(report.report, report.summary() + "\n")
    return report


def answers_table(
    results: ClassResults,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
) -> pd.DataFrame:
    """Open answers, score justifications and the instructor's grades, one row each.

    Columns: ``student, exercise, kind, item, score, answer, points, max,
    comment, source``. ``kind`` is ``open answer`` (a ``short_text``
    exercise), ``justification`` (one per contributor and criterion; ``item`` is
    ``contributor/criterion``, ``score`` the student's score) or ``grade`` (the
    instructor's grade of a student's justifications, exercise
    ``scoring.justifications``). ``points``, ``max`` and ``comment`` are empty
    until graded.
    """
    import pandas as pd

    manual = manual or {}
    defined = results.definitions
    open_ids = {e for e in defined if not defined[e][1]}
    rows: list[list[Any]] = []
    frame = results.exercises
    for r in frame.itertuples(index=False):
        exercise = str(r.exercise)
        if exercise not in open_ids and (defined or r.result != "recorded"):
            continue
        grade = manual.get(str(r.student), {}).get(exercise, {})
        rows.append(
            [
                r.student,
                exercise,
                "open answer",
                "",
                None,
                r.answer,
                grade.get("points"),
                grade.get("max"),
                grade.get("comment", ""),
                r.source,
            ]
        )
    for r in results.scores.itertuples(index=False):
        why = str(r.justification or "")
        if not why.strip():
            continue
        raw: Any = r.score
        score = None if pd.isna(raw) else int(raw)
        rows.append(
            [
                r.student,
                JUSTIFICATIONS,
                "justification",
                f"{r.contributor}/{r.criterion}",
                score,
                why,
                None,
                None,
                "",
                "",
            ]
        )
    for student, by in sorted(manual.items()):
        if JUSTIFICATIONS in by:
            g = by[JUSTIFICATIONS]
            rows.append(
                [
                    student,
                    JUSTIFICATIONS,
                    "grade",
                    "",
                    None,
                    "",
                    g.get("points"),
                    g.get("max"),
                    g.get("comment", ""),
                    "",
                ]
            )
    table = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    table = table.sort_values(["student", "exercise", "kind", "item"], kind="stable")
    return table.astype({"points": "Float64", "max": "Float64", "score": "Int64"}).reset_index(
        drop=True
    )


def write_answers_csv(
    results: ClassResults,
    path: str | Path,
    manual: Mapping[str, Mapping[str, Mapping[str, object]]] | None = None,
) -> Path:
    """Write :func:`answers_table` as CSV (UTF-8, header row, formula-safe); returns the path."""
    table = answers_table(results, manual)
    rows = [
        [None if (not isinstance(v, str) and _isna(v)) else v for v in row]
        for row in table.itertuples(index=False)
    ]
    path = Path(path)
    _write_atomic(path, _csv_text(ANSWER_COLUMNS, rows))
    return path


def _isna(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
