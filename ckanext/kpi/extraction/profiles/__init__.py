"""Family profiles and the registry that picks one by content (or by name, as a manual override)."""

from __future__ import annotations

from ..reading import ExtractionError
from ..structure import Document
from .base import Profile
from .dip_diagram import DipDiagramProfile
from .generic import GenericProfile
from .git_plan import GitPlanProfile
from .mdes_report import MdesReportProfile
from .opdc_assessment import OpdcAssessmentProfile
from .pmqa_guide import PmqaGuideProfile

# Below this score a document is an "unknown family": only its stage-1 structure is written.
MIN_SCORE = 0.6

PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        GitPlanProfile(),
        OpdcAssessmentProfile(),
        DipDiagramProfile(),
        MdesReportProfile(),
        PmqaGuideProfile(),
    )
}


# Not a family: the reader of KPI tables in any document, chosen when no family scores high enough (or by
# name). Kept out of PROFILES, whose scores are the weighted evidence of the families.
GENERIC = GenericProfile()


def profile_scores(document: Document) -> dict[str, float]:
    return {name: round(profile.score(document), 3) for name, profile in PROFILES.items()}


def choose_profile(document: Document, override: str | None = None) -> Profile | None:
    """The named profile, or the best-scoring one at or above :data:`MIN_SCORE`, or None."""
    if override:
        if override == GENERIC.name:
            return GENERIC
        if override not in PROFILES:
            known = ", ".join(sorted([*PROFILES, GENERIC.name]))
            raise ExtractionError(f"unknown profile {override!r} (known: {known})", path=document.source.path)
        return PROFILES[override]
    scores = profile_scores(document)
    best = max(scores, key=lambda name: scores[name])
    return PROFILES[best] if scores[best] >= MIN_SCORE else None
