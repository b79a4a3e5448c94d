"""The Markdown handout: the question, positions, claims and evidence with quotes."""

from symposium_kit import load_debate
from symposium_kit.exchange.handout import to_markdown


def test_the_handout_has_every_contributor_with_position_claims_and_quotes():
    debate = load_debate()
    md = to_markdown(debate)
    assert debate.quote(debate.question) in md
    for p in debate.contributors:
        section = md.split(f"## {p.name}\n", 1)[1].split("\n## ", 1)[0]
        assert debate.position(p.id).summary in section
        for c in debate.claims_by(p.id):
            assert f"“{c.anchor.quote}”" in section
        for e in debate.evidence_cited_by(p.id):
            assert e.summary in section
