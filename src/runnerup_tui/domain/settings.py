"""The library's settings as the playbook reads them: a plain dataclass, built without pydantic.

``domain.model.Settings`` validates ``runnerup.yaml`` when the file is parsed; the index keeps only these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runnerup_tui.domain.terms import Fit

# the defaults of runnerup.yaml (DESIGN.md §2), for the pydantic model and this dataclass alike
DEFAULT_CADENCE_DAYS = {Fit.PURSUE: 60}  # only pursue has a follow-up rhythm by default
REJECTION_CALL_WITHIN_DAYS = 3
CONSENT_DAYS = 730


def cadence_for(cadence_days: dict[Fit, int], fit: Fit) -> int | None:
    """Days between personal follow-ups for a fit: the library's own setting, else the default."""
    return cadence_days.get(fit, DEFAULT_CADENCE_DAYS.get(fit))


@dataclass(frozen=True, slots=True)
class LibrarySettings:
    """``runnerup.yaml`` once validated: library-wide defaults (DESIGN.md §2)."""

    name: str | None = None
    cadence_days: dict[Fit, int] = field(default_factory=dict)
    rejection_call_within_days: int = REJECTION_CALL_WITHIN_DAYS
    consent_days: int = CONSENT_DAYS
    team: list[str] = field(default_factory=list)
    # pairs of candidate ids a person said are two people ("ada-lovelace ~ augusta-king"): not shown as duplicates
    not_duplicates: list[str] = field(default_factory=list)

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> LibrarySettings:
        """The settings from validated values (``Settings.model_dump(mode="json")`` or a cache row)."""
        defaults = cls()
        return cls(
            name=values.get("name"),
            cadence_days={Fit(fit): days for fit, days in (values.get("cadence_days") or {}).items()},
            rejection_call_within_days=values.get("rejection_call_within_days", defaults.rejection_call_within_days),
            consent_days=values.get("consent_days", defaults.consent_days),
            team=list(values.get("team") or []),
            not_duplicates=list(values.get("not_duplicates") or []),
        )

    def to_values(self) -> dict[str, Any]:
        """The values as JSON-ready data, for the index cache."""
        return {
            "name": self.name,
            "cadence_days": {fit.value: days for fit, days in self.cadence_days.items()},
            "rejection_call_within_days": self.rejection_call_within_days,
            "consent_days": self.consent_days,
            "team": self.team,
            "not_duplicates": self.not_duplicates,
        }

    def cadence_for(self, fit: Fit) -> int | None:
        """Days between personal follow-ups for a fit; only ``pursue`` has a default."""
        return cadence_for(self.cadence_days, fit)
