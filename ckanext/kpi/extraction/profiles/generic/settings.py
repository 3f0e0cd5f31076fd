"""Settings of the generic reader: how sure a row must be before its values are published."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MIN_CONFIDENCE = 0.6
MIN_CONFIDENCE_ENV = "KPI_GENERIC_MIN_CONFIDENCE"


@dataclass(frozen=True)
class GenericSettings:
    """``min_confidence``: a row whose confidence (0 … 1) is below it becomes a ``needs_review`` finding
    instead of observations. Set by ``kpi-extract --min-confidence`` or, for every process (harvesters and
    ``ckan kpi load`` included), the ``KPI_GENERIC_MIN_CONFIDENCE`` environment variable."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    @classmethod
    def from_env(cls) -> GenericSettings:
        raw = os.environ.get(MIN_CONFIDENCE_ENV, "").strip()
        if not raw:
            return cls()
        try:
            value = float(raw)
        except ValueError as error:
            raise ValueError(f"{MIN_CONFIDENCE_ENV} must be a number between 0 and 1, not {raw!r}") from error
        return cls(min_confidence=value).checked()

    def checked(self) -> GenericSettings:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"the minimum confidence must be between 0 and 1, not {self.min_confidence}")
        return self
