"""Notebooks validated as data, without importing nbformat.

``collect`` reads every hand-in notebook as JSON and checks it against the
notebook format's JSON Schema. ``nbformat.validate`` would do that, but
importing nbformat costs about 1.5 s (its jsonschema pulls in format checkers
that build a grammar at import), more than collecting a thousand hand-ins. The
schemas of nbformat 4.4 and 4.5 (the ones nbformat ships) are compiled ahead of
time by fastjsonschema into ``_nbformat44_fast.py`` and ``_nbformat45_fast.py``;
a test proves that they equal what :func:`validator_source` writes from
nbformat's own schema files, and that they agree with ``nbformat.validate``.

To regenerate them after upgrading nbformat::

    python -c "import symposium_kit.classroom.nbschema as m; m.regenerate()"
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

MINORS = (4, 5)  # nbformat 4.x schemas compiled ahead of time
_HEADER = """# GENERATED FILE: do not edit by hand.
# The JSON Schema of nbformat {version}, as nbformat ships it, compiled by
# fastjsonschema.compile_to_code; see symposium_kit/classroom/nbschema.py.
# tests/classroom/test_nbschema.py fails when nbformat's schema file differs from
# the one this was compiled from (SCHEMA_SHA256).
# ruff: noqa
# fmt: off
"""


class NotebookInvalid(ValueError):
    """A notebook that does not match its format's schema; the message says where."""


def _module_name(minor: int) -> str:
    return f"_nbformat4{minor}_fast"


def validate_notebook(data: Any) -> None:
    """Check ``data`` (a parsed ``.ipynb``) against the nbformat 4 schema of its minor version.

    Minor versions below 4.5 are checked against 4.4, later ones against 4.5.

    Raises
    ------
    NotebookInvalid
        With fastjsonschema's message (which names the field).

    Examples
    --------
    >>> validate_notebook({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})
    >>> validate_notebook({"nbformat": 4, "nbformat_minor": 5, "cells": []})
    Traceback (most recent call last):
    ...
    symposium_kit.classroom.nbschema.NotebookInvalid: data must contain ['metadata'] properties
    """
    minor = data.get("nbformat_minor", 0) if isinstance(data, dict) else 0
    chosen = 5 if isinstance(minor, int) and minor >= 5 else 4
    try:
        _validator(chosen)(data)
    except ValueError as exc:  # fastjsonschema.JsonSchemaValueException
        raise NotebookInvalid(str(exc).splitlines()[0][:200]) from None
    except RecursionError:
        raise NotebookInvalid("nested too deeply to be a notebook") from None


_validators: dict[int, Callable[[Any], Any]] = {}


def _validator(minor: int) -> Callable[[Any], Any]:
    if minor not in _validators:
        module = importlib.import_module(f"{__package__}.{_module_name(minor)}")
        _validators[minor] = module.validate
    return _validators[minor]


def validator_source(minor: int) -> str:
    """The source of ``_nbformat4{minor}_fast.py``, from the schema file nbformat ships."""
    import json
    import re

    import fastjsonschema
    import nbformat

    schema_file = Path(nbformat.__file__).parent / "v4" / f"nbformat.v4.{minor}.schema.json"
    raw = schema_file.read_bytes()
    code = fastjsonschema.compile_to_code(json.loads(raw))
    if not re.search(r"^def validate\(", code, re.M):
        raise RuntimeError("fastjsonschema's generated code changed; update validator_source()")
    header = _HEADER.format(version=f"4.{minor}")
    return header + f'SCHEMA_SHA256 = "{schema_sha256(minor)}"\n' + code.rstrip() + "\n"


def schema_sha256(minor: int) -> str:
    """The SHA-256 of nbformat's own schema file for 4.``minor`` (imports nbformat)."""
    import hashlib

    import nbformat

    schema_file = Path(nbformat.__file__).parent / "v4" / f"nbformat.v4.{minor}.schema.json"
    return hashlib.sha256(schema_file.read_bytes()).hexdigest()


def regenerate() -> list[Path]:
    """Rewrite the compiled validators from nbformat's schema files; returns their paths."""
    written = []
    for minor in MINORS:
        target = Path(__file__).with_name(_module_name(minor) + ".py")
        target.write_text(validator_source(minor), encoding="utf-8")
        written.append(target)
    return written
