"""Splitting a scanned stack by cover sheets: only a valid, known receipt number files pages."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.filing import (
    QR,
    CoverReading,
    Decoded,
    UnfiledReason,
    plan_filing,
    read_cover,
)
from counter_app.domain.receipt import ReceiptNumber

A = str(ReceiptNumber("MZH", 2, 26, 1))
B = str(ReceiptNumber("MZH", 2, 26, 2))
ELSEWHERE = str(ReceiptNumber("MZH", 3, 26, 1))
BAD = A[:-1] + ("0" if A[-1] != "0" else "1")  # right shape, wrong check character
PAGE = CoverReading()


def _plan(pages: list[list[str]], known: set[str] = {A, B}) -> list[tuple[object, ...]]:  # noqa: B006
    readings = [read_cover(codes) for codes in pages]
    return [
        (s.receipt_no, s.reason, s.code, s.cover_pages, s.pages)
        for s in plan_filing(readings, known.__contains__)
    ]


def test_reading_a_page() -> None:
    assert read_cover([]) == PAGE
    assert read_cover(["4006381333931", "https://example.org"]) == PAGE  # other barcodes
    assert read_cover([A, A]) == CoverReading(receipt_no=A, code=A)
    assert read_cover([BAD]).problem is UnfiledReason.UNREADABLE_COVER
    assert read_cover([A.lower()]).problem is UnfiledReason.UNREADABLE_COVER  # not as printed
    assert read_cover([A, B]) == CoverReading(
        problem=UnfiledReason.UNREADABLE_COVER, code=f"{A} {B}"
    )
    assert read_cover([A, BAD]).problem is UnfiledReason.UNREADABLE_COVER


UNREADABLE = UnfiledReason.UNREADABLE_COVER


def test_a_cover_is_known_without_its_number() -> None:
    """The mark alone, a garbled decode, disagreeing codes, two covers: never an ordinary page."""
    assert read_cover([], marks=1) == CoverReading(problem=UNREADABLE)
    garbage = "MZH-02.26-.  P\xadR"  # what zxing once returned for a damaged cover
    assert read_cover([garbage]) == CoverReading(problem=UNREADABLE, code="MZH-02.26-.  P?R")
    assert read_cover(["MZH0226000001"]).problem is UNREADABLE  # hyphens lost
    assert read_cover(["\x1d4006381333931"]).problem is UNREADABLE  # a control character
    assert read_cover([A, Decoded(B, QR)]).problem is UNREADABLE  # Code128 and QR disagree
    assert read_cover([A, garbage]).problem is UNREADABLE
    assert read_cover([A], marks=2) == CoverReading(problem=UNREADABLE, code=A)  # two covers


def test_a_cover_is_read_from_either_code_with_or_without_its_mark() -> None:
    cover = CoverReading(receipt_no=A, code=A)
    assert read_cover([Decoded(A, QR)], marks=1) == cover
    assert read_cover([A, Decoded(A, QR)], marks=1) == cover
    assert read_cover([A]) == cover  # covers printed before the mark existed
    # Clean texts of another shape are positively not covers, in either format.
    for other in ("https://example.org/x?id=5", "وثيقة رسمية رقم ٥", "4006381333931"):
        assert read_cover([Decoded(other, QR)]) == PAGE


def test_pages_after_a_cover_known_only_by_its_mark_are_unfiled() -> None:
    readings = [read_cover([A]), PAGE, read_cover([], marks=1), PAGE]
    assert [
        (s.receipt_no, s.reason, s.cover_pages, s.pages)
        for s in plan_filing(readings, {A, B}.__contains__)
    ] == [(A, None, [0], [1]), (None, UNREADABLE, [], [2, 3])]


def test_a_stack_is_split_at_its_covers() -> None:
    assert _plan([[A], [], [], [B], []]) == [
        (A, None, A, [0], [1, 2]),
        (B, None, B, [3], [4]),
    ]


def test_pages_before_any_cover_and_after_a_bad_or_unknown_cover_are_unfiled() -> None:
    assert _plan([[], [BAD], [], [A], [], [ELSEWHERE], []]) == [
        (None, UnfiledReason.NO_COVER, None, [], [0]),
        (None, UnfiledReason.UNREADABLE_COVER, BAD, [], [1, 2]),
        (A, None, A, [3], [4]),
        (None, UnfiledReason.UNKNOWN_REQUEST, ELSEWHERE, [], [5, 6]),
    ]


def test_the_same_cover_twice_continues_the_document() -> None:
    assert _plan([[A], [], [A], [], [B], [A], []]) == [
        (A, None, A, [0, 2], [1, 3]),
        (B, None, B, [4], []),
        (A, None, A, [5], [6]),
    ]


page_codes = st.lists(
    st.lists(st.sampled_from([A, B, ELSEWHERE, BAD, "12345670", A.replace("-", "")]), max_size=2),
    max_size=30,
)


@given(page_codes, st.sets(st.sampled_from([A, B, ELSEWHERE])))
def test_no_page_is_ever_filed_without_its_own_valid_known_cover(
    pages: list[list[str]], known: set[str]
) -> None:
    segments = plan_filing([read_cover(c) for c in pages], known.__contains__)
    seen = sorted(i for s in segments for i in s.pages + s.cover_pages)
    assert seen == list(range(len(pages)))  # every page exactly once
    for seg in segments:
        if seg.receipt_no is None:
            continue
        assert seg.receipt_no in known
        for index in seg.pages:
            # The nearest cover-like page before it says exactly this number, nothing else.
            before = [i for i in range(index) if read_cover(pages[i]).is_cover]
            assert before and set(pages[before[-1]]) & {A, B, ELSEWHERE, BAD} == {seg.receipt_no}
