"""SMS segment counts (GSM-7 / UCS-2) on real strings, and the Arabic templates."""

from __future__ import annotations

import pytest

from counter_hq.notify.segments import count_segments, is_gsm7
from counter_hq.notify.templates import MAX_SEGMENTS, render

RECEIPT = "MZH-01-26-000123-04"
CENTER = "مركز خدمة المواطن - المزة"


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "gsm7", 0, 0),
        ("Your request MZH-01-26-000123-04 is ready", "gsm7", 41, 1),
        ("a" * 160, "gsm7", 160, 1),
        ("a" * 161, "gsm7", 161, 2),
        ("a" * 306, "gsm7", 306, 2),
        ("a" * 307, "gsm7", 307, 3),
        ("{" * 80, "gsm7", 160, 1),  # extension characters cost two septets
        ("{" * 81, "gsm7", 162, 2),
        ("a" * 152 + "€" + "a" * 10, "gsm7", 164, 2),  # the escape pair is not split
        ("a" * 152 + "€" + "a" * 152, "gsm7", 306, 3),
        ("Café è ù Ñ £ ¥ @ Δ", "gsm7", 18, 1),
        ("طلبك جاهز", "ucs2", 9, 1),
        ("ب" * 70, "ucs2", 70, 1),
        ("ب" * 71, "ucs2", 71, 2),
        ("ب" * 134, "ucs2", 134, 2),
        ("ب" * 135, "ucs2", 135, 3),
        ("ready " + "ب", "ucs2", 7, 1),  # one Arabic letter makes it all UCS-2
        ("é ç", "ucs2", 3, 1),  # ç (lower case) is not in GSM-7: only Ç is
        ("😀" * 35, "ucs2", 70, 1),  # outside the BMP: two units each
        ("a" * 66 + "😀" + "a" * 67, "ucs2", 135, 3),  # a surrogate pair is not split
    ],
)
def test_segments(text: str, encoding: str, units: int, segments: int) -> None:
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


def test_gsm7_alphabet() -> None:
    assert is_gsm7("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà")
    assert is_gsm7("^{}\\[~]|€")
    assert not is_gsm7("`")  # the back tick is not in GSM 03.38
    assert not is_gsm7("٣")


@pytest.mark.parametrize(
    ("kind", "details", "expected"),
    [
        (
            "ready",
            {"collect_from": "2026-12-10", "collect_place": "النافذة 3"},
            "طلبك MZH-01-26-000123-04 جاهز، استلمه من النافذة 3 من 10/12/2026",
        ),
        ("ready", {}, "طلبك MZH-01-26-000123-04 جاهز، استلمه من مركز خدمة المواطن - المزة"),
        (
            "needs_info",
            {"message": "أحضر صورة الهوية"},
            "طلبك MZH-01-26-000123-04 يحتاج معلومات: أحضر صورة الهوية",
        ),
        ("needs_info", {}, "طلبك MZH-01-26-000123-04 يحتاج معلومات، راجع المركز"),
        ("rejected", {"reason": "الوثيقة منتهية"}, "رُفض طلبك MZH-01-26-000123-04: الوثيقة منتهية"),
        ("rejected", {"reason": "   "}, "رُفض طلبك MZH-01-26-000123-04، راجع المركز"),
        (
            "answer",
            {"answer": "تمت المعالجة"},
            "جواب شكواك MZH-01-26-000123-04 في المركز: تمت المعالجة",
        ),
    ],
)
def test_templates(kind: str, details: dict[str, str], expected: str) -> None:
    rendered = render(kind, receipt_no=RECEIPT, center_name=CENTER, details=details)
    assert rendered.text == expected
    assert rendered.segments == 1


def test_long_variable_part_is_shortened_to_one_segment() -> None:
    message = "يرجى إحضار صورة مصدقة عن بيان القيد العائلي وصورتين شخصيتين حديثتين وإيصال الرسوم"
    rendered = render(
        "needs_info", receipt_no=RECEIPT, center_name=CENTER, details={"message": message}
    )
    assert rendered.segments == 1 and len(rendered.text) <= 70
    assert RECEIPT in rendered.text
    assert rendered.text.endswith("…")
    head = rendered.text.split(": ", 1)[1].removesuffix("…")
    assert message.startswith(head) and message[len(head)] == " "  # cut between words


def test_ready_keeps_the_date_and_shortens_the_place() -> None:
    place = "مديرية الشؤون الاجتماعية والعمل في دمشق، الطابق الثاني، الغرفة 12"
    details = {"collect_from": "2026-12-10", "collect_place": place}
    rendered = render("ready", receipt_no=RECEIPT, center_name=CENTER, details=details)
    assert rendered.segments == 1
    assert rendered.text.endswith("… من 10/12/2026")
    assert RECEIPT in rendered.text


def test_a_long_receipt_goes_to_more_segments_never_cut() -> None:
    receipt = "X" * 80  # longer than a UCS-2 segment on its own
    rendered = render(
        "rejected", receipt_no=receipt, center_name=CENTER, details={"reason": "سبب " * 100}
    )
    assert receipt in rendered.text
    assert 1 < rendered.segments <= MAX_SEGMENTS


def test_arabic_indic_digits_and_controls() -> None:
    details = {"message": "أحضر ٢ صورة\u200f قبل ١٥/١٢\n\tشكراً", "collect_from": "٢٠٢٦-١٢-١٠"}
    text = render("needs_info", receipt_no=RECEIPT, center_name=CENTER, details=details).text
    assert text == "طلبك MZH-01-26-000123-04 يحتاج معلومات: أحضر 2 صورة قبل 15/12 شكراً"
    assert render("ready", receipt_no=RECEIPT, center_name=CENTER, details=details).text.endswith(
        "من 10/12/2026"
    )
    assert text.encode("utf-8").decode("utf-8") == text
    assert "Ø" not in text and "\ufffd" not in text


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="no SMS template"):
        render("sent", receipt_no=RECEIPT, center_name=CENTER)
