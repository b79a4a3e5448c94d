"""Handing the notebooks out: the student editions copied into a student's own folder.

``symposium-kit start`` (on a laptop) and ``start --copy-only`` (on a
JupyterHub, in each home) use this code, and so do the browser tests. A
notebook already in the folder that differs from the fresh copy may hold the
student's work: it is never replaced without ``force`` or the person's yes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..resources import notebooks_dir


def student_notebooks(source: str | Path | None = None) -> list[Path]:
    """The student editions to hand out: ``*.ipynb`` of the package's ``notebooks/`` (or ``source``).

    The instructor editions (``notebooks/instructor/``) are never among them,
    nor a lesson meant for the instructor alone (its master's metadata says
    ``"symposium_kit": {"audience": "instructor"}``, as 06's class results do).
    """
    folder = Path(source) if source else notebooks_dir()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"the student notebooks are not at {folder}: the installed kit is incomplete; "
            "reinstall it (pip install --force-reinstall symposium-kit)"
        )
    found = [p for p in sorted(folder.glob("*.ipynb")) if _audience(p) != "instructor"]
    if not found:
        raise FileNotFoundError(f"no notebooks in {folder}; run `symposium-kit release` first")
    return found


def _audience(path: Path) -> str:
    """Whom a notebook is for, from its ``symposium_kit`` metadata (read as JSON, never run)."""
    import json

    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return "student"
    return str(meta.get("symposium_kit", {}).get("audience", "student"))


def _ask(question: str) -> bool:
    try:
        return input(f"{question} [y/N] ").strip().casefold() in ("y", "yes")
    except EOFError:
        return False


def copy_notebooks(
    sources: list[Path], dest: Path, force: bool = False, interactive: bool = False
) -> tuple[list[str], list[str]]:
    """Copy the notebooks into ``dest``; return (copied, kept) file names.

    A notebook already in ``dest`` that differs from the fresh copy (the
    student may have worked in it) is kept unless ``force``, or the person
    agrees when ``interactive``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    copied, conflicts = [], []
    for src in sources:
        target = dest / src.name
        if target.exists():
            if target.read_bytes() != src.read_bytes():
                conflicts.append(src)
            continue
        shutil.copyfile(src, target)
        copied.append(src.name)
    kept = []
    if conflicts:
        replace = force or (
            interactive
            and _ask(
                f"{len(conflicts)} notebook(s) in {dest} differ from the fresh copies "
                f"({', '.join(s.name for s in conflicts)}); you may have worked in them. "
                "Replace them? "
                "(your saved work file symposium-work.json is kept)"
            )
        )
        for src in conflicts:
            if replace:
                shutil.copyfile(src, dest / src.name)
                copied.append(src.name)
            else:
                kept.append(src.name)
    return copied, kept
