"""Export a debate to Argdown: participants as sections, claims and evidence as
statements, support and attack as relations, quotes and offsets as metadata.

The Argdown tool chain (``@argdown/cli``) parses the result; the tests prove it.
"""

from __future__ import annotations

import json
import re

from ..debate.model import Debate

# Characters that Argdown reads as syntax inside statement text.
_SYNTAX = re.compile(r"[\[\]<>#@{}*_`\\]")


def argdown_text(text: str) -> str:
    """Statement text with Argdown's syntax characters replaced and lines joined.

    Examples
    --------
    >>> argdown_text("A [note] on #tags and <args>")
    'A (note) on No. tags and (args)'
    """
    table = {
        "[": "(",
        "]": ")",
        "<": "(",
        ">": ")",
        "#": "No. ",
        "@": "at ",
        "{": "(",
        "}": ")",
        "*": "",
        "_": " ",
        "`": "'",
        "\\": "/",
    }
    out = _SYNTAX.sub(lambda m: table[m.group(0)], " ".join(text.split()))
    return re.sub(r" {2,}", " ", out).strip()


def _meta(**fields: object) -> str:
    # JSON is valid YAML flow syntax, which Argdown reads as a statement's data.
    return json.dumps(
        {k: v for k, v in fields.items() if v not in (None, "", ())}, ensure_ascii=False
    )


def to_argdown(debate: Debate) -> str:
    """The debate as an Argdown document.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> doc = to_argdown(load_debate())
    >>> "[mcgregor.thesis]:" in doc and "-> [mann.thesis]" in doc
    True
    """
    d = debate
    lines = [
        "===",
        f"title: {json.dumps(d.title, ensure_ascii=False)}",
        f"source: {json.dumps(d.source.url, ensure_ascii=False)}",
        "===",
        "",
    ]
    cited_for: dict[str, list[str]] = {}
    for e in d.evidence:
        for c in e.citations:
            for claim_id in c.supports:
                cited_for.setdefault(e.id, []).append(claim_id)
    for claim in d.claims:
        for ev in claim.evidence:
            cited_for.setdefault(ev, []).append(claim.id)
    for p in d.participants:
        claims = d.claims_by(p.id)
        if not claims:
            continue
        lines += [f"# {argdown_text(p.name)}", ""]
        for claim in claims:
            meta = _meta(
                participant=claim.participant,
                role=claim.role,
                quote=claim.anchor.quote,
                start=claim.anchor.start,
                end=claim.anchor.end,
            )
            lines.append(f"[{claim.id}]: {argdown_text(claim.text)} {meta}")
            lines += [f"  +> [{t}]" for t in claim.supports]
            lines += [f"  -> [{t}]" for t in claim.attacks]
            lines.append("")
    if d.evidence:
        lines += ["# Evidence", ""]
        for e in d.evidence:
            cites = [
                {
                    "participant": c.participant,
                    "quote": c.anchor.quote,
                    "start": c.anchor.start,
                    "end": c.anchor.end,
                    "use": c.use,
                }
                for c in e.citations
            ]
            lines.append(
                f"[{e.id}]: {argdown_text(e.summary)} {_meta(kind=e.kind, date=e.date, citations=cites)}"
            )
            lines += [f"  +> [{t}]" for t in dict.fromkeys(cited_for.get(e.id, []))]
            lines.append("")
    return "\n".join(lines)


def argdown_relations(debate: Debate) -> set[tuple[str, str, str]]:
    """The (from, to, 'support'|'attack') relations the export writes."""
    rel = set()
    for c in debate.claims:
        rel |= {(c.id, t, "support") for t in c.supports} | {(c.id, t, "attack") for t in c.attacks}
        rel |= {(ev, c.id, "support") for ev in c.evidence}
    for e in debate.evidence:
        rel |= {(e.id, t, "support") for cit in e.citations for t in cit.supports}
    return rel
