"""symposium-kit: one real expert debate as a Jupyter course unit.

The public API is what ``__all__`` lists; other modules may change. Names are
loaded on first use (PEP 562 ``__getattr__``), so ``import symposium_kit`` costs
almost nothing and each module, with the heavy libraries it needs (pandas,
matplotlib, ipywidgets, nbformat, krippendorff), loads only when a name from it
is used: ``from symposium_kit import load_debate`` imports the loader alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> the module that defines it, grouped as the docs present them
_EXPORTS: dict[str, str] = {}
# The debate: model, loading, tables
_EXPORTS.update(
    dict.fromkeys(
        ["bundled_debate_dir", "load_debate", "resolved_data", "schema", "validate_debate"],
        "loading",
    )
)
_EXPORTS.update(
    dict.fromkeys(
        [
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
        "model",
    )
)
_EXPORTS.update(dict.fromkeys(["DebateError", "Problem"], "problems"))
_EXPORTS.update(dict.fromkeys(["to_frame"], "tables"))
# Lessons: figures, quotes in context, the contributor picker
_EXPORTS.update(
    dict.fromkeys(
        [
            "describe_evidence_matrix",
            "describe_stance_spectrum",
            "describe_timeline",
            "plot_evidence_matrix",
            "plot_stance_spectrum",
            "plot_timeline",
        ],
        "debate_plots",
    )
)
_EXPORTS.update(dict.fromkeys(["contributor_picker"], "debate_widgets"))
_EXPORTS.update(dict.fromkeys(["contributor_card", "quote_card"], "display"))
# Exercises
_EXPORTS.update(dict.fromkeys(["Feedback", "check_answer"], "checking"))
_EXPORTS.update(dict.fromkeys(["check", "hint", "show_exercise"], "exercise_display"))
_EXPORTS.update(dict.fromkeys(["Exercise", "load_exercises"], "exercises"))
# The student's saved work
_EXPORTS.update(dict.fromkeys(["WorkFileError", "work_path"], "workfile"))
# Scoring: the student's sheet against the reference
_EXPORTS.update(
    dict.fromkeys(
        [
            "CANNOT_JUDGE",
            "IncompleteSheetError",
            "ScoreSheet",
            "load_scoresheet",
            "require_complete",
        ],
        "scoresheet",
    )
)
_EXPORTS.update(
    dict.fromkeys(
        [
            "compare_with_reference",
            "criterion_differences",
            "describe_divergences",
            "holistic_summary",
            "largest_divergences",
            "reference_score",
            "summarize_holistic",
        ],
        "scoring",
    )
)
_EXPORTS.update(
    dict.fromkeys(["describe_profile", "plot_profile", "plot_profiles"], "scoring_plots")
)
_EXPORTS.update(dict.fromkeys(["scoring_form"], "scoring_widgets"))
# Forecasts: the student's probabilities
_EXPORTS.update(
    dict.fromkeys(
        [
            "HEDGE_GUIDE",
            "ForecastError",
            "describe_forecasts",
            "describe_resolutions",
            "forecast_form",
            "forecast_frame",
            "forecast_table",
            "guide_probability",
            "hedge_guide_table",
            "record_forecast",
            "record_forecasts",
            "resolution_table",
            "saved_forecasts",
        ],
        "forecast_entry",
    )
)
# The class: collection, agreement, Brier scores, exports
_EXPORTS.update(
    dict.fromkeys(
        [
            "agreement_table",
            "class_vs_reference",
            "describe_alpha",
            "krippendorff_alpha",
            "outlier_raters",
            "score_distribution",
            "splits",
        ],
        "agreement",
    )
)
_EXPORTS.update(
    dict.fromkeys(
        [
            "describe_agreement",
            "describe_calibration",
            "describe_score_distributions",
            "plot_agreement",
            "plot_calibration",
            "plot_score_distributions",
        ],
        "class_plots",
    )
)
_EXPORTS.update(dict.fromkeys(["ClassResults", "Duplicate", "Skipped", "collect"], "collect"))
_EXPORTS.update(dict.fromkeys(["DemoClass", "write_demo_class"], "demo_class"))
_EXPORTS.update(
    dict.fromkeys(
        [
            "brier_score",
            "brier_scores",
            "calibration_table",
            "prediction_summary",
            "recorded_outcomes",
        ],
        "forecasts",
    )
)
_EXPORTS.update(
    dict.fromkeys(["gradebook", "long_table", "write_gradebook_csv", "write_long_csv"], "gradebook")
)
# Bring your own debate, take it elsewhere
_EXPORTS.update(
    dict.fromkeys(["argument_graph", "describe_argument_map", "plot_argument_map"], "argument_map")
)
_EXPORTS.update(dict.fromkeys(["to_aif"], "export_aif"))
_EXPORTS.update(dict.fromkeys(["to_argdown"], "export_argdown"))
_EXPORTS.update(dict.fromkeys(["to_markdown"], "export_markdown"))
_EXPORTS.update(dict.fromkeys(["ImportProblem", "import_text"], "importing"))

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
