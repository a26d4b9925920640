"""Citizen Service Counter: the counter workstation (desktop and command line)."""

from counter_protocol import __version__

__all__ = ["__version__"]
