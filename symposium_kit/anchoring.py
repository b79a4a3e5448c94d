"""Split a source text into participants' sections and find quotes in it.

The text's layout: the editors' paragraphs, a separator line (such as
``Comments``), then for each contributor a line with their name followed by
one paragraph per line. Quotes are found by exact match (code points) inside
the section of the participant they are attributed to.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .model import Paragraph

_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


@dataclass(frozen=True)
class Heading:
    """A line of the source that is not a paragraph: a name or the separator."""

    line: int  # 1-based
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """The lines of ``text`` as ``(start, end, line)``; ``end`` excludes the newline.

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


def line_number(text: str, offset: int) -> int:
    """The 1-based line of a code-point offset."""
    return text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Sections:
    """The paragraphs of every participant, and the lines that head sections."""

    paragraphs: dict[str, tuple[Paragraph, ...]]
    headings: tuple[Heading, ...]
    missing: tuple[str, ...]  # contributor ids whose name line was not found


def split_sections(
    text: str, editors: str | None, contributors: list[tuple[str, str]], separator: str | None
) -> Sections:
    """Assign every non-empty line of ``text`` to a participant.

    Parameters
    ----------
    text
        The source text.
    editors
        The editors' participant id, or None when the text has no introduction.
    contributors
        ``(id, name)`` pairs; each name is the line that opens a section.
    separator
        The line that closes the introduction, or None.
    """
    lines = split_lines(text)
    by_name = {name.strip(): pid for pid, name in contributors}
    starts: dict[int, str] = {}
    headings: list[Heading] = []
    sep_index = None
    for i, (s, e, line) in enumerate(lines):
        stripped = line.strip()
        if separator is not None and sep_index is None and stripped == separator.strip():
            sep_index = i
            headings.append(Heading(i + 1, s, e, line))
        elif stripped in by_name and by_name[stripped] not in starts.values():
            starts[i] = by_name[stripped]
            headings.append(Heading(i + 1, s, e, line))
    paragraphs: dict[str, list[Paragraph]] = {pid: [] for pid, _ in contributors}
    if editors:
        paragraphs[editors] = []
    owner = editors
    for i, (s, e, line) in enumerate(lines):
        if i == sep_index:
            owner = None
            continue
        if i in starts:
            owner = starts[i]
            continue
        if not line.strip() or owner is None:
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line.rstrip())
        paras = paragraphs[owner]
        paras.append(Paragraph(owner, len(paras), s + lead, s + trail, line.strip()))
    missing = tuple(pid for pid, _ in contributors if pid not in starts.values())
    return Sections(
        {k: tuple(v) for k, v in paragraphs.items()}, tuple(headings), missing
    )


@dataclass(frozen=True)
class Found:
    """Where a quote was found, or why it was not."""

    start: int = -1
    end: int = -1
    error: str = ""


def find_quote(
    text: str,
    quote: str,
    participant: str,
    sections: Sections,
    occurrence: int | None = None,
    names: dict[str, str] | None = None,
) -> Found:
    """Find ``quote`` inside ``participant``'s section.

    Returns a :class:`Found` with offsets, or with ``error`` saying what is
    wrong: absent (with the closest passage), ambiguous without a hint, out of
    range, or written by someone else.

    Examples
    --------
    >>> s = split_sections("Intro.\\nComments\\nAnn\\nYes. Yes.", "ed", [("ann", "Ann")], "Comments")
    >>> find_quote("Intro.\\nComments\\nAnn\\nYes. Yes.", "Yes.", "ann", s, occurrence=2)
    Found(start=25, end=29, error='')
    """
    names = names or {}
    hits = []
    for para in sections.paragraphs.get(participant, ()):
        pos = para.text.find(quote)
        while pos != -1:
            hits.append(para.start + pos)
            pos = para.text.find(quote, pos + 1)
    if hits:
        if occurrence is None and len(hits) > 1:
            lines = ", ".join(str(line_number(text, h)) for h in hits)
            return Found(
                error=f"quote occurs {len(hits)} times in {participant}'s section "
                f"(source lines {lines}); add `occurrence: N` or quote more words"
            )
        n = occurrence or 1
        if n > len(hits):
            return Found(error=f"occurrence {n} asked, but the quote occurs {len(hits)} time(s)")
        return Found(hits[n - 1], hits[n - 1] + len(quote))

    for other, paras in sections.paragraphs.items():
        if other == participant:
            continue
        for para in paras:
            pos = para.text.find(quote)
            if pos != -1:
                who = names.get(other, other)
                return Found(
                    error=f"quote is by {who} ({other}, source line "
                    f"{line_number(text, para.start + pos)}), not by {participant}"
                )
    if quote in text:
        return Found(error=f"quote is in a heading or between sections, not in {participant}'s text")
    return Found(error=_not_found_message(text, quote, participant, sections))


def _not_found_message(text: str, quote: str, participant: str, sections: Sections) -> str:
    norm_quote = quote.translate(_PUNCT)
    for para in sections.paragraphs.get(participant, ()):
        pos = para.text.translate(_PUNCT).find(norm_quote)
        if pos != -1:
            exact = para.text[pos : pos + len(quote)]
            return (
                "quote differs from the text only in quote marks or dashes; "
                f"copy it exactly: {exact!r}"
            )
    closest = closest_passage(quote, sections.paragraphs.get(participant, ()))
    if closest:
        return f"quote not found in {participant}'s text; closest passage: {closest!r}"
    return f"quote not found in {participant}'s text"


def closest_passage(quote: str, paragraphs: tuple[Paragraph, ...]) -> str:
    """The run of words in ``paragraphs`` most like ``quote`` (empty if none is close)."""
    n = max(1, len(quote.split()))
    candidates: list[str] = []
    for para in paragraphs:
        words = re.findall(r"\S+", para.text)
        for i in range(max(1, len(words) - n + 1)):
            candidates.append(" ".join(words[i : i + n]))
    best = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.45)
    return best[0] if best else ""
