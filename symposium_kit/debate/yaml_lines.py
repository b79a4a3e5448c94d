"""Read a YAML file safely and remember the line of every key and item.

The C parser (when PyYAML has it) composes the document into nodes; this
module then builds plain JSON-like data from the nodes itself, in the same
walk that records the line of every path. That walk:

- builds only plain values: mappings, lists, strings, integers, floats,
  booleans and null. Any other tag (``!!python/object/...``, ``!!binary``,
  ``!custom``) is refused with its line, so a tag can never construct a
  Python object or run code;
- keeps mapping keys as the text written (``0:`` gives the key ``"0"``), as
  JSON would, and keeps dates such as ``2025-07-01`` as strings;
- reports a duplicate key, which PyYAML would otherwise keep silently;
- refuses aliases (``*name``): a debate file never needs them, and refusing
  them stops "billion laughs" expansions and self-referencing documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, field_path

MAX_YAML_BYTES = 2_000_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_KEPT_AS_TEXT = {_TAG + "timestamp"}
_SCALARS = {
    _TAG + "int": "int",
    _TAG + "float": "float",
    _TAG + "bool": "bool",
    _TAG + "null": "null",
}
_KEY_TAGS = frozenset({_STR, *_SCALARS, *_KEPT_AS_TEXT})
_NODE_KIND = {_MAP: "mapping", _SEQ: "sequence"}  # every other plain tag is a scalar
_PLAIN_TAGS = frozenset({_MAP, _SEQ, *_KEY_TAGS})


@dataclass
class ParsedYaml:
    """The data of a YAML file, the line of each path in it, and what went wrong."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one.

        Examples
        --------
        >>> p = parse_yaml(b"a:\\n  b: 1\\n", "f.yaml")
        >>> p.line_of(("a", "b")), p.line_of(("a", "b", "missing"))
        (2, 2)
        """
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _loader_class() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(raw: bytes, file: str) -> ParsedYaml:
    """Parse YAML bytes into plain data with a line index.

    Parameters
    ----------
    raw
        The file's bytes (UTF-8).
    file
        The name used in problems.

    Returns
    -------
    ParsedYaml
        ``data`` is None when the file could not be read at all; otherwise
        ``problems`` may still list duplicate keys or refused values.

    Examples
    --------
    >>> p = parse_yaml(b"a: 1\\nb:\\n  - x\\n  - y\\n", "f.yaml")
    >>> p.data, p.lines[("b", 1)], p.problems
    ({'a': 1, 'b': ['x', 'y']}, 4, [])
    >>> print(parse_yaml(b"a: 1\\na: 2\\n", "f.yaml").problems[0])
    f.yaml:2: a: duplicate key 'a' (first on line 1); keep one
    """
    import yaml

    if len(raw) > MAX_YAML_BYTES:
        msg = f"file is too large ({len(raw):,} bytes; the limit is {MAX_YAML_BYTES:,})"
        return ParsedYaml(None, problems=[Problem(file, 0, "", msg)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        return ParsedYaml(None, problems=[Problem(file, line, "", msg)])
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        msg = "file is empty; expected a YAML mapping (see symposium_kit/data/README.md)"
        return ParsedYaml(None, problems=[Problem(file, 1, "", msg)])

    loader = None
    try:
        loader = _loader_class()(text)
        node = loader.get_single_node()
        if node is None:  # only comments
            msg = "file holds no data; expected a YAML mapping (see symposium_kit/data/README.md)"
            return ParsedYaml(None, problems=[Problem(file, 1, "", msg)])
        parsed = ParsedYaml(None)
        parsed.data = _Builder(loader, parsed, file).build(node, (), 0)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, BEL, ...)
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        msg = f"the character U+{ord(char):04X} is not allowed in YAML text; remove it"
        return ParsedYaml(None, problems=[Problem(file, line, "", msg)])
    except yaml.MarkedYAMLError as exc:
        what = " ".join((exc.problem or "not valid YAML").split())
        # an unclosed quote or bracket runs to the end of the file: point at where it opened
        opened = exc.context_mark is not None and "end of stream" in what
        mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
        line = mark.line + 1 if mark else 1
        if opened and exc.context:
            what = f"{' '.join(exc.context.split())} that is never closed ({what})"
        return ParsedYaml(None, problems=[Problem(file, line, "", f"YAML error: {what}")])
    except yaml.YAMLError as exc:  # errors without a mark
        what = " ".join(str(exc).split())
        return ParsedYaml(None, problems=[Problem(file, 1, "", f"YAML error: {what}")])
    except RecursionError:  # the pure-Python composer on very deep nesting
        msg = f"nested deeper than {MAX_DEPTH} levels"
        return ParsedYaml(None, problems=[Problem(file, 1, "", msg)])
    finally:
        if loader is not None:
            loader.dispose()
    return parsed


class _Builder:
    """Builds plain data from composed nodes, indexing lines and refusing what is not plain."""

    def __init__(self, loader: Any, parsed: ParsedYaml, file: str):
        self.loader, self.parsed, self.file = loader, parsed, file
        self.seen: set[int] = set()

    def problem(self, line: int, path: Path_, message: str) -> None:
        self.parsed.problems.append(Problem(self.file, line, field_path(path), message))

    def build(self, node: Any, path: Path_, depth: int) -> Any:
        lines = self.parsed.lines
        if path not in lines:
            lines[path] = node.start_mark.line + 1
        if id(node) in self.seen:
            self.problem(
                lines[path], path, "YAML aliases (*name) are not allowed; write the value out"
            )
            return None
        self.seen.add(id(node))
        tag = node.tag
        expected = _NODE_KIND.get(tag, "scalar")
        if (
            tag in _PLAIN_TAGS and node.id != expected
        ):  # e.g. `!!map [1, 2]`, `!!seq foo`, `!!str {a: 1}`
            shown = tag.replace(_TAG, "!!")
            self.problem(
                lines[path],
                path,
                f"the YAML tag {shown!r} does not fit a {node.id} value; remove the tag",
            )
            return None
        if tag == _STR:
            return node.value
        if tag == _MAP:
            if depth >= MAX_DEPTH:
                self.problem(lines[path], path, f"nested deeper than {MAX_DEPTH} levels")
                return None
            return self.mapping(node, path, depth)
        if tag == _SEQ:
            if depth >= MAX_DEPTH:
                self.problem(lines[path], path, f"nested deeper than {MAX_DEPTH} levels")
                return None
            return [self.child(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if tag in _KEPT_AS_TEXT:
            return node.value
        kind = _SCALARS.get(tag)
        if kind is not None and isinstance(node.value, str):
            try:
                return getattr(self.loader, f"construct_yaml_{kind}")(node)
            except Exception:  # noqa: BLE001 - e.g. `!!int abc`, `!!int ''`, `!!float "-"`
                self.problem(
                    node.start_mark.line + 1, path, f"{node.value!r} is not a valid YAML {kind}"
                )
                return None
        shown = tag.replace(_TAG, "!!")
        self.problem(
            node.start_mark.line + 1,
            path,
            f"YAML tag {shown!r} is not allowed (only plain YAML: mappings, lists, text, numbers, "
            "true/false, null); remove the tag",
        )
        return None

    def child(self, node: Any, path: Path_, depth: int) -> Any:
        """:meth:`build`, with a shortcut for plain text (most of a debate file)."""
        if node.tag == _STR and node.id == "scalar" and id(node) not in self.seen:
            self.seen.add(id(node))
            if path not in self.parsed.lines:
                self.parsed.lines[path] = node.start_mark.line + 1
            return node.value
        return self.build(node, path, depth)

    def mapping(self, node: Any, path: Path_, depth: int) -> dict:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        lines = self.parsed.lines
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if id(key_node) in self.seen:  # an alias: the node is the anchored one, elsewhere
                line = value_node.start_mark.line + 1
                self.problem(line, path, "YAML aliases (*name) are not allowed; write the key out")
                continue
            self.seen.add(id(key_node))
            key = key_node.value
            if key_node.tag not in _KEY_TAGS or not isinstance(key, str):
                self.problem(line, path, "a key must be plain text (such as `id:`)")
                continue
            sub = path + (key,)
            if key in first_line:
                self.problem(
                    line, sub, f"duplicate key {key!r} (first on line {first_line[key]}); keep one"
                )
            first_line[key] = line
            lines[sub] = line
            out[key] = self.child(value_node, sub, depth + 1)
        return out
