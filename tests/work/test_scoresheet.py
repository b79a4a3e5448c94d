"""The score sheet: validated entry, completeness, autosave, reload, corrupt files."""

from __future__ import annotations

import pytest

from symposium_kit import load_debate
from symposium_kit.work.scoresheet import (
    IncompleteSheetError,
    ScoreSheet,
    load_scoresheet,
    require_complete,
)
from symposium_kit.work.workfile import read_work, update_work


def _scoring_debate(tmp_path_factory):
    """The bundled debate, which carries the full rubric and reference scores."""
    return load_debate()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return _scoring_debate(tmp_path_factory)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "symposium-work.json"


def full_sheet(debate, path=None):
    sheet = ScoreSheet(debate, path=path, report=None)
    sheet.update(
        {
            p: {
                c: {"score": (i + j) % 4, "justification": f"{p}/{c}"}
                for j, c in enumerate(sheet.criteria)
            }
            for i, p in enumerate(sheet.contributors)
        }
    )
    return sheet


# -- validated entry ------------------------------------------------------
def test_set_accepts_ids_names_and_short_names(debate):
    sheet = ScoreSheet(debate)
    crit = debate.rubric.criteria[0]
    sheet.set("James McGregor", crit.name, 2, "  states it first  ")
    sheet.set("Cutler", crit.id.upper(), 1)
    assert sheet.get("mcgregor", crit.id) == {"score": 2, "justification": "states it first"}
    assert sheet.score("cutler", crit.id) == 1


@pytest.mark.parametrize("value", [None, "cannot judge", "Cannot Judge", " cannot_judge "])
def test_cannot_judge_is_stored_as_none(debate, value):
    sheet = ScoreSheet(debate)
    sheet.set("hass", "overall", value)
    assert sheet.is_scored("hass", "overall")
    assert sheet.score("hass", "overall") is None


@pytest.mark.parametrize("value, stored", [("2", 2), (3.0, 3), (0, 0)])
def test_scores_given_as_text_or_whole_floats_are_accepted(debate, value, stored):
    sheet = ScoreSheet(debate)
    sheet.set("mann", "overall", value)
    assert sheet.score("mann", "overall") == stored


@pytest.mark.parametrize("value", [-1, 4, 7, 2.5, True, "two", "", [2]])
def test_out_of_range_or_wrong_kind_of_score_is_refused_naming_the_field(debate, value):
    sheet = ScoreSheet(debate)
    lo, hi = debate.rubric.min_score, debate.rubric.max_score
    with pytest.raises(ValueError) as info:
        sheet.set("mann", "overall", value)
    message = str(info.value)
    assert message.startswith("score:")
    assert f"{lo}–{hi}" in message and "cannot judge" in message and "Mann" in message
    assert not sheet.is_scored("mann", "overall")


def test_unknown_contributor_is_refused_with_a_suggestion(debate):
    sheet = ScoreSheet(debate)
    with pytest.raises(
        ValueError, match=r"^contributor: no contributor 'macgregor' \(did you mean 'mcgregor'\?\)"
    ):
        sheet.set("macgregor", "overall", 2)


def test_the_editors_cannot_be_scored(debate):
    with pytest.raises(ValueError, match="^contributor: The Editors wrote the question"):
        ScoreSheet(debate).set("editors", "overall", 2)


def test_unknown_criterion_is_refused_listing_the_known_ones(debate):
    sheet = ScoreSheet(debate)
    with pytest.raises(ValueError) as info:
        sheet.set("roach", "overal", 2)
    assert str(info.value).startswith("criterion: no criterion 'overal' (did you mean 'overall'?)")
    for cid in debate.rubric.criterion_ids:
        assert cid in str(info.value)


def test_justification_must_be_text(debate):
    with pytest.raises(ValueError, match="^justification:"):
        ScoreSheet(debate).set("roach", "overall", 2, justification=3)


def test_update_checks_everything_before_changing_anything(debate):
    sheet = ScoreSheet(debate)
    with pytest.raises(ValueError, match="score"):
        sheet.update({"mann": {"overall": 2}, "roach": {"overall": 9}})
    assert sheet.to_dict() == {}


def test_update_refuses_cells_with_unknown_keys(debate):
    with pytest.raises(ValueError, match=r"scores\['mann'\]\['overall'\]: expected keys"):
        ScoreSheet(debate).update({"mann": {"overall": {"score": 2, "reason": "x"}}})


