"""First-contact resolution: which contacts a customer had to follow up.

A contact at time t is *repeated* when the same customer made another contact (any channel)
at a time in (t, t + window]. First-contact resolution is the share of contacts that are not
repeated, among those whose window ends no later than the last contact in the data (a later
window could still see a follow-up that the data do not show).

The definition is the one vendoreval uses for pilot outcomes too (design, "Outcomes"), so a
vendor's FCR under contract compares with its FCR in the pilot.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["repeated_within"]


def repeated_within(
    customer: npt.NDArray[np.uint64],
    clock_ns: npt.NDArray[np.int64],
    window_ns: int,
) -> npt.NDArray[np.bool_]:
    """Whether each contact is followed by another of the same customer within the window.

    Sorts once by (customer, time): the next contact of the same customer strictly after
    a contact is the first one past the contact's run of equal (customer, time) pairs, and
    no later contact can be closer. O(n log n), no per-contact Python loop.

    Parameters
    ----------
    customer : numpy.ndarray of uint64, shape (n, k)
        The customer of each contact as k 64-bit words (e.g. a 128-bit hash as k = 2).
    clock_ns : numpy.ndarray of int64, shape (n,)
        When each contact started [ns].
    window_ns : int
        Length of the window (t, t + window] [ns].

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True where the same customer contacted again within the window.

    Examples
    --------
    >>> cust = np.array([[1], [1], [2], [1]], dtype=np.uint64)
    >>> t = np.array([0, 5, 6, 20], dtype=np.int64)
    >>> repeated_within(cust, t, 10).tolist()
    [True, False, False, False]
    """
    n = int(clock_ns.shape[0])
    result = np.zeros(n, dtype=bool)
    if n == 0:
        return result
    words = [customer[:, j] for j in range(customer.shape[1])]
    order = np.lexsort((clock_ns, *reversed(words)))
    times = clock_ns[order]
    sorted_words = [w[order] for w in words]
    same_customer = np.ones(n - 1, dtype=bool)
    for word in sorted_words:
        same_customer &= word[1:] == word[:-1]
    # Runs of equal (customer, time): a contact at the same instant is not "after" t.
    continues = same_customer & (times[1:] == times[:-1])
    run = np.concatenate(([0], np.cumsum(~continues)))
    run_end = np.append(np.flatnonzero(~continues) + 1, n)  # first index past each run
    following = run_end[run]
    has_next = following < n
    nxt = np.minimum(following, n - 1)
    same_next = np.ones(n, dtype=bool)
    for word in sorted_words:
        same_next &= word[nxt] == word
    repeated = has_next & same_next & (times[nxt] - times <= window_ns)
    result[order] = repeated
    return result
