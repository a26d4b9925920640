"""Generated scanned stacks: cover sheets and documents from the printing module, printed to
200 dpi grey pictures with scanner noise, a small skew and JPEG compression, bound into one
multi-page PDF the way a network scanner writes it (one JPEG per page).

Shared by the tests and ``bench/bench_scanning.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

from counter_app.i18n import Translator
from counter_app.printing.documents.cover import CoverData, render_cover
from counter_app.printing.documents.slip import SlipData, SlipDocument, render_slip

DPI = 200
TZ = ZoneInfo("Asia/Damascus")
_TR = Translator.for_language("ar")


def cover_data(receipt_no: str, *, citizen: str = "فاطمة عبد الله الأحمد") -> CoverData:
    return CoverData(
        receipt_no=receipt_no,
        center_name="مركز خدمة المواطن - المزة",
        service_name_ar="بيان قيد فردي",
        service_name_en="Individual civil-registry statement",
        citizen_name=citizen,
        received_at=dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC),
        documents=2,
        tz=TZ,
    )


def cover_pdf(receipt_no: str, *, citizen: str = "فاطمة عبد الله الأحمد") -> bytes:
    return render_cover(cover_data(receipt_no, citizen=citizen), _TR, paper="a4")


def document_pdf(number: int) -> bytes:
    """A printed A4 page standing in for a citizen's paper (text, rules, no receipt barcode)."""
    return render_slip(
        SlipData(
            center_name="وثيقة مرفقة",
            service_code=f"DOC-{number:04d}",
            service_name_ar="صورة عقد تخصيص",
            service_name_en="Copy of an allocation contract",
            agency_name_ar="المؤسسة العامة للإسكان",
            agency_name_en="General Housing Establishment",
            sla_days=3,
            fee_syp=5000,
            documents=[
                SlipDocument("البطاقة الشخصية", "Identity card", "original_seen"),
                SlipDocument("عقد التخصيص", "Allocation contract", "copy_kept"),
            ],
            fields_ar=["المنطقة", "رقم العقار", "رقم الشقة"],
            fields_en=["Zone", "Property number", "Apartment number"],
        ),
        _TR,
        paper="a4",
    )


def render_grey(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


class Scanner:
    """A simulated sheet-fed scanner: same paper in, a slightly different picture each time."""

    def __init__(
        self, seed: int = 1, *, max_angle: float = 3.0, quality: int = 60, sigma: float = 14.0
    ) -> None:
        self.rng = random.Random(seed)
        self.max_angle = max_angle
        self.quality = quality
        # One large noise field, cropped at random offsets: Image.effect_noise per page would
        # cost more than everything else the simulated scanner does.
        self.noise = Image.effect_noise((2400, 3300), sigma)

    def scan(self, page: Image.Image) -> bytes:
        """One printed page (grey, at DPI) as the scanner's JPEG."""
        rng = self.rng
        angle = rng.uniform(-self.max_angle, self.max_angle)
        image = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        if rng.random() < 0.5:
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
        # Paper is not white and toner is not black under a scanner lamp.
        white, black = rng.randint(225, 245), rng.randint(10, 45)
        image = image.point(lambda v: black + (white - black) * v // 255)
        x = rng.randrange(0, self.noise.width - image.width)
        y = rng.randrange(0, self.noise.height - image.height)
        grain = self.noise.crop((x, y, x + image.width, y + image.height))
        image = ImageChops.add(image, grain, scale=1.0, offset=-128)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=self.quality, dpi=(DPI, DPI))
        return buf.getvalue()


def bind_pdf(jpegs: Sequence[bytes], dpi: int = DPI) -> bytes:
    """One PDF with one JPEG per page, as network scanners write them."""
    doc = pdfium.PdfDocument.new()
    try:
        for data in jpegs:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
            w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
            page = doc.new_page(w_pt, h_pt)
            picture = pdfium.PdfImage.new(doc)
            picture.load_jpeg(io.BytesIO(data), inline=True)
            picture.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
            page.insert_obj(picture)
            page.gen_content()
            page.close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


@dataclass(frozen=True)
class StackPage:
    receipt_no: str | None  # the request this page belongs to (None: before any cover)
    cover: bool


@dataclass(frozen=True)
class Stack:
    pdf: bytes
    pages: list[StackPage]


class StackMaker:
    """Builds noisy stacks; printed pages are rendered once and reused (only the scan varies)."""

    def __init__(
        self, seed: int = 1, *, max_angle: float = 3.0, quality: int = 60, sigma: float = 14.0
    ) -> None:
        self.scanner = Scanner(seed, max_angle=max_angle, quality=quality, sigma=sigma)
        self._documents: list[Image.Image] = []

    def cover_scan(self, receipt_no: str) -> bytes:
        return self.scanner.scan(render_grey(cover_pdf(receipt_no))[0])

    def document_scan(self, number: int) -> bytes:
        while len(self._documents) <= number % 4:
            self._documents.append(render_grey(document_pdf(len(self._documents)))[0])
        return self.scanner.scan(self._documents[number % 4])

    def stack(self, plan: Sequence[tuple[str | None, int]]) -> Stack:
        """``plan``: (receipt number or None for no cover, number of document pages) per run."""
        jpegs: list[bytes] = []
        pages: list[StackPage] = []
        count = 0
        for receipt_no, documents in plan:
            if receipt_no is not None:
                jpegs.append(self.cover_scan(receipt_no))
                pages.append(StackPage(receipt_no, True))
            for _ in range(documents):
                jpegs.append(self.document_scan(count))
                pages.append(StackPage(receipt_no, False))
                count += 1
        return Stack(bind_pdf(jpegs), pages)
