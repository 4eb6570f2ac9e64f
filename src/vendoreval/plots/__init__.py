"""Charts: every function takes the data it draws and an optional Matplotlib ``ax``, draws
on it (or on a new figure of a sensible size when ``ax`` is None) and returns the Axes, in
the style of scikit-criteria.

Series take their colours from the Okabe–Ito palette, which stays distinguishable under
the common colour-vision deficiencies; a vendor keeps the same colour in every chart. Korean
text renders with the bundled NanumGothic font (SIL Open Font License 1.1), registered on
demand by :func:`use_hangul_font`.

Importing this package imports Matplotlib; ``import vendoreval`` does not. The charts draw
what the analysis computed (an :class:`~vendoreval.Evaluation` caches it); they start no
simulation or sensitivity run of their own.
"""

from __future__ import annotations

from vendoreval.plots._inputs import (
    ChartSource,
    ContractLike,
    EvaluationLike,
    NeedsLike,
    SimulationLike,
)
from vendoreval.plots._style import (
    BUNDLED_HANGUL_FONT,
    CRITERION_LABELS,
    OKABE_ITO,
    SYSTEM_HANGUL_FAMILIES,
    MoneyFormatter,
    format_money,
    use_hangul_font,
)
from vendoreval.plots.acceptability import plot_acceptability
from vendoreval.plots.audit import audit_waterfall
from vendoreval.plots.award import plot_award
from vendoreval.plots.billing import plot_billing_curves, plot_cost_curve
from vendoreval.plots.contract import plot_net_cost, service_level_plot
from vendoreval.plots.contributions import plot_contributions
from vendoreval.plots.costs import plot_cost_distribution
from vendoreval.plots.outcomes import forest_plot, retention_plot
from vendoreval.plots.radar import plot_radar
from vendoreval.plots.save import CHART_FILES, save_charts

__all__ = [
    "BUNDLED_HANGUL_FONT",
    "CHART_FILES",
    "CRITERION_LABELS",
    "OKABE_ITO",
    "SYSTEM_HANGUL_FAMILIES",
    "ChartSource",
    "ContractLike",
    "EvaluationLike",
    "MoneyFormatter",
    "NeedsLike",
    "SimulationLike",
    "audit_waterfall",
    "forest_plot",
    "format_money",
    "plot_acceptability",
    "plot_award",
    "plot_billing_curves",
    "plot_contributions",
    "plot_cost_curve",
    "plot_cost_distribution",
    "plot_net_cost",
    "plot_radar",
    "retention_plot",
    "save_charts",
    "service_level_plot",
    "use_hangul_font",
]
