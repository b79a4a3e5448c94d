"""Exercise definitions: YAML data in the package, validated and resolved against the debate.

Each notebook has one file ``data/debates/<debate>/exercises/<notebook>.yaml``
(format: the ``README.md`` beside those files). An exercise's answer key is
either written out (``answer:``) or *derived* from the debate's annotations
(``derive:``), so that a key such as "who cites the chip-ban reversal" follows
the annotations when they change. Problems are reported like the debate
loader's, as ``file:line: field: message``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..debate.load import BUNDLED_DEBATE, bundled_debate_dir, load_debate
from ..debate.model import Debate
from ..debate.problems import DebateError, Problem
from .keys import DERIVATIONS
from .model import ID_PATTERN, KINDS, Exercise, FeedbackRule
from .reader import parse_exercise_file

__all__ = [
    "DERIVATIONS",
    "ENV_VAR",
    "ID_PATTERN",
    "KINDS",
    "Exercise",
    "FeedbackRule",
    "bundled_exercise_text",
    "collect_exercises",
    "exercise_files",
    "exercises_dir",
    "load_exercises",
    "parse_exercise_file",
    "validate_exercises",
]

ENV_VAR = "SYMPOSIUM_KIT_EXERCISES"


def exercises_dir(debate_dir: str | Path | None = None) -> Path:
    """The folder of a debate's exercise files (the bundled debate's by default)."""
    if debate_dir is None:
        debate_dir = bundled_debate_dir()
    return Path(debate_dir) / "exercises"


def exercise_files(
    debate_dir: str | Path | None = None, folder: str | Path | None = None
) -> list[Path]:
    """The exercise files of a debate, sorted by name (none when the folder is missing).

    ``folder`` overrides where they are looked for; else the environment
    variable ``SYMPOSIUM_KIT_EXERCISES`` (a folder) does, for the bundled debate.
    """
    if folder is None and debate_dir is None and os.environ.get(ENV_VAR):
        folder = os.environ[ENV_VAR]
    folder = Path(folder) if folder is not None else exercises_dir(debate_dir)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_exercises(
    debate: Debate | None = None,
    debate_dir: str | Path | None = None,
    folder: str | Path | None = None,
) -> dict[str, Exercise]:
    """Load, validate and resolve every exercise of a debate.

    Parameters
    ----------
    debate
        The debate the keys are derived from (loaded from ``debate_dir`` when None).
    debate_dir
        The debate folder; None means the bundled debate.
    folder
        Where the exercise files are, if not in the debate's ``exercises/``.

    Returns
    -------
    dict
        Exercise id -> :class:`Exercise`, in file order.

    Raises
    ------
    DebateError
        Listing every problem as ``file:line: field: message``.

    Examples
    --------
    >>> exs = load_exercises()
    >>> all(e.id == k for k, e in exs.items())
    True
    """
    exercises, problems = collect_exercises(debate, debate_dir, folder)
    if problems:
        raise DebateError(problems)
    return exercises


def collect_exercises(
    debate: Debate | None = None,
    debate_dir: str | Path | None = None,
    folder: str | Path | None = None,
    broken: dict[str, list[Problem]] | None = None,
) -> tuple[dict[str, Exercise], list[Problem]]:
    """Like :func:`load_exercises`, but keep the valid exercises and return the problems.

    ``broken``, when given, is filled with exercise id -> its problems.
    """
    if debate is None:
        debate = load_debate(debate_dir)
    exercises: dict[str, Exercise] = {}
    problems: list[Problem] = []
    for path in exercise_files(debate_dir, folder):
        found, probs = parse_exercise_file(path.read_bytes(), str(path), debate, path.stem, broken)
        problems += probs
        for ex in found:
            if ex.id in exercises:
                first = exercises[ex.id]
                problems.append(
                    Problem(
                        ex.file,
                        ex.line,
                        "id",
                        f"exercise id {ex.id!r} is already used in {first.file}:{first.line}; "
                        "ids must be unique",
                    )
                )
                continue
            exercises[ex.id] = ex
    return exercises, problems


def validate_exercises(debate_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in a debate's exercise files (empty when all are valid)."""
    return collect_exercises(None, debate_dir)[1]


def bundled_exercise_text(name: str) -> str:
    """The text of one bundled exercise file, e.g. ``"02-positions"``."""
    base = resources.files("symposium_kit") / "data" / "debates" / BUNDLED_DEBATE / "exercises"
    return (base / f"{name}.yaml").read_text(encoding="utf-8")