def test_from_dict_and_to_dict_round_trip(debate):
    sheet = full_sheet(debate)
    again = ScoreSheet.from_dict(debate, sheet.to_dict())
    assert again.to_dict() == sheet.to_dict()
    assert again.to_dict()["hass"][debate.rubric.criterion_ids[0]]["justification"] == (
        f"hass/{debate.rubric.criterion_ids[0]}"
    )


def test_a_new_score_keeps_the_justification_already_typed(debate):
    sheet = ScoreSheet(debate)
    sheet.set_justification("mann", "overall", "qualified and clear")
    assert not sheet.is_scored("mann", "overall")
    sheet.set("mann", "overall", 3)
    assert sheet.get("mann", "overall") == {"score": 3, "justification": "qualified and clear"}


# -- completeness and the gate ---------------------------------------------
def test_missing_lists_every_unscored_cell(debate):
    sheet = ScoreSheet(debate)
    n = len(debate.contributors) * len(debate.rubric.criteria)
    assert len(sheet.missing()) == n
    sheet.set("mann", "overall", 2)
    assert ("mann", "overall") not in sheet.missing()
    assert sheet.progress() == (1, n)
    assert sheet.status() == f"1/{n} scored"


def test_cannot_judge_counts_as_scored_for_completeness(debate):
    sheet = full_sheet(debate)
    sheet.set("hass", "overall", "cannot judge")
    assert sheet.is_complete()


def test_missing_justifications_are_reported_only_when_asked(debate):
    sheet = full_sheet(debate)
    sheet.set("hass", "overall", 2, justification="")
    assert sheet.is_complete()
    assert sheet.missing(justifications=True) == [("hass", "overall")]


def test_require_complete_blocks_class_results_until_every_cell_is_scored(debate):
    sheet = full_sheet(debate)
    sheet.clear("roach", "overall")
    with pytest.raises(IncompleteSheetError) as info:
        require_complete(sheet)
    assert info.value.missing == [("roach", "overall")]
    assert "1 of" in str(info.value) and "Roach" in str(info.value)
    sheet.set("roach", "overall", 1)
    require_complete(sheet)  # no error once complete


def test_clear_keeps_the_justification_as_a_draft(debate):
    sheet = ScoreSheet(debate)
    sheet.set("mann", "overall", 2, "because")
    sheet.clear("mann", "overall")
    assert not sheet.is_scored("mann", "overall")
    assert sheet.justification("mann", "overall") == "because"


# -- autosave and reload ----------------------------------------------------
def test_every_change_is_saved_to_the_work_file(debate, path):
    sheet = load_scoresheet(debate, path, student="ada", report=None)
    sheet.set("mann", "overall", 3, "clear")
    saved = read_work(path)
    assert saved["scores"] == {"mann": {"overall": {"score": 3, "justification": "clear"}}}
    assert saved["debate"] == debate.id and saved["student"] == "ada"
    sheet.set("mann", "overall", "cannot judge")
    assert read_work(path)["scores"]["mann"]["overall"] == {"score": None, "justification": "clear"}


def test_a_sheet_is_reloaded_when_the_notebook_runs_again(debate, path):
    sheet = full_sheet(debate, path)
    sheet.clear("cutler", "overall")
    sheet.set_justification("hass", "overall", "draft reason")
    again = load_scoresheet(debate, path, report=None)
    assert again.to_dict() == sheet.to_dict()
    assert again.drafts() == sheet.drafts()
    assert again.justification("cutler", "overall") == "cutler/overall"


def test_unscored_justifications_are_saved_apart_from_scores(debate, path):
    sheet = load_scoresheet(debate, path, report=None)
    sheet.set_justification("hass", "overall", "half a thought")
    saved = read_work(path)
    assert saved["scores"] == {}
    assert saved["score_drafts"] == {"hass": {"overall": "half a thought"}}
    sheet.set("hass", "overall", 2)
    saved = read_work(path)
    assert "score_drafts" not in saved
    assert saved["scores"]["hass"]["overall"] == {"score": 2, "justification": "half a thought"}


def test_saving_keeps_other_work_in_the_file(debate, path):
    update_work(
        path,
        lambda w: (
            w["answers"].update({"ex1": {"answer": 1, "result": "correct"}}),
            w["forecasts"].update({"p1": 0.4}),
        ),
    )
    load_scoresheet(debate, path, report=None).set("mann", "overall", 1)
    saved = read_work(path)
    assert saved["answers"]["ex1"]["result"] == "correct" and saved["forecasts"] == {"p1": 0.4}


def test_two_sheets_on_one_file_do_not_undo_each_others_cells(debate, path):
    first = load_scoresheet(debate, path, report=None)
    second = load_scoresheet(debate, path, report=None)
    first.set("mann", "overall", 1)
    second.set("hass", "overall", 2)
    assert set(read_work(path)["scores"]) == {"mann", "hass"}


