"""Quotes in context and contributor cards, as Markdown (and HTML) text.

These are plain functions: they return text, so they work in a notebook
(where the text shows as formatted Markdown), in a terminal, and inside the
widgets of :mod:`symposium_kit.views.picker`, which wrap them. A quote is
always shown within its sentence, in bold between English quotation marks “…”, and attributed to its author,
so that a reader sees what was said, by whom, and how it was put.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Union

from ..debate.model import Anchor, Citation, Claim, Debate


class MarkdownText(str):
    """A string that a notebook shows as formatted Markdown.

    It is an ordinary ``str`` (it can be printed, compared, searched); in
    Jupyter its ``_repr_markdown_`` makes it render as Markdown, and its plain
    text form is the Markdown source itself.

    Examples
    --------
    >>> t = MarkdownText("**bold**")
    >>> t == "**bold**", t._repr_markdown_()
    (True, '**bold**')
    """

    def _repr_markdown_(self) -> str:
        return str(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython's plain-text form
        p.text(str(self))


Quotable = Union[Anchor, Claim, Citation]  # noqa: UP007 - a runtime alias; | needs 3.10 types

#: Sentences shorter than this (in characters) are shown with one neighbour on each side.
SHORT_SENTENCE = 40


def _md_escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(ch, "\\" + ch)
    return text


def locate_quote(debate: Debate, participant: str, quote: str) -> Anchor:
    """Find ``quote`` (exact words) in a participant's text and return it as an :class:`Anchor`.

    Raises
    ------
    ValueError
        Saying whose text was searched and what to do, when the quote is not there.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> a = locate_quote(d, "Hass", "Probably not.")
    >>> a.participant, d.quote(a)
    ('hass', 'Probably not.')
    """
    p = debate.participant(participant)
    for para in p.paragraphs:
        pos = para.text.find(quote)
        if pos != -1:
            return Anchor(p.id, quote, para.start + pos, para.start + pos + len(quote))
    raise ValueError(
        f"the words {quote!r} are not in {p.name}'s text; copy them exactly from the text "
        "(curly quotes ’ “ ” and dashes — included)"
    )


def _anchor_of(debate: Debate, item: Quotable | str, quote: str | None) -> tuple[Anchor, str]:
    if isinstance(item, Claim):
        return item.anchor, ""
    if isinstance(item, Citation):
        return item.anchor, item.use
    if isinstance(item, Anchor):
        return item, ""
    if isinstance(item, str) and quote is not None:
        return locate_quote(debate, item, quote), ""
    raise TypeError(
        "quote_card needs an Anchor, a Claim, a Citation, or a participant and the quoted words, "
        "e.g. quote_card(debate, 'hass', 'Probably not.')"
    )


def _marked(quote: str) -> str:
    """A quote between English quotation marks, unless it already opens or closes with one.

    Examples
    --------
    >>> _marked("Probably not."), _marked("“Trump is surrendering,” Brands wrote")
    ('“Probably not.”', '“Trump is surrendering,” Brands wrote')
    """
    if quote.startswith(("“", '"', "‘")) or quote.endswith(("”", '"', "’")):
        return quote
    return f"“{quote}”"


@dataclass(frozen=True)
class QuoteInContext:
    """A quote with the text around it and its author."""

    before: str
    quote: str
    after: str
    name: str
    note: str = ""

    def markdown(self) -> str:
        body = f"{_md_escape(self.before)}**{_marked(_md_escape(self.quote))}**{_md_escape(self.after)}"
        line = f"> {body}\n>\n> — {_md_escape(self.name)}"
        if self.note:
            line += f"\n\n*How it is used:* {_md_escape(self.note)}"
        return line

    def html(self) -> str:
        e = html.escape
        quote = f"<strong>{_marked(e(self.quote, False))}</strong>"
        body = f"{e(self.before, False)}{quote}{e(self.after, False)}"
        out = f"<blockquote>{body}<br>— {e(self.name, False)}</blockquote>"
        if self.note:
            out += f"<p><em>How it is used:</em> {e(self.note, False)}</p>"
        return out


def quote_in_context(
    debate: Debate, anchor: Anchor, neighbours: int = 0, note: str = ""
) -> QuoteInContext:
    """The sentence(s) around ``anchor``, split into the parts before, in and after the quote.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> q = quote_in_context(d, d.question)
    >>> q.quote, q.name
    ('Has the President “gone soft”?', 'The Editors')
    """
    start, end = debate.sentence_span(anchor.start, anchor.end, neighbours)
    text = debate.source.text
    name = debate.participant(anchor.participant).name
    return QuoteInContext(
        before=text[start : anchor.start],
        quote=text[anchor.start : anchor.end],
        after=_without_signature(text[anchor.end : end], name),
        name=name,
        note=note,
    )


def _without_signature(after: str, name: str) -> str:
    """The text after a quote without the author's own sign-off ("—The Editors").

    The card attributes the quote itself, so the signature would show twice.

    Examples
    --------
    >>> _without_signature(" And, if so? —The Editors", "The Editors")
    ' And, if so?'
    """
    stripped = after.rstrip()
    for dash in ("—", "– ", "— ", "-"):
        if stripped.endswith(dash + name):
            return stripped[: -len(dash + name)].rstrip()
    return after


def quote_card(
    debate: Debate,
    item: Quotable | str | Iterable[Quotable],
    quote: str | None = None,
    neighbours: int = 0,
) -> MarkdownText:
    """A quote shown within its sentence and attributed: "… “quote” … — Name".

    Parameters
    ----------
    debate
        A loaded debate.
    item
        What to quote: an :class:`Anchor`, a :class:`Claim` (its quote), a
        :class:`Citation` (its quote, plus how it is used), a list of these
        (one card each), or a participant (id or name) with ``quote``.
    quote
        The exact words to find in the participant's text, when ``item`` is a participant.
    neighbours
        How many further sentences of the same paragraph to show on each side
        (a sentence shorter than :data:`SHORT_SENTENCE` characters gets one).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> card = quote_card(d, "hass", "Probably not.")
    >>> print(card.splitlines()[-1])
    > — Ryan Hass
    >>> "Will Trump’s shift on China be enduring? **“Probably not.”**" in card
    True
    """
    if not isinstance(item, (str, Anchor, Claim, Citation)):
        return MarkdownText("\n\n".join(_cards_of_list(debate, list(item), neighbours)))
    anchor, note = _anchor_of(debate, item, quote)
    if neighbours == 0:
        # a very short sentence ("Probably not.") needs its neighbours to make sense
        start, end = debate.sentence_span(anchor.start, anchor.end)
        if end - start < SHORT_SENTENCE:
            neighbours = 1
    return MarkdownText(quote_in_context(debate, anchor, neighbours, note).markdown())


def _cards_of_list(debate: Debate, items: list, neighbours: int) -> list[str]:
    """One card per item, except that quotes of one sentence (without notes) share a card."""
    cards: list[str] = []
    group: list[Anchor] = []
    group_span: tuple[int, int] | None = None

    def flush() -> None:
        if len(group) == 1:
            cards.append(quote_card(debate, group[0], neighbours=neighbours))
        elif group:
            cards.append(_shared_sentence_card(debate, group, group_span))

    for one in items:
        anchor, note = _anchor_of(debate, one, None)
        span = debate.sentence_span(anchor.start, anchor.end, neighbours)
        if not note and group and group_span == span and group[0].participant == anchor.participant:
            group.append(anchor)
            continue
        flush()
        group, group_span = ([anchor], span) if not note else ([], None)
        if note:
            cards.append(quote_card(debate, one, neighbours=neighbours))
    flush()
    return cards


def _shared_sentence_card(
    debate: Debate, anchors: list[Anchor], span: tuple[int, int] | None
) -> str:
    """One card for several quotes of the same sentence, each marked “…”."""
    assert span is not None
    merged: list[list[int]] = []
    for a in sorted(anchors, key=lambda a: a.start):
        if merged and a.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], a.end)
        else:
            merged.append([a.start, a.end])
    text = debate.source.text
    pos, body = span[0], ""
    for start, end in merged:
        body += _md_escape(text[pos:start]) + f"**{_marked(_md_escape(text[start:end]))}**"
        pos = end
    body += _md_escape(text[pos : span[1]])
    name = debate.participant(anchors[0].participant).name
    return f"> {body}\n>\n> — {_md_escape(name)}"


# -- contributor cards ----------------------------------------------------


def _card_parts(debate: Debate, participant: str) -> dict:
    """What a contributor card shows; missing annotations give empty parts, not errors."""
    p = debate.participant(participant)
    pos = next((x for x in debate.positions if x.participant == p.id), None)
    theses = debate.claims_by(p.id, "thesis")
    thesis = theses[0] if theses else None
    reasons = sorted(debate.claims_by(p.id, "reason"), key=lambda c: c.anchor.start)
    seen = {(thesis.anchor.start, thesis.anchor.end)} if thesis else set()
    quotes = []
    for a in pos.quotes if pos else ():
        if (a.start, a.end) not in seen:
            seen.add((a.start, a.end))
            quotes.append(quote_in_context(debate, a))
    return {
        "name": p.name,
        "answer": (pos.answer or debate.stance_label(pos.stance)) if pos else "",
        "stance": pos.stance if pos else None,
        "label": debate.stance_label(pos.stance) if pos else "",
        "framing": pos.framing if pos else "",
        "thesis": quote_in_context(debate, thesis.anchor) if thesis else None,
        "reasons": [(c.text, c.anchor.quote) for c in reasons],
        "quotes": quotes,
    }


_FRAMING_TEXT = {
    "accepts": "accepts the editors' question and answers it",
    "reframes": "reframes the editors' question",
    "rejects": "rejects the editors' question",
}


def _stance_text(parts: dict) -> str:
    if parts["stance"] is None:
        return "no position on the stance scale is recorded yet"
    value = f"{parts['stance']:+d}" if parts["stance"] else "0"
    framing = _FRAMING_TEXT.get(parts["framing"], parts["framing"])
    return f"stance {value} on the scale (“{parts['label']}”); {framing}"


def contributor_card(debate: Debate, participant: str) -> MarkdownText:
    """A contributor's answer, thesis, reasons and position quotes, as Markdown.

    The thesis and the quotes that fix the position are shown within their
    sentences; each reason is the annotators' paraphrase followed by the
    contributor's own words. Works without widgets: in a notebook the result
    shows as formatted text, elsewhere it is plain Markdown.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> d = load_debate()
    >>> card = contributor_card(d, "mcgregor")
    >>> card.splitlines()[0]
    '### James McGregor: “has not gone soft”'
    >>> d.thesis("mcgregor").anchor.quote in card
    True
    """
    parts = _card_parts(debate, participant)
    answer = f": “{_md_escape(parts['answer'])}”" if parts["answer"] else ""
    lines = [f"### {_md_escape(parts['name'])}{answer}", "", f"*{_stance_text(parts)}.*", ""]
    if parts["thesis"]:
        lines += ["**Thesis**, in its sentence:", "", parts["thesis"].markdown(), ""]
    if parts["reasons"]:
        lines += ["**Reasons** (a paraphrase, then the contributor's own words):", ""]
        for i, (text, quote) in enumerate(parts["reasons"], 1):
            lines.append(f"{i}. {_md_escape(text)} — *“{_md_escape(quote)}”*")
        lines.append("")
    if parts["quotes"]:
        lines += ["**Other quotes that fix the position**, in context:", ""]
        for q in parts["quotes"]:
            lines += [q.markdown(), ""]
    return MarkdownText("\n".join(lines).rstrip() + "\n")


def contributor_card_html(debate: Debate, participant: str) -> str:
    """The same card as :func:`contributor_card`, as HTML (for the picker widget).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> contributor_card_html(load_debate(), "hass").startswith("<h3>Ryan Hass")
    True
    """
    e = html.escape
    parts = _card_parts(debate, participant)
    answer = f": “{e(parts['answer'], False)}”" if parts["answer"] else ""
    out = [
        f"<h3>{e(parts['name'], False)}{answer}</h3>",
        f"<p><em>{e(_stance_text(parts), False)}.</em></p>",
    ]
    if parts["thesis"]:
        out += ["<p><strong>Thesis</strong>, in its sentence:</p>", parts["thesis"].html()]
    if parts["reasons"]:
        out.append(
            "<p><strong>Reasons</strong> (a paraphrase, then the contributor's own words):</p>"
        )
        items = "".join(
            f"<li>{e(t, False)} — <em>“{e(q, False)}”</em></li>" for t, q in parts["reasons"]
        )
        out.append(f"<ol>{items}</ol>")
    if parts["quotes"]:
        out.append("<p><strong>Other quotes that fix the position</strong>, in context:</p>")
        out += [q.html() for q in parts["quotes"]]
    return "\n".join(out)


# -- the rubric -------------------------------------------------------------


def rubric_card(debate: Debate) -> MarkdownText:
    """The rubric's criteria as a table: name, id, the question each asks, and why it matters.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> card = rubric_card(load_debate())
    >>> card.splitlines()[0]
    '| criterion | id | asks | why it matters |'
    """

    def cell(text: str) -> str:
        return _md_escape(" ".join(text.split())).replace("|", "\\|")

    lines = ["| criterion | id | asks | why it matters |", "|:---|:---|:---|:---|"]
    for c in debate.rubric.criteria:
        name = cell(c.name) + (" *(holistic)*" if c.holistic else "")
        lines.append(f"| **{name}** | `{c.id}` | {cell(c.question)} | {cell(c.why)} |")
    return MarkdownText("\n".join(lines))
