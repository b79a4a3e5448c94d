"""The annotation lint: each rule catches a slip and lets the right annotation pass.

Every case edits a copy of a real debate folder (the bundled one, or the
example debate of the fixtures) and lints it; nothing is mocked.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from symposium_kit import bundled_debate_dir
from symposium_kit.cli.main import main
from symposium_kit.debate.lint import dropped_hedges, lint_debate

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "example-debate"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "debate"
    shutil.copytree(bundled_debate_dir(), folder, ignore=shutil.ignore_patterns("exercises"))
    return folder


def _edit(folder: Path, old: str, new: str, file: str = "debate.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the edit should match once: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _warnings(folder: Path, rule: str) -> list[str]:
    return [str(p) for p in lint_debate(folder) if f": {rule}: " in str(p)]


def _prediction_block(folder: Path, pid: str) -> str:
    text = (folder / "debate.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {pid}\n", text.index("\npredictions:\n"))
    end = text.index("\n  - id: ", start + 1)
    return text[start:end]


# -- the shipped debates -------------------------------------------------------


def test_the_bundled_and_the_example_debate_have_no_lint_warnings():
    assert lint_debate() == []
    assert lint_debate(EXAMPLE) == []


def test_an_invalid_folder_gives_its_validation_problems(bundled):
    _edit(bundled, "    evidence: [summit-precedent, ustr-section-301]", "    evidence: [no-such]")
    problems = [str(p) for p in lint_debate(bundled)]
    assert problems and all("no-such" in p for p in problems)


# -- hedge -------------------------------------------------------------------------


def test_hedge_catches_a_claim_that_drops_must(bundled):
    _edit(bundled, "threat that must be countered\n", "threat to be countered\n")
    (warning,) = _warnings(bundled, "hedge")
    assert re.search(r"debate\.yaml:\d+: claims\[\d+\]\.text: hedge: .*\(must\)", warning)
    assert "China is not a singular threat that must be countered." in warning


def test_hedge_catches_a_claim_that_drops_appear(bundled):
    _edit(
        bundled,
        "do not\n      appear to be strategically significant",
        "are not\n      strategically significant",
    )
    (warning,) = _warnings(bundled, "hedge")
    assert "(seems, appears)" in warning and "don’t appear" in warning


def test_hedge_lets_another_word_of_the_same_family_pass(bundled):
    _edit(bundled, "tariff truce could be viewed as", "tariff truce might be viewed as")
    assert _warnings(bundled, "hedge") == []
    _edit(bundled, "tariff truce might be viewed as", "tariff truce are")
    assert len(_warnings(bundled, "hedge")) == 1


def test_hedge_catches_a_claim_that_drops_seems(bundled):
    _edit(
        bundled,
        'In one respect "Is Trump going soft on China?" seems like',
        '"Is Trump going soft on China?" is',
    )
    (warning,) = _warnings(bundled, "hedge")
    assert re.search(r"claims\[\d+\]\.text: hedge: the quote hedges \(seems, appears\)", warning)


def test_hedge_on_a_forecast_reads_its_hedge_field(bundled):
    _edit(bundled, "    hedge: probably not\n", "    hedge: certainly not\n")
    (warning,) = _warnings(bundled, "hedge")
    assert "predictions[" in warning and ".hedge:" in warning and "probably, likely" in warning


def test_dropped_hedges_reads_appear_and_its_negation():
    quote = "don’t appear to be strategically significant"
    assert dropped_hedges(quote, "neither strategically significant") == ["seems, appears"]
    assert dropped_hedges(quote, "do not appear to be strategically significant") == []


# -- descriptor --------------------------------------------------------------------


ROACH_NOW = """      mockery and loaded language ("self-anointed", "notch in his belt") make
      the piece read as advocacy rather than analysis."""
ROACH_LEVEL0_WORDS = """      mockery gives a reader who does not already agree reasons to doubt his
      fairness."""


def test_descriptor_catches_a_rationale_in_another_levels_words(bundled):
    _edit(bundled, ROACH_NOW, ROACH_LEVEL0_WORDS)
    (warning,) = _warnings(bundled, "descriptor")
    assert "reference_scores[42].rationale" in warning
    assert "scored 1, but the rationale uses the wording of level 0" in warning


def test_descriptor_lets_the_same_words_pass_with_the_level_they_describe(bundled):
    level0 = """      Dismissive throughout: the writer gives a neutral reader reasons to
      doubt his fairness."""
    text = (bundled / "debate.yaml").read_text(encoding="utf-8")
    start = text.index("  - participant: roach\n    criterion: credibility\n")
    end = text.index(ROACH_NOW, start) + len(ROACH_NOW)
    block = text[start:end]
    rationale = block[block.index("      The economist's") :]
    block = block.replace("    score: 1\n", "    score: 0\n").replace(rationale, level0)
    (bundled / "debate.yaml").write_text(text[:start] + block + text[end:], encoding="utf-8")
    assert _warnings(bundled, "descriptor") == []
    assert "score: 0" in block


# -- one outcome, resolutions ---------------------------------------------------------

DAWN = "https://www.dawn.com/news/1952144/trump-says-strikes-deal-with-chinas-xi-on-tariffs-rare-earth-exports"


def test_one_outcome_catches_two_forecasts_settled_by_the_same_fact(bundled):
    block = _prediction_block(bundled, "mann.fall-rapprochement")
    _edit(
        bundled,
        block,
        block.replace("settled_by: busan-meeting", "settled_by: tariff-deal-announced"),
    )
    (warning,) = _warnings(bundled, "one-outcome")
    assert "tariff-deal-announced" in warning and "mcgregor.big-beautiful-deal" in warning
    assert _warnings(bundled, "resolution") == []  # the source is one of that fact's


def test_resolution_catches_a_source_not_in_the_outcome(bundled):
    block = _prediction_block(bundled, "mann.purchases")
    _edit(
        bundled,
        block,
        block.replace("https://theticker.org/17447/business/", "https://example.org/"),
    )
    (warning,) = _warnings(bundled, "resolution")
    assert ".resolution.source:" in warning and "soybean-pledge" in warning


def test_resolution_catches_a_date_after_the_report_it_cites(bundled):
    block = _prediction_block(bundled, "cutler.beyond-trade")
    _edit(bundled, block, block.replace("reported: '2025-10-30'", "reported: '2025-11-15'"))
    (warning,) = _warnings(bundled, "resolution")
    assert (
        "reported 2025-11-15, after the report it cites (fentanyl-tariff-cut: 2025-10-30)"
        in warning
    )


def test_resolution_lets_a_date_inside_a_two_day_report_pass(bundled):
    assert "reported: '2025-10-31'" in _prediction_block(bundled, "mann.purchases")
    assert _warnings(bundled, "resolution") == []


def test_resolution_catches_an_unknown_or_missing_outcome(bundled):
    block = _prediction_block(bundled, "cutler.not-easy")
    _edit(
        bundled, block, block.replace("settled_by: no-formal-agreement", "settled_by: no-such-fact")
    )
    (warning,) = _warnings(bundled, "resolution")
    assert "'no-such-fact' is not an outcome of outcomes.yaml" in warning
    block = _prediction_block(bundled, "cutler.not-easy")
    _edit(bundled, block, block.replace("      settled_by: no-such-fact\n", ""))
    (warning,) = _warnings(bundled, "resolution")
    assert "names no outcome; add settled_by" in warning


def test_resolution_catches_resolved_forecasts_without_an_outcomes_file(bundled):
    (bundled / "outcomes.yaml").unlink()
    warnings = _warnings(bundled, "resolution")
    assert len(warnings) == 5 and all("no outcomes.yaml" in w for w in warnings)


def test_a_malformed_outcomes_file_is_a_located_problem(bundled):
    _edit(
        bundled,
        "  - id: soybean-pledge\n    date: '2025-10-30/31'",
        "  - id: soybean-pledge\n    date: late October",
        "outcomes.yaml",
    )
    problems = [str(p) for p in lint_debate(bundled)]
    assert any(
        re.search(
            r"outcomes\.yaml:\d+: outcomes\[5\]\.date: date 'late October' is not an ISO day", p
        )
        for p in problems
    )


# -- event dates ---------------------------------------------------------------------


def test_event_date_catches_an_inferred_year_without_a_note(bundled):
    _edit(
        bundled,
        "    date_note: The text gives the day only; the year is that of the debate (2025).\n    description: >-\n      Trump launched",
        "    description: >-\n      Trump launched",
    )
    (warning,) = _warnings(bundled, "event-date")
    assert "events[8].sort_key" in warning and "no year 2025" in warning


def test_event_date_lets_a_year_the_text_gives_pass_without_a_note(bundled):
    block_start = (
        "  - id: art-of-the-deal\n    date: his 1987 book\n    sort_key: '1987'\n    description"
    )
    assert block_start in (bundled / "debate.yaml").read_text(encoding="utf-8")
    assert _warnings(bundled, "event-date") == []


def test_event_date_catches_a_date_the_text_does_not_give(bundled):
    _edit(
        bundled,
        "    date: In July\n    sort_key: '2025-07'\n    date_note: The text gives the month only; the year is that of the debate (2025).\n",
        "    date: July 2025\n    sort_key: '2025-07'\n",
    )
    (warning,) = _warnings(bundled, "event-date")
    assert "'July 2025' is not in the text" in warning


# -- answers in the data ----------------------------------------------------------------


def test_an_answered_warning_is_silent_and_a_stale_answer_is_reported(bundled):
    _edit(bundled, "threat that must be countered\n", "threat to be countered\n")
    answer = (
        "lint:\n  answered:\n"
        "    - rule: hedge\n      item: hass.not-singular-threat\n"
        "      because: the test answers it\n"
    )
    _edit(bundled, "reference_scores:\n", answer + "reference_scores:\n")
    assert lint_debate(bundled) == []
    _edit(bundled, "threat to be countered\n", "threat that must be countered\n")
    (problem,) = [str(p) for p in lint_debate(bundled)]
    assert "lint.answered[0]" in problem and "gives no such warning" in problem


# -- the command line ---------------------------------------------------------------------


def test_lint_command_prints_ok_or_each_warning_and_exits_1(bundled, capsys):
    assert main(["lint", str(bundled)]) == 0
    assert "no lint warnings" in capsys.readouterr().out
    _edit(bundled, "threat that must be countered\n", "threat to be countered\n")
    assert main(["lint", str(bundled)]) == 1
    out = capsys.readouterr()
    assert re.match(r".*debate\.yaml:\d+: claims\[\d+\]\.text: hedge: ", out.out)
    assert "1 warning(s)" in out.err


def test_hedge_catches_an_evidence_summary_that_drops_reportedly(bundled):
    _edit(
        bundled, "The administration reportedly blocked Taiwan", "The administration blocked Taiwan"
    )
    (warning,) = _warnings(bundled, "hedge")
    assert re.search(r"evidence\[\d+\]\.summary: hedge: the quote hedges \(reportedly\)", warning)


def test_hedge_catches_a_position_summary_that_drops_may(bundled):
    _edit(
        bundled,
        "signs the shift may be more than temporary",
        "signs the shift is more than temporary",
    )
    (warning,) = _warnings(bundled, "hedge")
    assert re.search(
        r"positions\[1\]\.summary: hedge: the quote hedges \(may, might, could\)", warning
    )
