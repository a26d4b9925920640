"""SANE scanners on Linux through the ``scanimage`` program (Debian package ``sane-utils``).

A subprocess rather than python-sane: a hung driver or a crash in a vendor backend then takes
down ``scanimage``, not the counter app, and a timeout can always stop it. ``scanimage`` runs
with ``LC_ALL=C`` so its messages can be recognised and shown translated.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from counter_app.domain.errors import N_
from counter_app.scanning.base import (
    DeviceInfo,
    DeviceOptions,
    ScanFailed,
    ScanSettings,
    check_resolution,
    choose_mode,
    choose_source,
    is_feeder,
)

LIST_TIMEOUT = 30.0  # probing USB and network backends can take a while, not forever
REPORTED_GRACE = 5.0  # seconds a driver may take to exit after reporting a failure
PAGE_PATTERN = "page-%04d.tiff"

_OPTION = re.compile(
    r"^\s+(?P<name>--?[A-Za-z0-9][\w-]*)"
    r"(?:\[=\((?P<bool>[^)]*)\)\])?"
    r"(?:\s+(?P<values>.*?))?"
    r"(?:\s+\[(?P<default>[^\]]*)\])?\s*$"
)
_RANGE = re.compile(r"^(-?[\d.]+)\.\.(-?[\d.]+)")

# scanimage's messages (LC_ALL=C) -> what the clerk is told. First match wins.
_ERRORS: tuple[tuple[str, str], ...] = (
    ("failed: invalid argument", N_("There is no scanner {device}, or it is switched off")),
    ("no such device", N_("There is no scanner {device}, or it is switched off")),
    ("device busy", N_("The scanner is busy (another program is using it)")),
    ("out of documents", N_("The document feeder is empty; put the papers in and try again")),
    ("no documents", N_("The document feeder is empty; put the papers in and try again")),
    ("jammed", N_("Paper is jammed in the scanner; clear it and scan again")),
    ("cover", N_("The scanner's cover is open")),
    ("access to resource has been denied", N_("This account may not use the scanner")),
    ("error during device i/o", N_("The scanner stopped answering (input/output error)")),
)


@dataclass(frozen=True)
class SaneOption:
    name: str  # as scanimage takes it: "--mode", "-x"
    values: tuple[str, ...]  # listed choices ("yes", "no" for switches)
    range: tuple[float, float] | None
    default: str | None
    active: bool


def parse_device_list(text: str) -> list[DeviceInfo]:
    """Lines written by ``scanimage -f '%d<TAB>%v<TAB>%m<TAB>%t%n'``."""
    devices = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0]:
            devices.append(DeviceInfo(parts[0], parts[1], parts[2], parts[3]))
    return devices


def parse_options(text: str) -> dict[str, SaneOption]:
    """The device-specific options printed by ``scanimage -A -d DEVICE``."""
    options: dict[str, SaneOption] = {}
    for line in text.splitlines():
        if not line.startswith("    -"):
            continue  # group titles, descriptions, the device line
        found = _OPTION.match(line)
        if found is None:
            continue
        default = found["default"]
        values_text = (found["values"] or "").strip()
        if found["bool"] is not None:
            values: tuple[str, ...] = tuple(found["bool"].split("|"))
            bounds = None
        else:
            ranged = _RANGE.match(values_text)
            bounds = (float(ranged[1]), float(ranged[2])) if ranged else None
            values = () if ranged or not values_text else tuple(values_text.split("|"))
        options[found["name"]] = SaneOption(
            found["name"], values, bounds, default, default != "inactive"
        )
    return options


def _dpi_values(option: SaneOption) -> tuple[int, ...]:
    numbers = []
    for value in option.values:
        digits = re.match(r"^\d+", value.strip())
        if digits:
            numbers.append(int(digits[0]))
    return tuple(sorted(set(numbers)))


def device_options(options: Mapping[str, SaneOption]) -> DeviceOptions:
    source = options.get("--source")
    mode = options.get("--mode")
    resolution = options.get("--resolution")
    sources = source.values if source and source.active else ()
    duplex = any("duplex" in s.lower() for s in sources) or _duplex_switch(options) is not None
    rng = resolution.range if resolution and resolution.active else None
    return DeviceOptions(
        sources=sources,
        modes=mode.values if mode and mode.active else (),
        resolutions=_dpi_values(resolution) if resolution and resolution.active else (),
        resolution_range=(int(rng[0]), int(rng[1])) if rng else None,
        duplex=duplex,
    )


def _duplex_switch(options: Mapping[str, SaneOption]) -> str | None:
    """The argument that turns duplex on for devices without a duplex source."""
    switch = options.get("--duplex")
    if switch is not None and "yes" in switch.values:
        return "--duplex=yes"
    mode = options.get("--adf-mode")
    if mode is not None and any(v.lower() == "duplex" for v in mode.values):
        return "--adf-mode=" + next(v for v in mode.values if v.lower() == "duplex")
    return None


def _known_failure(stderr: str) -> bool:
    lower = stderr.lower()
    return any(needle in lower for needle, _ in _ERRORS)


def _wait(proc: subprocess.Popen[bytes], err: IO[bytes], timeout: float) -> int | None:
    """The exit code, or None when the program had to be stopped.

    Stopped after ``timeout``, or sooner: ``REPORTED_GRACE`` seconds after the driver wrote a
    failure it is known to report (busy, jammed, cover open) without exiting. Some backends
    then hang while cleaning up (the SANE test backend did so once in CI, waiting on its
    reader), and the clerk should not wait two minutes to be told the scanner is busy.
    """
    deadline = time.monotonic() + timeout
    reported_at: float | None = None
    while True:
        try:
            return proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if reported_at is None and _known_failure(_read_all(err)):
            reported_at = now
        if now >= deadline or (reported_at is not None and now - reported_at >= REPORTED_GRACE):
            proc.kill()
            proc.wait()
            return None


def _read_all(err: IO[bytes]) -> str:
    # pread: the running program shares this file's offset, and a seek would move its writes.
    fd = err.fileno()
    return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")


def _explain(stderr: str, device: str) -> ScanFailed:
    lower = stderr.lower()
    for needle, message in _ERRORS:
        if needle in lower:
            return ScanFailed(message, device=device)
    last = next((ln for ln in reversed(stderr.strip().splitlines()) if ln.strip()), "")
    return ScanFailed(N_("Scanning failed: {detail}"), detail=last[:300] or "?")


class SaneScanner:
    backend = "sane"

    def __init__(self, program: str = "scanimage", *, env: Mapping[str, str] | None = None):
        self.program = program
        # SANE_CONFIG_DIR and friends come from the environment (tests point it at a folder
        # with the "test" backend); messages in English so _explain can read them.
        self.env = {**(env if env is not None else os.environ), "LC_ALL": "C"}

    def _run(self, args: list[str], timeout: float, device: str) -> str:
        # Output goes to files, not pipes: a driver that fills a pipe nobody reads would hang,
        # and stderr can be read while the program still runs.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            try:
                proc = subprocess.Popen([self.program, *args], stdout=out, stderr=err, env=self.env)
            except FileNotFoundError:
                raise ScanFailed(
                    N_("The scanimage program is not installed (Debian package sane-utils)")
                ) from None
            code = _wait(proc, err, timeout)
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
            if code is None:
                # Stopped by us: a failure the driver reported before it hung is the reason the
                # clerk needs ("busy"), not the time it took.
                if _known_failure(stderr):
                    raise _explain(stderr, device)
                raise ScanFailed(
                    N_("The scanner did not finish within {seconds} seconds; it was stopped"),
                    seconds=f"{timeout:g}",
                )
            if code != 0:
                raise _explain(stderr, device)
            out.seek(0)
            return out.read().decode("utf-8", "replace")

    def devices(self) -> list[DeviceInfo]:
        # -f implies listing; literal tabs because scanimage expands only %-escapes.
        return parse_device_list(self._run(["-f", "%d\t%v\t%m\t%t%n"], LIST_TIMEOUT, ""))

    def raw_options(self, device: str) -> dict[str, SaneOption]:
        return parse_options(self._run(["-A", "-d", device], LIST_TIMEOUT, device))

    def options(self, device: str) -> DeviceOptions:
        return device_options(self.raw_options(device))

    def scan(self, device: str, settings: ScanSettings, folder: Path) -> list[Path]:
        raw = self.raw_options(device)
        offered = device_options(raw)
        args = ["-d", device, "--format=tiff", f"--batch={folder / PAGE_PATTERN}"]
        if "--resolution" in raw:
            args.append(f"--resolution={check_resolution(settings, offered)}")
        mode = choose_mode(settings, offered)
        if mode is not None:
            args.append(f"--mode={mode}")
        source = choose_source(settings, offered)
        if source is not None:
            args.append(f"--source={source}")
        if (settings.source or "").lower() == "duplex" and "duplex" not in (source or "").lower():
            switch = _duplex_switch(raw)
            if switch is not None:
                args.append(switch)
        # A flatbed "batch" would scan the same glass forever: one sheet per call.
        if not is_feeder(source):
            args.append("--batch-count=1")
        args += [f"--{key.lstrip('-')}={value}" for key, value in settings.extra.items()]
        folder.mkdir(parents=True, exist_ok=True)
        self._run(args, settings.timeout, device)
        pages = sorted(folder.glob("page-*.tiff"))
        if not pages:
            raise ScanFailed(N_("The scanner returned no pages"))
        return pages
