"""Coherence checks for any draft: references, defined terms, numbers, periods, numbering,
annexes, declared clause conflicts, and two documents that disagree (docs/check.md)."""

from treatykit.review.coherence.model import CLASSES, CoherenceFinding
from treatykit.review.coherence.service import (
    CoherenceReport,
    check_documents,
    check_structure,
    check_text,
)

__all__ = ["CLASSES", "CoherenceFinding", "CoherenceReport", "check_documents",
           "check_structure", "check_text"]
