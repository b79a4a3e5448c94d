"""symposium-kit: one real expert debate as a Jupyter course unit.

The public API is what ``__all__`` lists; the modules behind it may change.
Names are loaded on first use (PEP 562 ``__getattr__``), so ``import
symposium_kit`` costs almost nothing and each module, with the heavy libraries
it needs (pandas, matplotlib, ipywidgets, nbformat, krippendorff), loads only
when a name from it is used: ``from symposium_kit import load_debate`` imports
the loader alone. Static tools (mypy, editors) read the same names with their
real types from the ``TYPE_CHECKING`` block below; a test keeps the block and
:data:`_MODULES` in step.

The package is in wings, each a subpackage named for what it holds:
``debate`` (the model and its loading), ``work`` (the student's saved work and
its formats), ``exercises``, ``scoring``, ``classroom``, ``views`` (plots,
cards, widgets), ``exchange`` (import and export), ``authoring`` (the
editions) and ``cli``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .classroom.collect import ClassResults, Duplicate, Skipped, collect
    from .classroom.demo import DemoClass, class_folder, write_demo_class
    from .classroom.feedback import ManualGrade, Report, feedback_report, write_feedback
    from .classroom.gradebook import (
        gradebook,
        long_table,
        safe_frame,
        write_gradebook_csv,
        write_long_csv,
    )
    from .classroom.grading import Regraded, printable, regrade, regrade_one
    from .classroom.lms import (
        RosterError,
        answers_table,
        read_roster,
        write_answers_csv,
        write_lms_gradebook,
    )
    from .classroom.manual import (
        JUSTIFICATIONS,
        GradingQueue,
        grade,
        grading_queue,
        manual_grades,
        open_exercises,
    )
    from .classroom.versions import Version
    from .debate.lint import lint_debate
    from .debate.load import bundled_debate_dir, load_debate, resolved_data, validate_debate
    from .debate.model import (
        Anchor,
        Citation,
        Claim,
        Criterion,
        Debate,
        Event,
        Evidence,
        Paragraph,
        Participant,
        Position,
        Prediction,
        ReferenceScore,
        Resolution,
        Rubric,
        Source,
        StanceLevel,
    )
    from .debate.problems import DebateError, Problem
    from .debate.schema import schema
    from .debate.tables import to_frame
    from .exchange.aif import to_aif
    from .exchange.argdown import to_argdown
    from .exchange.handout import to_markdown
    from .exchange.import_text import ImportProblem, import_text
    from .exercises.catalog import load_exercises
    from .exercises.cells import check, hint, show_exercise
    from .exercises.checking import Feedback, check_answer
    from .exercises.model import Exercise
    from .hub.client import fetch_handins, hand_in, my_feedback, return_feedback
    from .scoring.agreement import (
        agreement_table,
        class_vs_reference,
        describe_alpha,
        krippendorff_alpha,
        outlier_raters,
        score_distribution,
        splits,
    )
    from .scoring.brier import (
        brier_score,
        brier_scores,
        calibration_table,
        prediction_summary,
        recorded_outcomes,
    )
    from .scoring.forecasts import (
        calibration_note,
        describe_forecasts,
        describe_resolutions,
        forecast_frame,
        forecast_table,
        resolution_table,
    )
    from .scoring.reference import (
        compare_with_reference,
        criterion_differences,
        describe_divergences,
        explain_reference,
        holistic_summary,
        largest_divergences,
        reference_score,
        reference_table,
        summarize_holistic,
    )
    from .views.argument_map import argument_graph, argument_map, argument_map_data
    from .views.argument_tree import (
        argument_tree,
        describe_argument_tree,
        describe_who_answers_whom,
        plot_argument_tree,
        plot_who_answers_whom,
        who_answers_whom,
    )
    from .views.cards import contributor_card, quote_card, rubric_card
    from .views.class_plots import (
        describe_agreement,
        describe_calibration,
        describe_score_distributions,
        plot_agreement,
        plot_calibration,
        plot_score_distributions,
    )
    from .views.debate_plots import (
        describe_evidence_matrix,
        describe_stance_spectrum,
        describe_timeline,
        plot_evidence_matrix,
        plot_stance_spectrum,
        plot_timeline,
    )
    from .views.forecast_form import forecast_form
    from .views.grading_form import grading_form
    from .views.handin_button import hand_in_button
    from .views.picker import contributor_picker
    from .views.scoring_form import scoring_form
    from .views.scoring_plots import describe_profile, plot_profile, plot_profiles
    from .work.forecastsheet import (
        HEDGE_GUIDE,
        ForecastError,
        guide_probability,
        hedge_guide_table,
        record_forecast,
        record_forecasts,
        saved_forecasts,
    )
    from .work.gradesheet import GradeSheet, GradeSheetError
    from .work.scoresheet import (
        CANNOT_JUDGE,
        IncompleteSheetError,
        ScoreSheet,
        load_scoresheet,
        require_complete,
    )
    from .work.workfile import WorkFileError, work_path

# the module (below symposium_kit) -> the public names it defines, grouped as the docs present them
_MODULES: dict[str, list[str]] = {
    "debate.lint": ["lint_debate"],
    "debate.load": ["bundled_debate_dir", "load_debate", "resolved_data", "validate_debate"],
    "debate.model": [
        "Anchor",
        "Citation",
        "Claim",
        "Criterion",
        "Debate",
        "Event",
        "Evidence",
        "Paragraph",
        "Participant",
        "Position",
        "Prediction",
        "ReferenceScore",
        "Resolution",
        "Rubric",
        "Source",
        "StanceLevel",
    ],
    "debate.problems": ["DebateError", "Problem"],
    "debate.schema": ["schema"],
    "debate.tables": ["to_frame"],
    "views.debate_plots": [
        "describe_evidence_matrix",
        "describe_stance_spectrum",
        "describe_timeline",
        "plot_evidence_matrix",
        "plot_stance_spectrum",
        "plot_timeline",
    ],
    "views.picker": ["contributor_picker"],
    "views.cards": ["contributor_card", "quote_card", "rubric_card"],
    "views.argument_map": ["argument_graph", "argument_map", "argument_map_data"],
    "views.argument_tree": [
        "argument_tree",
        "describe_argument_tree",
        "describe_who_answers_whom",
        "plot_argument_tree",
        "plot_who_answers_whom",
        "who_answers_whom",
    ],
    "exercises.checking": ["Feedback", "check_answer"],
    "exercises.cells": ["check", "hint", "show_exercise"],
    "exercises.catalog": ["load_exercises"],
    "exercises.model": ["Exercise"],
    "work.workfile": ["WorkFileError", "work_path"],
    "work.scoresheet": [
        "CANNOT_JUDGE",
        "IncompleteSheetError",
        "ScoreSheet",
        "load_scoresheet",
        "require_complete",
    ],
    "scoring.reference": [
        "compare_with_reference",
        "criterion_differences",
        "describe_divergences",
        "explain_reference",
        "holistic_summary",
        "largest_divergences",
        "reference_score",
        "reference_table",
        "summarize_holistic",
    ],
    "views.scoring_plots": ["describe_profile", "plot_profile", "plot_profiles"],
    "views.scoring_form": ["scoring_form"],
    "work.forecastsheet": [
        "ForecastError",
        "HEDGE_GUIDE",
        "guide_probability",
        "hedge_guide_table",
        "record_forecast",
        "record_forecasts",
        "saved_forecasts",
    ],
    "scoring.forecasts": [
        "calibration_note",
        "describe_forecasts",
        "describe_resolutions",
        "forecast_frame",
        "forecast_table",
        "resolution_table",
    ],
    "views.forecast_form": ["forecast_form"],
    "views.handin_button": ["hand_in_button"],
    "scoring.agreement": [
        "agreement_table",
        "class_vs_reference",
        "describe_alpha",
        "krippendorff_alpha",
        "outlier_raters",
        "score_distribution",
        "splits",
    ],
    "views.class_plots": [
        "describe_agreement",
        "describe_calibration",
        "describe_score_distributions",
        "plot_agreement",
        "plot_calibration",
        "plot_score_distributions",
    ],
    "classroom.collect": ["ClassResults", "Duplicate", "Skipped", "collect"],
    "classroom.versions": ["Version"],
    "classroom.demo": ["DemoClass", "class_folder", "write_demo_class"],
    "scoring.brier": [
        "brier_score",
        "brier_scores",
        "calibration_table",
        "prediction_summary",
        "recorded_outcomes",
    ],
    "classroom.feedback": ["ManualGrade", "Report", "feedback_report", "write_feedback"],
    "classroom.gradebook": [
        "gradebook",
        "long_table",
        "safe_frame",
        "write_gradebook_csv",
        "write_long_csv",
    ],
    "classroom.grading": ["Regraded", "printable", "regrade", "regrade_one"],
    "work.gradesheet": ["GradeSheet", "GradeSheetError"],
    "classroom.manual": [
        "GradingQueue",
        "JUSTIFICATIONS",
        "grade",
        "grading_queue",
        "manual_grades",
        "open_exercises",
    ],
    "views.grading_form": ["grading_form"],
    "classroom.lms": [
        "RosterError",
        "answers_table",
        "read_roster",
        "write_answers_csv",
        "write_lms_gradebook",
    ],
    "exchange.aif": ["to_aif"],
    "exchange.argdown": ["to_argdown"],
    "exchange.handout": ["to_markdown"],
    "exchange.import_text": ["ImportProblem", "import_text"],
    "hub.client": ["fetch_handins", "hand_in", "my_feedback", "return_feedback"],
}
_EXPORTS: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
