"""The KPIs measured in a pilot, and whether each is a share or a mean."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PilotKpi"]


class PilotKpi(StrEnum):
    """A KPI of :func:`~vendoreval.outcomes.compare_pilots`, in the order the table lists them.

    ``fcr``, ``csat``, ``resolved`` and ``conversion`` are shares of contacts [0–1];
    ``qa_score`` [0–1] and ``handle_seconds`` [s] are means over contacts.
    """

    FCR = "fcr"
    """First-contact resolution: share of contacts the same customer did not repeat."""
    CSAT = "csat"
    """Top-2-box customer satisfaction: share of rated contacts scored 4 or 5 of 5."""
    QA_SCORE = "qa_score"
    """Mean quality-assurance score of the evaluated contacts [0–1]."""
    HANDLE_SECONDS = "handle_seconds"
    """Mean handle time [s]."""
    RESOLVED = "resolved"
    """Share of contacts marked resolved by the agent."""
    CONVERSION = "conversion"
    """Outbound: share of contacts that converted (a sale, a retained customer)."""

    @property
    def is_proportion(self) -> bool:
        """True for shares of contacts (Wilson/Newcombe intervals), False for means (Welch)."""
        return self not in (PilotKpi.QA_SCORE, PilotKpi.HANDLE_SECONDS)

    @property
    def column(self) -> str | None:
        """The record column the KPI is measured from (None for ``fcr``, derived from timing)."""
        if self is PilotKpi.FCR:
            return None
        if self is PilotKpi.CONVERSION:
            return "converted"
        return self.value