def test_saved_scores_that_no_longer_fit_are_reported_and_left_in_the_file(debate, path):
    update_work(
        path,
        lambda w: w["scores"].update(
            {
                "mann": {
                    "overall": {"score": 2, "justification": ""},
                    "gone": {"score": 1, "justification": ""},
                },
                "nobody": {"overall": {"score": 1, "justification": ""}},
            }
        ),
    )
    messages = []
    sheet = load_scoresheet(debate, path, report=messages.append)
    assert sheet.score("mann", "overall") == 2
    assert len(messages) == 1 and "2 saved score(s) could not be used" in messages[0]
    sheet.set("roach", "overall", 1)
    saved = read_work(path)["scores"]
    assert saved["nobody"] == {"overall": {"score": 1, "justification": ""}}
    assert saved["mann"]["gone"] == {"score": 1, "justification": ""}


def test_work_for_another_debate_is_refused(debate, path):
    update_work(path, lambda w: w.update({"debate": "some-other-debate"}))
    with pytest.raises(ValueError, match="for the debate 'some-other-debate'"):
        load_scoresheet(debate, path, report=None)


# -- corrupt files ------------------------------------------------------------
@pytest.mark.parametrize(
    "content", [b'{"format": "symposium-kit/work", "vers', b"\x00\xff\xfe", b"[1, 2]"]
)
def test_a_corrupt_file_is_kept_as_a_backup_and_reported(debate, path, content):
    path.write_bytes(content)
    messages = []
    sheet = load_scoresheet(debate, path, report=messages.append)
    backups = list(path.parent.glob("symposium-work.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert len(messages) == 1 and backups[0].name in messages[0]
    assert sheet.problems == messages and sheet.to_dict() == {}
    sheet.set("mann", "overall", 2)
    assert read_work(path)["scores"]["mann"]["overall"]["score"] == 2
    assert backups[0].read_bytes() == content  # never overwritten


def test_a_file_corrupted_while_scoring_is_backed_up_and_the_sheet_saved_whole(debate, path):
    messages = []
    sheet = load_scoresheet(debate, path, report=messages.append)
    sheet.set("mann", "overall", 2, "one")
    sheet.set("hass", "overall", 1, "two")
    path.write_text('{"format": "symposium-kit/work", "scores": {', encoding="utf-8")
    sheet.set("roach", "overall", 3, "three")
    assert len(messages) == 1 and "corrupt" in messages[0]
    saved = read_work(path)["scores"]
    assert {p for p in saved} == {"mann", "hass", "roach"}
    assert len(list(path.parent.glob("symposium-work.corrupt-*.json"))) == 1


# -- for notebooks ----------------------------------------------------------
def test_record_prints_what_was_saved_and_returns_true(debate, path, capsys):
    sheet = load_scoresheet(debate, path, report=None)
    assert sheet.record("James Mann", "overall", "cannot judge", "too early") is True
    out = capsys.readouterr().out
    assert out.startswith("✓ Mann, Overall quality: cannot judge (1/")
    assert path.name in out
    assert read_work(path)["scores"]["mann"]["overall"] == {
        "score": None,
        "justification": "too early",
    }


def test_record_explains_bad_input_without_raising_and_changes_nothing(debate, capsys):
    sheet = ScoreSheet(debate)
    assert sheet.record("nobody", "overall", 2) is False
    assert sheet.record("mann", "overall", 9) is False
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✗ contributor: no contributor 'nobody'")
    assert lines[1].startswith("✗ score: Mann on 'Overall quality' must be")
    assert all(line.endswith("Nothing was changed.") for line in lines)
    assert sheet.to_dict() == {}


def test_to_frame_lists_every_cell_with_its_status(debate):
    sheet = ScoreSheet(debate)
    sheet.set("mann", "overall", 2, "ok")
    sheet.set("hass", "overall", None)
    frame = sheet.to_frame().set_index(["contributor", "criterion"])
    assert len(frame) == len(sheet.cells)
    assert frame.loc[("mann", "overall"), "score"] == 2
    assert frame.loc[("hass", "overall"), "status"] == "cannot judge"
    assert (frame["status"] == "not scored").sum() == len(sheet.cells) - 2


def test_repr_says_how_far_the_sheet_is_and_where_it_is_saved(debate, path):
    sheet = load_scoresheet(debate, path, report=None)
    assert repr(sheet) == f"<ScoreSheet {debate.id}: 0/{len(sheet.cells)} scored, saved to {path}>"
