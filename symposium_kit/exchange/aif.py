"""Export a debate to the Argument Interchange Format (AIF), as JSON in the
layout AIFdb and OVA use (``nodes``, ``edges``, ``locutions``, ``participants``).

Mapping:

- each claim: an L-node (the speaker's exact words) –YA "Asserting"→ an
  I-node (the claim restated);
- support between claims: I –→ RA "Default Inference" –→ I; attack: I –→ CA
  "Default Conflict" –→ I;
- each evidence item: an I-node (its summary); each citation: an L-node –YA→
  an I-node (the citation's words) –→ MA "Default Rephrase" –→ the evidence
  I-node, so the same fact in several participants' words stays one item; a
  citation's support for a claim is an RA from the citation's I-node.

AIF has no place for stances, rubric scores, forecasts or text offsets: they
are kept under the namespaced key ``"symposium_kit"`` so that nothing is
silently dropped, and AIF tools ignore it. The export is lossy for AIF tools.
"""

from __future__ import annotations

from typing import Any

from ..debate.model import Anchor, Debate

EXTENSION_KEY = "symposium_kit"


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, str | None]] = []
        self.locutions: list[dict[str, Any]] = []
        self.anchors: dict[str, dict[str, Any]] = {}

    def node(self, kind: str, text: str, scheme: str | None = None) -> str:
        node_id = str(len(self.nodes) + 1)
        node: dict[str, Any] = {"nodeID": node_id, "text": text, "type": kind, "timestamp": ""}
        if scheme:
            node["scheme"] = scheme
        self.nodes.append(node)
        return node_id

    def edge(self, src: str, dst: str) -> None:
        self.edges.append(
            {"edgeID": str(len(self.edges) + 1), "fromID": src, "toID": dst, "formEdgeID": None}
        )

    def link(self, kind: str, scheme: str, src: str, dst: str) -> str:
        mid = self.node(kind, scheme, scheme)
        self.edge(src, mid)
        self.edge(mid, dst)
        return mid

    def locution(self, anchor: Anchor, person_id: str, speaker: str) -> str:
        lid = self.node("L", f"{speaker}: {anchor.quote}")
        self.locutions.append(
            {"nodeID": lid, "personID": person_id, "timestamp": "", "start": None, "end": None}
        )
        self.anchors[lid] = {
            "participant": anchor.participant,
            "start": anchor.start,
            "end": anchor.end,
        }
        return lid


def to_aif(debate: Debate) -> dict[str, Any]:
    """The debate as an AIF JSON document (a dict ready for ``json.dump``).

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> doc = to_aif(load_debate())
    >>> sorted(k for k in doc if k != "symposium_kit")
    ['edges', 'locutions', 'nodes', 'participants']
    """
    d = debate
    b = _Builder()
    people = {p.id: str(i + 1) for i, p in enumerate(d.participants)}
    speaker = {p.id: p.name for p in d.participants}
    participants = []
    for p in d.participants:
        first, _, last = p.name.rpartition(" ")
        participants.append(
            {"participantID": people[p.id], "firstname": first or p.name, "surname": last}
        )

    claim_node: dict[str, str] = {}
    for c in d.claims:
        inode = b.node("I", c.text)
        claim_node[c.id] = inode
        lnode = b.locution(c.anchor, people[c.participant], speaker[c.participant])
        b.link("YA", "Asserting", lnode, inode)
    for c in d.claims:
        for target in c.supports:
            b.link("RA", "Default Inference", claim_node[c.id], claim_node[target])
        for target in c.attacks:
            b.link("CA", "Default Conflict", claim_node[c.id], claim_node[target])

    evidence_node: dict[str, str] = {}
    for e in d.evidence:
        enode = b.node("I", e.summary)
        evidence_node[e.id] = enode
        for cit in e.citations:
            lnode = b.locution(cit.anchor, people[cit.participant], speaker[cit.participant])
            inode = b.node("I", cit.anchor.quote)
            b.link("YA", "Asserting", lnode, inode)
            b.link("MA", "Default Rephrase", inode, enode)
            for target in cit.supports:
                b.link("RA", "Default Inference", inode, claim_node[target])
    for c in d.claims:
        for ev in c.evidence:
            b.link("RA", "Default Inference", evidence_node[ev], claim_node[c.id])

    extension = {
        "note": "Not part of AIF: symposium-kit data that AIF has no place for. AIF tools ignore this key.",
        "debate": d.id,
        "source": {"title": d.source.title, "url": d.source.url, "year": d.source.year},
        "claim_nodes": claim_node,
        "evidence_nodes": evidence_node,
        "offsets": b.anchors,
        "positions": [
            {
                "participant": p.participant,
                "stance": p.stance,
                "label": d.stance_label(p.stance),
                "framing": p.framing,
                "summary": p.summary,
            }
            for p in d.positions
        ],
        "predictions": [
            {
                "id": p.id,
                "participant": p.participant,
                "statement": p.statement,
                "horizon": p.horizon,
                "outcome": p.resolution.outcome,
                "source": p.resolution.source,
            }
            for p in d.predictions
        ],
        "reference_scores": [
            {"participant": r.participant, "criterion": r.criterion, "score": r.score}
            for r in d.reference_scores
        ],
    }
    return {
        "nodes": b.nodes,
        "edges": b.edges,
        "locutions": b.locutions,
        "participants": participants,
        EXTENSION_KEY: extension,
    }
