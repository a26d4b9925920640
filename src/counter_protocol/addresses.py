"""Which hosts count as this computer: plain HTTP is allowed there and nowhere else (the counter
refuses an http HQ address off it; HQ refuses to serve plain HTTP off it without a proxy)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: reachable only from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
