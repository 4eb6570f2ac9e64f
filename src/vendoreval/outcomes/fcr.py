"""First-contact resolution from contact timing: was a contact followed by a repeat?

A contact of customer c at time t is *repeated* when c contacts again — through any vendor,
on any channel — at a time in (t, t + window]: a later contact exactly at t + window counts,
one a moment after does not, and another contact at the very same instant t does not. A
contact is *observed* when its whole window lies within the data, t + window ≤ T, where T is
the last ``started_at`` of all the records; later contacts are censored (their repeat could
still come) and left out of FCR.

FCR measured this way needs no agent's judgement: a customer who had to come back within
the window was not resolved at the first contact, whatever the agent marked.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["repeat_contacts"]


def repeat_contacts(
    customer: npt.ArrayLike, started_ns: npt.ArrayLike, window_ns: int
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Flag the contacts followed by another from the same customer within the window.

    Runs in O(n log n) with no per-contact Python loop: contacts are sorted by (customer,
    time) and each finds the first strictly later contact of its customer by binary search.

    Parameters
    ----------
    customer : array_like of int
        Customer code of each contact (equal codes are the same customer).
    started_ns : array_like of int
        Start of each contact [ns since the epoch, UTC].
    window_ns : int
        Repeat window [ns], > 0.

    Returns
    -------
    repeated : numpy.ndarray of bool
        True where the customer contacted again within (t, t + window].
    observed : numpy.ndarray of bool
        True where t + window ≤ the last start time of all contacts (not censored).
    """
    codes = np.asarray(customer, dtype=np.int64)
    times = np.asarray(started_ns, dtype=np.int64)
    n = codes.size
    repeated = np.zeros(n, dtype=bool)
    if n == 0:
        return repeated, np.zeros(0, dtype=bool)
    order = np.lexsort((times, codes))
    cs = codes[order]
    ts = times[order]
    _, rank = np.unique(ts, return_inverse=True)
    levels = int(rank.max()) + 1
    _, customer_rank = np.unique(cs, return_inverse=True)
    key = customer_rank.astype(np.int64) * levels + rank.astype(np.int64)  # sorted ascending
    nxt = np.searchsorted(key, key, side="right")  # first contact strictly later, or next customer
    has_next = nxt < n
    at = np.minimum(nxt, n - 1)
    same = has_next & (cs[at] == cs)
    repeated[order] = same & (ts[at] - ts <= window_ns)
    observed = times <= times.max() - window_ns
    return repeated, observed
