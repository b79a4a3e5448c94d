"""The layered tree of one argument, and who answers whom across contributors."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.views.argument_tree import (  # noqa: E402
    argument_tree,
    describe_argument_tree,
    describe_who_answers_whom,
    plot_argument_tree,
    plot_who_answers_whom,
    who_answers_whom,
)
from symposium_kit.views.palette import ATTACK_COLOUR, SUPPORT_COLOUR  # noqa: E402


@pytest.fixture(scope="module")
def debate():
    return load_debate()


@pytest.mark.parametrize("who", ["editors", "mcgregor", "cutler", "hass", "mann", "roach"])
def test_the_tree_holds_each_claim_once_with_the_thesis_on_top(debate, who):
    rows = argument_tree(debate, who)
    assert [r.claim.id for r in rows].count(rows[0].claim.id) == 1
    assert sorted(r.claim.id for r in rows) == sorted(c.id for c in debate.claims_by(who))
    assert rows[0].claim.role == "thesis" and rows[0].depth == 0


@pytest.mark.parametrize("who", ["mcgregor", "cutler", "hass", "mann", "roach"])
def test_each_claim_sits_one_level_under_a_claim_it_is_linked_to(debate, who):
    rows = argument_tree(debate, who)
    depth = {r.claim.id: r.depth for r in rows}
    for r in rows:
        if r.parent is None:
            assert r.depth == 0
            continue
        assert depth[r.parent] == r.depth - 1
        assert rows.index(r) > [x.claim.id for x in rows].index(r.parent)
        child, parent = debate.claim(r.claim.id), debate.claim(r.parent)
        linked = {
            "support": r.parent in child.supports,
            "attack": r.parent in child.attacks,
            "attacked-by": r.claim.id in parent.attacks,
        }
        assert linked[r.relation], (r.claim.id, r.relation, r.parent)


def test_a_concession_answered_by_a_reason_hangs_under_it(debate):
    (row,) = [r for r in argument_tree(debate, "mcgregor") if r.claim.role == "concession"]
    assert row.relation == "attacked-by" and row.parent == "mcgregor.weak-deals"


def test_links_to_other_contributors_are_listed_not_drawn_as_tree_edges(debate):
    rows = argument_tree(debate, "roach")
    thesis = rows[0]
    assert set(thesis.elsewhere) == {("attacks", "mann.thesis"), ("attacks", "mcgregor.thesis")}


def test_an_unknown_participant_gets_a_message_naming_the_valid_ones(debate):
    with pytest.raises(ValueError, match="use one of: editors, mcgregor"):
        argument_tree(debate, "trump")


def test_the_tree_figure_writes_every_claim_and_marks_concessions(debate):
    ax = plot_argument_tree(debate, "mann")
    texts = [t.get_text() for t in ax.texts]
    for c in debate.claims_by("mann"):
        assert any(c.text.split()[0] in t for t in texts)
    assert any(t.startswith("CONCESSION:") for t in texts)
    styles = {
        (to_hex(line.get_color()), line.get_linestyle())
        for line in ax.lines
        if len(line.get_xdata()) == 3
    }
    assert (SUPPORT_COLOUR.lower(), "-") in styles


def test_who_answers_whom_counts_every_link_between_different_people(debate):
    links = who_answers_whom(debate)
    owner = {c.id: c.participant for c in debate.claims}
    total = sum(
        1 for c in debate.claims for t in (*c.supports, *c.attacks) if owner[t] != c.participant
    )
    assert sum(n["support"] + n["attack"] for n in links.values()) == total
    assert links[("hass", "mann")] == {"support": 0, "attack": 2}


def test_the_five_node_view_labels_each_arrow_with_its_counts(debate):
    ax = plot_who_answers_whom(debate)
    texts = [t.get_text() for t in ax.texts]
    for p in debate.contributors:
        assert p.label in texts
    people = {p.id for p in debate.contributors}
    pairs = [n for (a, b), n in who_answers_whom(debate).items() if a in people and b in people]
    assert len(ax.patches) == len(pairs)
    dashed = [p for p in ax.patches if to_hex(p.get_edgecolor()) == ATTACK_COLOUR.lower()]
    assert len(dashed) == sum(1 for n in pairs if n["support"] == 0)
    assert "2 attacks" in texts


def test_descriptions_count_what_the_figures_show(debate):
    assert "tree of 12 claims" in describe_argument_tree(debate, "mcgregor")
    text = describe_who_answers_whom(debate)
    assert text.startswith("5 contributors joined by")


def test_text_on_a_dark_box_is_white_for_contrast(debate):
    ax = plot_argument_tree(debate, "mcgregor")  # McGregor's colour is the dark blue
    thesis = next(t for t in ax.texts if t.get_text().startswith("thesis:"))
    assert to_hex(thesis.get_color()) == "#ffffff"
    ax = plot_argument_tree(debate, "cutler")  # orange: black reads better
    thesis = next(t for t in ax.texts if t.get_text().startswith("thesis:"))
    assert to_hex(thesis.get_color()) == "#000000"
