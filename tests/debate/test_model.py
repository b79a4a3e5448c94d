"""The debate model's queries.

On the bundled debate the tests assert structural truths (which hold as
annotations are added); on the tiny debate of ``tests/malformed/_base``, exact values.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from symposium_kit import load_debate

TINY = load_debate(Path(__file__).parents[1] / "malformed" / "_base")
D = load_debate()


def _section_lines(text: str, name: str, next_heading: str | None) -> list[str]:
    lines = text.split("\n")
    start = lines.index(name) + 1
    end = lines.index(next_heading) if next_heading else len(lines)
    return [ln.strip() for ln in lines[start:end] if ln.strip()]


def test_importing_the_package_loads_no_heavy_library():
    heavy = [
        "pandas",
        "matplotlib",
        "ipywidgets",
        "jsonschema",
        "nbformat",
        "fastjsonschema",
        "yaml",
    ]
    code = f"import sys, symposium_kit; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_participant_by_id_name_or_short_name_in_any_case():
    hass = D.participant("hass")
    assert D.participant("Ryan Hass") is hass
    assert D.participant("HASS") is hass
    assert D.participant(" ryan hass ") is hass
    assert TINY.participant("Ann Lee").id == "ann"


def test_unknown_participant_keyerror_lists_the_known_ids():
    with pytest.raises(KeyError) as info:
        D.participant("Xi Jinping")
    message = str(info.value)
    assert "no participant 'Xi Jinping'" in message
    for p in D.participants:
        assert p.id in message


def test_contributors_in_text_order():
    assert [p.name for p in D.contributors] == [
        "James McGregor", "Wendy Cutler", "Ryan Hass", "James Mann", "Stephen S. Roach",
    ]  # fmt: skip


def test_paragraphs_are_the_lines_of_the_participants_section():
    text = D.source.text
    names = [p.name for p in D.contributors]
    for i, p in enumerate(D.contributors):
        following = names[i + 1] if i + 1 < len(names) else None
        paras = D.paragraphs(p.id)
        assert [q.text for q in paras] == _section_lines(text, p.name, following)
        assert [q.index for q in paras] == list(range(len(paras)))
        assert all(text[q.start : q.end] == q.text for q in paras)
    assert [q.text for q in TINY.paragraphs("ann")][
        1
    ] == "The truce lasts 90 days, and it will hold."


def test_position_and_stance_label():
    pos = TINY.position("Bo Chen")
    assert (pos.participant, pos.stance, TINY.stance_label(pos.stance)) == ("bo", 1, "soft")
    for pos in D.positions:
        assert D.position(pos.participant) is pos
        assert D.stance_label(pos.stance) in {lv.label for lv in D.stance_scale}
    with pytest.raises(KeyError, match="no position recorded for 'editors'"):
        D.position("editors")
    with pytest.raises(KeyError, match="stance 99 is not on the scale"):
        D.stance_label(99)


def test_claims_by_filters_by_participant_and_role():
    assert [c.id for c in TINY.claims_by("ann")] == ["ann.thesis", "ann.reason"]
    assert [c.id for c in TINY.claims_by("ann", "reason")] == ["ann.reason"]
    assert TINY.claims_by("bo") == ()
    total = 0
    for p in D.participants:
        mine = D.claims_by(p.id)
        assert all(c.participant == p.id for c in mine)
        theses = D.claims_by(p.id, "thesis")
        assert all(c.role == "thesis" for c in theses) and set(theses) <= set(mine)
        total += len(mine)
    assert total == len(D.claims)


def test_thesis_and_missing_thesis():
    assert TINY.thesis("ann").id == "ann.thesis"
    with pytest.raises(KeyError, match="no thesis recorded for 'bo'"):
        TINY.thesis("bo")


def test_evidence_cited_by_is_exactly_the_items_a_participant_cites():
    for p in D.participants:
        cited = set(D.evidence_cited_by(p.id))
        for e in D.evidence:
            assert (e in cited) == any(c.participant == p.id for c in e.citations)
    assert [e.id for e in TINY.evidence_cited_by("ann")] == ["budget-cut"]
    assert TINY.evidence_cited_by("bo") == ()


def test_shared_evidence_is_cited_by_enough_participants():
    for n in (1, 2, 3):
        shared = D.shared_evidence(n)
        assert shared == tuple(
            e for e in D.evidence if len({c.participant for c in e.citations}) >= n
        )
    assert D.shared_evidence(1) == D.evidence
    assert TINY.shared_evidence() == ()


def test_evidence_participants_keep_first_citation_order_without_repeats():
    for e in D.evidence:
        firsts = list(dict.fromkeys(c.participant for c in e.citations))
        assert list(e.participants) == firsts


def test_events_in_order_are_sorted_and_complete():
    ordered = D.events_in_order()
    keys = [e.sort_key for e in ordered]
    assert keys == sorted(keys)
    assert sorted(e.id for e in ordered) == sorted(e.id for e in D.events)
    for a, b in zip(ordered, ordered[1:], strict=False):  # ties keep file order
        if a.sort_key == b.sort_key:
            assert D.events.index(a) < D.events.index(b)


def test_in_context_marks_the_quote_inside_its_sentence():
    for _, anchor in D.anchors():
        shown = D.in_context(anchor)
        assert f"»{anchor.quote}«" in shown
        plain = shown.replace("»", "").replace("«", "")
        assert plain in D.source.text
        wider = D.in_context(anchor, neighbours=1).replace("»", "").replace("«", "")
        assert plain in wider and wider in D.source.text


def test_in_context_on_the_tiny_debate():
    reason = TINY.claim("ann.reason")
    assert TINY.in_context(reason.anchor) == "»The budget fell to 30 percent.«"
    assert TINY.in_context(reason.anchor, neighbours=1) == (
        "The budget fell to 30 percent. »The budget fell to 30 percent.«"
    )


def test_quote_reads_the_text_by_offset():
    for _, anchor in D.anchors():
        assert D.quote(anchor) == anchor.quote
        assert D.participant_at(anchor.start) == anchor.participant


def test_unsupported_claims_have_no_evidence_at_all():
    cited_for = {cid for e in D.evidence for c in e.citations for cid in c.supports}
    for c in D.claims:
        assert (c in D.unsupported_claims()) == (not c.evidence and c.id not in cited_for)
    assert TINY.unsupported_claims() == (TINY.claim("ann.reason"),)


def test_lookups_by_id_raise_keyerror_naming_the_id():
    with pytest.raises(KeyError, match="no claim 'nope'"):
        D.claim("nope")
    with pytest.raises(KeyError, match="no evidence item 'nope'"):
        D.evidence_item("nope")
    with pytest.raises(KeyError, match="no prediction 'nope'"):
        D.prediction("nope")
    with pytest.raises(KeyError, match="no criterion 'nope'; known: overall"):
        TINY.rubric.criterion("nope")


def test_predictions_and_rubric_of_the_tiny_debate():
    (p,) = TINY.predictions_by("ann")
    assert (p.id, p.anchor.quote, p.resolution.outcome) == ("ann.truce", "it will hold", None)
    assert TINY.rubric.criterion("overall").descriptor(2) == "Strong."
    assert (TINY.rubric.min_score, TINY.rubric.max_score) == (0, 2)
    assert TINY.reference_scores[0].score == 1


def test_the_model_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        D.title = "changed"  # type: ignore[misc]
    assert isinstance(D.claims, tuple) and isinstance(D.participants, tuple)
