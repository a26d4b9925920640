"""Scanning: scanners behind one interface (SANE on Linux, WIA on Windows), the hot folder a
network scanner drops files into, and reading scanned files (pages, cover-sheet barcodes).

No database here: ``services/scan_filing.py`` and ``services/scan_station.py`` store and file
what this package reads. No Qt widgets either, so the CLI and tests use it without a screen.
"""
