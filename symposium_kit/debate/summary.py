"""A plain-text summary of a debate, for ``symposium-kit show``."""

from __future__ import annotations

import textwrap

from .model import Debate


def summary_text(debate: Debate, width: int = 88) -> str:
    """Summarise a debate: source, question, and each contributor's position.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> print(summary_text(load_debate()).splitlines()[0])
    How Much Has Trump Changed His Position on China?
    """
    d = debate
    lines = [d.title, "=" * len(d.title), d.source.attribution, ""]
    if d.question is not None:
        asker = d.participant(d.question.participant).name
        lines += [f"Question ({asker}): {d.question.quote}", ""]
    for p in d.contributors:
        head = f"{p.name}: {len(p.paragraphs)} paragraphs, {p.word_count} words"
        try:
            pos = d.position(p.id)
        except KeyError:
            lines += [head, "  (no position recorded)", ""]
            continue
        value = f"{pos.stance:+d}" if pos.stance else "0"
        stance = f"stance {value} ({d.stance_label(pos.stance)}), {pos.framing} the framing"
        lines.append(head)
        lines.append(f"  {stance}")
        lines += textwrap.wrap(pos.summary, width, initial_indent="  ", subsequent_indent="  ")
        lines.append("")
    shared = d.shared_evidence()
    lines.append(
        f"{len(d.claims)} claims, {len(d.evidence)} evidence items ({len(shared)} cited by two or "
        f"more participants), {len(d.predictions)} predictions, {len(d.events)} dated events."
    )
    return "\n".join(lines)
