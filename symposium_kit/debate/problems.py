"""Problems found in a debate folder, each with its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a debate folder.

    ``line`` is 1-based (0 when the problem is about the file as a whole) and
    ``field`` is a path such as ``claims[3].supports[0]``.

    Examples
    --------
    >>> str(Problem("debate.yaml", 12, "claims[0].quote", "not found"))
    'debate.yaml:12: claims[0].quote: not found'
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(file)'}: {self.message}"


class DebateError(ValueError):
    """A debate folder that does not load; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the debate:\n{lines}")


def field_path(path: tuple[str | int, ...]) -> str:
    """Write a path of keys and indexes the way problems show it.

    Examples
    --------
    >>> field_path(("claims", 3, "supports", 0))
    'claims[3].supports[0]'
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
