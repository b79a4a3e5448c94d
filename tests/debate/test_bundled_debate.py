"""The debate that ships with the kit: its text, its attribution, and every quote.

The sections are derived here from the lines of ``source.txt`` alone (the
editors' paragraphs, a line ``Comments``, then each contributor's name on a
line of its own followed by their paragraphs), independently of
``symposium_kit.debate.anchoring``, and the annotations are read with plain
``yaml.safe_load``; so these tests check the loader rather than repeat it.
They assert what stays true while annotations are added, not how many there are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from symposium_kit import bundled_debate_dir, load_debate, resolved_data

FOLDER = bundled_debate_dir()
TEXT = (FOLDER / "source.txt").read_text(encoding="utf-8")
RAW = yaml.safe_load((FOLDER / "debate.yaml").read_text(encoding="utf-8"))
SHARED = Path("/work/shared/source/how-much-has-trump-changed-his-position-on-china.txt")
CONTRIBUTORS = ["James McGregor", "Wendy Cutler", "Ryan Hass", "James Mann", "Stephen S. Roach"]


def _sections(text: str, names: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """Participant id -> spans (start, end) of their paragraph lines, from the text alone."""
    by_name = {name: pid for pid, name in names.items()}
    editors = next(pid for pid, p in _people().items() if p["role"] == "editors")
    spans: dict[str, list[tuple[int, int]]] = {pid: [] for pid in names}
    spans[editors] = []
    owner: str | None = editors
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip() == "Comments":
            owner = None
        elif line.strip() in by_name:
            owner = by_name[line.strip()]
        elif line.strip() and owner is not None:
            spans[owner].append((start, end))
    return spans


def _people() -> dict[str, dict]:
    return {p["id"]: p for p in RAW["participants"]}


CONTRIBUTOR_NAMES = {pid: p["name"] for pid, p in _people().items() if p["role"] == "contributor"}
SECTIONS = _sections(TEXT, CONTRIBUTOR_NAMES)


def _anchors(node, participant=None, path="") -> list[tuple[str, str, dict]]:
    """Every mapping with a ``quote`` in ``node``, with the participant it is attributed to."""
    found = []
    if isinstance(node, dict):
        participant = node.get("participant", participant)
        if "quote" in node:
            found.append((path, participant, node))
        for k, v in node.items():
            found += _anchors(v, participant, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _anchors(v, participant, f"{path}[{i}]")
    return found


def _occurrences(quote: str, spans: list[tuple[int, int]]) -> list[int]:
    hits = []
    for start, end in spans:
        para = TEXT[start:end]
        i = para.find(quote)
        while i != -1:
            hits.append(start + i)
            i = para.find(quote, i + 1)
    return hits


def test_source_text_is_byte_identical_to_the_shared_original():
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    assert (FOLDER / "source.txt").read_bytes() == SHARED.read_bytes()


def test_source_layout_has_editors_separator_and_five_named_sections():
    lines = TEXT.split("\n")
    heads = [ln for ln in lines if ln.strip() in CONTRIBUTORS or ln.strip() == "Comments"]
    assert heads == ["Comments", *CONTRIBUTORS]
    editors_part = TEXT.split("\nComments\n")[0]
    assert editors_part.rstrip().endswith("—The Editors")
    assert sorted(CONTRIBUTOR_NAMES.values()) == sorted(CONTRIBUTORS)
    assert all(SECTIONS[pid] for pid in SECTIONS), "every participant has paragraphs"


def test_attribution_names_chinafile_the_url_and_2025_but_no_day():
    src = RAW["source"]
    assert src["publisher"] == "ChinaFile"
    assert (
        src["url"]
        == "https://www.chinafile.com/conversation/how-much-has-trump-changed-his-position-china"
    )
    assert src["year"] == 2025
    assert src["title"] == "How Much Has Trump Changed His Position on China?"
    attribution = load_debate().source.attribution
    assert "ChinaFile" in attribution and src["url"] in attribution and "2025" in attribution
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\b({months})\s+\d{{1,2}}\b|\d{{4}}-\d{{2}}-\d{{2}}", attribution)
    assert not {"date", "published", "day"} & set(src)


def test_every_quote_is_verbatim_in_its_participants_section():
    anchors = _anchors(RAW)
    assert anchors, "the annotations quote the text"
    for path, pid, item in anchors:
        assert pid in SECTIONS, f"{path}: unknown participant {pid!r}"
        hits = _occurrences(item["quote"], SECTIONS[pid])
        assert hits, f"{path}: {item['quote']!r} is not in {pid}'s section"
        n = item.get("occurrence")
        assert (n is None and len(hits) == 1) or (n is not None and 1 <= n <= len(hits)), path


def test_loader_offsets_slice_each_quote_inside_the_right_section():
    anchors = _anchors(resolved_data())
    assert len(anchors) == len(_anchors(RAW))
    for path, pid, item in anchors:
        start, end = item["start"], item["end"]
        assert TEXT[start:end] == item["quote"], path
        assert any(s <= start and end <= e for s, e in SECTIONS[pid]), (
            f"{path} lies outside {pid}'s section"
        )
        expected = _occurrences(item["quote"], SECTIONS[pid])[item.get("occurrence", 1) - 1]
        assert start == expected, path


def test_model_anchors_match_the_text():
    d = load_debate()
    for label, anchor in d.anchors():
        assert d.source.text[anchor.start : anchor.end] == anchor.quote, label
        assert d.participant_at(anchor.start) == anchor.participant, label


def test_every_contributor_has_one_position_on_the_scale_and_a_thesis():
    d = load_debate()
    values = {lv.value for lv in d.stance_scale}
    positioned = [p.participant for p in d.positions]
    assert len(positioned) == len(set(positioned)), "one position per contributor"
    for p in d.positions:
        assert p.stance in values
    for c in d.contributors:
        assert d.thesis(c.id).participant == c.id
    assert {p.participant for p in d.positions} <= {c.id for c in d.contributors}


def test_the_question_is_the_editors_yes_no_question():
    d = load_debate()
    assert d.participant(d.question.participant).role == "editors"
    assert d.question.quote.endswith("?")


def test_every_reference_is_to_something_that_exists():
    d = load_debate()
    claim_ids = {c.id for c in d.claims}
    evidence_ids = {e.id for e in d.evidence}
    for c in d.claims:
        assert set(c.supports) | set(c.attacks) <= claim_ids
        assert set(c.evidence) <= evidence_ids
    for e in d.events:
        assert set(e.evidence) <= evidence_ids
    for r in d.reference_scores:
        assert r.criterion in d.rubric.criterion_ids
