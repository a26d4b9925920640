"""Splitting a scanned stack by cover sheets: only a valid, known receipt number on a page with
the cover mark files pages."""

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


def _cover(codes: list[str]) -> CoverReading:
    """A page as printed today: a page with codes on it is a cover and carries the mark."""
    return read_cover(codes, marks=1 if codes else 0)


def _plan(pages: list[list[str]], known: set[str] = {A, B}) -> list[tuple[object, ...]]:  # noqa: B006
    readings = [_cover(codes) for codes in pages]
    return [
        (s.receipt_no, s.reason, s.code, s.cover_pages, s.pages)
        for s in plan_filing(readings, known.__contains__)
    ]


def test_reading_a_page() -> None:
    assert read_cover([]) == PAGE
    assert read_cover(["4006381333931", "https://example.org"]) == PAGE  # other barcodes
    assert read_cover([A, A], marks=1) == CoverReading(receipt_no=A, code=A)
    assert read_cover([BAD]).problem is UnfiledReason.UNREADABLE_COVER
    assert read_cover([A.lower()]).problem is UnfiledReason.UNREADABLE_COVER  # not as printed
    assert read_cover([A, B], marks=1) == CoverReading(
        problem=UnfiledReason.UNREADABLE_COVER, code=f"{A} {B}"
    )
    assert read_cover([A, BAD], marks=1).problem is UnfiledReason.UNREADABLE_COVER


UNREADABLE = UnfiledReason.UNREADABLE_COVER


def test_a_cover_is_known_without_its_number() -> None:
    """The mark alone, a garbled decode, disagreeing codes, two covers: never an ordinary page."""
    assert read_cover([], marks=1) == CoverReading(problem=UNREADABLE)
    garbage = "MZH-02.26-.  P\xadR"  # what zxing once returned for a damaged cover
    assert read_cover([garbage]) == CoverReading(problem=UNREADABLE, code="MZH-02.26-.  P?R")
    assert read_cover(["MZH0226000001"]).problem is UNREADABLE  # hyphens lost
    assert read_cover(["\x1d4006381333931"]).problem is UNREADABLE  # a control character
    assert read_cover([A, Decoded(B, QR)], marks=1).problem is UNREADABLE  # codes disagree
    assert read_cover([A, garbage], marks=1).problem is UNREADABLE
    assert read_cover([A], marks=2) == CoverReading(problem=UNREADABLE, code=A)  # two covers


def test_a_cover_is_read_from_either_code_with_its_mark() -> None:
    cover = CoverReading(receipt_no=A, code=A)
    assert read_cover([Decoded(A, QR)], marks=1) == cover
    assert read_cover([A, Decoded(A, QR)], marks=1) == cover
    # Clean texts of another shape are positively not covers, in either format.
    for other in ("https://example.org/x?id=5", "وثيقة رسمية رقم ٥", "4006381333931"):
        assert read_cover([Decoded(other, QR)]) == PAGE


NO_MARK = UnfiledReason.NUMBER_WITHOUT_MARK


def test_a_valid_number_without_the_mark_is_not_a_cover() -> None:
    """A receipt, its photocopy, or a cover printed before the mark existed: the number is
    there, the positive evidence of a cover is not."""
    assert read_cover([A]) == CoverReading(problem=NO_MARK, code=A)
    assert read_cover([A, Decoded(A, QR)]) == CoverReading(problem=NO_MARK, code=A)
    assert read_cover([A, B]) == CoverReading(problem=NO_MARK, code=f"{A} {B}")  # two receipts
    assert read_cover([A, BAD]).problem is NO_MARK


def test_a_receipt_inside_a_paper_file_sends_itself_and_what_follows_to_the_queue() -> None:
    """[cover A, page, receipt of B, page]: neither under B nor under A after the receipt."""
    readings = [read_cover([A], marks=1), PAGE, read_cover([B, Decoded(B, QR)]), PAGE]
    assert [
        (s.receipt_no, s.reason, s.code, s.cover_pages, s.pages)
        for s in plan_filing(readings, {A, B}.__contains__)
    ] == [(A, None, A, [0], [1]), (None, NO_MARK, B, [], [2, 3])]


def test_pages_after_a_cover_known_only_by_its_mark_are_unfiled() -> None:
    readings = [read_cover([A], marks=1), PAGE, read_cover([], marks=1), PAGE]
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
    st.tuples(
        st.lists(
            st.sampled_from([A, B, ELSEWHERE, BAD, "12345670", A.replace("-", "")]), max_size=2
        ),
        st.integers(0, 2),  # cover marks found on the page
    ),
    max_size=30,
)


@given(page_codes, st.sets(st.sampled_from([A, B, ELSEWHERE])))
def test_no_page_is_ever_filed_without_its_own_valid_known_cover(
    pages: list[tuple[list[str], int]], known: set[str]
) -> None:
    readings = [read_cover(codes, marks=marks) for codes, marks in pages]
    segments = plan_filing(readings, known.__contains__)
    seen = sorted(i for s in segments for i in s.pages + s.cover_pages)
    assert seen == list(range(len(pages)))  # every page exactly once
    for seg in segments:
        if seg.receipt_no is None:
            continue
        assert seg.receipt_no in known
        for index in seg.pages:
            # The nearest cover-like page before it has one mark and says exactly this
            # number, nothing else.
            before = [i for i in range(index) if readings[i].is_cover]
            codes, marks = pages[before[-1]]
            assert marks == 1 and set(codes) & {A, B, ELSEWHERE, BAD} == {seg.receipt_no}
