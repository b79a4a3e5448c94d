"""A synthetic class, so that the class-results notebook can be tried before real work arrives.

:func:`write_demo_class` writes what a folder of handed-in work looks like:
saved-work files (in per-student folders, or renamed ``<student>.json``),
some notebooks with exercise-result outputs, a few incomplete submissions,
one student who handed in twice, and a handful of files that cannot be used
(truncated, binary, empty, an old notebook format, a foreign file). Scores
scatter around the debate's reference scores (mid-scale where there is none)
with a leniency per student, more noise on some arguments than others, and a
few students who score at random. Everything follows from ``seed``: the same
seed gives the same files, byte for byte, with the same modification times.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..debate.load import load_debate
from ..exercises.catalog import Exercise, collect_exercises
from ..exercises.checking import check_answer, json_answer
from ..work.formats import RESULT_MIME, WORK_FILE, WORK_FORMAT, WORK_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from ..debate.model import Debate

#: Exercise ids used by the demo class, by notebook (the real ids come from the notebooks).
DEMO_EXERCISES: dict[str, tuple[str, ...]] = {
    "01-start-here": ("start-1",),
    "02-positions": ("positions-1", "positions-2", "positions-3"),
    "03-evidence": ("evidence-1", "evidence-2"),
    "04-scoring": ("scoring-1",),
    "05-predictions": ("predictions-1", "predictions-2"),
}
_FIRST = (
    "ada",
    "ben",
    "chloé",
    "dmitri",
    "eun-ji",
    "farah",
    "gustavo",
    "hana",
    "ivan",
    "józef",
    "kemal",
    "lucía",
    "mei",
    "nnamdi",
    "oluwaseun",
    "priya",
    "quentin",
    "rosa",
    "søren",
    "tomás",
    "ulla",
    "vikram",
    "wen",
    "xóchitl",
    "yusuf",
    "zoë",
)
_WHY = (
    "The thesis is clear but the support is thin.",
    "Strong evidence, fairly used.",
    "Relies on one anecdote.",
    "Ignores the obvious counter-argument.",
    "Good use of the first-term comparison.",
    "Says more than the facts show.",
    "Convincing, if a little one-sided.",
    "Hard to tell what is claimed.",
)
_BASE_TIME = 1_761_955_200  # 2025-11-01 00:00 UTC: demo files get fixed modification times


@dataclass
class DemoClass:
    """What :func:`write_demo_class` wrote (paths relative to ``directory``)."""

    directory: Path
    students: tuple[str, ...]
    files: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    incomplete: tuple[str, ...] = ()
    duplicate: str | None = None
    outlier_raters: tuple[str, ...] = ()


def _truth(debate: Debate, rng: random.Random) -> dict[tuple[str, str], float]:
    low, high = debate.rubric.min_score, debate.rubric.max_score
    ref = {(r.participant, r.criterion): r.score for r in debate.reference_scores}
    truth = {}
    for p in debate.contributors:
        for c in debate.rubric.criterion_ids:
            score = ref.get((p.id, c))
            if score is None:  # no reference yet: somewhere around mid-scale
                truth[(p.id, c)] = (low + high) / 2 + rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
            else:
                truth[(p.id, c)] = float(score)
    return truth


def _debate_exercises(debate: Debate) -> tuple[dict[str, list[str]], frozenset[str]]:
    """The bundled exercises by notebook, and the open (ungraded) ones; demo ids if none."""
    try:
        found, _ = collect_exercises(debate)
    except Exception:  # noqa: BLE001 - the demo must work even while exercises are edited
        found = {}
    by_notebook: dict[str, list[str]] = {}
    for ex in found.values():
        by_notebook.setdefault(ex.notebook, []).append(ex.id)
    if not by_notebook:
        return {k: list(v) for k, v in DEMO_EXERCISES.items()}, frozenset()
    open_ids = frozenset(ex.id for ex in found.values() if not ex.graded)
    return dict(sorted(by_notebook.items())), open_ids


def _work(
    student: str,
    debate: Debate,
    rng: random.Random,
    truth: dict[tuple[str, str], float],
    noise: dict[tuple[str, str], float],
    kind: str,
    exercises: Mapping[str, Sequence[str]],
    open_ids: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    low, high = debate.rubric.min_score, debate.rubric.max_score
    bias = rng.gauss(0, 0.35)
    scores: dict[str, dict[str, Any]] = {}
    contributors = [p.id for p in debate.contributors]
    if kind == "incomplete":
        contributors = contributors[: rng.randint(0, max(len(contributors) - 2, 0))]
    for contributor in contributors:
        for criterion in debate.rubric.criterion_ids:
            if kind == "outlier":
                score: int | None = rng.randint(low, high)
            elif rng.random() < 0.04:
                score = None  # cannot judge
            else:
                raw = (
                    truth[(contributor, criterion)]
                    + bias
                    + rng.gauss(0, noise[(contributor, criterion)])
                )
                score = int(min(max(round(raw), low), high))
            scores.setdefault(contributor, {})[criterion] = {
                "score": score,
                "justification": rng.choice(_WHY),
            }
    answers = {}
    defs = _definitions(debate)
    for index, (notebook, ids) in enumerate(exercises.items()):
        if kind == "incomplete" and index > len(exercises) // 2:
            continue  # gave up half way
        for exercise in ids:
            roll = rng.random()
            if exercise in open_ids:  # open text: recorded, not graded
                answers[exercise] = {
                    "answer": rng.choice(_WHY) if roll < 0.9 else None,
                    "result": "recorded" if roll < 0.9 else "unanswered",
                    "notebook": notebook,
                }
                continue
            result = (
                "correct"
                if roll < 0.55
                else "partly"
                if roll < 0.75
                else "wrong"
                if roll < 0.92
                else "unanswered"
            )
            answer, result = _answer_for(defs.get(exercise), result, debate, rng)
            answers[exercise] = {"answer": answer, "result": result, "notebook": notebook}
    forecasts = {}
    if kind != "incomplete":
        for i, p in enumerate(debate.predictions):
            centre = 0.25 + 0.5 * ((i * 0.37) % 1.0)
            forecasts[p.id] = round(min(max(rng.gauss(centre, 0.18), 0.01), 0.99), 2)
    return {
        "format": WORK_FORMAT,
        "version": WORK_VERSION,
        "student": student,
        "debate": debate.id,
        "answers": answers,
        "scores": scores,
        "forecasts": forecasts,
    }


_DEFINITIONS: dict[int, dict[str, Exercise]] = {}


def _definitions(debate: Debate) -> dict[str, Exercise]:
    """The debate's exercise definitions (cached per debate object), or none if broken."""
    if id(debate) not in _DEFINITIONS:
        try:
            _DEFINITIONS.clear()
            _DEFINITIONS[id(debate)] = collect_exercises(debate)[0]
        except Exception:  # noqa: BLE001 - the demo must work even while exercises are edited
            _DEFINITIONS[id(debate)] = {}
    return _DEFINITIONS[id(debate)]


