"""Exercises in a notebook: :func:`show_exercise`, :func:`check` and :func:`hint`.

These functions never raise into the notebook: anything that goes wrong is
shown as a calm message. :func:`check` saves the answer and its result in the
student's saved-work file (:mod:`symposium_kit.work.workfile`) and also puts a
machine-readable record into the notebook itself, as a display output of MIME
type ``application/vnd.symposium-kit.result+json`` (see
:mod:`symposium_kit.work.formats`; no timestamps, and the kit's version only in
the output's metadata, so that the output is the same every time and nbval can
compare it). An exercise that cannot be checked or shown at all gets a record
with a ``problem`` instead, which the release checks look for. The class
collector reads either without executing anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._version import __version__
from ..debate.load import load_debate
from ..debate.model import Debate
from ..work.formats import RESULT_MIME
from ..work.workfile import WorkFileError, save_answer, work_path
from .catalog import Exercise, collect_exercises
from .checking import Feedback, check_answer, expected_kind

_cache: dict[str, Any] = {}
_ICONS = {
    "correct": "✔",
    "partly": "◐",
    "wrong": "✘",
    "unanswered": "…",
    "invalid": "?",
    "recorded": "✎",
}


def reload_exercises() -> None:
    """Forget the loaded debate and exercises (after editing their files)."""
    _cache.clear()


def _state() -> tuple[Debate, dict[str, Exercise], dict[str, list[Any]]]:
    if "state" not in _cache:
        debate = load_debate()
        broken: dict[str, list[Any]] = {}
        exercises, _ = collect_exercises(debate, broken=broken)
        _cache["state"] = (debate, exercises, broken)
    return _cache["state"]


def _find(ex_id: Any) -> tuple[Debate | None, Exercise | None, str, str]:
    """The exercise with this id, or a message saying why there is none and its kind.

    The kind is one of :data:`~symposium_kit.work.formats.PROBLEMS` (empty when found).
    """
    try:
        debate, exercises, problems = _state()
    except Exception as exc:  # noqa: BLE001 - reported calmly, never raised
        return (
            None,
            None,
            f"The debate could not be loaded ({_short(exc)}). Tell your instructor.",
            "not-loaded",
        )
    if not isinstance(ex_id, str):
        return (
            debate,
            None,
            f'An exercise id is text in quotes, such as "positions.stance-order", not {ex_id!r}.',
            "unknown-exercise",
        )
    ex = exercises.get(ex_id.strip())
    if ex is not None:
        return debate, ex, "", ""
    import difflib

    if ex_id.strip() in problems:
        first = problems[ex_id.strip()][0] if problems[ex_id.strip()] else "(unknown)"
        return (
            debate,
            None,
            (f"Exercise {ex_id!r} has a problem in its definition; tell your instructor: {first}"),
            "broken-definition",
        )
    close = difflib.get_close_matches(ex_id, list(exercises), n=1, cutoff=0.5)
    tip = f" Did you mean {close[0]!r}?" if close else ""
    return debate, None, f"There is no exercise {ex_id!r}.{tip}", "unknown-exercise"


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:300]


def _emit(plain: str, markdown: str, record: dict[str, Any] | None = None) -> None:
    """Show a message: a rich display in IPython, plain print elsewhere.

    ``record`` (a result or problem record) goes into the output as
    :data:`RESULT_MIME`, with the kit's version in the output's metadata.
    """
    try:
        from IPython import get_ipython

        if get_ipython() is not None:
            from IPython.display import display

            bundle: dict[str, Any] = {"text/plain": plain, "text/markdown": markdown}
            metadata: dict[str, Any] = {}
            if record is not None:
                bundle[RESULT_MIME] = record
                metadata[RESULT_MIME] = {"kit_version": __version__}
            display(bundle, metadata=metadata, raw=True)
            return
    except Exception:  # noqa: BLE001 - fall back to print
        pass
    print(plain)


def _md_escape(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


# -- show_exercise -------------------------------------------------------------


def exercise_text(ex: Exercise, debate: Debate) -> tuple[str, str]:
    """The text of an exercise as (plain text, markdown)."""
    title = f"Exercise {ex.id}" + (f": {ex.title}" if ex.title else "")
    lines_md = [f"**{_md_escape(title)}**", "", ex.prompt, ""]
    lines_txt = [title, ex.prompt]
    if ex.kind in ("single_choice", "multiple_choice") or (ex.kind == "ordering"):
        opts = [debate.participant(o).label if ex.names else o for o in ex.options]
        if ex.kind == "ordering":
            opts = sorted(opts, key=str.casefold)
        what = "Options" if ex.kind != "ordering" else "Items to order"
        lines_md.append(f"{what}: " + ", ".join(f"`{o}`" for o in opts))
        lines_txt.append(f"{what}: " + ", ".join(opts))
    if ex.kind == "matching":
        for label, text in ex.items:
            lines_md.append(f"- `{label}`: {text}")
            lines_txt.append(f"  {label}: {text}")
        if not ex.names and ex.options:
            lines_md += ["", "Values: " + ", ".join(f"`{o}`" for o in ex.options)]
            lines_txt.append("Values: " + ", ".join(ex.options))
        lines_md.append("")
    expected = expected_kind(ex, debate)
    lines_md += [
        "",
        f"*Your answer:* {_md_escape(expected)}. Then run "
        f'`check("{ex.id}", answer)`; for a hint, `hint("{ex.id}")`.',
    ]
    lines_txt.append(f"Your answer: {expected}.")
    return "\n".join(lines_txt), "\n".join(lines_md)


def show_exercise(ex_id: str) -> None:
    """Show an exercise: its id, prompt, options and the kind of answer expected.

    Examples
    --------
    >>> show_exercise("no.such-exercise")  # doctest: +ELLIPSIS
    There is no exercise 'no.such-exercise'...
    """
    try:
        debate, ex, problem, kind = _find(ex_id)
        if ex is None or debate is None:
            _emit(problem, _md_escape(problem), _problem(ex_id, kind))
            return
        plain, md = exercise_text(ex, debate)
        _emit(plain, md)
    except Exception as exc:  # noqa: BLE001
        _emit(
            f"This exercise cannot be shown ({_short(exc)}).",
            "This exercise cannot be shown.",
            _problem(ex_id, "not-shown"),
        )


# -- hint ----------------------------------------------------------------------


def hint(ex_id: str, n: int = 1) -> None:
    """Show the ``n``-th hint of an exercise (hints never give the answer away).

    Parameters
    ----------
    ex_id
        The exercise id shown in the notebook, e.g. ``"positions.stance-order"``.
    n
        Which hint (1 for the first); past the last one, the last is shown.

    Examples
    --------
    >>> hint("no.such-exercise")  # doctest: +ELLIPSIS
    There is no exercise 'no.such-exercise'...
    """
    try:
        debate, ex, problem, kind = _find(ex_id)
        if ex is None:
            _emit(problem, _md_escape(problem), _problem(ex_id, kind))
            return
        if not ex.hints:
            msg = f"Exercise {ex.id} has no hints. Read the prompt again, or ask your instructor."
            _emit(msg, msg)
            return
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            n = 1
        k = min(n, len(ex.hints))
        more = (
            f' (hint {k} of {len(ex.hints)}; for the next one: hint("{ex.id}", {k + 1}))'
            if k < len(ex.hints)
            else f" (hint {k} of {len(ex.hints)}, the last one)"
        )
        text = ex.hints[k - 1]
        _emit(
            f"Hint for {ex.id}: {text}{more}", f"**Hint** for `{ex.id}`: {text}{_md_escape(more)}"
        )
    except Exception as exc:  # noqa: BLE001
        _emit(
            f"No hint could be shown ({_short(exc)}).",
            "No hint could be shown.",
            _problem(ex_id, "not-shown"),
        )


# -- check ---------------------------------------------------------------------


def record_feedback(ex: Exercise, fb: Feedback, path: str | Path | None = None) -> str:
    """Save an answer and its result in the work file; return a note for the student ('' if fine).

    An answer "not answered yet" never replaces an answer saved before.
    """

    record = {"answer": fb.answer, "result": fb.result, "notebook": ex.notebook}
    target = work_path() if path is None else path
    try:
        save_answer(target, ex.id, record, ex.debate)
    except WorkFileError as exc:
        backup = exc.backup.name if exc.backup else "a backup"
        return (
            f"Note: your saved-work file {target} could not be read, so it was kept as {backup} "
            "and a new one was started. This answer is saved in the new file; tell your instructor "
            "about the old one."
        )
    except Exception as exc:  # noqa: BLE001 - e.g. a read-only folder
        return (
            f"Note: this answer could not be saved to {target} ({_short(exc)}). It still shows in "
            "this notebook: save the notebook, and tell your instructor."
        )
    return ""


def _problem(ex_id: Any, kind: str) -> dict[str, Any]:
    """The record of an exercise that could not be checked or shown (see ``formats.PROBLEMS``)."""
    return {"exercise": ex_id if isinstance(ex_id, str) else repr(ex_id), "problem": kind}


def result_payload(ex: Exercise, fb: Feedback) -> dict:
    """The machine-readable record of a check, as put into the notebook."""
    return {
        "exercise": ex.id,
        "notebook": ex.notebook,
        "result": fb.result,
        "answer": fb.answer,
        "debate": ex.debate,
    }


def feedback_text(ex: Exercise, fb: Feedback) -> tuple[str, str]:
    """The feedback as (plain text, markdown), the result named once.

    Examples
    --------
    >>> from symposium_kit.exercises.catalog import load_exercises
    >>> from symposium_kit import load_debate
    >>> ex = load_exercises()["positions.reframers"]
    >>> plain, _ = feedback_text(ex, check_answer(ex, ["Hass"], load_debate()))
    >>> plain.count("Partly right")
    1
    """
    icon = _ICONS.get(fb.result, "")
    message = fb.message
    for lead in ("Partly right. ", "Not yet. "):
        if message.startswith(lead):  # the headline says it already
            message = message[len(lead) :]
    plain = f"{icon} {fb.headline} ({ex.id}). {message}"
    md = f"{icon} **{fb.headline}** (`{ex.id}`). {_md_escape(message)}"
    if fb.result in ("partly", "wrong") and ex.hints:
        plain += f' For a hint: hint("{ex.id}")'
        md += f' For a hint: `hint("{ex.id}")`'
    return plain, md


def check(ex_id: str, answer: Any = ...) -> None:
    """Check an answer, show feedback, and save the answer with its result.

    Never raises: a problem with the answer, the exercise or the saved-work
    file is shown as a message. Returns None, so nothing else is echoed.

    Examples
    --------
    >>> check("no.such-exercise", 3)  # doctest: +ELLIPSIS
    There is no exercise 'no.such-exercise'...
    """
    try:
        debate, ex, problem, kind = _find(ex_id)
        if ex is None or debate is None:
            _emit(problem, _md_escape(problem), _problem(ex_id, kind))
            return None
        fb = check_answer(ex, answer, debate)
        note = record_feedback(ex, fb)
        plain, md = feedback_text(ex, fb)
        if note:
            plain, md = f"{plain}\n{note}", f"{md}\n\n{_md_escape(note)}"
        _emit(plain, md, result_payload(ex, fb))
    except Exception as exc:  # noqa: BLE001 - a check never raises into a notebook
        msg = f"This answer could not be checked ({_short(exc)}). Tell your instructor."
        _emit(msg, _md_escape(msg), _problem(ex_id, "not-checked"))
    return None


# -- the classic slip: a name where text was meant --------------------------------


def slip_message(name: str) -> str:
    """What to tell a student whose exercise cell used ``name`` as if Python knew it.

    Examples
    --------
    >>> print(slip_message("Mann"))  # doctest: +NORMALIZE_WHITESPACE
    Python does not know a name Mann. If you meant the text Mann, put it in quotes:
    answer = "Mann" (a list in square brackets: answer = ["Mann", "Hass"]). Then run the cell again.
    """
    other = "Hass" if name != "Hass" else "Mann"
    return (
        f"Python does not know a name {name}. If you meant the text {name}, put it in quotes: "
        f'answer = "{name}" (a list in square brackets: answer = ["{name}", "{other}"]). '
        "Then run the cell again."
    )


def _current_cell(shell: Any) -> str:
    try:
        return str(shell.history_manager.input_hist_raw[-1])
    except Exception:  # noqa: BLE001 - no history: treat as not an exercise cell
        return ""


def _name_error_handler(shell: Any, etype: Any, value: Any, tb: Any, tb_offset: Any = None) -> None:
    """IPython's custom handler for NameError: calm feedback in exercise cells only.

    IPython calls it in place of showing the traceback; other cells get the
    usual traceback from ``shell.showtraceback``.
    """
    name = getattr(value, "name", None)
    if "check(" not in _current_cell(shell) or not name:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    message = slip_message(name)
    _emit(f"✘ Not checked yet. {message}", f"✘ **Not checked yet.** {_md_escape(message)}")


def install_slip_handler(shell: Any = None) -> bool:
    """Answer a NameError in a cell that calls check() with a fix, not a traceback.

    Called when this module is imported inside IPython (a notebook imports it
    with ``from symposium_kit import check``); other cells keep IPython's own
    traceback. Returns whether a handler was installed.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipykernel
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if shell.custom_exceptions and NameError not in shell.custom_exceptions:
        return False  # someone else's handler: leave it
    shell.set_custom_exc((NameError,), _name_error_handler)
    return True


install_slip_handler()
