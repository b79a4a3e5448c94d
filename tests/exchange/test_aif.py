"""The AIF export: the format's structural rules, checked by a schema and by rule."""

import json

import jsonschema

from symposium_kit import load_debate
from symposium_kit.exchange.aif import EXTENSION_KEY, to_aif

AIF_SCHEMA = {
    "type": "object",
    "required": ["nodes", "edges", "locutions", "participants"],
    "properties": {
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["nodeID", "text", "type"],
                "properties": {
                    "nodeID": {"type": "string"},
                    "text": {"type": "string", "minLength": 1},
                    "type": {"enum": ["I", "L", "YA", "RA", "CA", "MA", "TA"]},
                },
            },
        },
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["edgeID", "fromID", "toID"],
                "properties": {"fromID": {"type": "string"}, "toID": {"type": "string"}},
            },
        },
        "locutions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["nodeID", "personID"],
                "properties": {"personID": {"type": "string", "minLength": 1}},
            },
        },
        "participants": {
            "type": "array",
            "items": {"type": "object", "required": ["participantID", "firstname", "surname"]},
        },
    },
}


def test_the_export_follows_aif_rules():
    doc = json.loads(json.dumps(to_aif(load_debate()), ensure_ascii=False))
    jsonschema.validate(doc, AIF_SCHEMA)
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    assert len(nodes) == len(doc["nodes"]), "node ids are unique"
    edges_in: dict[str, list[str]] = {}
    edges_out: dict[str, list[str]] = {}
    for e in doc["edges"]:
        assert e["fromID"] in nodes and e["toID"] in nodes, (
            f"edge {e['edgeID']} points at a missing node"
        )
        edges_out.setdefault(e["fromID"], []).append(e["toID"])
        edges_in.setdefault(e["toID"], []).append(e["fromID"])
    for nid, node in nodes.items():
        if node["type"] in ("RA", "CA", "MA"):
            assert [nodes[s]["type"] for s in edges_in.get(nid, [])] == ["I"], (
                f"{node['type']} {nid} premise"
            )
            assert [nodes[t]["type"] for t in edges_out.get(nid, [])] == ["I"], (
                f"{node['type']} {nid} conclusion"
            )
        if node["type"] == "YA":
            assert [nodes[s]["type"] for s in edges_in[nid]] == ["L"]
            assert [nodes[t]["type"] for t in edges_out[nid]] == ["I"]
    people = {p["participantID"] for p in doc["participants"]}
    spoken = {loc["nodeID"]: loc["personID"] for loc in doc["locutions"]}
    for nid, node in nodes.items():
        if node["type"] == "L":
            assert spoken.get(nid) in people, f"L-node {nid} has no speaker"


def test_relations_and_quotes_survive_the_mapping():
    debate = load_debate()
    doc = to_aif(debate)
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    ext = doc[EXTENSION_KEY]
    claim_node = ext["claim_nodes"]
    succ: dict[str, list[str]] = {}
    for e in doc["edges"]:
        succ.setdefault(e["fromID"], []).append(e["toID"])
    for c in debate.claims:
        inode = claim_node[c.id]
        assert nodes[inode]["text"] == c.text
        found = {
            (nodes[mid]["type"], t)
            for mid in succ.get(inode, [])
            for t in succ.get(mid, [])
            if nodes[mid]["type"] in ("RA", "CA")
        }
        want = {("RA", claim_node[t]) for t in c.supports} | {
            ("CA", claim_node[t]) for t in c.attacks
        }
        assert want <= found
    for lid, off in ext["offsets"].items():
        quote = nodes[lid]["text"].split(": ", 1)[1]
        assert debate.source.text[off["start"] : off["end"]] == quote


def test_stances_and_forecasts_are_kept_under_the_namespaced_key_only():
    debate = load_debate()
    doc = to_aif(debate)
    assert {p["participant"] for p in doc[EXTENSION_KEY]["positions"]} == {
        p.id for p in debate.contributors
    }
    assert len(doc[EXTENSION_KEY]["predictions"]) == len(debate.predictions)
    assert not any("stance" in n for n in doc["nodes"])
