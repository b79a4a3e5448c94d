"""How a symposium's text is laid out, and its split into participants' paragraphs.

A layout says three things (the ``layout`` section of ``debate.yaml``):

``separator``
    The line that ends the editors' introduction (``Comments``, ``Responses``)
    or ``None`` when the first contribution follows the introduction directly.
``headings``
    ``line``: each contribution starts with the contributor's name on a line
    of its own (an affiliation line may follow, if the participant's
    ``affiliation`` says so); ``inline``: it starts with ``Name:`` at the head
    of its first paragraph.
``paragraphs``
    ``lines``: one paragraph per line; ``blocks``: paragraphs are separated by
    blank lines and may be wrapped over several lines.
``skip_lines``
    Whole lines before the first contribution that are nobody's paragraph: a
    title, a series line ("A ChinaFile Conversation"), the editors' signature
    on a line of its own ("—The Editors").

A contributor's name line may end with a colon (``Ann Lee:``) in the ``line``
layout.

Offsets are code points into the text; a paragraph's ``text`` is exactly
``text[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Paragraph

SEPARATORS = ("Comments", "Responses", "Replies", "Contributions", "Reactions")


@dataclass(frozen=True)
class Layout:
    separator: str | None = "Comments"
    headings: str = "line"  # "line" | "inline"
    paragraphs: str = "lines"  # "lines" | "blocks"
    skip_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A line (or line head) that is not paragraph text: a name, an affiliation or the separator."""

    line: int  # 1-based
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Contributor:
    id: str
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class Sections:
    """The paragraphs of every participant, and the lines that head sections."""

    paragraphs: dict[str, tuple[Paragraph, ...]]
    headings: tuple[Heading, ...]
    missing: tuple[str, ...]  # contributor ids whose heading was not found


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """The lines of ``text`` as ``(start, end, line)``; ``end`` excludes ``\\n`` (a ``\\r`` stays).

    Examples
    --------
    >>> split_lines("ab\\ncd")
    [(0, 2, 'ab'), (3, 5, 'cd')]
    """
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _strip_span(line: str, start: int) -> tuple[int, int]:
    """The span of ``line`` (starting at ``start``) without surrounding white space or a BOM."""
    lead = len(line) - len(line.lstrip("\ufeff \t\r"))
    trail = len(line.rstrip(" \t\r"))
    return start + lead, start + max(lead, trail)


def inline_heading(line: str, names: dict[str, str]) -> tuple[str, int] | None:
    """If ``line`` opens with ``Name:``, the name's id and the offset just past the colon and spaces.

    Examples
    --------
    >>> inline_heading("Ann Lee: I disagree.", {"Ann Lee": "lee"})
    ('lee', 9)
    """
    for name, pid in names.items():
        head = line.lstrip("\ufeff \t")
        if head.startswith(name) and head[len(name) :].startswith(":"):
            rest = head[len(name) + 1 :]
            return pid, len(line) - len(rest) + (len(rest) - len(rest.lstrip()))
    return None


