"""SANE through scanimage: option parsing (the test device's and a real ADF scanner's output),
and real scans from SANE's "test" backend, including its simulated failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from counter_app.scanning.base import DeviceOptions, ScanFailed, ScanSettings, choose_source
from counter_app.scanning.sane import SaneScanner, device_options, parse_options
from counter_app.services.context import Actor
from counter_app.services.scan_station import scan_and_file
from tests.conftest import Station

# `scanimage -A` of an office scanner with a duplex feeder (abridged, as printed by fujitsu).
ADF_SCANNER = """\
All options specific to device `fujitsu:fi-7160:1234':
  Standard:
    --source Flatbed|ADF Front|ADF Back|ADF Duplex [ADF Front]
        Selects the scan source (such as a document-feeder).
    --mode Lineart|Halftone|Gray|Color [Lineart]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --resolution 50|75|100|150|200|300|600dpi [600]
        Sets the resolution of the scanned image.
  Geometry:
    -l 0..215.872mm (in steps of 0.0211639) [0]
        Top-left x position of scan area.
  Advanced:
    --df-thickness[=(yes|no)] [inactive]
        Enable double feed error due to paper thickness
"""

SWITCH_DUPLEX = """\
All options specific to device `epson2:net:10.0.0.5':
    --mode Binary|Gray|Color [Binary]
    --resolution 75..1200dpi [75]
    --source Flatbed|Automatic Document Feeder [Flatbed]
    --adf-mode Simplex|Duplex [inactive]
