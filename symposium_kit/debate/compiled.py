"""The compiled form of a debate: its resolved, validated data, keyed by a digest.

Loading a debate the full way parses the YAML with the line of every key, checks
it against the schema, splits the text into sections and anchors every quote.
Once that has passed, the result is the same every time the same files are
read, so it can be written down: ``debate.compiled.json`` beside
``debate.yaml`` holds the resolved data (every quote with its ``start`` and
``end``) and the paragraphs of every participant, with the digest of what it
was made from:

- the bytes of ``debate.yaml``,
- the bytes of the source text it names,
- the bytes of the JSON Schema the kit validates against,
- the kit's version (the loader's rules may change between versions).

:func:`symposium_kit.debate.load.load_debate` uses the compiled form only when
its digest equals the digest of the files as they are now; when anything
differs (an edited annotation, another schema, another kit), it loads the full
way and reports problems exactly as it always does, so a stale compiled file
can cost time but never hide a problem. The bundled debate's compiled form is
written by ``symposium-kit release`` and ``symposium-kit validate --compile``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .._version import __version__
from ..resources import data_dir

COMPILED_FILE = "debate.compiled.json"
FORMAT = 1


def digest(annotation: bytes, source: bytes) -> str:
    """The key of a compiled form: a SHA-256 of the files and rules it was made from.

    Examples
    --------
    >>> a = digest(b"id: x", b"text")
    >>> a == digest(b"id: x", b"text"), a == digest(b"id: y", b"text")
    (True, False)
    """
    h = hashlib.sha256()
    schema = (data_dir() / "schema" / "debate.schema.json").read_bytes()
    for part in (annotation, source, schema, __version__.encode()):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def read_compiled(folder: Path, annotation: bytes) -> tuple[dict, str, dict] | None:
    """The compiled form beside ``debate.yaml``, if it matches the files as they are now.

    Returns
    -------
    ``(data, text, paragraphs)``, or None when there is no compiled form, it cannot
    be read, or its digest differs (then the caller loads the full way).
    ``paragraphs`` maps a participant's id to ``[index, start, end]`` triples.
    """
    try:
        compiled = json.loads((folder / COMPILED_FILE).read_bytes())
        if compiled.get("format") != FORMAT:
            return None
        rel = compiled["source_file"]
        if not isinstance(rel, str) or Path(rel).is_absolute() or ".." in Path(rel).parts:
            return None
        source = (folder / rel).read_bytes()
        if compiled["digest"] != digest(annotation, source):
            return None
        return compiled["data"], source.decode("utf-8"), compiled["paragraphs"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_compiled(
    folder: Path, annotation: bytes, source_file: str, source: bytes, data: dict, paragraphs: dict
) -> Path:
    """Write ``debate.compiled.json`` into ``folder`` atomically (a reader never sees half of it)."""
    import tempfile  # not on the loading path: it costs more than reading the compiled form

    payload = {
        "format": FORMAT,
        "digest": digest(annotation, source),
        "kit_version": __version__,
        "source_file": source_file,
        "data": data,
        "paragraphs": paragraphs,
    }
    target = folder / COMPILED_FILE
    fd, tmp = tempfile.mkstemp(prefix=".compiled-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            out.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def is_current(folder: Path) -> bool:
    """Whether ``folder`` has a compiled form that matches its files as they are now."""
    try:
        annotation = (folder / "debate.yaml").read_bytes()
    except OSError:
        return False
    return read_compiled(folder, annotation) is not None


__all__ = ["COMPILED_FILE", "digest", "is_current", "read_compiled", "write_compiled"]
