"""Checks on notebook editions: no leaked solutions, readable nbval markers, exercise results.

- :func:`find_leaks`: what a student edition would reveal (a solution line, an
  answer key written out, a marker or a cell tagged ``solution``);
- :func:`early_answers`: a key shown (in markdown or an output) before its
  exercise in an executed student edition;
- :func:`marker_problems`: nbval markers that nbval would not read, or that do
  not say why a cell is exempt from comparison;
- :func:`check_results`: exercise checks in an executed edition that report
  something other than expected (every check "correct" in the instructor
  edition; nothing unknown or broken anywhere).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..work.formats import RESULT_MIME, is_problem, is_result
from .editions import (
    BEGIN_CODE,
    BEGIN_MD,
    END_CODE,
    END_MD,
    SOLUTION_TAG,
    cell_source,
    cell_tags,
    split_source,
)


def solution_texts(master: Any, name: str = "notebook") -> list[str]:
    """Every solution line of a master (stripped, non-trivial), which no student edition may hold.

    Lines that also appear outside the solutions (so are not secret) are left out.
    """
    secret: list[str] = []
    public: set[str] = set()
    for i, cell in enumerate(master.cells):
        if cell.cell_type == "raw":
            continue
        src = cell_source(cell)
        if SOLUTION_TAG in cell_tags(cell):
            secret += src.split("\n")
            continue
        split = split_source(src, cell.cell_type, f"{name}, cell {i + 1}")
        secret += split.solution_lines
        public |= {line.strip() for line in split.student.split("\n")}
    out = []
    for line in secret:
        s = line.strip()
        if len(s) >= 3 and s not in public and s not in out and not set(s) <= set("[](){},'\" "):
            out.append(s)
    return out


def key_patterns(exercises: Iterable[Any], debate: Any = None) -> list[tuple[str, re.Pattern]]:
    """Patterns that would reveal an answer key if they appeared in a student edition."""
    out: list[tuple[str, re.Pattern]] = []

    def forms(values: list[str]) -> list[str]:
        res = []
        for q in ('"', "'"):
            res.append("[" + ", ".join(f"{q}{v}{q}" for v in values) + "]")
        return res

    def labels(ids: Iterable[str]) -> list[list[str]]:
        ids = list(ids)
        variants = [ids]
        if debate is not None:
            try:
                variants.append([debate.participant(i).label for i in ids])
                variants.append([debate.participant(i).name for i in ids])
            except KeyError:
                pass
        return variants

    for ex in exercises:
        key = ex.key
        if ex.kind in ("multiple_choice", "ordering") and key:
            flat = [x for g in key for x in g] if ex.kind == "ordering" else list(key)
            if len(flat) < 2:
                continue
            seqs = [flat] if ex.kind == "ordering" else [flat, sorted(flat)]
            for seq in seqs:
                for variant in labels(seq) if ex.names else [seq]:
                    for f in forms(variant):
                        out.append((f"{ex.id}: answer key {f}", re.compile(re.escape(f), re.I)))
        elif ex.kind == "matching" and key:
            for variant in [list(key.values())] + (
                [] if not ex.names else labels(key.values())[1:]
            ):
                pairs = list(zip(key.keys(), variant, strict=True))
                for q in ('"', "'"):
                    f = "{" + ", ".join(f"{q}{k}{q}: {q}{v}{q}" for k, v in pairs) + "}"
                    out.append((f"{ex.id}: answer key {f}", re.compile(re.escape(f), re.I)))
        elif ex.kind in ("single_choice", "numeric") and key is not None:
            values = [str(key)]
            if ex.names and debate is not None:
                values = [x for v in labels([key]) for x in v]
            if ex.kind == "numeric" and float(key).is_integer():
                values.append(str(float(key)))
            for v in values:
                quote = "" if ex.kind == "numeric" else "[\"']"
                pat = rf"(^|\n)\s*\w+\s*=\s*{quote}{re.escape(v)}{quote}\s*(#|\n|$)"
                out.append((f"{ex.id}: answer key {v!r} assigned", re.compile(pat, re.I)))
                ident = re.escape(ex.id)
                pat2 = rf"check\(\s*[\"']{ident}[\"']\s*,\s*{quote}{re.escape(v)}{quote}\s*\)"
                out.append((f"{ex.id}: answer key {v!r} checked", re.compile(pat2, re.I)))
    return out


def find_leaks(
    student: Any,
    master: Any,
    exercises: Iterable[Any] = (),
    debate: Any = None,
    name: str = "notebook",
) -> list[str]:
    """What a student edition reveals: solution lines or answer keys (empty when nothing)."""
    sources = [cell_source(c) for c in student.cells]
    outputs = [
        json.dumps(o, ensure_ascii=False) for c in student.cells for o in c.get("outputs", [])
    ]
    src_lines = {line.strip() for s in sources for line in s.split("\n")}
    whole = "\n".join(sources + outputs)
    leaks = []
    for line in solution_texts(master, name):
        if line in src_lines or (len(line) >= 20 and line in whole):
            leaks.append(f"{name}: solution line {line!r}")
    code = "\n".join(cell_source(c) for c in student.cells if c.cell_type == "code")
    for what, pattern in key_patterns(exercises, debate):
        target = code if "assigned" in what or "checked" in what else "\n".join(sources)
        if pattern.search(target):
            leaks.append(f"{name}: {what}")
    for i, cell in enumerate(student.cells):
        if SOLUTION_TAG in cell_tags(cell):
            leaks.append(f"{name}: cell {i + 1} is tagged {SOLUTION_TAG!r}")
        src = cell_source(cell)
        for marker in (BEGIN_CODE, END_CODE, BEGIN_MD, END_MD):
            if marker.casefold() in src.casefold():
                leaks.append(f"{name}: cell {i + 1} still holds the marker {marker!r}")
    return leaks


# -- nbval markers -------------------------------------------------------------

NBVAL_MARKERS = (
    "NBVAL_IGNORE_OUTPUT",
    "NBVAL_CHECK_OUTPUT",
    "NBVAL_RAISES_EXCEPTION",
    "NBVAL_SKIP",
    "PYTEST_VALIDATE_IGNORE_OUTPUT",
)
NBVAL_TAGS = ("nbval-ignore-output", "nbval-skip", "nbval-raises-exception", "raises-exception")


def marker_problems(master: Any, name: str = "notebook") -> list[str]:
    """nbval markers that nbval would not read, or that do not say why the cell is exempt.

    nbval reads a marker only when the whole comment is the marker, so the
    reason goes on a comment line of its own.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT: a widget\\nw"),
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\\nw"),
    ...     nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\\n# Why: a widget\\nw")])
    >>> for p in marker_problems(nb, "nb"):
    ...     print(p)  # doctest: +ELLIPSIS
    nb, cell 1: nbval does not read '# NBVAL_IGNORE_OUTPUT: a widget'; put the marker alone ...
    nb, cell 2: the cell is exempt from nbval (NBVAL_IGNORE_OUTPUT) but no comment says why
    """
    problems = []
    for i, cell in enumerate(master.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {i + 1}"
        comments = [
            line.strip().lstrip("#").strip()
            for line in cell_source(cell).split("\n")
            if line.strip().startswith("#")
        ]
        exempt = [c for c in comments if c in NBVAL_MARKERS]
        exempt += [t for t in cell_tags(cell) if t in NBVAL_TAGS]
        for c in comments:
            if c not in NBVAL_MARKERS and any(c.startswith(m) for m in NBVAL_MARKERS):
                problems.append(
                    f"{where}: nbval does not read '# {c}'; put the marker alone on its line "
                    "and the reason in a comment on the next line"
                )
        reasons = [c for c in comments if c and not any(c.startswith(m) for m in NBVAL_MARKERS)]
        if exempt and not reasons:
            what = ", ".join(exempt)
            problems.append(
                f"{where}: the cell is exempt from nbval ({what}) but no comment says why"
            )
    return problems


def check_results(nb: Any, edition: str, name: str = "notebook") -> list[str]:
    """Problems in an executed edition's exercise output.

    Every check must report ``correct`` (or ``recorded``) in the instructor
    edition; no check may report ``invalid`` in the student edition; no
    output may say an exercise is unknown or broken.
    """
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            payload = out.get("data", {}).get(RESULT_MIME)
            if is_problem(payload):
                problems.append(
                    f"{name} ({edition}), cell {i + 1}: exercise {payload.get('exercise')!r} "
                    f"could not be checked or shown ({payload['problem']})"
                )
                continue
            if not is_result(payload):
                continue
            result = payload["result"]
            ok = (
                ("correct", "recorded")
                if edition == "instructor"
                else ("unanswered", "correct", "partly", "wrong", "recorded")
            )
            if result not in ok:
                problems.append(
                    f"{name} ({edition}), cell {i + 1}: check({payload['exercise']!r}) reports "
                    f"{result!r}"
                    + (": the solution should be correct" if edition == "instructor" else "")
                )
    return problems


# -- answers before their exercise -----------------------------------------------

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_STOP = set(
    "the and are for how many that this with which from their them they than have has "
    "here there were what when does each more".split()
)
_SEPARATOR = re.compile(r"^[\s,;:'\"\[\]()&·|/-]*(?:(?:and|or)[\s,;'\"\[\]()]*)?$", re.I)
_TAG = re.compile(r"<[^>]+>")
#: Per-contributor attributes that a derived key is made of: (derive prefix, attribute).
_ATTRIBUTE_KEYS = {"framing": "framing", "framing_rejecters": "framing"}


def exercise_positions(nb: Any) -> dict[str, int]:
    """Exercise id -> index of the first cell that shows or checks it."""
    found: dict[str, int] = {}
    call = re.compile(r"""(?:show_exercise|check|hint)\(\s*["']([^"']+)["']""")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for ex_id in call.findall(cell_source(cell)):
            found.setdefault(ex_id, i)
    return found


def readable_texts(cell: Any) -> list[str]:
    """What a student reads of a cell: a markdown cell's text, or a code cell's outputs.

    HTML is read without its tags; each MIME type of an output is one text.
    """
    if cell.cell_type == "markdown":
        return [cell_source(cell)]
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = out.get("text", "")
            texts.append("".join(text) if isinstance(text, list) else text)
            continue
        for mime, value in out.get("data", {}).items():
            if not mime.startswith("text/"):
                continue
            value = "".join(value) if isinstance(value, list) else str(value)
            if mime == "text/html":
                value = html_unescape(_TAG.sub("\n", value))
            texts.append(value)
    return texts


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _forms(ex: Any, debate: Any, value: str) -> list[str]:
    """The ways a key's value may be written: a participant by id, label or name."""
    forms = [str(value)]
    if ex.names and debate is not None:
        try:
            p = debate.participant(value)
        except KeyError:
            return forms
        forms = [p.id, p.label, p.name]
    return sorted({f for f in forms if f}, key=len, reverse=True)


def _finder(forms: Iterable[str]) -> re.Pattern:
    alts = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alts})(?![\w-])", re.I)


