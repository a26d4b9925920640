"""The one interface every scanner backend offers, and the settings a scan is made with.

Backends: ``sane.py`` (Linux, the ``scanimage`` program), ``wia.py`` (Windows, WIA through
comtypes). Each lists its devices, says what a device can do, and scans into page files that
the caller binds into one PDF and files like any imported scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from counter_app.domain.errors import N_, CounterError

MODES = ("color", "gray", "lineart")
SOURCES = ("flatbed", "adf", "duplex")


class ScanFailed(CounterError):
    """The scanner could not scan (missing, busy, jammed, empty feeder, timed out)."""


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # what --device takes, e.g. "test:0" or a WIA device ID
    vendor: str
    model: str
    kind: str  # "flatbed scanner", "sheetfed scanner", "virtual device", ...


@dataclass(frozen=True)
class DeviceOptions:
    """What a device offers, in the device's own words (sources, modes) and in dpi."""

    sources: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    resolutions: tuple[int, ...] = ()  # listed values, or empty when a range is given
    resolution_range: tuple[int, int] | None = None
    duplex: bool = False  # scans both sides in one pass


@dataclass(frozen=True)
class ScanSettings:
    resolution: int = 200
    mode: str = "gray"  # one of MODES, or a mode name exactly as the device lists it
    source: str | None = None  # one of SOURCES, a device source name, or None: the default
    timeout: float = 120.0  # seconds for the whole scan before it is stopped
    extra: dict[str, str] = field(default_factory=dict)  # backend options, e.g. SANE's


class Scanner(Protocol):
    backend: str

    def devices(self) -> list[DeviceInfo]:
        """Scanners this computer sees now."""
        ...

    def options(self, device: str) -> DeviceOptions:
        """What ``device`` can do."""
        ...

    def scan(self, device: str, settings: ScanSettings, folder: Path) -> list[Path]:
        """Scan every sheet the source holds into picture files in ``folder``, in page order."""
        ...


def _match(wanted: str, offered: tuple[str, ...], aliases: tuple[str, ...]) -> str | None:
    lower = {o.lower(): o for o in offered}
    if wanted.lower() in lower:
        return lower[wanted.lower()]
    for alias in aliases:
        for name in offered:
            if alias in name.lower():
                return name
    return None


_MODE_ALIASES = {
    "color": ("color", "colour", "24bit"),
    "gray": ("gray", "grey", "8bit"),
    "lineart": ("lineart", "binary", "black & white", "halftone"),
}
_SOURCE_ALIASES = {
    "flatbed": ("flatbed", "platen", "glass"),
    "adf": ("adf front", "adf", "automatic document feeder", "feeder", "simplex"),
    "duplex": ("duplex",),
}


def choose_mode(settings: ScanSettings, options: DeviceOptions) -> str | None:
    """The device's name for the wanted colour mode; None when it offers no mode choice."""
    if not options.modes:
        return None
    found = _match(settings.mode, options.modes, _MODE_ALIASES.get(settings.mode.lower(), ()))
    if found is None:
        raise ScanFailed(
            N_("This scanner has no mode {value}; it offers: {allowed}"),
            field="mode",
            value=settings.mode,
            allowed=", ".join(options.modes),
        )
    return found


def choose_source(settings: ScanSettings, options: DeviceOptions) -> str | None:
    """The device's name for the wanted paper source; None: the device's default.

    For ``duplex`` a device either lists a duplex source ("ADF Duplex") or has a separate
    switch (then ``options.duplex`` is set and its feeder source is returned here).
    """
    wanted = settings.source
    if wanted is None:
        return None
    key = wanted.lower()
    found = _match(wanted, options.sources, _SOURCE_ALIASES.get(key, ()))
    if found is None and key == "duplex" and options.duplex:
        found = _match("adf", options.sources, _SOURCE_ALIASES["adf"])
        if found is None and not options.sources:
            return None
    if found is None and key == "duplex":
        raise ScanFailed(N_("This scanner cannot scan both sides of a sheet"), field="source")
    if found is None and not options.sources:
        return None  # a device with one paper path has no source to choose
    if found is None:
        raise ScanFailed(
            N_("This scanner has no paper source {value}; it offers: {allowed}"),
            field="source",
            value=wanted,
            allowed=", ".join(options.sources),
        )
    return found


def check_resolution(settings: ScanSettings, options: DeviceOptions) -> int:
    """The wanted dpi if the device offers it, else the nearest it offers."""
    dpi = settings.resolution
    if not 50 <= dpi <= 1200:
        raise ScanFailed(
            N_("A resolution of {value} dpi is not usable; use 100 to 600"),
            field="resolution",
            value=dpi,
        )
    if options.resolutions:
        return min(options.resolutions, key=lambda r: (abs(r - dpi), -r))
    if options.resolution_range:
        low, high = options.resolution_range
        return max(low, min(high, dpi))
    return dpi


def is_feeder(source: str | None) -> bool:
    """A feeder scans until it is empty; a flatbed scans one sheet per call."""
    if source is None:
        return False
    name = source.lower()
    return any(word in name for word in ("adf", "feeder", "duplex", "simplex", "automatic"))
