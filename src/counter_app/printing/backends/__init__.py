"""Printer backends: CUPS (Linux spooler), Qt system printers (Windows spooler), ESC/POS
thermal printers and "save as PDF". Each takes finished PDF bytes."""