def _occurrences(text: str, values: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """(start, end, value) of every mention of a value in text, in order, without overlaps."""
    owner = {f.casefold(): v for v, fs in values.items() for f in fs}
    out = []
    for m in _finder(owner).finditer(text):
        out.append((m.start(), m.end(), owner[m.group(0).casefold()]))
    return out


def _universe(ex: Any, debate: Any) -> list[str]:
    if ex.names and debate is not None:
        return [p.id for p in debate.participants]
    return [str(o) for o in ex.options]


def _reveals_order(ex: Any, text: str, debate: Any) -> bool:
    groups = [list(g) for g in ex.key]
    items = [x for g in groups for x in g]
    if len(items) < 3:
        return False
    occ = _occurrences(text, {v: _forms(ex, debate, v) for v in items})
    first: dict[str, int] = {}
    for start, _, v in occ:
        first.setdefault(v, start)
    if set(first) != set(items):
        return False
    rank = {x: i for i, g in enumerate(groups) for x in g}
    seen = sorted(first, key=first.__getitem__)
    return all(rank[a] <= rank[b] for a, b in zip(seen, seen[1:], strict=False))


def _reveals_set(ex: Any, text: str, debate: Any) -> bool:
    key = {str(k) for k in ex.key}
    if len(key) < 2:
        return False
    universe = _universe(ex, debate)
    counted = set(universe) if not ex.names else {p.id for p in debate.contributors} | key
    occ = _occurrences(text, {v: _forms(ex, debate, v) for v in universe})
    run: list[tuple[int, int, str]] = []
    for item in occ + [(len(text) + 1, len(text) + 1, "")]:
        if run and item[2] and _SEPARATOR.match(text[run[-1][1] : item[0]]):
            run.append(item)
            continue
        if len(run) >= 2 and {v for _, _, v in run} & counted == key:
            return True
        run = [item] if item[2] else []
    return False


def _reveals_attribute(ex: Any, text: str, debate: Any) -> bool:
    """Every contributor named beside the attribute the key is made of (e.g. a framing)."""
    attr = _ATTRIBUTE_KEYS.get(ex.derive.partition(":")[0])
    if not attr or debate is None:
        return False
    values = {p.participant: str(getattr(p, attr)) for p in debate.positions}
    occ = _occurrences(text, {v: _forms(ex, debate, v) for v in values})
    told = set()
    for (_, end, who), nxt in zip(occ, occ[1:] + [(len(text), 0, "")], strict=False):
        if re.search(rf"\b{re.escape(values[who])}\b", text[end : nxt[0]], re.I):
            told.add(who)
    return told == set(values)


def _reveals_number(ex: Any, text: str) -> bool:
    """The number, followed within a few words by three words of the prompt."""
    key = float(ex.key)
    forms = [f"{ex.key:g}" if isinstance(ex.key, float) else str(ex.key)]
    if key.is_integer() and 0 <= key < len(_NUMBER_WORDS):
        forms.append(_NUMBER_WORDS[int(key)])
    prompt = {w for w in re.findall(r"[a-z]+", ex.prompt.casefold()) if len(w) > 3} - _STOP
    for m in re.finditer(rf"(?<![\w.]){'|'.join(map(re.escape, forms))}(?![\w.])", text, re.I):
        after = re.findall(r"[a-z]+", text[m.end() : m.end() + 80].casefold())[:8]
        if len({w for w in after if w in prompt}) >= 3:
            return True
    return False


def _reveals_pairs(ex: Any, text: str, debate: Any) -> bool:
    """Each item of a matching exercise shown with its value close by."""
    texts = dict(ex.items)
    if len(ex.key) < 2:
        return False
    for item, value in ex.key.items():
        shown = re.sub(r"\s*\([^)]*\)\s*$", "", texts.get(item, "")).strip(" “”\"'…")[:40]
        at = text.find(shown) if len(shown) >= 12 else -1
        if at < 0:
            return False
        near = text[max(0, at - 200) : at + len(shown) + 300]
        if not _finder(_forms(ex, debate, value)).search(near):
            return False
    return True


def reveals(ex: Any, text: str, debate: Any = None) -> bool:
    """Whether ``text`` gives away the key of ``ex``: its value, set of names or ordering.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> from symposium_kit.exercises.catalog import load_exercises
    >>> d, exs = load_debate(), load_exercises()
    >>> reveals(exs["evidence.who-cites-chips"], "cited by The Editors, Cutler, Mann, Roach.", d)
    True
    >>> reveals(exs["evidence.who-cites-chips"], "Cutler and Mann disagree; Roach too.", d)
    False
    >>> reveals(exs["evidence.shared-count"], "9 items are cited by two or more participants", d)
    True
    """
    if ex.key is None or not ex.graded:
        return False
    if ex.kind == "ordering":
        return _reveals_order(ex, text, debate)
    if ex.kind == "multiple_choice":
        return _reveals_set(ex, text, debate) or _reveals_attribute(ex, text, debate)
    if ex.kind == "numeric":
        return _reveals_number(ex, text)
    if ex.kind == "matching":
        return _reveals_pairs(ex, text, debate)
    return False  # single choice: one name or option is mentioned everywhere


def early_answers(
    nb: Any, exercises: Iterable[Any], debate: Any = None, name: str = "notebook"
) -> list[str]:
    """Keys that a student edition shows before their exercise (empty when none).

    Every key comes from the exercise definitions (values, sets of names,
    orderings, and the per-contributor attribute a derived key is made of).
    A markdown cell or an output that gives one away must come after the
    exercise, or be revealed only once it is answered.
    """
    where = exercise_positions(nb)
    problems = []
    for ex in exercises:
        at = where.get(ex.id)
        if at is None:
            continue
        for i, cell in enumerate(nb.cells[:at]):
            if any(reveals(ex, text, debate) for text in readable_texts(cell)):
                what = "markdown" if cell.cell_type == "markdown" else "output"
                problems.append(
                    f"{name}, cell {i + 1}: its {what} gives away the answer to {ex.id} "
                    f"(cell {at + 1}); move it after the exercise or reveal it once answered"
                )
    return problems
