"""A student's score sheet: each contributor scored on each rubric criterion.

A cell of the sheet is one contributor on one criterion: a score on the
rubric's scale (0–3), or "cannot judge" (``None``), and a short
justification. Every change is validated (an unknown contributor or
criterion, or a score out of range, is refused with a message that names the
field) and saved at once through :func:`symposium_kit.work.workfile.update_work`,
so the file on disk is always a complete version and nothing typed is lost on
a kernel restart.

In the saved-work file, scored cells go under
``work["scores"][contributor][criterion] = {"score": 2, "justification": "..."}``
(``"score": null`` is "cannot judge"). A justification typed before its
score is kept under ``work["score_drafts"][contributor][criterion]`` until the
cell is scored, so that ``scores`` holds only scored cells.

This module is pure Python: the form in :mod:`symposium_kit.views.scoring_form`
and plain code both call :meth:`ScoreSheet.set`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..debate.load import load_debate
from ..debate.model import Criterion, Debate, Participant
from .formats import SCORE_DRAFTS as DRAFTS
from .sheetmerge import Cell, Fields, merge_from_disk
from .workfile import WorkFileError, read_work, update_work, work_path

CANNOT_JUDGE = "cannot judge"
_CANNOT_JUDGE_WORDS = {
    "cannot judge",
    "cannot_judge",
    "cannot-judge",
    "can't judge",
    "n/a",
    "na",
    "?",
}

Listener = Callable[[str, str], None]


class IncompleteSheetError(ValueError):
    """Raised by :func:`require_complete` when cells are still unscored."""

    def __init__(self, message: str, missing: list[Cell]):
        super().__init__(message)
        self.missing = missing


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class ScoreSheet:
    """One student's scores of every contributor on every criterion.

    Parameters
    ----------
    debate
        The debate whose rubric and contributors the sheet follows.
    path
        The saved-work file to autosave to; None keeps the sheet in memory
        only (for examples and tests). Use :func:`load_scoresheet` to open a
        sheet from its file.
    student
        The student's name, recorded in a new work file.
    report
        Called with a message a person should read (a corrupt file moved
        aside); ``print`` by default. The form shows it in its status line.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> sheet = ScoreSheet(load_debate())
    >>> sheet.set("McGregor", "overall", 2, "Clear, but one-sided.")
    >>> sheet.get("mcgregor", "overall")
    {'score': 2, 'justification': 'Clear, but one-sided.'}
    >>> sheet.set("mcgregor", "overall", 7)
    Traceback (most recent call last):
    ...
    ValueError: score: McGregor on 'Overall quality' must be 0–3 or 'cannot judge', got 7
    """

    def __init__(
        self,
        debate: Debate,
        path: str | Path | None = None,
        student: str = "",
        report: Callable[[str], None] | None = print,
    ):
        self.debate = debate
        self.path = Path(path) if path is not None else None
        self.student = student
        self.report = report
        self.problems: list[str] = []
        self._elsewhere: list[str] = []  # cells another kernel changed, found at the last save
        self._scores: dict[Cell, dict[str, Any]] = {}
        self._drafts: dict[Cell, str] = {}
        self._listeners: list[Listener] = []

    # -- the shape of the sheet -----------------------------------------
    @property
    def contributors(self) -> tuple[str, ...]:
        """The contributor ids, in the order of the text."""
        return tuple(p.id for p in self.debate.contributors)

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criterion ids, in the rubric's order (the holistic one included)."""
        return self.debate.rubric.criterion_ids

    @property
    def cells(self) -> tuple[Cell, ...]:
        """Every (contributor, criterion) pair, contributor by contributor."""
        return tuple((p, c) for p in self.contributors for c in self.criteria)

    def contributor(self, key: str) -> Participant:
        """A contributor by id, name or short name; ValueError naming the field if unknown."""
        if not isinstance(key, str):
            raise ValueError(f"contributor: expected an id or a name, got {key!r}")
        try:
            p = self.debate.participant(key)
        except KeyError:
            known = ", ".join(self.contributors)
            raise ValueError(
                f"contributor: no contributor {key!r}"
                f"{_suggest(key.strip().casefold(), self.contributors)};"
                f" use one of: {known}"
            ) from None
        if p.role != "contributor":
            raise ValueError(
                f"contributor: {p.name} wrote the question, not an argument; "
                f"score one of: {', '.join(self.contributors)}"
            )
        return p

    def criterion(self, key: str) -> Criterion:
        """A criterion by id or name (case-insensitive); ValueError naming the field if unknown."""
        if not isinstance(key, str):
            raise ValueError(f"criterion: expected an id or a name, got {key!r}")
        k = key.strip().casefold()
        for c in self.debate.rubric.criteria:
            if k in (c.id.casefold(), c.name.casefold()):
                return c
        raise ValueError(
            f"criterion: no criterion {key!r}{_suggest(k, self.criteria)}; "
            f"use one of: {', '.join(self.criteria)}"
        )

    def check_score(self, score: Any, who: str = "", what: str = "") -> int | None:
        """A valid score (int) or None for "cannot judge"; ValueError otherwise."""
        rubric = self.debate.rubric
        lo, hi = rubric.min_score, rubric.max_score
        where = f"{who} on {what!r} " if who else ""
        message = f"score: {where}must be {lo}–{hi} or {rubric.cannot_judge!r}, got {score!r}"
        if score is None:
            return None
        if isinstance(score, str):
            s = score.strip().casefold()
            if s in _CANNOT_JUDGE_WORDS or s == rubric.cannot_judge.casefold():
                return None
            if s.lstrip("-").isdigit():
                score = int(s)
            else:
                raise ValueError(message)
        if isinstance(score, bool):
            raise ValueError(message)
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        if not isinstance(score, int) or not lo <= score <= hi:
            raise ValueError(message)
        return score

    # -- reading --------------------------------------------------------
    def get(self, contributor: str, criterion: str) -> dict[str, Any] | None:
        """The cell as ``{"score": ..., "justification": ...}``, or None if not scored yet."""
        key = (self.contributor(contributor).id, self.criterion(criterion).id)
        cell = self._scores.get(key)
        return dict(cell) if cell is not None else None

    def score(self, contributor: str, criterion: str) -> int | None:
        """The score of a cell (None: cannot judge); KeyError if not scored yet."""
        cell = self.get(contributor, criterion)
        if cell is None:
            raise KeyError(f"{contributor} has not been scored on {criterion!r} yet")
        return cell["score"]

    def justification(self, contributor: str, criterion: str) -> str:
        """The justification typed for a cell, scored or not ('' if none)."""
        key = (self.contributor(contributor).id, self.criterion(criterion).id)
        if key in self._scores:
            return self._scores[key]["justification"]
        return self._drafts.get(key, "")

    def is_scored(self, contributor: str, criterion: str) -> bool:
        """Whether a cell has a score or "cannot judge"."""
        return (self.contributor(contributor).id, self.criterion(criterion).id) in self._scores

    def missing(self, justifications: bool = False) -> list[Cell]:
        """The cells not scored yet (or, with ``justifications``, also those without one)."""
        out = []
        for key in self.cells:
            cell = self._scores.get(key)
            if cell is None or (justifications and not cell["justification"].strip()):
                out.append(key)
        return out

    def is_complete(self, justifications: bool = False) -> bool:
        """Whether every contributor has a score (or "cannot judge") on every criterion."""
        return not self.missing(justifications)

    def progress(self) -> tuple[int, int]:
        """(cells scored, cells in all)."""
        return len(self.cells) - len(self.missing()), len(self.cells)

    def status(self) -> str:
        """A one-line summary, e.g. ``'12/45 scored'``.

        Examples
        --------
        >>> from symposium_kit import load_debate
        >>> ScoreSheet(load_debate()).status().endswith("scored")
        True
        """
        done, total = self.progress()
        return f"{done}/{total} scored"

    def to_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The scored cells as ``{contributor: {criterion: {"score", "justification"}}}``."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for (p, c), cell in self._scores.items():
            out.setdefault(p, {})[c] = dict(cell)
        return out

    def drafts(self) -> dict[str, dict[str, str]]:
        """Justifications typed for cells not scored yet."""
        out: dict[str, dict[str, str]] = {}
        for (p, c), text in self._drafts.items():
            out.setdefault(p, {})[c] = text
        return out

    # -- writing --------------------------------------------------------
    def on_change(self, listener: Listener) -> None:
        """Call ``listener(contributor_id, criterion_id)`` after every change (used by the form)."""
        self._listeners.append(listener)

    def set(
        self,
        contributor: str,
        criterion: str,
        score: int | str | None,
        justification: str | None = None,
    ) -> None:
        """Score one cell and autosave.

        Parameters
        ----------
        contributor
            Id, name or short name (``"mcgregor"``, ``"James McGregor"``).
        criterion
            Id or name (``"claim"``, ``"Claim and position"``).
        score
            An integer on the rubric's scale, or None / ``"cannot judge"``.
        justification
            A short reason; None keeps the one already typed.
        """
        p = self.contributor(contributor)
        c = self.criterion(criterion)
        value = self.check_score(score, p.label, c.name)
        text = self._check_text(justification, p.label, c.name)
        key = (p.id, c.id)
        if text is None:
            text = self.justification(p.id, c.id)
        fields = {"score"} if justification is None else {"score", "justification"}
        self._scores[key] = {"score": value, "justification": text}
        self._drafts.pop(key, None)
        self._changed([key], {key: fields})

    def set_justification(self, contributor: str, criterion: str, justification: str) -> None:
        """Type the justification of a cell (scored or not) and autosave."""
        p = self.contributor(contributor)
        c = self.criterion(criterion)
        text = self._check_text(justification, p.label, c.name) or ""
        key = (p.id, c.id)
        if key in self._scores:
            self._scores[key]["justification"] = text
        elif text:
            self._drafts[key] = text
        else:
            self._drafts.pop(key, None)
        self._changed([key], {key: {"justification"}})

    def clear(self, contributor: str, criterion: str) -> None:
        """Remove the score of a cell (its justification is kept as a draft)."""
        key = (self.contributor(contributor).id, self.criterion(criterion).id)
        cell = self._scores.pop(key, None)
        if cell and cell["justification"]:
            self._drafts[key] = cell["justification"]
        self._changed([key], {key: {"score"}})

    def update(self, scores: Mapping[str, Mapping[str, Any]]) -> None:
        """Score many cells at once (one save), from a dict like :meth:`to_dict` gives.

        A value may be a score (``2``, ``"cannot judge"``, None) or a dict
        ``{"score": 2, "justification": "..."}``. Everything is checked
        before anything changes.

        Examples
        --------
        >>> from symposium_kit import load_debate
        >>> sheet = ScoreSheet(load_debate())
        >>> sheet.update({"mann": {"overall": {"score": 3, "justification": "Clear."}}})
        >>> sheet.score("mann", "overall")
        3
        """
        staged = self._parse(scores)
        fields: dict[Cell, Fields] = {}
        for key, (value, text) in staged.items():
            fields[key] = {"score"} if text is None else {"score", "justification"}
            if text is None:
                text = self.justification(*key)
            self._scores[key] = {"score": value, "justification": text}
            self._drafts.pop(key, None)
        self._changed(list(staged), fields)

    @classmethod
    def from_dict(
        cls,
        debate: Debate,
        scores: Mapping[str, Mapping[str, Any]],
        path: str | Path | None = None,
        student: str = "",
    ) -> ScoreSheet:
        """A sheet holding ``scores`` (validated); saved to ``path`` if one is given."""
        sheet = cls(debate, path=path, student=student)
        sheet.update(scores)
        return sheet

    # -- for notebooks --------------------------------------------------
    def record(
        self,
        contributor: str,
        criterion: str,
        score: int | str | None,
        justification: str | None = None,
    ) -> bool:
        """Like :meth:`set`, but say what happened instead of raising.

        Meant for a student's code cell: prints one line (saved, or what was
        wrong and that nothing changed) and returns whether it was saved.

        Examples
        --------
        >>> from symposium_kit import load_debate
        >>> sheet = ScoreSheet(load_debate())
        >>> sheet.record("Roach", "overall", 2, "Sharp, thin.")  # doctest: +ELLIPSIS
        ✓ Roach, Overall quality: 2 (1/... scored, not saved to a file)
        True
        >>> sheet.record("Roach", "overall", 5)  # doctest: +ELLIPSIS
        ✗ score: Roach on 'Overall quality' must be 0–3 or 'cannot judge', got 5. Nothing...
        False
        """
        try:
            self.set(contributor, criterion, score, justification)
        except ValueError as exc:
            print(f"✗ {exc}. Nothing was changed.")
            return False
        p, c = self.contributor(contributor), self.criterion(criterion)
        value = self.score(p.id, c.id)
        shown = self.debate.rubric.cannot_judge if value is None else value
        where = f"saved to {self.path.name}" if self.path else "not saved to a file"
        print(f"✓ {p.label}, {c.name}: {shown} ({self.status()}, {where})")
        return True

    def to_frame(self) -> Any:
        """Every cell as a pandas DataFrame (``score`` is missing when not scored).

        Columns: ``contributor``, ``criterion``, ``score`` (nullable integer),
        ``status`` (``scored``, ``cannot judge``, ``not scored``),
        ``justification``.

        Examples
        --------
        >>> from symposium_kit import load_debate
        >>> sheet = ScoreSheet(load_debate())
        >>> sheet.set("mann", "overall", 3)
        >>> sheet.to_frame().query("status == 'scored'")["score"].tolist()
        [3]
        """
        import pandas as pd

        rows = []
        for p, c in self.cells:
            cell = self._scores.get((p, c))
            rows.append(
                {
                    "contributor": p,
                    "criterion": c,
                    "score": cell["score"] if cell else None,
                    "status": "not scored"
                    if cell is None
                    else ("cannot judge" if cell["score"] is None else "scored"),
                    "justification": self.justification(p, c),
                }
            )
        frame = pd.DataFrame(rows)
        frame["score"] = frame["score"].astype("Int64")
        return frame

    def __repr__(self) -> str:
        where = f"saved to {self.path}" if self.path else "not saved to a file"
        return f"<ScoreSheet {self.debate.id}: {self.status()}, {where}>"

    # -- internals ------------------------------------------------------
    def _check_text(self, text: Any, who: str, what: str) -> str | None:
        if text is None:
            return None
        if not isinstance(text, str):
            raise ValueError(
                f"justification: {who} on {what!r} must be text, got {type(text).__name__}"
            )
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as "\ud83d" cannot be saved
            raise ValueError(
                f"justification: {who} on {what!r} holds a broken character (half of an emoji?) "
                "that cannot be saved; retype it"
            ) from None
        return text.strip()

    def _parse(self, scores: Any) -> dict[Cell, tuple[int | None, str | None]]:
        if not isinstance(scores, Mapping):
            raise ValueError(
                "scores: expected a dict {contributor: {criterion: score}}, "
                f"got {type(scores).__name__}"
            )
        staged: dict[Cell, tuple[int | None, str | None]] = {}
        for who, row in scores.items():
            p = self.contributor(who)
            if not isinstance(row, Mapping):
                raise ValueError(
                    f"scores[{who!r}]: expected a dict {{criterion: score}}, got {row!r}"
                )
            for what, value in row.items():
                c = self.criterion(what)
                text = None
                if isinstance(value, Mapping):
                    unknown = set(value) - {"score", "justification"}
                    if unknown or "score" not in value:
                        raise ValueError(
                            f"scores[{who!r}][{what!r}]: expected keys 'score' and "
                            "'justification', "
                            f"got {sorted(map(str, value))}"
                        )
                    text = self._check_text(value.get("justification"), p.label, c.name)
                    value = value["score"]
                staged[(p.id, c.id)] = (self.check_score(value, p.label, c.name), text)
        return staged

    def _changed(self, keys: list[Cell], fields: dict[Cell, Fields] | None = None) -> None:
        if self.path is not None:
            self._save(keys, fields or {})
        for key in keys:
            for listener in list(self._listeners):
                listener(*key)

    def _merge(self, work: dict[str, Any], fields: dict[Cell, Fields]) -> list[str]:
        """Take from the file each field this change did not touch (see :mod:`.sheetmerge`)."""
        return merge_from_disk(work, fields, self._scores, self._drafts, self.check_score)

    def _apply(
        self, work: dict[str, Any], keys: Iterable[Cell], fields: dict[Cell, Fields] | None = None
    ) -> None:
        if fields:
            self._elsewhere = self._merge(work, fields)
        if not work.get("debate"):
            work["debate"] = self.debate.id
        if self.student and not work.get("student"):
            work["student"] = self.student
        scores = work.setdefault("scores", {})
        drafts = work.setdefault(DRAFTS, {})
        for p, c in keys:
            for table in (scores, drafts):
                if c in table.get(p, {}):
                    del table[p][c]
                    if not table[p]:
                        del table[p]
            if (p, c) in self._scores:
                scores.setdefault(p, {})[c] = dict(self._scores[(p, c)])
            elif (p, c) in self._drafts:
                drafts.setdefault(p, {})[c] = self._drafts[(p, c)]
        if not drafts:
            del work[DRAFTS]

    def _save(self, keys: list[Cell], fields: dict[Cell, Fields]) -> None:
        assert self.path is not None
        self._elsewhere = []
        try:
            update_work(self.path, lambda work: self._apply(work, keys, fields))
            if self._elsewhere:
                self._problem(
                    "Another notebook changed this sheet since it was opened; its "
                    + ", ".join(self._elsewhere)
                    + " were kept beside your change."
                )
        except WorkFileError as exc:
            # The unreadable file was kept as a backup and a fresh one started
            # with this change only: write the whole sheet into it, then say so.
            update_work(self.path, lambda work: self._apply(work, self.cells))
            self._problem(
                f"{exc} Your scores in this notebook were saved again to {self.path.name}."
            )

    def _problem(self, message: str) -> None:
        self.problems.append(message)
        if self.report is not None:
            self.report(message)

    def _load(self) -> None:
        """Fill the sheet from its file (see :func:`load_scoresheet`)."""
        assert self.path is not None
        try:
            work = read_work(self.path)
        except WorkFileError as exc:
            self._problem(f"{exc}. Your scores start empty; ask your instructor about the backup.")
            return
        if work.get("debate") and work["debate"] != self.debate.id:
            raise ValueError(
                f"{self.path}: this saved work is for the debate {work['debate']!r}, not "
                f"{self.debate.id!r}; pass another path= for this debate's scores"
            )
        self.student = self.student or work.get("student", "")
        skipped = []
        for table, drafts in ((work.get("scores", {}), False), (work.get(DRAFTS, {}), True)):
            if not isinstance(table, dict):
                skipped.append(f"{'score_drafts' if drafts else 'scores'} is not an object")
                continue
            for who, row in table.items():
                for what, value in row.items() if isinstance(row, dict) else []:
                    try:
                        p, c = self.contributor(who), self.criterion(what)
                        if drafts:
                            text = self._check_text(value, p.label, c.name) or ""
                            if text and (p.id, c.id) not in self._scores:
                                self._drafts[(p.id, c.id)] = text
                        else:
                            ((key, (score, why)),) = self._parse({who: {what: value}}).items()
                            self._scores[key] = {"score": score, "justification": why or ""}
                    except ValueError as exc:
                        skipped.append(str(exc))
        if skipped:
            self._problem(
                f"{self.path}: {len(skipped)} saved score(s) could not be used and were left "
                f"untouched in the file: "
                + "; ".join(skipped[:3])
                + ("; ..." if len(skipped) > 3 else "")
            )


