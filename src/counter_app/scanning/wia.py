"""WIA scanners on Windows through comtypes (Windows Image Acquisition 2.0 automation).

Imported only on Windows (``devices.system_scanner``); comtypes is loaded inside the methods,
so this module can be type-checked and imported anywhere. Not exercised by CI (no Windows
scanner there); the SANE backend and the shared code around both are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counter_app.domain.errors import N_
from counter_app.scanning.base import (
    DeviceInfo,
    DeviceOptions,
    ScanFailed,
    ScanSettings,
    check_resolution,
)

# WIA property IDs and values (wiadef.h).
_DEVICE_NAME = "Name"
_HORIZONTAL_RES, _VERTICAL_RES = 6147, 6148
_CURRENT_INTENT = 6146  # 1 colour, 2 grey, 4 text (black and white)
_DOCUMENT_HANDLING_SELECT = 3088  # 1 feeder, 2 flatbed, 4 duplex
_DOCUMENT_HANDLING_CAPABILITIES = 3086
_PAGES = 3096  # 0: every sheet in the feeder
_INTENTS = {"color": 1, "gray": 2, "lineart": 4}
_HANDLING = {"adf": 1, "flatbed": 2, "duplex": 1 | 4}
_FORMAT_TIFF = "{B96B3CB1-0728-11D3-9D7B-0000F81EF32E}"
_SCANNER_TYPE = 1
_PAPER_EMPTY = -2145320957  # WIA_ERROR_PAPER_EMPTY 0x80210003 as a signed HRESULT
_ERRORS = {
    -2145320958: N_("Paper is jammed in the scanner; clear it and scan again"),  # PAPER_JAM
    -2145320954: N_("The scanner is busy (another program is using it)"),  # BUSY
    -2145320955: N_("The scanner's cover is open"),  # COVER_OPEN
    -2145320939: N_("There is no scanner {device}, or it is switched off"),  # OFFLINE
}


def _manager() -> Any:
    try:
        import comtypes.client  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ScanFailed(N_("Scanning on Windows needs the comtypes package")) from None
    return comtypes.client.CreateObject("WIA.DeviceManager")


def _hresult(exc: Exception) -> int | None:
    code = getattr(exc, "hresult", None)
    if code is None and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
    return int(code) if code is not None else None


def _set(properties: Any, prop_id: int, value: int) -> None:
    for prop in properties:
        if prop.PropertyID == prop_id:
            prop.Value = value
            return


def _get(properties: Any, prop_id: int) -> int | None:
    for prop in properties:
        if prop.PropertyID == prop_id:
            return int(prop.Value)
    return None


class WiaScanner:
    backend = "wia"

    def _info(self, device: str) -> Any:
        for info in _manager().DeviceInfos:
            if info.DeviceID == device or info.Properties(_DEVICE_NAME).Value == device:
                return info
        raise ScanFailed(N_("There is no scanner {device}, or it is switched off"), device=device)

    def devices(self) -> list[DeviceInfo]:
        found = []
        for info in _manager().DeviceInfos:
            if info.Type != _SCANNER_TYPE:
                continue
            name = str(info.Properties(_DEVICE_NAME).Value)
            found.append(DeviceInfo(str(info.DeviceID), "", name, "scanner"))
        return found

    def options(self, device: str) -> DeviceOptions:
        connected = self._info(device).Connect()
        handling = _get(connected.Properties, _DOCUMENT_HANDLING_CAPABILITIES) or 0
        sources = tuple(
            name for name, bit in (("flatbed", 2), ("adf", 1), ("duplex", 4)) if handling & bit
        ) or ("flatbed",)
        return DeviceOptions(
            sources=sources,
            modes=("color", "gray", "lineart"),
            resolutions=(100, 150, 200, 300, 600),
            duplex="duplex" in sources,
        )

    def scan(self, device: str, settings: ScanSettings, folder: Path) -> list[Path]:
        connected = self._info(device).Connect()
        source = (settings.source or "flatbed").lower()
        if source not in _HANDLING:
            raise ScanFailed(
                N_("This scanner has no paper source {value}; it offers: {allowed}"),
                field="source",
                value=settings.source,
                allowed=", ".join(_HANDLING),
            )
        mode = settings.mode.lower()
        if mode not in _INTENTS:
            raise ScanFailed(
                N_("This scanner has no mode {value}; it offers: {allowed}"),
                field="mode",
                value=settings.mode,
                allowed=", ".join(_INTENTS),
            )
        dpi = check_resolution(settings, self.options(device))
        _set(connected.Properties, _DOCUMENT_HANDLING_SELECT, _HANDLING[source])
        if source != "flatbed":
            _set(connected.Properties, _PAGES, 0)
        item = connected.Items(1)
        _set(item.Properties, _CURRENT_INTENT, _INTENTS[mode])
        _set(item.Properties, _HORIZONTAL_RES, dpi)
        _set(item.Properties, _VERTICAL_RES, dpi)
        folder.mkdir(parents=True, exist_ok=True)
        pages: list[Path] = []
        while True:
            try:
                image = item.Transfer(_FORMAT_TIFF)
            except Exception as exc:  # COMError; its type lives in comtypes
                code = _hresult(exc)
                if code == _PAPER_EMPTY and pages:
                    break  # the feeder ran out after the last sheet: done
                if code == _PAPER_EMPTY:
                    raise ScanFailed(
                        N_("The document feeder is empty; put the papers in and try again")
                    ) from None
                message = _ERRORS.get(code or 0)
                if message:
                    raise ScanFailed(message, device=device) from None
                raise ScanFailed(N_("Scanning failed: {detail}"), detail=str(exc)[:300]) from None
            path = folder / f"page-{len(pages) + 1:04d}.tiff"
            image.SaveFile(str(path))
            pages.append(path)
            if source == "flatbed":
                break
        return pages
