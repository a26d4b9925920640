"""Reading printed documents back the way a person or a scanner would: rendered to pixels
(pdftoppm, 200 dpi) and decoded (zxing-cpp), or extracted as text (pdftotext, NFKC)."""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
from pathlib import Path

import zxingcpp
from PIL import Image


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    # pdftotext marks right-to-left runs with embedding controls; a reader sees none of them.
    visible = out.translate(dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c")))
    return unicodedata.normalize("NFKC", visible)


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(li for li in info.stdout.decode().splitlines() if li.startswith("Pages:"))
    return int(line.split()[1])


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(li for li in info.stdout.decode().splitlines() if li.startswith("Page size:"))
    parts = line.split()
    return float(parts[2]) * 25.4 / 72, float(parts[4]) * 25.4 / 72


def barcodes(pdf: bytes, dpi: int = 200) -> list[str]:
    """The texts of the codes on every page, rendered as a scanner would see it; a page's
    Code128 and QR code of the same number count once (use ``codes`` to see both)."""
    found: list[str] = []
    for page in codes(pdf, dpi):
        found += sorted({text for _, text in page})
    return found


def codes(pdf: bytes, dpi: int = 200) -> list[list[tuple[str, str]]]:
    """Per page, (format name, text) of every code zxing-cpp reads."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")], check=True
        )
        found: list[list[tuple[str, str]]] = []
        for page in sorted(Path(tmp).glob("page*.png")):
            with Image.open(page) as img:
                found.append([(b.format.name, b.text) for b in zxingcpp.read_barcodes(img)])
        return found


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).split()