def load_scoresheet(
    debate: Debate | None = None,
    path: str | Path | None = None,
    student: str = "",
    report: Callable[[str], None] | None = print,
) -> ScoreSheet:
    """Open the student's score sheet, autosaved to the saved-work file.

    Parameters
    ----------
    debate
        The debate to score; None loads the bundled one.
    path
        The saved-work file; None uses :func:`symposium_kit.work.workfile.work_path`
        (``symposium-work.json`` beside the notebook).
    student
        The student's name, recorded in a new file.
    report
        Called with messages a person should read (a corrupt file kept aside
        as a backup, saved scores that no longer fit the rubric).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "work.json"
    >>> load_scoresheet(path=p).set("hass", "overall", "cannot judge")
    >>> load_scoresheet(path=p).get("hass", "overall")
    {'score': None, 'justification': ''}
    """
    if debate is None:
        debate = load_debate()
    sheet = ScoreSheet(
        debate, path=work_path() if path is None else path, student=student, report=report
    )
    sheet._load()
    return sheet


def require_complete(sheet: ScoreSheet, justifications: bool = False) -> None:
    """Stop unless the student's own sheet is complete (independent rating).

    Class results call this first, so that a student sees how others scored
    only after scoring every contributor on every criterion themselves.

    Raises
    ------
    IncompleteSheetError
        Saying how many cells are missing and which ones come first.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> try:
    ...     require_complete(ScoreSheet(load_debate()))
    ... except IncompleteSheetError as exc:
    ...     print(str(exc)[:40])
    Class results stay hidden until your own
    """
    missing = sheet.missing(justifications)
    if not missing:
        return
    names = [f"{sheet.contributor(p).label} on {sheet.criterion(c).name!r}" for p, c in missing[:3]]
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    what = "scored and justified" if justifications else "scored"
    raise IncompleteSheetError(
        "Class results stay hidden until your own score sheet is complete: "
        f"{len(missing)} of {len(sheet.cells)} cells still need to be {what} "
        f"({', '.join(names)}{more}). Score them in the form above, then run this cell again.",
        missing,
    )
