"""The argument map: nodes coloured by contributor, support and attack drawn differently."""

import matplotlib

matplotlib.use("Agg")

from matplotlib.colors import to_hex  # noqa: E402

from symposium_kit import load_debate  # noqa: E402
from symposium_kit.views.argument_map import (  # noqa: E402
    ATTACK_COLOUR,
    SUPPORT_COLOUR,
    argument_graph,
    describe_argument_map,
    plot_argument_map,
)


def test_the_graph_holds_every_claim_and_link():
    debate = load_debate()
    g = argument_graph(debate)
    assert set(g) == {c.id for c in debate.claims}
    assert g.number_of_edges() == sum(len(c.supports) + len(c.attacks) for c in debate.claims)


def test_the_figure_draws_support_solid_and_attack_dashed_with_a_legend():
    debate = load_debate()
    ax = plot_argument_map(debate)
    g = argument_graph(debate)
    patches = [p for p in ax.patches if hasattr(p, "get_linestyle")]
    colours = [to_hex(p.get_edgecolor()) for p in patches]
    n_attack = sum(1 for *_, r in g.edges(data="relation") if r == "attack")
    assert colours.count(ATTACK_COLOUR.lower()) == n_attack
    assert colours.count(SUPPORT_COLOUR.lower()) == g.number_of_edges() - n_attack
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-2:] == ["supports", "attacks"]
    assert {p.label for p in debate.participants if debate.claims_by(p.id)} <= set(legend)
    assert ax.get_title()


def test_the_description_counts_what_the_figure_shows():
    text = describe_argument_map(load_debate())
    g = argument_graph(load_debate())
    assert f"{g.number_of_nodes()} claims" in text
