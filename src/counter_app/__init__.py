"""Citizen Service Counter: the counter workstation (CLI now, desktop UI later)."""

__version__ = "0.1.0"