"""


def test_options_of_a_duplex_feeder_scanner() -> None:
    options = device_options(parse_options(ADF_SCANNER))
    assert options == DeviceOptions(
        sources=("Flatbed", "ADF Front", "ADF Back", "ADF Duplex"),
        modes=("Lineart", "Halftone", "Gray", "Color"),
        resolutions=(50, 75, 100, 150, 200, 300, 600),
        resolution_range=None,
        duplex=True,
    )
    assert choose_source(ScanSettings(source="duplex"), options) == "ADF Duplex"
    assert choose_source(ScanSettings(source="adf"), options) == "ADF Front"
    assert choose_source(ScanSettings(source="ADF Back"), options) == "ADF Back"


def test_duplex_by_a_separate_switch_and_a_device_without_duplex() -> None:
    raw = parse_options(SWITCH_DUPLEX)
    assert raw["--adf-mode"].values == ("Simplex", "Duplex") and not raw["--adf-mode"].active
    options = device_options(raw)
    assert options.duplex and options.resolution_range == (75, 1200)
    assert choose_source(ScanSettings(source="duplex"), options) == "Automatic Document Feeder"
    simplex = DeviceOptions(sources=("Flatbed", "ADF"))
    with pytest.raises(ScanFailed, match="cannot scan both sides"):
        choose_source(ScanSettings(source="duplex"), simplex)
    with pytest.raises(ScanFailed, match="no paper source tray"):
        choose_source(ScanSettings(source="tray"), simplex)


def test_the_test_device_is_listed_with_its_options(sane: Path) -> None:
    scanner = SaneScanner()
    devices = scanner.devices()
    assert [d.name for d in devices] == ["test:0", "test:1"]
    assert devices[0].kind == "virtual device"
    options = scanner.options("test:0")
    assert options.sources == ("Flatbed", "Automatic Document Feeder")
    assert options.modes == ("Gray", "Color")
    assert options.resolution_range == (1, 1200) and not options.duplex


def test_a_real_flatbed_and_feeder_scan(sane: Path, tmp_path: Path) -> None:
    scanner = SaneScanner()
    one = scanner.scan("test:0", ScanSettings(resolution=150), tmp_path / "flat")
    assert len(one) == 1
    with Image.open(one[0]) as page:
        assert page.mode == "L" and page.size == (472, 590)  # 80 x 100 mm at 150 dpi
        assert page.info["dpi"][0] == pytest.approx(150)
    fed = scanner.scan(
        "test:0", ScanSettings(resolution=100, mode="color", source="adf"), tmp_path / "adf"
    )
    assert len(fed) == 10  # the test feeder holds ten sheets
    with Image.open(fed[0]) as page:
        assert page.mode == "RGB"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("SANE_STATUS_JAMMED", "Paper is jammed in the scanner; clear it and scan again"),
        ("SANE_STATUS_DEVICE_BUSY", "The scanner is busy (another program is using it)"),
        ("SANE_STATUS_COVER_OPEN", "The scanner's cover is open"),
    ],
)
def test_scanner_failures_are_told_plainly(
    sane: Path, tmp_path: Path, status: str, message: str
) -> None:
    settings = ScanSettings(resolution=50, extra={"read-return-value": status})
    with pytest.raises(ScanFailed) as caught:
        SaneScanner().scan("test:0", settings, tmp_path)
    assert caught.value.render() == message


def test_a_missing_device_a_missing_program_and_a_hung_scanner(sane: Path, tmp_path: Path) -> None:
    with pytest.raises(ScanFailed) as caught:
        SaneScanner().scan("test:7", ScanSettings(), tmp_path)
    assert caught.value.render() == "There is no scanner test:7, or it is switched off"
    with pytest.raises(ScanFailed, match="scanimage program is not installed"):
        SaneScanner("no-such-scanimage").devices()
    slow = ScanSettings(
        resolution=50, timeout=0.5, extra={"read-delay": "yes", "read-delay-duration": "200000"}
    )
    with pytest.raises(ScanFailed, match=r"did not finish within 0\.5 seconds"):
        SaneScanner().scan("test:0", slow, tmp_path)
    with pytest.raises(ScanFailed, match="no mode sepia"):
        SaneScanner().scan("test:0", ScanSettings(mode="sepia"), tmp_path)


def test_a_scan_is_filed_like_an_imported_stack(
    sane: Path, station: Station, archivist: Actor
) -> None:
    """The test device's grid pages carry no cover sheet: scanned for real, bound into one
    PDF, stored, and queued as unfiled for a person."""
    result = scan_and_file(
        station.ctx, archivist, SaneScanner(), ScanSettings(resolution=100, source="adf")
    )
    assert result.source == "scanner" and result.status == "unfiled"
    assert result.pages == 10 and len(result.unfiled) == 10
    assert result.filename.startswith("scan-2026") and result.filename.endswith(".pdf")
    leftovers = list((station.ctx.paths.data_dir / "scanning").iterdir())
    assert leftovers == []  # the scanner's raw pages are gone, the PDF is kept


def test_a_driver_that_reports_busy_and_then_hangs_is_stopped_and_told_as_busy(
    tmp_path: Path,
) -> None:
    """Once in CI the test backend said "Device busy" and then never exited: the clerk must
    hear "busy" soon after, not wait for the scan's timeout to be told it took too long."""
    program = tmp_path / "scanimage"
    program.write_text(
        "#!/bin/sh\n"
        'case "$1" in -A) echo "  --resolution 50..600dpi [300]"; exit 0;; esac\n'
        'echo "Scanning page 1" >&2\n'
        'echo "scanimage: sane_read: Device busy" >&2\n'
        "exec sleep 600\n"
    )
    program.chmod(0o755)
    settings = ScanSettings(resolution=50, timeout=300)
    with pytest.raises(ScanFailed) as caught:
        SaneScanner(str(program)).scan("test:0", settings, tmp_path / "out")
    assert caught.value.render() == "The scanner is busy (another program is using it)"


def test_a_driver_killed_at_the_timeout_is_told_by_what_it_reported(tmp_path: Path) -> None:
    program = tmp_path / "scanimage"
    program.write_text(
        "#!/bin/sh\n"
        'case "$1" in -A) exit 0;; esac\n'
        'echo "scanimage: sane_start: Document feeder jammed" >&2\n'
        "exec sleep 600\n"
    )
    program.chmod(0o755)
    with pytest.raises(ScanFailed) as caught:
        SaneScanner(str(program)).scan("test:0", ScanSettings(timeout=0.3), tmp_path / "out")
    assert caught.value.render() == "Paper is jammed in the scanner; clear it and scan again"
