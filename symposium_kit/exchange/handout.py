"""A Markdown handout of a debate: the question, each contributor's position,
claims and evidence with quotes; for printing or a learning-management page."""

from __future__ import annotations

from ..debate.model import Debate

ROLE_ORDER = (
    "thesis",
    "reason",
    "rebuttal",
    "concession",
    "qualification",
    "implication",
    "recommendation",
)


def _q(text: str) -> str:
    return "> " + " ".join(text.split())


def to_markdown(debate: Debate) -> str:
    """The debate as a Markdown handout.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> md = to_markdown(load_debate())
    >>> md.splitlines()[0]
    '# How Much Has Trump Changed His Position on China?'
    """
    d = debate
    out = [f"# {d.title}", "", f"*Source: {d.source.attribution}*", ""]
    if d.question is not None:
        who = d.participant(d.question.participant).name
        out += [
            "## The question",
            "",
            _q(d.in_context(d.question, neighbours=1).replace("»", "").replace("«", "")),
            "",
            f"— {who}",
            "",
        ]
    for p in d.contributors:
        out += [f"## {p.name}", ""]
        try:
            pos = d.position(p.id)
        except KeyError:
            pos = None
        if pos is not None:
            out += [
                f"**Position:** {pos.answer or d.stance_label(pos.stance)} "
                f"(stance {pos.stance:+d}, “{d.stance_label(pos.stance)}”; {pos.framing} the question's framing).",
                "",
                pos.summary,
                "",
            ]
            out += [_q(f"“{a.quote}”") for a in pos.quotes[:1]] + [""]
        claims = sorted(
            d.claims_by(p.id),
            key=lambda c: ROLE_ORDER.index(c.role) if c.role in ROLE_ORDER else 99,
        )
        if claims:
            out += ["### Claims", ""]
            for c in claims:
                out.append(f"- *{c.role}*: {c.text} — “{c.anchor.quote}”")
            out.append("")
        cited = d.evidence_cited_by(p.id)
        if cited:
            out += ["### Evidence cited", ""]
            for e in cited:
                for cit in e.citations:
                    if cit.participant == p.id:
                        out.append(
                            f"- **{e.kind.replace('_', ' ')}**: {e.summary} — “{cit.anchor.quote}” ({cit.use})"
                        )
            out.append("")
    return "\n".join(out).rstrip() + "\n"
