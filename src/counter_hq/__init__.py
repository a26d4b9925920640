"""Citizen Service Counter: the headquarters server."""

from counter_protocol import __version__

__all__ = ["__version__"]
