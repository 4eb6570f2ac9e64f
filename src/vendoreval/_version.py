"""The version of vendoreval (read by the build backend and by ``vendoreval.__version__``)."""

__version__ = "0.2.0"
