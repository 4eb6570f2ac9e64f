"""An outbound campaign the buyer wants run: the list, the expected rates and the revenue.

An outbound campaign is judged on the customers still active months later, not on dials or
sales booked (see :func:`vendoreval.pricing.campaign_cost` and
:func:`vendoreval.outcomes.cost_per_retained_customer`). The expected funnel of
:class:`OutboundCampaign`:

* numbers dialled = ``list_size`` × (1 − ``do_not_call_share``) — numbers on a do-not-call
  list are scrubbed before dialling, never called;
* dials = numbers dialled × ``dials_per_number``;
* contacts (a person reached) = numbers dialled × ``contact_rate``;
* sales = contacts × ``conversion_rate``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.vocabulary import Channel, Share

__all__ = ["OutboundCampaign"]


class OutboundCampaign(Model):
    """One outbound campaign: whom to call and what the buyer expects of it.

    Parameters
    ----------
    name : str
        The campaign's name (``"2027 win-back"``).
    channel : Channel
        The channel the agents reach out on (default ``phone``).
    list_size : int
        Numbers on the calling list [numbers], ≥ 0.
    do_not_call_share : float
        Share of the list on a do-not-call register [0–1]; scrubbed, not dialled.
    dials_per_number : float
        Mean dial attempts per number dialled [dials], ≥ 1.
    contact_rate : float
        Share of the numbers dialled where a person is reached [0–1].
    conversion_rate : float
        Share of contacts that buy [0–1].
    months : int
        Length of the campaign [months], ≥ 1; the list is worked once over it.
    first_year_revenue_per_sale : Decimal
        Expected revenue of a sale in the customer's first year [currency], ≥ 0; the base
        of a commission.
    """

    name: Annotated[str, Field(min_length=1)]
    channel: Channel = Channel.PHONE
    list_size: Annotated[StrictInt, Field(ge=0)]
    do_not_call_share: Share = 0.0
    dials_per_number: Annotated[float, Field(ge=1.0, allow_inf_nan=False)] = 1.0
    contact_rate: Share
    conversion_rate: Share
    months: Annotated[StrictInt, Field(ge=1)] = 1
    first_year_revenue_per_sale: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)] = Decimal(0)

    @property
    def numbers_dialled(self) -> float:
        """Numbers dialled [numbers]: the list without the do-not-call numbers."""
        return self.list_size * (1.0 - float(self.do_not_call_share))

    @property
    def dials(self) -> float:
        """Expected dial attempts [dials]."""
        return self.numbers_dialled * self.dials_per_number

    @property
    def contacts(self) -> float:
        """Expected contacts, a person reached [contacts]."""
        return self.numbers_dialled * float(self.contact_rate)

    @property
    def sales(self) -> float:
        """Expected sales [customers acquired]."""
        return self.contacts * float(self.conversion_rate)
