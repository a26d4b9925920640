"""Printed documents (receipts, slips, cover sheets, handover slips) and printer backends.

Documents are rendered to PDF bytes here (reportlab, Arabic shaped and right-to-left); a
backend sends those bytes to a printer. The print queue lives in the store and is driven by
``services/printing.py``: a job is recorded before it is sent.
"""
