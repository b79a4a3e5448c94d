"""The JSON Schema of ``debate.yaml``: where it lives, and checking data against it.

Valid data (the usual case) is checked by ``_schema_fast.py``, a validator
generated from the schema by fastjsonschema and shipped with the package, so
nothing is compiled at run time. Invalid data is walked again by
:mod:`.schema_errors`, which lists every error (without the second or so that
importing ``jsonschema`` costs); each becomes a :class:`Problem` with its line
and a message that says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..resources import data_dir
from . import _schema_fast
from .problems import Problem, field_path
from .schema_errors import SchemaError, iter_errors
from .yaml_lines import ParsedYaml

FAST_VALIDATOR_MODULE = "_schema_fast.py"

_schema_cache: dict[str, Any] = {}


def schema_path() -> Path:
    """Where the JSON Schema of ``debate.yaml`` lives (for editors and other tools)."""
    return data_dir() / "schema" / "debate.schema.json"


def schema() -> dict:
    """The JSON Schema of ``debate.yaml`` (a fresh copy).

    Examples
    --------
    >>> schema()["title"]
    'symposium-kit debate annotation (schema_version 1)'
    """
    import json

    if "schema" not in _schema_cache:
        _schema_cache["schema"] = schema_path().read_text(encoding="utf-8")
    return json.loads(_schema_cache["schema"])


def _fast_validator() -> Callable[[Any], Any]:
    """The shipped validator; compiled afresh (slow, but right) if the schema changed since."""
    if "fast" not in _schema_cache:
        if _schema_fast.SCHEMA_DIGEST == schema_digest():
            _schema_cache["fast"] = _schema_fast.validate
        else:
            import fastjsonschema

            _schema_cache["fast"] = fastjsonschema.compile(schema())
    return _schema_cache["fast"]


def fast_validator_source() -> str:
    """The source of ``symposium_kit/_schema_fast.py``, generated from the shipped schema.

    ``fastjsonschema.compile_to_code`` writes the validator; three edits make
    it import nothing it does not need and run fast:

    - its exception classes are defined in the module itself (importing
      fastjsonschema costs ~8 ms);
    - ``decimal.Decimal``, used only in ``isinstance`` checks, is replaced by
      a stand-in class: YAML and JSON never produce Decimal values;
    - a ``$ref`` call passes on ``name_prefix`` instead of building the
      field name with ``str.format(**locals())`` on every call (which made
      validation of the bundled debate about eight times slower, valid or
      not). The names only appear in the fast validator's own error
      messages, which the loader never shows: an invalid file is walked
      again by :mod:`.schema_errors`, which lists every error with its line.

    A test proves that the shipped module equals this function's output.
    """
    import re

    import fastjsonschema

    code = fastjsonschema.compile_to_code(schema())
    imports = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
    if imports not in code:
        raise RuntimeError(
            "fastjsonschema's generated code changed; update fast_validator_source()"
        )
    code = code.replace(imports, _EXCEPTIONS)
    code = code.replace("from decimal import Decimal\n", _DECIMAL)
    code, n = re.subn(
        r'custom_formats, \(name_prefix or "data"\) \+ "[^"\n]*"(?:\.format\(\*\*locals\(\)\))?\)',
        "custom_formats, name_prefix)",
        code,
    )
    if "custom_formats, (name_prefix" in code:
        raise RuntimeError(
            "fastjsonschema's generated calls changed; update fast_validator_source()"
        )
    entry = re.search(r"^def (validate_\w+)\(", code, re.M)
    assert entry is not None
    return (
        _FAST_HEADER
        + f'SCHEMA_DIGEST = "{schema_digest()}"\n'
        + code.rstrip()
        + f"\n\n\nvalidate = {entry.group(1)}\n"
    )


def schema_digest() -> str:
    """A checksum of the schema file (CRC-32 and size), recorded in ``_schema_fast.py``.

    It only detects that the schema changed since the validator was
    generated; ``binascii`` is already loaded by PyYAML, so this costs nothing.

    Examples
    --------
    >>> len(schema_digest().split("-"))
    2
    """
    import binascii

    raw = schema_path().read_bytes()
    return f"{binascii.crc32(raw):08x}-{len(raw)}"


def regenerate_fast_validator() -> Path:
    """Rewrite ``symposium_kit/_schema_fast.py`` after the schema changed; returns its path."""
    target = Path(__file__).with_name(FAST_VALIDATOR_MODULE)
    target.write_text(fast_validator_source(), encoding="utf-8")
    return target


_FAST_HEADER = """# GENERATED FILE: do not edit by hand.
# A fast validator for symposium_kit/data/schema/debate.schema.json, written by
# fastjsonschema.compile_to_code and edited by
# symposium_kit.debate.schema.fast_validator_source() (see its docstring).
# After changing the schema, regenerate it with
#     python -c "import symposium_kit.debate.schema as m; m.regenerate_fast_validator()"
# tests/debate/test_load.py fails while this file is out of date.
# ruff: noqa
# fmt: off
"""

_EXCEPTIONS = '''

class JsonSchemaValueException(ValueError):
    """The data does not match the schema (fastjsonschema's exception, defined here)."""

    def __init__(self, message, value=None, name=None, definition=None, rule=None):
        super().__init__(message)
        self.message, self.value, self.name = message, value, name
        self.definition, self.rule = definition, rule


class JsonSchemaValuesException(ValueError):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

'''

# YAML and JSON never produce Decimal values; importing decimal would cost ~2 ms.
_DECIMAL = (
    "class Decimal:  # stands in for decimal.Decimal, which YAML and JSON never produce\n    pass\n"
)


def _whole_numbers(data: Any, node: dict, path: tuple, found: list[tuple], root: dict) -> None:
    """Paths where the schema wants an integer and the file has a number with a point (2.0).

    JSON Schema counts 2.0 as an integer; the kit does not, because code downstream
    (offsets, occurrences, score scales) needs whole numbers of Python's int type.
    ``root`` is the schema, read once and passed down (reading it at every node
    made validating the bundled debate take a quarter of a second).
    """
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    types = node.get("type")
    wants_int = types == "integer" or (isinstance(types, list) and "integer" in types)
    if wants_int and isinstance(data, float):
        found.append((path, data))
    if isinstance(data, dict):
        props, patterns = node.get("properties", {}), node.get("patternProperties", {})
        extra = node.get("additionalProperties")
        for key, value in data.items():
            if key in props:
                _whole_numbers(value, props[key], path + (key,), found, root)
            elif patterns:
                for pattern, sub in patterns.items():
                    if re.match(pattern, str(key)):
                        _whole_numbers(value, sub, path + (key,), found, root)
            elif isinstance(extra, dict):
                _whole_numbers(value, extra, path + (key,), found, root)
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(data):
            _whole_numbers(item, node["items"], path + (i,), found, root)


def schema_problems(data: dict, parsed: ParsedYaml, file: str) -> list[Problem]:
    """Every way ``data`` breaks the schema, with lines from ``parsed`` (empty when valid)."""
    found: list[tuple] = []
    root = schema()
    _whole_numbers(data, root, (), found, root)
    whole = [
        Problem(
            file,
            parsed.line_of(path),
            field_path(path),
            f"{value!r} must be a whole number, written without a decimal point",
        )
        for path, value in found
    ]
    try:
        _fast_validator()(data)
        return whole
    except ValueError:
        pass
    # Only for invalid files: every error, with its line, found by the kit's own walk.
    out = []
    for err in iter_errors(root, data):
        path, msg = _explain(err)
        if len(msg) > 240:
            msg = msg[:237] + "..."
        out.append(Problem(file, parsed.line_of(path), field_path(path), msg))
    return sorted(set(out) | set(whole), key=lambda p: (p.line, p.field, p.message))


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "null": "null",
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _explain(err: SchemaError) -> tuple[tuple, str]:
    """A schema error as (path, message a person can act on)."""
    path = tuple(err.absolute_path)
    v, inst = err.validator, err.instance
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        if extra:
            return path + (
                extra[0],
            ), f"unknown field {extra[0]!r}; allowed here: {', '.join(allowed)}"
        patterns = ", ".join(err.schema.get("patternProperties", {}))
        return path, f"unexpected keys; keys must match {patterns}"
    if v == "required":
        missing = [k for k in err.validator_value if k not in inst]
        name = missing[0] if missing else "?"
        return path + (name,), f"required field {name!r} is missing"
    if v == "type":
        want = (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        )
        wanted = " or ".join(str(_TYPE_NAMES.get(t, t)) for t in want)
        shown = repr(inst) if not isinstance(inst, (dict, list)) else ""
        return path, f"expected {wanted}, got {_kind(inst)} {shown}".rstrip()
    if v == "enum":
        options = ", ".join(
            "null" if o is None else str(o).lower() if isinstance(o, bool) else repr(o)
            for o in err.validator_value
        )
        return path, f"{inst!r} is not allowed; use one of: {options}"
    if v == "const":
        return path, f"expected {err.validator_value!r}, got {inst!r}"
    if v == "pattern" and "[a-z0-9][a-z0-9_.-]" in err.validator_value:
        return (
            path,
            f"{inst!r} is not a valid id: "
            "use lowercase letters, digits and . _ - on one line (e.g. 'hass.thesis')",
        )
    if v == "pattern" and "[0-9]{4}" in err.validator_value:
        return (
            path,
            f"{inst!r} is not a date to sort by: write YYYY, YYYY-MM or YYYY-MM-DD in the "
            "digits 0-9, on one line (e.g. '2025-07')",
        )
    if v == "minItems":
        return path, f"needs at least {err.validator_value} item(s)"
    if v == "minLength":
        return path, f"{inst!r} is too short (at least {err.validator_value} characters)"
    if v == "uniqueItems":
        return path, f"the list repeats an item: {inst!r}"
    if v in ("minimum", "maximum"):
        return path, f"{inst!r} is out of range ({v} {err.validator_value})"
    return path, err.message
