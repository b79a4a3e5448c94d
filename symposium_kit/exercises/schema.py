"""The JSON Schema of exercise files: where it is, checking a file against it, its messages.

``data/schema/exercises.schema.json`` describes an exercise file's structure
(fields, types, kinds, the id pattern, what each kind requires or forbids).
:func:`schema_problems` checks parsed YAML against it with a validator that
fastjsonschema compiles once per process; only an invalid file is checked
again by ``jsonschema``, which lists every error, and each error is said in
words a teacher reads, at the line and field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..debate.problems import Problem, field_path
from ..debate.yaml_lines import ParsedYaml
from ..resources import data_dir
from .keys import DERIVATIONS
from .model import KINDS

Path_ = tuple[str | int, ...]

_cache: dict[str, Any] = {}


# -- the schema ---------------------------------------------------------------


def exercises_schema_path() -> Path:
    """Where the JSON Schema of an exercise file lives (for editors and other tools).

    Returns
    -------
    Path
        ``symposium_kit/data/schema/exercises.schema.json`` in the installed package.

    Examples
    --------
    >>> exercises_schema_path().name
    'exercises.schema.json'
    """
    return data_dir() / "schema" / "exercises.schema.json"


def exercises_schema() -> dict[str, Any]:
    """The JSON Schema of an exercise file (a fresh copy, which the caller may change).

    Examples
    --------
    >>> exercises_schema()["title"]
    'symposium-kit exercise file'
    """
    import json

    if "text" not in _cache:
        _cache["text"] = exercises_schema_path().read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(_cache["text"])
    return result


def _fast_validator() -> Callable[[Any], Any]:
    """The schema compiled by fastjsonschema: once per process, then cached.

    Defaults are not filled in (``use_default=False``): the reader applies
    them, and the validated data must stay as written. Without detailed
    exceptions (fastjsonschema 2.21 and later) the generated code is a
    quarter of the size and compiles about four times faster; its errors only
    say that the file is invalid, and ``jsonschema`` then says why.
    """
    if "fast" not in _cache:
        import fastjsonschema

        schema = exercises_schema()
        try:
            _cache["fast"] = fastjsonschema.compile(
                schema, use_default=False, use_formats=False, detailed_exceptions=False
            )
        except TypeError:  # fastjsonschema < 2.21 has no detailed_exceptions
            _cache["fast"] = fastjsonschema.compile(schema, use_default=False, use_formats=False)
    validate: Callable[[Any], Any] = _cache["fast"]
    return validate


def schema_problems(
    data: Any, parsed: ParsedYaml, file: str, notebook: str = ""
) -> list[tuple[Path_, Problem]]:
    """Every way ``data`` breaks the exercise schema, each with its path (empty when valid).

    Parameters
    ----------
    data
        The parsed YAML of one exercise file.
    parsed
        Its parse, which knows the line of every path.
    file
        The file's name, used in the problems.
    notebook
        The notebook the file belongs to (its name without ``.yaml``), named
        in the message about a wrong ``notebook:``.

    Returns
    -------
    list of (path, Problem)
        The path of each problem's field, as a tuple of keys and indexes, and
        the problem, sorted by line; fields that are present come before
        fields that are missing on the same line.

    Examples
    --------
    >>> from symposium_kit.debate.yaml_lines import parse_yaml
    >>> text = b"exercises:\\n  - id: t.x\\n    kind: essay\\n    prompt: P\\n"
    >>> p = parse_yaml(text, "t.yaml")
    >>> [str(problem) for _, problem in schema_problems(p.data, p, "t.yaml")]  # doctest: +ELLIPSIS
    ["t.yaml:3: exercises[0].kind: kind 'essay' is not known; use one of: single_choice, ..."]
    """
    try:
        _fast_validator()(data)
        return []
    except ValueError:  # fastjsonschema's exceptions are ValueErrors
        pass
    # Slow path, only for an invalid file: every error, with its line.
    import jsonschema

    validator = jsonschema.Draft202012Validator(exercises_schema())
    found: dict[tuple[Path_, str], None] = {}
    for err in validator.iter_errors(data):
        for path, message in _explain(err, data, notebook):
            found[(path, message)] = None
    out = [
        (path, Problem(file, parsed.line_of(path), field_path(path), message))
        for path, message in found
    ]
    out.sort(key=lambda pp: (pp[1].line, pp[0] not in parsed.lines, pp[1].field, pp[1].message))
    return out


_ANSWER = {
    "single_choice": "expected one option",
    "multiple_choice": "expected a non-empty list of options",
    "ordering": "expected a list of items in order (or a list of groups)",
    "matching": "expected a mapping item -> matching value",
    "numeric": "expected a number",
}

_MISSING = {
    "id": "missing: give the exercise an id '<topic>.<slug>' in lowercase, "
    "e.g. 'positions.stance-order'",
    "kind": f"missing: give the kind, one of: {', '.join(KINDS)}",
    "prompt": "missing or empty: write the question the student answers",
    "hints": "missing: give at least one entry in `hints:`",
    "options": "missing: list the options, or write `options: contributors`",
    "participant": "missing: name the participant whose words are to be found, "
    "or use derive: quote_by:<participant>:<role>",
}

_FIELD = {
    "prompt": "missing or empty: write the question the student answers",
    "title": "must be text",
    "hints": "expected a list of non-empty texts",
    "feedback": "expected a list of {when: ..., say: ...}",
    "say": "expected the message to show",
    "options": "expected a list of options (texts) or `contributors`",
    "items": "expected a mapping label -> text shown to the student",
    "ties": "use `ties: allowed` or `ties: none`",
    "tolerance": "expected a number >= 0",
    "near": "expected a whole number of characters >= 0",
    "derive": "expected text such as 'cited_by:chip-ban-reversal'",
}

_SCALARS = (str, int, float)


def _explain(err: Any, data: Any, notebook: str) -> list[tuple[Path_, str]]:
    """A jsonschema error as (path, message a teacher can act on) pairs."""
    path: Path_ = tuple(err.absolute_path)
    v, inst, value = err.validator, err.instance, err.validator_value
    if len(path) < 2 or path[0] != "exercises":  # the file as a whole
        if v == "additionalProperties" and path == ():
            allowed = err.schema.get("properties", {})
            return [
                ((k,), "unknown field; allowed: exercises, notebook")
                for k in inst
                if k not in allowed
            ]
        return [(("exercises",), "expected a mapping with a list `exercises:`")]
    item = data["exercises"][path[1]]
    rel = path[2:]
    if not rel:
        return _explain_entry(err, path)
    if len(rel) == 2 and rel[0] == "feedback":
        rule = "a feedback rule has exactly the fields `when` and `say`"
        if v == "additionalProperties":
            allowed = err.schema.get("properties", {})
            return [(path + (k,), f"unknown field {k!r}; {rule}") for k in inst if k not in allowed]
        if v == "required":
            return [(path + (k,), f"missing `{k}`: {rule}") for k in value if k not in inst]
        return [(path, f"expected exactly the fields `when` and `say`, got {_got(inst)}")]
    name = next(p for p in reversed(rel) if isinstance(p, str))
    wants_text = v == "type" and "string" in (value if isinstance(value, list) else [value])
    if isinstance(inst, bool) and wants_text:
        what = "the message" if name == "say" else "the text"
        return [(path, f"YAML read this as true/false: put {what} in quotes")]
    if name == "id":
        msg = (
            f"{inst!r} is not a valid id; use '<topic>.<slug>' in lowercase, "
            "e.g. 'positions.stance-order'"
        )
        if isinstance(inst, str) and inst != inst.strip():
            msg += " (remove the spaces or line break around it)"
        return [(path, msg)]
    if name == "kind":
        return [(path, f"kind {inst!r} is not known; use one of: {', '.join(KINDS)}")]
    if name == "notebook":
        where = f"must be {notebook!r}" if notebook else "must be text"
        return [(path, f"{where}, the name of this file")]
    if name == "prompt":
        return [(path, _FIELD["prompt"])]
    if name == "hints" and rel == ("hints",) and inst is None:
        return [(path, _MISSING["hints"])]
    if name == "hints":
        if len(rel) == 2:
            return [(path, f"expected a hint (a non-empty text), got {_got(inst)}")]
        return [(path, f"{_FIELD['hints']}, got {_got(inst)}")]
    if name == "options" and rel == ("options",) and isinstance(inst, list) and inst:
        bad = [j for j, o in enumerate(inst) if not isinstance(o, _SCALARS)]
        if bad:
            got = _got(inst[bad[0]])
            return [(path + (bad[0],), f"expected an option (a text or a number), got {got}")]
    if name == "derive" and v == "pattern":
        if value.startswith("^quote_by:"):
            return [(path, "a quote exercise derives its key with quote_by:<participant>:<role>")]
        known = ", ".join(sorted(DERIVATIONS))
        return [(path, f"unknown derivation {inst!r}; known: {known}")]
    if name == "participant":
        return [(path, f"{inst!r} is not a participant; or use derive: quote_by:...")]
    if name == "role":
        return [(path, f"{inst!r} is not a claim role; use one of: {', '.join(value)}")]
    if name == "min_words":
        least = err.schema.get("minimum", 0)
        return [(path, f"expected a whole number >= {least}, got {_got(inst)}")]
    if name == "answer" and rel == ("answer",) and isinstance(item, dict):
        base = _ANSWER.get(str(item.get("kind")), "not a valid key")
        return [(path, f"{base}, got {_got(inst)}")]
    if name in _FIELD:
        return [(path, f"{_FIELD[name]}, got {_got(inst)}")]
    return [(path, err.message)]


def _explain_entry(err: Any, path: Path_) -> list[tuple[Path_, str]]:
    """A schema error about an exercise entry as a whole (fields missing, unknown, at odds)."""
    v, inst, value = err.validator, err.instance, err.validator_value
    if v == "type":
        return [(path, "expected a mapping with id, kind, prompt, ...")]
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        return [
            (path + (k,), f"unknown field {k!r}; allowed: {', '.join(allowed)}")
            for k in inst
            if k not in allowed
        ]
    if v == "required":
        return [
            (path + (k,), _MISSING.get(k, f"missing: give `{k}:`")) for k in value if k not in inst
        ]
    if v == "anyOf":  # a graded kind needs `answer:` or `derive:`
        return [
            (path + ("answer",), "missing: give `answer:` or `derive:` (see the exercises README)")
        ]
    if v == "not" and isinstance(value, dict) and value.get("required") == ["answer", "derive"]:
        return [(path + ("derive",), "give either `answer:` or `derive:`, not both")]
    if v == "not":  # short_text with a key
        where = "answer" if "answer" in inst else "derive"
        return [(path + (where,), "short_text is recorded, not graded: remove the answer key")]
    return [(path, err.message)]


def _got(value: Any) -> str:
    """What a value is, in words, for "expected ..., got ..." messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {value!r}" if value.strip() else "empty text"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    return type(value).__name__
