"""Read a YAML file safely and remember the line of every key and item.

Only YAML's safe types are built (no Python objects from tags); a duplicate
key, which PyYAML would otherwise keep silently, is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, field_path

MAX_YAML_BYTES = 2_000_000

Path_ = tuple[Any, ...]


@dataclass
class ParsedYaml:
    """The data of a YAML file, the line of each path in it, and what went wrong."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _loader_class():
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

    Examples
    --------
    >>> p = parse_yaml(b"a: 1\\nb:\\n  - x\\n  - y\\n", "f.yaml")
    >>> p.data, p.lines[("b", 1)], p.problems
    ({'a': 1, 'b': ['x', 'y']}, 4, [])
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
    if not text.strip():
        msg = "file is empty; expected a YAML mapping (see the data README)"
        return ParsedYaml(None, problems=[Problem(file, 1, "", msg)])

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = (exc.problem or "not valid YAML").strip()
        if "constructor for the tag" in what:
            what += " (only plain YAML is allowed: tags that build objects are refused)"
        return ParsedYaml(None, problems=[Problem(file, line, "", f"YAML error: {what}")])
    except yaml.YAMLError as exc:  # errors without a mark
        return ParsedYaml(None, problems=[Problem(file, 1, "", f"YAML error: {exc}")])
    finally:
        loader.dispose()

    parsed = ParsedYaml(data)
    _index(node, (), parsed, file)
    return parsed


def _index(node: Any, path: Path_, parsed: ParsedYaml, file: str) -> None:
    import yaml

    parsed.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                parsed.problems.append(
                    Problem(
                        file,
                        line,
                        field_path(path + (key,)),
                        f"duplicate key {key!r} (first on line {seen[key]}); keep one",
                    )
                )
            seen[key] = line
            parsed.lines[path + (key,)] = line
            _index(value_node, path + (key,), parsed, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), parsed, file)
