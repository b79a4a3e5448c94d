"""Every error of a document against a JSON Schema, found by the kit's own walk.

The shipped fast validator (``_schema_fast.py``) only says *that* a document
is invalid. To say *where* and *why*, an invalid file is walked here against
the schema: the walk knows only the keywords the kit's schemas use (listed in
:data:`KEYWORDS`) and follows JSON Schema 2020-12 for each of them, as
``jsonschema`` does; a test runs both over the malformed corpus and over
generated documents and requires the same verdict and the same errors.

It replaces ``jsonschema`` on the error path, whose import alone (about a
second on a cold start) made an invalid file ten times slower to report than a
valid one to load. It imports nothing but :mod:`re`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "title", "description", "examples", "default",
        "type", "properties", "patternProperties", "additionalProperties", "required",
        "const", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "items", "minItems", "uniqueItems",
    }
)  # fmt: skip
"""The keywords the walk understands; :func:`iter_errors` refuses a schema with others."""


@dataclass(frozen=True)
class SchemaError:
    """One way a document breaks the schema (the fields ``jsonschema`` errors have).

    ``absolute_path`` is where in the document, ``validator`` the keyword that
    failed, ``validator_value`` its value in the schema, ``instance`` the value
    found, ``schema`` the (sub)schema that holds the keyword.
    """

    absolute_path: tuple[str | int, ...]
    validator: str
    validator_value: Any
    instance: Any
    schema: dict
    message: str


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float))
    return isinstance(value, {"string": str, "array": list, "object": dict}[kind])


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true and 1 differ, 1 and 1.0 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    try:
        return bool(a == b)
    except Exception:  # an exotic value that cannot be compared equals nothing
        return False


def _unknown_keywords(node: Any, where: str = "#") -> list[str]:
    if not isinstance(node, dict):
        return []
    found = [f"{where}/{k}" for k in node if k not in KEYWORDS]
    for key in ("properties", "patternProperties", "$defs"):
        for name, sub in node.get(key, {}).items():
            found += _unknown_keywords(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        found += _unknown_keywords(node.get(key), f"{where}/{key}")
    return found


def iter_errors(schema: dict, data: Any) -> Iterator[SchemaError]:
    """Every error of ``data`` against ``schema``, in the order of the schema's keywords.

    Raises ValueError if the schema uses a keyword outside :data:`KEYWORDS`
    (a schema change that the walk must learn first).

    Examples
    --------
    >>> s = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    >>> [(e.validator, e.message) for e in iter_errors(s, {})]
    [('required', "'id' is a required property")]
    >>> [(e.absolute_path, e.validator) for e in iter_errors(s, {"id": 3})]
    [(('id',), 'type')]
    """
    unknown = _unknown_keywords(schema)
    if unknown:
        raise ValueError(f"the schema uses keywords the walk does not know: {', '.join(unknown)}")
    yield from _walk(schema, schema, data, ())


def _walk(root: dict, node: Any, data: Any, path: tuple) -> Iterator[SchemaError]:
    if node is True or not isinstance(node, dict):
        return
    for key, want in node.items():
        if key == "$ref":
            if not want.startswith("#/$defs/"):
                raise ValueError(f"only local references (#/$defs/...) are followed, not {want!r}")
            yield from _walk(root, root["$defs"][want.rsplit("/", 1)[-1]], data, path)
            continue
        check = _CHECKS.get(key)
        if check is not None:
            for sub_path, message in check(root, node, want, data, path):
                yield SchemaError(sub_path, key, want, data, node, message)
        elif key in ("properties", "patternProperties", "additionalProperties", "items"):
            yield from _children(root, node, key, want, data, path)


def _children(
    root: dict, node: dict, key: str, want: Any, data: Any, path: tuple
) -> Iterator[SchemaError]:
    if key == "items" and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _walk(root, want, item, path + (i,))
    elif key == "properties" and isinstance(data, dict):
        for name, sub in want.items():
            if name in data:
                yield from _walk(root, sub, data[name], path + (name,))
    elif key == "patternProperties" and isinstance(data, dict):
        for pattern, sub in want.items():
            for name, value in data.items():
                if isinstance(name, str) and re.search(pattern, name):
                    yield from _walk(root, sub, value, path + (name,))
    elif key == "additionalProperties" and isinstance(data, dict):
        extra = _extra_keys(node, data)
        if want is False:
            if extra:
                listed = ", ".join(repr(k) for k in extra)
                verb = "was" if len(extra) == 1 else "were"
                yield SchemaError(
                    path,
                    key,
                    want,
                    data,
                    node,
                    f"Additional properties are not allowed ({listed} {verb} unexpected)",
                )
        elif isinstance(want, dict):
            for name in extra:
                yield from _walk(root, want, data[name], path + (name,))


def _extra_keys(node: dict, data: dict) -> list:
    props = node.get("properties", {})
    patterns = node.get("patternProperties", {})
    return [
        k
        for k in data
        if k not in props and not (isinstance(k, str) and any(re.search(p, k) for p in patterns))
    ]


Found = Iterator[tuple[tuple, str]]


def _type(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    kinds = want if isinstance(want, list) else [want]
    if not any(_is_type(data, k) for k in kinds):
        yield path, f"{data!r} is not of type {', '.join(repr(k) for k in kinds)}"


def _required(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if isinstance(data, dict):
        for name in want:
            if name not in data:
                yield path, f"{name!r} is a required property"


def _const(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if not _equal(data, want):
        yield path, f"{want!r} was expected"


def _enum(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if not any(_equal(data, option) for option in want):
        yield path, f"{data!r} is not one of {want!r}"


def _pattern(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if isinstance(data, str) and not re.search(want, data):
        yield path, f"{data!r} does not match {want!r}"


def _min_length(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if isinstance(data, str) and len(data) < want:
        yield path, f"{data!r} is too short"


def _max_length(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if isinstance(data, str) and len(data) > want:
        yield path, f"{data!r} is too long"


def _number(data: Any) -> bool:
    return isinstance(data, (int, float)) and not isinstance(data, bool)


def _minimum(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if _number(data) and data < want:
        yield path, f"{data!r} is less than the minimum of {want!r}"


def _maximum(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if _number(data) and data > want:
        yield path, f"{data!r} is greater than the maximum of {want!r}"


def _min_items(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if isinstance(data, list) and len(data) < want:
        yield path, f"{data!r} should be non-empty" if want == 1 else f"{data!r} is too short"


def _unique_items(root: dict, node: dict, want: Any, data: Any, path: tuple) -> Found:
    if want and isinstance(data, list):
        for i, item in enumerate(data):
            if any(_equal(item, other) for other in data[i + 1 :]):
                yield path, f"{data!r} has non-unique elements"
                return


_CHECKS = {
    "type": _type,
    "required": _required,
    "const": _const,
    "enum": _enum,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "minItems": _min_items,
    "uniqueItems": _unique_items,
}
