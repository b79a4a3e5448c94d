"""Collect what a class hands in: saved-work files and saved notebooks.

A submission folder may hold, in any mix and any depth:

- saved-work files (the format documented in :mod:`symposium_kit.work.workfile`),
  as ``symposium-work.json``, renamed (``ada.json``) or inside a per-student
  folder (``ada/symposium-work.json``);
- notebooks as JupyterLab saves them (``.ipynb``, nbformat 4), whose exercise
  results are display outputs of MIME type
  ``application/vnd.symposium-kit.result+json``.

Every file is read as data (``json`` and the nbformat schema, compiled ahead of
time in :mod:`symposium_kit.classroom.nbschema`); no cell is ever
executed and nothing is imported from a submission. A file that cannot be used
(empty, truncated, binary, foreign, wrong nbformat version, too large, a link
out of the folder, a name that is not plain) is listed in
:attr:`ClassResults.skipped` with the reason, and the rest goes on.

Who a file belongs to: where it was found and what it says. The first folder
below the submission folder (``ada/...``) and the name inside (``student`` in
a work file, ``metadata.symposium_kit.student`` in a notebook) must agree; a
file whose two disagree (``ben/x.json`` saying ``"student": "ada"``) is a
conflict: it is used for neither student and is listed in ``skipped`` naming
both files. A file at the top names its student inside, else by its file name
(``ada.json``). Hidden folders are passed over and listed (checkpoint folders
quietly). When one student handed in the same thing twice (two
work files, or two copies of one notebook), the newest file (modification time)
is kept and the others are listed in :attr:`ClassResults.duplicates`. A
student's work file and notebooks are merged; for an exercise found in several
files the newest file wins.
"""

from __future__ import annotations

import json
import math
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..scoring.agreement import agreement_table
from ..work.formats import RESULT_MIME, RESULTS, WORK_FILE, check_work, is_result, is_work
from .grading import POINTS, Regraded, printable, regrade
from .nbschema import NotebookInvalid, validate_notebook
from .progress import progress_bar
from .versions import COUNTS, Version, choose_version, parse_deadline

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..debate.model import Debate
    from ..exercises.catalog import Exercise

MAX_BYTES = 50_000_000
SCORE_COLUMNS = ["student", "contributor", "criterion", "score", "justification"]
EXERCISE_COLUMNS = ["student", "exercise", "result", "answer", "notebook", "source", "stored"]
FORECAST_COLUMNS = ["student", "prediction", "probability"]


