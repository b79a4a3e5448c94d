"""The scoring form, driven without a front end: set widget values, check sheet and file."""

from __future__ import annotations

import re

import pytest

from symposium_kit import load_debate
from symposium_kit.views.scoring_form import ScoringForm, scoring_form
from symposium_kit.work.scoresheet import CANNOT_JUDGE, ScoreSheet, load_scoresheet
from symposium_kit.work.workfile import read_work


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "symposium-work.json"


@pytest.fixture
def form(debate, path):
    return scoring_form(load_scoresheet(debate, path, report=None))


def test_every_cell_has_buttons_a_descriptor_and_a_text_box_with_stable_classes(debate, form):
    for p in debate.contributors:
        for c in debate.rubric.criterion_ids:
            assert f"symposium-score-{p.id}-{c}" in form.buttons[(p.id, c)]._dom_classes
            assert f"symposium-descriptor-{p.id}-{c}" in form.descriptors[(p.id, c)]._dom_classes
            assert (
                f"symposium-justification-{p.id}-{c}" in form.justifications[(p.id, c)]._dom_classes
            )
        assert f"symposium-profile-{p.id}" in form.profiles[p.id]._dom_classes
    assert "symposium-score-status" in form.status._dom_classes
    assert "symposium-scoring-form" in form.widget._dom_classes


def test_buttons_offer_the_scale_and_cannot_judge_with_descriptors_as_tooltips(debate, form):
    crit = debate.rubric.criteria[0]
    buttons = form.buttons[(debate.contributors[0].id, crit.id)]
    assert [v for _, v in buttons.options] == [s for s, _ in crit.levels] + [CANNOT_JUDGE]
    assert buttons.value is None
    assert buttons.tooltips[1].endswith(crit.descriptor(1))


def test_one_tab_per_contributor(debate, form):
    assert len(form.tabs.children) == len(debate.contributors)
    assert [t.split(" (")[0] for t in form.tabs.titles] == [p.label for p in debate.contributors]


def test_a_click_scores_the_sheet_saves_the_file_and_shows_the_descriptor(debate, form, path):
    crit = debate.rubric.criteria[0]
    form.buttons[("hass", crit.id)].value = 2
    assert form.sheet.score("hass", crit.id) == 2
    assert read_work(path)["scores"]["hass"][crit.id]["score"] == 2
    assert crit.descriptor(2) in form.descriptors[("hass", crit.id)].value
    n = len(form.sheet.cells)
    assert re.search(rf"saved to {path.name}</b>: 1/{n} scored", form.status.value)
    assert (
        form.tabs.titles[form.sheet.contributors.index("hass")]
        == f"Hass (1/{len(debate.rubric.criteria)})"
    )


def test_cannot_judge_button_saves_none(form, path):
    form.buttons[("mann", "overall")].value = CANNOT_JUDGE
    assert read_work(path)["scores"]["mann"]["overall"]["score"] is None
    assert "cannot judge" in form.descriptors[("mann", "overall")].value


def test_unselecting_clears_the_cell(form, path):
    form.buttons[("mann", "overall")].value = 3
    form.buttons[("mann", "overall")].value = None
    assert not form.sheet.is_scored("mann", "overall")
    assert "mann" not in read_work(path)["scores"]


def test_the_justification_box_saves_the_reason(form, path):
    form.justifications[("roach", "overall")].value = "sharp question, thin answer"
    assert read_work(path)["score_drafts"]["roach"]["overall"] == "sharp question, thin answer"
    form.buttons[("roach", "overall")].value = 2
    assert read_work(path)["scores"]["roach"]["overall"] == {
        "score": 2,
        "justification": "sharp question, thin answer",
    }


def test_scoring_in_code_updates_the_form(form):
    form.sheet.set("cutler", "overall", 3, "balanced")
    assert form.buttons[("cutler", "overall")].value == 3
    assert form.justifications[("cutler", "overall")].value == "balanced"
    assert "■■■" in form.profiles["cutler"].value


def test_the_live_profile_shows_each_score(debate, form):
    crit = debate.rubric.criteria
    form.buttons[("mcgregor", crit[0].id)].value = 1
    html = form.profiles["mcgregor"].value
    assert html.count("not scored") == len(crit) - 1
    assert "■□□" in html


def test_a_reopened_form_shows_the_saved_scores(debate, path):
    first = scoring_form(load_scoresheet(debate, path, report=None))
    first.buttons[("hass", "overall")].value = 1
    first.justifications[("mann", "overall")].value = "typed, not scored"
    again = ScoringForm(load_scoresheet(debate, path, report=None))
    assert again.buttons[("hass", "overall")].value == 1
    assert again.justifications[("mann", "overall")].value == "typed, not scored"
    assert again.buttons[("mann", "overall")].value is None


def test_a_corrupt_file_is_reported_in_the_form(debate, path):
    path.write_text("{not json", encoding="utf-8")
    form = ScoringForm(load_scoresheet(debate, path, report=None))
    assert "could not be read" in form.problem.value
    assert list(path.parent.glob("symposium-work.corrupt-*.json"))


def test_an_error_while_saving_is_shown_not_raised(debate, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    form = ScoringForm(ScoreSheet(debate, path=blocked / "work.json", report=None))
    form.buttons[("hass", "overall")].value = 2  # must not raise
    assert "not saved" in form.problem.value


def test_a_full_round_of_clicks_completes_the_sheet(debate, form, path):
    for p, c in form.sheet.cells:
        form.buttons[(p, c)].value = 1
    assert form.sheet.is_complete()
    assert "complete" in form.status.value
    saved = read_work(path)["scores"]
    assert sum(len(v) for v in saved.values()) == len(form.sheet.cells)


def test_scoring_form_opens_the_bundled_sheet_from_a_path(path):
    form = scoring_form(path=path)
    form.buttons[("mann", "overall")].value = 2
    assert scoring_form(path=path).buttons[("mann", "overall")].value == 2


def test_the_form_reveals_a_contributors_reference_only_after_scoring_them_all():
    import html

    from symposium_kit.scoring.reference import reference_score

    debate = load_debate()
    form = scoring_form(ScoreSheet(debate))
    rationale = html.escape(reference_score(debate, "hass", "claim").rationale)
    panel = form.references["hass"]
    for cid in form.sheet.criteria[:-1]:
        form.buttons[("hass", cid)].value = 1
        assert rationale[:30] not in panel.value
    assert "1 still to score" in panel.value
    form.buttons[("hass", form.sheet.criteria[-1])].value = 2
    assert rationale[:30] in panel.value and "The reference scores" in panel.value
    assert rationale[:30] not in form.references["mann"].value


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_a_chosen_score_stands_apart_from_the_unchosen_ones():
    from symposium_kit.views.scoring_form import FORM_STYLE, SELECTED_BACKGROUND, SELECTED_TEXT

    unselected = "#EEEEEE"  # JupyterLab's light theme button (--jp-layout-color2)
    assert _contrast(SELECTED_BACKGROUND, SELECTED_TEXT) >= 4.5  # WCAG AA for its text
    assert _contrast(SELECTED_BACKGROUND, unselected) >= 3.0  # WCAG 1.4.11, against the others
    form = scoring_form(ScoreSheet(load_debate()))
    assert FORM_STYLE in [c.value for c in form.widget.children if hasattr(c, "value")]
    assert ".mod-active" in FORM_STYLE and "font-weight: bold" in FORM_STYLE
