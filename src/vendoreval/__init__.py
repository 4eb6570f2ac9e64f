"""vendoreval — choose a contact-center outsourcing (BPO) vendor."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