@dataclass(frozen=True)
class Skipped:
    """A file (or part of one) that was not used, and why (``path`` is relative)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return printable(f"{self.path}: {self.reason}")


@dataclass(frozen=True)
class Duplicate:
    """Two or more files (versions) for the same student and item; ``kept`` is the one that counts.

    ``rule`` says why it counts: ``newest`` (the default), ``latest before the
    deadline``, ``only late versions: the newest`` or ``best``.
    """

    student: str
    kept: str
    dropped: tuple[str, ...]
    rule: str = "newest"

    def __str__(self) -> str:
        return printable(
            f"{self.student}: kept {self.kept} ({self.rule}), ignored {', '.join(self.dropped)}"
        )


@dataclass
class ClassResults:
    """Everything collected from one submission folder.

    Attributes
    ----------
    scores : DataFrame
        Long format, one row per student x contributor x criterion:
        ``student, contributor, criterion, score, justification``; ``score``
        is a nullable integer (missing = "cannot judge").
    exercises : DataFrame
        ``student, exercise, result, answer, notebook, source`` (``answer`` as
        JSON text, ``notebook`` as recorded with the result, ``source`` the file
        it came from).
    forecasts : DataFrame
        ``student, prediction, probability``.
    students : tuple of str
        Every student with at least one usable file, sorted.
    skipped : list of Skipped
        Files not used at all, with the reason.
    ignored : list of Skipped
        Parts of used files that were ignored (an unknown criterion, a score
        out of range, ...).
    notes : list of Skipped
        Things worth a look that changed nothing (a file whose name inside
        differs from its folder's).
    duplicates : list of Duplicate
        Students with several versions of one item, and which one counts.
    versions : list of Version
        Every usable file, when it was saved, how late, and whether it counts.
    deadline : datetime or None
    counts : str
        Which version counts: ``latest``, ``latest-before-deadline`` or ``best``.
    files : int
        Files looked at.
    regraded : list of Regraded
        Stored results that re-grading did not confirm, per student, exercise
        and file (see :mod:`symposium_kit.classroom.grading`).
    definitions : dict
        Exercise id -> (notebook, graded) of the current definitions, when
        collected with a debate; the gradebook's columns come from here.
    """

    root: Path
    scores: pd.DataFrame
    exercises: pd.DataFrame
    forecasts: pd.DataFrame
    students: tuple[str, ...]
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    files: int = 0
    regraded: list[Regraded] = field(default_factory=list)
    definitions: dict[str, tuple[str, bool]] = field(default_factory=dict)
    versions: list[Version] = field(default_factory=list)
    deadline: datetime | None = None
    counts: str = "latest"

    @property
    def late(self) -> list[Version]:
        """The versions saved after the deadline that count (empty without a deadline)."""
        return [v for v in self.versions if v.counted and v.late_by is not None]

    def summary(self, debate: Debate | None = None, agreement: bool = True) -> str:
        """A short plain-text summary, as ``symposium-kit collect`` prints it."""
        lines = [
            printable(
                f"Collected {len(self.students)} student(s) from {self.files} file(s) "
                f"in {self.root}"
            ),
            f"  scores: {len(self.scores)} rows; exercise results: {len(self.exercises)}; "
            f"forecasts: {len(self.forecasts)}",
        ]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)} file(s):")
            lines += [f"  {s}" for s in self.skipped]
        else:
            lines.append("Skipped no files.")
        if self.deadline is not None:
            late_files = [v for v in self.versions if v.late_by is not None]
            lines.append(
                f"Deadline {self.deadline.isoformat()}: {len(late_files)} file(s) saved after it; "
                f"counts: {self.counts}"
            )
            lines += [f"  late: {v}" for v in late_files[:50]]
            if len(late_files) > 50:
                lines.append(f"  ... and {len(late_files) - 50} more")
        if self.duplicates:
            lines.append(
                f"Several versions ({len(self.duplicates)}); every file is kept, "
                f"one counts ({self.counts}):"
            )
            lines += [f"  {d}" for d in self.duplicates]
        if self.ignored:
            lines.append(f"Ignored {len(self.ignored)} part(s) of files:")
            lines += [f"  {s}" for s in self.ignored[:20]]
            if len(self.ignored) > 20:
                lines.append(f"  ... and {len(self.ignored) - 20} more")
        if self.regraded:
            lines.append(
                f"Re-graded differently from the file ({len(self.regraded)}); "
                "points come from re-grading:"
            )
            lines += [f"  {r}" for r in self.regraded[:50]]
            if len(self.regraded) > 50:
                lines.append(f"  ... and {len(self.regraded) - 50} more")
        if self.notes:
            lines.append(f"Notes ({len(self.notes)}):")
            lines += [f"  {s}" for s in self.notes[:20]]
        if agreement:
            table = agreement_table(self.scores, debate)
            lines.append("Agreement (Krippendorff's alpha, ordinal):")
            for row in table.itertuples():
                alpha = float(row.alpha)  # type: ignore[arg-type]  # a float column
                value = "n/a" if math.isnan(alpha) else f"{alpha:.2f}"
                lines.append(f"  {row.criterion}: {value} ({row.raters} raters) - {row.reading}")
        return "\n".join(lines)


# -- reading one file --------------------------------------------------------------------


@dataclass
class _Part:
    """What one usable file contributes."""

    student: str
    kind: str  # "work" or "notebook"
    path: str
    mtime: float
    scores: list[tuple[str, str, Any, str]] = field(default_factory=list)
    results: list[tuple[str, str, Any, str]] = field(default_factory=list)
    forecasts: list[tuple[str, float]] = field(default_factory=list)


class _Unusable(Exception):
    """A file that cannot be used; the message is the reason."""


def _plain_name(name: Any) -> str | None:
    """A student name that is safe to show and to use in a table, or None."""
    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)  # a student number
    if not isinstance(name, str):
        return None
    name = unicodedata.normalize("NFC", name.strip())
    if not name or name in {".", ".."} or len(name) > 200:
        return None
    if any(ch in name for ch in "/\\") or any(unicodedata.category(ch)[0] == "C" for ch in name):
        return None
    return name


def _name_from_path(rel: Path) -> str | None:
    """The student from where the file sits: first folder, else the file stem."""
    if len(rel.parts) > 1:
        return _plain_name(rel.parts[0])
    if rel.name == WORK_FILE or rel.suffix == ".ipynb" and rel.stem[:1].isdigit():
        return None  # a bare symposium-work.json / 02-positions.ipynb names nobody
    return _plain_name(rel.stem)


def _load_json(path: Path, max_bytes: int) -> Any:
    size = path.stat().st_size
    if size == 0:
        raise _Unusable("empty file")
    if size > max_bytes:
        raise _Unusable(f"too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unusable("not text (binary or not UTF-8)") from None
    if not text.strip():
        raise _Unusable("empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Unusable(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "truncated or damaged? ask the student to hand it in again"
        ) from None
    except RecursionError:
        raise _Unusable("not usable JSON (nested too deeply)") from None


def _pick_student(inside: Any, rel: Path, where: str) -> str:
    if inside not in (None, ""):
        name = _plain_name(inside)
        if name is None:
            raise _Unusable(f"student name {str(inside)[:60]!r} in the {where} is not a plain name")
        return name
    name = _name_from_path(rel)
    if name is None:
        raise _Unusable(
            "cannot tell whose work this is (no student name inside; put the file in a "
            "folder named for the student, or rename it to <student>.json)"
        )
    return name


def _read_work(data: dict[str, Any], rel: Path, mtime: float, ignored: list[Skipped]) -> _Part:
    try:
        check_work(data, "work file")
    except ValueError as exc:
        raise _Unusable(str(exc).removeprefix("work file: ")) from None
    student = _pick_student(data.get("student"), rel, "file")
    part = _Part(student, "work", rel.as_posix(), mtime)
    where = rel.as_posix()
    for exercise, entry in data.get("answers", {}).items():
        if not isinstance(entry, dict) or entry.get("result") not in RESULTS:
            ignored.append(Skipped(where, f"answer to {exercise!r} has no known result"))
            continue
        notebook = entry["notebook"] if isinstance(entry.get("notebook"), str) else ""
        part.results.append((str(exercise), entry["result"], entry.get("answer"), notebook))
    for contributor, criteria in data.get("scores", {}).items():
        if not isinstance(criteria, dict):
            ignored.append(Skipped(where, f"scores for {contributor!r} are not an object"))
            continue
        for criterion, entry in criteria.items():
            if isinstance(entry, dict):
                score, why = entry.get("score"), entry.get("justification") or ""
            else:  # a bare number is accepted too
                score, why = entry, ""
            if score is not None and (
                isinstance(score, bool)
                or not isinstance(score, (int, float))
                or not math.isfinite(score)
                or score != int(score)
            ):
                ignored.append(
                    Skipped(
                        where, f"score {contributor}/{criterion} {score!r} is not a whole number"
                    )
                )
                continue
            part.scores.append(
                (str(contributor), str(criterion), None if score is None else int(score), str(why))
            )
    for prediction, p in data.get("forecasts", {}).items():
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            ignored.append(
                Skipped(where, f"forecast {prediction!r} = {p!r} is not a probability 0-1")
            )
            continue
        part.forecasts.append((str(prediction), float(p)))
    return part


def _answer_text(answer: Any) -> str:
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    try:
        return json.dumps(answer, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(answer)


def _validate_notebook(data: dict[str, Any]) -> None:
    major = data.get("nbformat")
    if major != 4:
        raise _Unusable(
            f"notebook format version {major!r} is not supported (expected 4, as JupyterLab saves)"
        )
    try:
        validate_notebook(data)
    except NotebookInvalid as exc:
        raise _Unusable(f"not a valid notebook ({exc})") from None


def _read_notebook(data: dict[str, Any], rel: Path, mtime: float, ignored: list[Skipped]) -> _Part:
    _validate_notebook(data)
    meta = data.get("metadata", {}).get("symposium_kit", {})
    inside = meta.get("student") if isinstance(meta, dict) else None
    student = _pick_student(inside, rel, "notebook metadata")
    part = _Part(student, "notebook", rel.as_posix(), mtime)
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(RESULT_MIME)
            if payload is None:
                continue
            if isinstance(payload, (str, list)):  # saved as text by some front ends
                try:
                    payload = json.loads("".join(payload) if isinstance(payload, list) else payload)
                except json.JSONDecodeError:
                    payload = None
            if not is_result(payload):
                ignored.append(Skipped(rel.as_posix(), "an exercise result output is damaged"))
                continue
            notebook = payload.get("notebook")
            part.results.append(
                (
                    payload["exercise"],
                    payload["result"],
                    payload.get("answer"),
                    notebook if isinstance(notebook, str) and notebook else rel.stem,
                )
            )
    return part


def _read_file(path: Path, rel: Path, max_bytes: int, ignored: list[Skipped]) -> _Part:
    mtime = path.stat().st_mtime
    data = _load_json(path, max_bytes)
    if path.suffix.lower() == ".ipynb":
        if not isinstance(data, dict):
            raise _Unusable("not a notebook (JSON but not an object)")
        return _read_notebook(data, rel, mtime, ignored)
    if not isinstance(data, dict) or not is_work(data):
        if isinstance(data, dict) and "cells" in data and "nbformat" in data:
            return _read_notebook(data, rel, mtime, ignored)  # a notebook saved as .json
        raise _Unusable("not a symposium-kit work file (JSON of another kind)")
    return _read_work(data, rel, mtime, ignored)


# -- walking the folder ---------------------------------------------------------------------


_QUIET_DIRS = {".ipynb_checkpoints", ".git", ".DS_Store", ".Trash", ".grades"}


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Candidate files under ``root``; hidden files and checkpoint folders are passed over."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False):
        for d in dirs:
            if d.startswith(".") and d not in _QUIET_DIRS:
                rel_dir = (Path(folder) / d).relative_to(root).as_posix()
                skipped.append(Skipped(rel_dir + "/", "a hidden folder, not read"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root)
            if path.is_symlink():
                try:
                    path.resolve().relative_to(real_root)
                except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
                    skipped.append(Skipped(rel.as_posix(), "a link to outside the folder"))
                    continue
            if not path.is_file():  # a pipe, a socket, a broken link: reading could hang
                skipped.append(Skipped(rel.as_posix(), "not a regular file"))
                continue
            if path.suffix.lower() not in (".json", ".ipynb"):
                skipped.append(
                    Skipped(rel.as_posix(), "not a work file or notebook (.json/.ipynb)")
                )
                continue
            if ".corrupt-" in name:
                skipped.append(Skipped(rel.as_posix(), "a backup of a damaged work file"))
                continue
            found.append(path)
    return found, skipped


def _newest(parts: list[_Part]) -> list[_Part]:
    return sorted(parts, key=lambda p: (p.mtime, p.path))


def collect(
    directory: str | Path,
    debate: Debate | None = None,
    *,
    progress: bool | None = None,
    max_bytes: int = MAX_BYTES,
    exercises: dict[str, Exercise] | None = None,
    deadline: str | datetime | None = None,
    counts: str | None = None,
) -> ClassResults:
    """Read every submission under ``directory`` into class tables; never execute anything.

    Parameters
    ----------
    directory : str or Path
        The folder the students' files were downloaded into.
    debate : Debate, optional
        When given, scores for unknown contributors or criteria, scores outside
        the rubric's scale and forecasts for unknown predictions are ignored
        (and listed in ``ignored``).
    progress : bool, optional
        Show progress bars (reading, re-grading) on stderr; by default only for
        200 files or more, and only when stderr is a terminal.
    max_bytes : int
        Larger files are skipped (notebooks with huge outputs are fine below it).
    exercises : dict, optional
        The current exercise definitions (id -> Exercise); by default, with a
        debate, those of :func:`~symposium_kit.exercises.catalog.collect_exercises`.
        Every stored answer is re-graded against them; the stored result is
        kept in the ``stored`` column only to compare (differences in
        ``regraded``). Without a debate nothing can be re-graded and the
        stored results are used as they are.
    deadline : str or datetime, optional
        ISO 8601 (no time zone: UTC). A file saved (modification time) after it
        is late: listed in ``versions`` and the summary with how late.
    counts : str, optional
        Which of a student's versions of one item (their work file, or one
        notebook) counts: ``latest`` (the newest file; the default without a
        deadline), ``latest-before-deadline`` (the default with one; a student
        with only late versions gets the newest, flagged late) or ``best`` (the
        version with the most re-graded points; newest on a tie). Every version
        is kept and listed in ``versions``.

    Returns
    -------
    ClassResults

    Examples
    --------
    >>> import tempfile, json, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> work = {"format": "symposium-kit/work", "version": 1, "student": "",
    ...         "answers": {}, "forecasts": {},
    ...         "scores": {"hass": {"overall": {"score": 2, "justification": "clear"}}}}
    >>> _ = (d / "ada.json").write_text(json.dumps(work))
    >>> _ = (d / "notes.txt").write_text("hello")
    >>> r = collect(d)
    >>> r.students, int(r.scores.loc[0, "score"]), [s.reason[:14] for s in r.skipped]
    (('ada',), 2, ['not a work fil'])
    """
    import pandas as pd

    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder (give the folder the submissions are in)")
    paths, skipped = _walk(root)
    n_passed_over = len(skipped)
    ignored: list[Skipped] = []
    notes: list[Skipped] = []
    parts: list[_Part] = []
    conflicts: list[tuple[_Part, str]] = []
    for path in progress_bar(paths, "collecting", "file", progress):
        rel = path.relative_to(root)
        try:
            part = _read_file(path, rel, max_bytes, ignored)
            folder = _plain_name(rel.parts[0]) if len(rel.parts) > 1 else None
            if folder and folder != part.student:
                conflicts.append((part, folder))  # never filed under either name
            else:
                parts.append(part)
        except _Unusable as exc:
            skipped.append(Skipped(rel.as_posix(), str(exc)))
        except Exception as exc:  # noqa: BLE001 - one bad submission never stops the rest
            skipped.append(
                Skipped(rel.as_posix(), f"could not be read ({type(exc).__name__}: {exc})"[:200])
            )

    for part, folder in conflicts:
        theirs = sorted(p.path for p in parts if p.student == part.student) or ["none"]
        skipped.append(
            Skipped(
                part.path,
                f"conflict: found in {folder!r}'s folder but says it is {part.student!r}'s "
                f"work; not used (files of {part.student!r}: {', '.join(theirs)})",
            )
        )

    due = parse_deadline(deadline) if deadline is not None else None
    rule = counts or ("latest-before-deadline" if due is not None else "latest")
    if rule not in COUNTS:
        raise ValueError(f"unknown rule {rule!r} for which version counts; use one of {COUNTS}")
    if debate is not None and exercises is None:
        from ..exercises.catalog import collect_exercises

        exercises, _ = collect_exercises(debate)

    # One work file per student, one copy of each notebook per student: the rule picks.
    groups: dict[tuple[str, str], list[_Part]] = {}
    for part in parts:
        item = "work" if part.kind == "work" else Path(part.path).name
        groups.setdefault((part.student, item), []).append(part)
    duplicates: list[Duplicate] = []
    kept: list[_Part] = []
    versions: list[Version] = []
    for (student, _), group in sorted(groups.items()):
        ordered = _newest(group)
        chosen, why = choose_version(
            ordered, rule, due, lambda p: p.mtime, lambda p: _points(p, debate, exercises)
        )
        kept.append(chosen)
        if len(ordered) > 1:
            duplicates.append(
                Duplicate(
                    student, chosen.path, tuple(p.path for p in ordered if p is not chosen), why
                )
            )
        for version in ordered:
            saved = datetime.fromtimestamp(version.mtime, tz=timezone.utc)
            late = saved - due if due is not None and saved > due else None
            versions.append(Version(student, version.path, saved, late, version is chosen))

    known = _known(debate)
    scores: dict[tuple[str, str, str], tuple[Any, str]] = {}
    results: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    regraded: list[Regraded] = []
    forecasts: dict[tuple[str, str], float] = {}
    memo: dict[tuple[str, str], str] = {}  # one result per distinct answer (the checker is pure)
    # later (newer) files override earlier ones
    for part in progress_bar(_newest(kept), "re-grading", "file", progress):
        for contributor, criterion, score, why in part.scores:
            problem = _check_score(known, contributor, criterion, score)
            if problem:
                ignored.append(Skipped(part.path, problem))
                continue
            scores[(part.student, contributor, criterion)] = (score, why)
        stored_rows = [(part.student, e, a, r, part.path) for e, r, a, _ in part.results]
        if debate is not None and exercises is not None:
            graded, diffs = regrade(stored_rows, debate, exercises, memo)
            regraded += diffs
            now = [g[2] for g in graded]
        else:
            now = [r for _, r, _, _ in part.results]
        for (exercise, stored, answer, notebook), result in zip(part.results, now, strict=True):
            results[(part.student, exercise)] = (
                result,
                _answer_text(answer),
                notebook,
                part.path,
                stored,
            )
        for prediction, p in part.forecasts:
            if known and prediction not in known["predictions"]:
                ignored.append(
                    Skipped(part.path, f"forecast for unknown prediction {prediction!r}")
                )
                continue
            forecasts[(part.student, prediction)] = p

    score_frame = pd.DataFrame(
        [(*k, v[0], v[1]) for k, v in sorted(scores.items())], columns=SCORE_COLUMNS
    ).astype({"score": "Int64"})
    exercise_frame = pd.DataFrame(
        [(*k, *v) for k, v in sorted(results.items())], columns=EXERCISE_COLUMNS
    )
    forecast_frame = pd.DataFrame(
        [(*k, v) for k, v in sorted(forecasts.items())], columns=FORECAST_COLUMNS
    ).astype({"probability": float})
    skipped.sort(key=lambda s: s.path)
    return ClassResults(
        root=root,
        scores=score_frame,
        exercises=exercise_frame,
        forecasts=forecast_frame,
        students=tuple(sorted({p.student for p in kept})),
        skipped=skipped,
        ignored=ignored,
        notes=notes,
        duplicates=duplicates,
        files=len(paths) + n_passed_over,
        regraded=sorted(regraded, key=lambda r: (r.student, r.exercise, r.source)),
        definitions={e.id: (e.notebook, e.graded) for e in (exercises or {}).values()},
        versions=sorted(versions, key=lambda v: (v.student, v.saved, v.path)),
        deadline=due,
        counts=rule,
    )


def _points(part: _Part, debate: Debate | None, exercises: dict[str, Exercise] | None) -> float:
    """The points one version earns by itself (re-graded when the definitions are known)."""
    stored = [r for _, r, _, _ in part.results]
    if debate is not None and exercises is not None:
        rows = [(part.student, e, a, r, part.path) for e, r, a, _ in part.results]
        stored = [g[2] for g in regrade(rows, debate, exercises)[0]]
    return float(sum(POINTS.get(r, 0.0) for r in stored))


def _known(debate: Debate | None) -> dict[str, Any] | None:
    if debate is None:
        return None
    return {
        "contributors": {p.id for p in debate.contributors},
        "criteria": set(debate.rubric.criterion_ids),
        "range": (debate.rubric.min_score, debate.rubric.max_score),
        "predictions": {p.id for p in debate.predictions},
    }


def _check_score(known: dict[str, Any] | None, contributor: str, criterion: str, score: Any) -> str:
    if not known:
        return ""
    if contributor not in known["contributors"]:
        return f"score for unknown contributor {contributor!r}"
    if criterion not in known["criteria"]:
        return f"score for unknown criterion {criterion!r}"
    low, high = known["range"]
    if score is not None and not low <= score <= high:
        return f"score {contributor}/{criterion} = {score} is outside the scale {low}-{high}"
    return ""