def _candidates(ex: Exercise) -> list[Any]:
    """Plausible answers of the exercise's kind: the key, and near misses."""
    key = json_answer(ex.key)
    out: list[Any] = []
    if ex.kind == "single_choice":
        out = [key, *[o for o in ex.options if o != ex.key]]
    elif ex.kind == "multiple_choice" and isinstance(key, list):
        others = [o for o in ex.options if o not in key]
        out = [key, key[:-1] + others[:1], key[:1], others[:1] or key[:1]]
    elif ex.kind == "ordering" and isinstance(key, list):
        flat = [item for group in key for item in (group if isinstance(group, list) else [group])]
        out = [flat, flat[1:2] + flat[:1] + flat[2:], flat[::-1]]
    elif ex.kind == "matching" and isinstance(key, dict):
        items = list(key)
        swapped = dict(key)
        if len(items) > 1:
            swapped[items[0]], swapped[items[1]] = key[items[1]], key[items[0]]
        out = [key, swapped, {k: "?" for k in key}]
    elif ex.kind == "numeric" and isinstance(key, (int, float)):
        out = [key, key + 10 * (ex.tolerance or 1) + 1]
    return out + ["A"]


def _answer_for(
    ex: Exercise | None, wanted: str, debate: Debate, rng: random.Random
) -> tuple[Any, str]:
    """An answer that the checker grades ``wanted`` if one is found, with its true result.

    The demo class never stores a result that re-grading would not confirm.
    """
    if wanted == "unanswered":
        return None, "unanswered"
    if ex is None:
        return rng.choice("ABCD"), wanted  # demo ids with no definition
    graded = [(a, check_answer(ex, a, debate).result) for a in _candidates(ex)]
    fitting = [g for g in graded if g[1] == wanted]
    return rng.choice(fitting) if fitting else graded[0]


