"""Find quotes in the source text, inside the section of the participant they are attributed to.

Quotes are found by exact match (code points, half-open offsets) among the
participant's paragraphs, which :mod:`symposium_kit.debate.layout` splits from the
text. When a quote is not found, the error says why: repeated words without
an ``occurrence``, another participant's words, quote marks or dashes that
differ, or the closest passage there is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layout import Contributor, Layout, segment
from .model import Paragraph

if TYPE_CHECKING:  # pragma: no cover
    from .layout import Sections

_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def line_number(text: str, offset: int) -> int:
    """The 1-based line of a code-point offset.

    Examples
    --------
    >>> line_number("a\\nb", 2)
    2
    """
    return text.count("\n", 0, offset) + 1


def split_sections(
    text: str, editors: str | None, contributors: list[tuple[str, str]], separator: str | None
) -> Sections:
    """Assign every paragraph line of ``text`` to a participant (the default layout).

    A shortcut for :func:`symposium_kit.debate.layout.segment` with names on their
    own lines and one paragraph per line, which the loader uses with the
    layout that ``debate.yaml`` gives.

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
    people = [Contributor(pid, name) for pid, name in contributors]
    return segment(text, Layout(separator, "line", "lines"), editors, people)


@dataclass(frozen=True)
class Found:
    """Where a quote was found, or why it was not."""

    start: int = -1
    end: int = -1
    error: str = ""
    field: str = "quote"  # the annotation field the error is about


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
    >>> text = "Intro.\\nComments\\nAnn\\nYes. Yes."
    >>> s = split_sections(text, "ed", [("ann", "Ann")], "Comments")
    >>> find_quote(text, "Yes.", "ann", s, occurrence=2)
    Found(start=25, end=29, error='', field='quote')
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
            where = sorted({line_number(text, h) for h in hits})
            lines = ("line " if len(where) == 1 else "lines ") + ", ".join(map(str, where))
            return Found(
                error=f"quote occurs {len(hits)} times in {participant}'s section "
                f"(source {lines}); add `occurrence: N` (1 to {len(hits)}) or quote more words"
            )
        n = occurrence or 1
        if n > len(hits):
            return Found(
                error=f"occurrence {n} asked, but the quote occurs {len(hits)} time(s) "
                f"in {participant}'s section",
                field="occurrence",
            )
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
    at = text.find(quote)
    if at != -1:
        return Found(error=_outside_message(text, at, quote, participant, sections))
    return Found(error=_not_found_message(text, quote, participant, sections))


def _outside_message(text: str, at: int, quote: str, participant: str, sections: Sections) -> str:
    """Why words that are in the text are in nobody's paragraph."""
    line = line_number(text, at)
    for h in sections.headings:
        if h.start < at + len(quote) and at < h.end:
            return (
                f"quote takes in the heading on source line {h.line} ({h.text.strip()!r}); "
                f"quote {participant}'s own words"
            )
    owned = any(p.start <= at < p.end for paras in sections.paragraphs.values() for p in paras)
    if owned:
        return f"quote runs across two paragraphs (from source line {line}); quote within one"
    return (
        f"quote is on source line {line}, which lies in no participant's section; "
        "check that the line with the separator or the contributor's name is in place"
    )


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
    import difflib  # only needed when a quote is wrong

    best = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.45)
    return best[0] if best else ""
