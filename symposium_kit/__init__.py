"""symposium-kit: one real expert debate as a Jupyter course unit.

The public API is what ``__all__`` lists; other modules may change. Heavy
libraries (pandas, matplotlib, ipywidgets) are imported only by the functions
that need them, so ``import symposium_kit`` stays fast.
"""

from __future__ import annotations

from .loading import bundled_debate_dir, load_debate, resolved_data, schema, validate_debate
from .model import (
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
from .problems import DebateError, Problem
from .tables import to_frame

__version__ = "0.1.0"

__all__ = [
    "Anchor",
    "Citation",
    "Claim",
    "Criterion",
    "Debate",
    "DebateError",
    "Event",
    "Evidence",
    "Paragraph",
    "Participant",
    "Position",
    "Prediction",
    "Problem",
    "ReferenceScore",
    "Resolution",
    "Rubric",
    "Source",
    "StanceLevel",
    "__version__",
    "bundled_debate_dir",
    "load_debate",
    "resolved_data",
    "schema",
    "to_frame",
    "validate_debate",
]