def _notebook(
    student: str | None, notebook: str, ids: Sequence[str], answers: dict[str, Any], debate_id: str
) -> str:
    """A notebook as JupyterLab saves it (nbformat 4.5), written as plain JSON.

    nbformat is not imported for this: it costs more than writing the whole class
    (see :mod:`symposium_kit.classroom.nbschema`); a test validates the result.
    """
    metadata: dict[str, Any] = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    if student:
        metadata["symposium_kit"] = {"student": student}
    cells: list[dict[str, Any]] = [
        {"cell_type": "markdown", "metadata": {}, "source": f"# {notebook} (demo submission)"}
    ]
    for exercise in ids:
        entry = answers.get(exercise)
        if entry is None:
            continue
        payload = {
            "exercise": exercise,
            "result": entry["result"],
            "answer": entry["answer"],
            "debate": debate_id,
        }
        output = {
            "output_type": "display_data",
            "data": {RESULT_MIME: payload, "text/plain": f"{exercise}: {entry['result']}"},
            "metadata": {RESULT_MIME: {"kit_version": __version__}},
        }
        cells.append(
            {
                "cell_type": "code",
                "execution_count": len(cells),
                "metadata": {},
                "outputs": [output],
                "source": f'check("{exercise}", {json.dumps(entry["answer"])})',
            }
        )
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    nb = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write(root: Path, rel: str, content: str | bytes, when: int, files: list[str]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    os.utime(path, (when, when))
    files.append(rel)


def write_demo_class(
    directory: str | Path,
    students: int = 30,
    seed: int = 0,
    debate: Debate | None = None,
    *,
    malformed: bool = True,
    exercises: Mapping[str, Sequence[str]] | None = None,
) -> DemoClass:
    """Write a synthetic class's submissions into ``directory`` (created if needed).

    Parameters
    ----------
    directory : str or Path
    students : int
        How many students (at least 1).
    seed : int
        The same seed writes the same class.
    debate : Debate, optional
        Contributors, rubric and predictions to use (default: the bundled debate).
    malformed : bool
        Also write files that cannot be used, and a duplicate submission.
    exercises : mapping, optional
        Exercise ids by notebook name. Default: the debate's own exercises (its
        exercise files; open-text ones get ``recorded`` results), or
        :data:`DEMO_EXERCISES` when it has none. Some students also hand in the
        second notebook, with its results as outputs.

    Returns
    -------
    DemoClass

    Examples
    --------
    >>> import tempfile
    >>> demo = write_demo_class(tempfile.mkdtemp(), students=5, seed=1)
    >>> len(demo.students), len(demo.malformed) > 0
    (5, True)
    """
    if students < 1:
        raise ValueError("students must be at least 1")
    if debate is None:
        debate = load_debate()
    open_ids: frozenset[str] = frozenset()
    if exercises is None:
        exercises, open_ids = _debate_exercises(debate)
    exercises = {k: list(v) for k, v in exercises.items()}
    if not exercises:
        raise ValueError("exercises must name at least one notebook")
    handed_in = list(exercises)[1 if len(exercises) > 1 else 0]
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    truth = _truth(debate, rng)
    noise = {key: rng.choice((0.35, 0.5, 0.7, 1.0)) for key in truth}
    names = [f"{_FIRST[i % len(_FIRST)]}-{i + 1:04d}" for i in range(students)]
    files: list[str] = []
    # About 10 % stop half way and 4 % score at random (at least one each from 5 students on);
    # the first student, who also hands in twice, is neither.
    others = list(range(1, students))
    n_incomplete = max(round(0.10 * students), 1 if students >= 5 else 0)
    n_outliers = max(round(0.04 * students), 1 if students >= 5 else 0)
    chosen = rng.sample(others, min(n_incomplete + n_outliers, len(others)))
    kinds = {i: "incomplete" for i in chosen[:n_incomplete]}
    kinds.update({i: "outlier" for i in chosen[n_incomplete:]})
    incomplete = [names[i] for i in sorted(kinds) if kinds[i] == "incomplete"]
    outliers = [names[i] for i in sorted(kinds) if kinds[i] == "outlier"]
    for i, name in enumerate(names):
        kind = kinds.get(i, "normal")
        work = _work(name, debate, rng, truth, noise, kind, exercises, open_ids)
        when = _BASE_TIME + 60 * i
        layout = rng.random()
        if layout < 0.6:  # the usual: a folder per student, the name inside the file
            _write(
                root,
                f"{name}/{WORK_FILE}",
                json.dumps(work, ensure_ascii=False, indent=1),
                when,
                files,
            )
        elif layout < 0.85:  # renamed to the student's name, no name inside
            work["student"] = ""
            _write(
                root, f"{name}.json", json.dumps(work, ensure_ascii=False, indent=1), when, files
            )
        else:  # a folder, and no name inside
            work["student"] = ""
            _write(
                root,
                f"{name}/{WORK_FILE}",
                json.dumps(work, ensure_ascii=False, indent=1),
                when,
                files,
            )
        if rng.random() < 0.3:  # a notebook handed in too
            inside = name if rng.random() < 0.5 else None
            ids = exercises[handed_in]
            text = _notebook(inside, handed_in, ids, work["answers"], debate.id)
            _write(root, f"{name}/{handed_in}.ipynb", text, when + 30, files)
    bad: list[str] = []
    duplicate = None
    if malformed:
        first = json.dumps(_work("late-student", debate, rng, truth, noise, "normal", exercises))
        end = _BASE_TIME + 60 * students
        old_nb = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
        for rel, content in (
            ("late-student.json", first[: len(first) // 2]),  # upload cut off
            ("photo-of-screen.json", bytes(rng.randrange(256) for _ in range(512))),
            ("empty.json", ""),
            ("old-format.ipynb", json.dumps(old_nb)),
            ("package.json", json.dumps({"name": "something-else", "version": "1.0.0"})),
            ("README.txt", "Submissions downloaded from the course site.\n"),
        ):
            _write(root, rel, content, end, bad)
        duplicate = names[0]
        older = _work(duplicate, debate, rng, truth, noise, "normal", exercises)
        _write(
            root,
            f"{duplicate} (1).json",
            json.dumps(older, ensure_ascii=False),
            _BASE_TIME - 3600,
            files,
        )
        files += bad
    return DemoClass(
        directory=root,
        students=tuple(names),
        files=files,
        malformed=bad,
        incomplete=tuple(incomplete),
        duplicate=duplicate,
        outlier_raters=tuple(outliers),
    )


def class_folder(
    submissions: str | Path | None,
    workdir: str | Path,
    *,
    students: int = 30,
    seed: int = 2025,
    debate: Debate | None = None,
) -> tuple[Path, DemoClass | None]:
    """The folder to read a class from: ``submissions``, or else a demo class written now.

    For the class-results notebook, whose ``submissions`` parameter is None
    until an instructor sets it: then a demo class of ``students`` (``seed``) is
    written to ``workdir/submissions`` and returned with its :class:`DemoClass`;
    otherwise the given folder (``~`` expanded) is returned with None.

    Raises
    ------
    FileNotFoundError
        When ``submissions`` is given but is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> folder, demo = class_folder(None, tempfile.mkdtemp(), students=2, seed=1)
    >>> folder.name, len(demo.students)
    ('submissions', 2)
    >>> class_folder(folder, "unused")[1] is None
    True
    """
    if submissions is None:
        folder = Path(workdir) / "submissions"
        return folder, write_demo_class(folder, students=students, seed=seed, debate=debate)
    folder = Path(submissions).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: no such folder (set submissions to the folder the hand-ins are in, "
            "or to None for the demo class)"
        )
    return folder, None