def segment(
    text: str, layout: Layout, editors: str | None, contributors: list[Contributor]
) -> Sections:
    """Assign the text's paragraphs to participants.

    Parameters
    ----------
    text
        The source text (``\\n`` or ``\\r\\n`` line ends).
    layout
        How the text is laid out.
    editors
        The editors' participant id, or None when the text has no introduction.
    contributors
        The contributors; their names open their sections.

    Examples
    --------
    >>> s = segment("Intro.\\nComments\\nAnn\\nYes.\\nNo.", Layout(), "ed", [Contributor("ann", "Ann")])
    >>> [(p.participant, p.text) for ps in s.paragraphs.values() for p in ps]
    [('ann', 'Yes.'), ('ann', 'No.'), ('ed', 'Intro.')]
    """
    names = {c.name.strip(): c.id for c in contributors}
    skip = {ln.strip() for ln in layout.skip_lines}
    affiliations = {c.id: c.affiliation.strip() for c in contributors if c.affiliation}
    paragraphs: dict[str, list[Paragraph]] = {c.id: [] for c in contributors}
    if editors:
        paragraphs[editors] = []
    headings: list[Heading] = []
    started: set[str] = set()
    owner = editors
    expect_affiliation: str | None = None
    seen_separator = False
    block: list[tuple[int, int]] = []  # spans of the paragraph being built (blocks layout)

    def close_block() -> None:
        if block and owner is not None:
            s, e = block[0][0], block[-1][1]
            paras = paragraphs[owner]
            paras.append(Paragraph(owner, len(paras), s, e, text[s:e]))
        block.clear()

    for i, (ls, le, line) in enumerate(split_lines(text)):
        stripped = line.strip(" \t\r\ufeff")
        if not stripped:
            close_block()
            continue
        if (
            layout.separator is not None
            and not seen_separator
            and stripped == layout.separator.strip()
        ):
            close_block()
            seen_separator = True
            owner = None
            headings.append(Heading(i + 1, ls, le, line))
            continue
        if not started and stripped in skip:
            close_block()
            headings.append(Heading(i + 1, ls, le, line))
            continue
        if expect_affiliation is not None:
            pid, expect_affiliation = expect_affiliation, None
            if stripped == affiliations.get(pid):
                headings.append(Heading(i + 1, ls, le, line))
                continue
        name = _name_line(stripped, names) if layout.headings == "line" else None
        if name is not None and names[name] not in started:
            close_block()
            owner = names[name]
            started.add(owner)
            expect_affiliation = owner if owner in affiliations else None
            headings.append(Heading(i + 1, ls, le, line))
            continue
        span_start = ls
        if layout.headings == "inline":
            hit = inline_heading(line, names)
            if hit and hit[0] not in started:
                close_block()
                owner = hit[0]
                started.add(owner)
                headings.append(Heading(i + 1, ls, ls + hit[1], line[: hit[1]]))
                span_start = ls + hit[1]
        if owner is None:
            continue
        s, e = _strip_span(text[span_start:le], span_start)
        if layout.paragraphs == "blocks":
            block.append((s, e))
        else:
            paras = paragraphs[owner]
            paras.append(Paragraph(owner, len(paras), s, e, text[s:e]))
    close_block()
    missing = tuple(c.id for c in contributors if c.id not in started)
    return Sections({k: tuple(v) for k, v in paragraphs.items()}, tuple(headings), missing)


def _name_line(stripped: str, names: dict[str, str]) -> str | None:
    """The name that ``stripped`` is (``Ann Lee`` or ``Ann Lee:``), if it is one of ``names``."""
    if stripped in names:
        return stripped
    bare = stripped[:-1].rstrip() if stripped.endswith(":") else None
    return bare if bare in names else None


_PARTICLES = frozenset(
    "de da di del della dos das du la le van von der den ten ter zu bin ibn ben y".split()
)
_NAME_REST = re.compile(r"^[\w'’.-]*$")


def _name_word(w: str) -> bool:
    """A capitalised word (any script with case: ``Łukasz``, ``Øyvind``), an initial or a particle."""
    if w in _PARTICLES or (w.startswith(("al-", "el-")) and len(w) > 3):
        return True
    return w[0].isupper() and w[0].isalpha() and bool(_NAME_REST.match(w[1:]))


def looks_like_name(line: str) -> bool:
    """A short line of capitalised words with no sentence punctuation (e.g. ``Stephen S. Roach``).

    Examples
    --------
    >>> looks_like_name("Stephen S. Roach"), looks_like_name("Yes, he has."), looks_like_name("Comments")
    (True, False, False)
    """
    s = line.strip(" \t\r\ufeff")
    words = s.split()
    if not 2 <= len(words) <= 5 or s[-1] in '.?!:;,”"' or s in SEPARATORS:
        return False
    return all(_name_word(w) for w in words) and any(w[0].isupper() for w in words)
