"""docs/architecture.md shows the import graph as the source has it today."""

from __future__ import annotations

from pathlib import Path

import import_graph  # tests/support, on the path from the root conftest

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def test_the_documented_import_graph_is_the_one_drawn_from_the_source():
    text = DOC.read_text(encoding="utf-8")
    assert import_graph.BEGIN in text and import_graph.END in text
    documented = text[text.index(import_graph.BEGIN) : text.index(import_graph.END)]
    drawn = import_graph.markdown()
    assert documented + import_graph.END == drawn, (
        "docs/architecture.md is out of date: regenerate its import graph with "
        "`python tests/support/import_graph.py` and paste it in place of the old one"
    )


def test_the_graph_shows_the_cli_on_top_and_the_model_at_the_bottom():
    arrows = import_graph.wing_arrows()
    assert ("cli", "classroom") in arrows and ("cli", "debate") in arrows
    assert not any(a == "debate" and b not in ("resources", "_version") for a, b in arrows)
    assert ("(front door)", "views") in arrows
