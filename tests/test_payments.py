"""Fees (issue 16): recording a payment, every refusal (a fee paid twice among them), payment at
intake in the request's transaction, and the day's cash report on a hand-computed day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from counter_app.domain.errors import Conflict, PermissionDenied, ValidationError
from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.domain.roles import Role
from counter_app.i18n import Translator
from counter_app.services import payments
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.payments import cash_report, payment_for, record_payment
from counter_app.services.requests import change_status
from counter_app.services.sample import sample_fields
from counter_app.services.users import add_user
from counter_app.store.check import check_database
from tests import rawdb
from tests.conftest import Station

CRIMINAL = "MOI-CRIMINAL-RECORD"  # 5,000 SYP in the shipped catalog
PLAN = "GEH-ARCHITECTURAL-PLAN"  # 10,000 SYP
FREE = "BANK-HOUSING-INSTALMENT"  # no fee (offered at Mazzeh, the fixture's center)


def intake_of(station: Station, code: str, payment: PaymentInput | None = None) -> IntakeInput:
    svc = active_catalog(station.ctx).service(code)
    assert svc is not None
    fields = sample_fields(svc, text="نص تجريبي")
    docs = {
        d.type: "copy_kept" if d.requirement.value != "scan_required" else "scan_pending"
        for d in svc.documents_for(fields)
    }
    return IntakeInput(
        service_code=code,
        national_id="01020304050",
        name="أحمد محمد الخطيب",
        phone="0944123456",
        fields=fields,
        documents=docs,
        payment=payment,
    )


def new_request(station: Station, code: str = CRIMINAL, payment: PaymentInput | None = None) -> str:
    return submit_request(station.ctx, station.clerk, intake_of(station, code, payment)).receipt_no


def _count(station: Station, table: str, where: str = "1") -> int:
    with station.ctx.store.read() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one())


def _state(station: Station) -> tuple[int, int, int]:
    return (
        _count(station, "payments"),
        _count(station, "outbox", "kind = 'payment.recorded'"),
        _count(station, "audit_log", "action = 'payment.record'"),
    )


BANK = PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "CBS-2026/00123")
DESK = PaymentInput(5000, PaymentMethod.BANK_DESK)


def test_a_bank_payment_is_recorded_with_its_outbox_item_and_audit_row(station: Station) -> None:
    receipt = new_request(station)
    assert payment_for(station.ctx, receipt) is None
    rec = record_payment(
        station.ctx,
        station.clerk,
        receipt,
        PaymentInput(5000, PaymentMethod.BANK_RECEIPT, " ٤٥٦ ٧٨٩ "),
    )
    assert (rec.amount_syp, rec.method, rec.bank_receipt_no) == (
        5000,
        PaymentMethod.BANK_RECEIPT,
        "456789",
    )
    assert rec.receipt_no == receipt and rec.actor == "clerk1" and rec.clerk == "سامر الكيلاني"
    assert rec.paid_at == station.clock.now and rec.station == "MZH-02"
    assert payment_for(station.ctx, receipt) == rec
    assert _state(station) == (1, 1, 1)
    with station.ctx.store.read() as s:
        payload = json.loads(
            s.execute(
                text("SELECT payload FROM outbox WHERE kind = 'payment.recorded'")
            ).scalar_one()
        )
    assert payload["uuid"] == rec.uuid and payload["request_uuid"] == rec.request_uuid
    assert (payload["amount_syp"], payload["method"], payload["bank_receipt_no"]) == (
        5000,
        "bank_receipt",
        "456789",
    )
    assert (payload["center"], payload["station"], payload["actor"]) == ("MZH", "MZH-02", "clerk1")
    # The audit chain covers the new row (db check recomputes its hash).
    with station.ctx.store.engine.connect() as conn:
        report = check_database(conn)
    assert report.ok, report


def test_a_fee_paid_twice_is_refused_and_changes_nothing(station: Station) -> None:
    receipt = new_request(station)
    record_payment(station.ctx, station.clerk, receipt, DESK)
    before = _state(station)
    with pytest.raises(Conflict) as err:
        record_payment(station.ctx, station.admin, receipt, BANK)
    assert err.value.render() == f"The fee of request {receipt} is already paid"
    arabic = err.value.render(Translator.for_language("ar"))
    assert receipt in arabic and arabic != err.value.render()
    assert _state(station) == before


def test_a_concurrent_second_payment_hits_the_unique_constraint(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clerks at once: the second one's check ran before the first one's commit. The UNIQUE
    request_id refuses its insert; its transaction is rolled back whole, same message."""
    receipt = new_request(station)
    record_payment(station.ctx, station.clerk, receipt, DESK)
    before = _state(station)
    outbox_before = _count(station, "outbox")
    monkeypatch.setattr(payments, "payment_row", lambda _s, _id: None)  # the stale check
    with pytest.raises(Conflict) as err:
        record_payment(station.ctx, station.admin, receipt, BANK)
    assert err.value.render() == f"The fee of request {receipt} is already paid"
    assert _state(station) == before and _count(station, "outbox") == outbox_before


def test_payments_are_append_only_and_checked_by_the_database(station: Station) -> None:
    receipt = new_request(station)
    record_payment(station.ctx, station.clerk, receipt, DESK)
    conn = rawdb.connect(station.ctx.store.path)
    try:
        for sql in ("UPDATE payments SET amount_syp = 1", "DELETE FROM payments"):
            with pytest.raises(rawdb.IntegrityError, match="append-only"):
                conn.execute(sql)
        rid = conn.execute("SELECT request_id FROM payments").fetchone()[0]
        base = "INSERT INTO payments (uuid, request_id, amount_syp, method, bank_receipt_no, "
        base += "paid_at, actor, station) VALUES (?, ?, ?, ?, ?, '2026-11-22', 'x', 'MZH-02')"
        for i, (amount, method, number) in enumerate(
            [
                (0, "bank_desk", None),
                (5, "cash", None),
                (5, "bank_receipt", None),
                (5, "bank_desk", "1"),
            ]
        ):
            with pytest.raises(rawdb.IntegrityError, match="CHECK"):
                conn.execute(base, (f"u{i}", rid + 1000, amount, method, number))
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("payment", "field", "message"),
    [
        (
            PaymentInput(4000, PaymentMethod.BANK_DESK),
            "payment_amount",
            "The fee of this service is 5000 SYP, not 4000",
        ),
        (
            PaymentInput(5000, PaymentMethod.BANK_DESK, "77812"),
            "bank_receipt_no",
            "A fee paid at the bank desk has no bank receipt number",
        ),
        (
            PaymentInput(5000, PaymentMethod.BANK_RECEIPT),
            "bank_receipt_no",
            "Enter the number of the bank's receipt",
        ),
        (
            PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "  "),
            "bank_receipt_no",
            "Enter the number of the bank's receipt",
        ),
        (
            PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "ABC"),
            "bank_receipt_no",
            "ABC is not a bank receipt number",
        ),
        (
            PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "12;DROP"),
            "bank_receipt_no",
            "12;DROP is not a bank receipt number",
        ),
    ],
)
def test_a_wrong_payment_is_refused_with_a_translated_error(
    station: Station, payment: PaymentInput, field: str, message: str
) -> None:
    receipt = new_request(station)
    with pytest.raises(ValidationError) as err:
        record_payment(station.ctx, station.clerk, receipt, payment)
    assert err.value.field == field
    assert err.value.render().startswith(message)
    arabic = err.value.render(Translator.for_language("ar"))
    assert arabic != err.value.render() and any("\u0600" <= c <= "\u06ff" for c in arabic)
    assert _state(station) == (0, 0, 0)


def test_two_problems_are_reported_together(station: Station) -> None:
    receipt = new_request(station)
    with pytest.raises(ValidationError) as err:
        record_payment(
            station.ctx, station.clerk, receipt, PaymentInput(1, PaymentMethod.BANK_RECEIPT)
        )
    assert {p.field for p in err.value.problems} == {"payment_amount", "bank_receipt_no"}
    assert _state(station) == (0, 0, 0)


def test_a_free_service_takes_no_payment(station: Station) -> None:
    receipt = new_request(station, FREE)
    with pytest.raises(ValidationError) as err:
        record_payment(
            station.ctx, station.clerk, receipt, PaymentInput(1000, PaymentMethod.BANK_DESK)
        )
    assert err.value.render() == f"The service {FREE} has no fee: there is nothing to pay"
    assert _state(station) == (0, 0, 0)


@pytest.mark.parametrize("status", ["cancelled", "rejected"])
def test_a_closed_request_takes_no_payment(station: Station, status: str) -> None:
    receipt = new_request(station)
    change_status(station.ctx, station.admin, receipt, status, reason="طلب المواطن")
    with pytest.raises(ValidationError) as err:
        record_payment(station.ctx, station.clerk, receipt, DESK)
    assert err.value.render() == f"Request {receipt} is {status}: no fee is taken for it"
    assert _state(station) == (0, 0, 0)


def test_reception_and_archive_may_not_record_a_payment(station: Station) -> None:
    receipt = new_request(station)
    for role in ("reception", "archive"):
        add_user(
            station.ctx, station.admin, username=f"u{role}", role=role, password="pass-word-123"
        )
        actor = Actor(station.admin.user_id, f"u{role}", Role(role))
        with pytest.raises(PermissionDenied):
            record_payment(station.ctx, actor, receipt, DESK)
    assert _state(station) == (0, 0, 0)


def test_the_fee_is_the_one_of_the_requests_catalog_version(station: Station) -> None:
    """A catalog raising the fee after intake does not make the citizen owe more."""
    receipt = new_request(station)
    from counter_app.services.catalog import import_catalog
    from counter_app.services.context import shipped_catalog_bytes

    raw = json.loads(shipped_catalog_bytes())
    raw["version"] = "2027.1.1"
    for s in raw["services"]:
        if s["code"] == CRIMINAL:
            s["fee"]["amount_syp"] = 7500
    import_catalog(station.ctx, station.admin, json.dumps(raw, ensure_ascii=False).encode())
    with pytest.raises(ValidationError, match="5000 SYP, not 7500"):
        record_payment(
            station.ctx, station.clerk, receipt, PaymentInput(7500, PaymentMethod.BANK_DESK)
        )
    assert record_payment(station.ctx, station.clerk, receipt, DESK).amount_syp == 5000
    # A request taken under the new catalog owes the new fee.
    later = new_request(station)
    with pytest.raises(ValidationError, match="7500 SYP, not 5000"):
        record_payment(station.ctx, station.clerk, later, DESK)


# -- at intake ---------------------------------------------------------------------------------


def test_a_payment_at_intake_is_saved_with_the_request(station: Station) -> None:
    receipt = new_request(station, payment=BANK)
    rec = payment_for(station.ctx, receipt)
    assert rec is not None and rec.bank_receipt_no == "CBS-2026/00123"
    assert _state(station) == (1, 1, 1)
    with station.ctx.store.read() as s:
        kinds = s.execute(text("SELECT kind FROM outbox ORDER BY id")).scalars().all()
    # HQ gets the request before its payment (the payment names it).
    assert kinds.index("request.created") < kinds.index("payment.recorded")


def test_a_bad_payment_at_intake_saves_nothing(station: Station) -> None:
    with pytest.raises(ValidationError) as err:
        new_request(station, payment=PaymentInput(4000, PaymentMethod.BANK_DESK, "9"))
    assert {p.field for p in err.value.problems} == {"payment_amount", "bank_receipt_no"}
    assert _count(station, "requests") == 0 and _state(station) == (0, 0, 0)
    # Reported together with the intake's own problems.
    bad = intake_of(station, CRIMINAL, PaymentInput(4000, PaymentMethod.BANK_DESK))
    bad = IntakeInput(**{**bad.__dict__, "phone": "12"})
    with pytest.raises(ValidationError) as err:
        submit_request(station.ctx, station.clerk, bad)
    assert {"phone", "payment_amount"} <= {p.field for p in err.value.problems}
    assert _count(station, "requests") == 0
    # A free service with a payment is refused too.
    with pytest.raises(ValidationError):
        new_request(station, FREE, payment=DESK)
    assert _count(station, "requests") == 0


def test_intake_without_payment_is_allowed(station: Station) -> None:
    receipt = new_request(station)
    assert payment_for(station.ctx, receipt) is None
    assert _state(station) == (0, 0, 0)


# -- the day's cash report ---------------------------------------------------------------------


def _pay_at(
    station: Station, when: dt.datetime, actor: Actor, code: str, payment: PaymentInput
) -> str:
    station.clock.now = when
    receipt = new_request(station, code)
    record_payment(station.ctx, actor, receipt, payment)
    return receipt


def test_the_cash_report_of_a_hand_computed_day(station: Station) -> None:
    """Damascus is UTC+3: the local day 2026-11-22 runs from 21-11 21:00 to 22-11 21:00 UTC."""
    add_user(station.ctx, station.admin, username="clerk2", role="clerk", password="clerk-pass-2")
    with station.ctx.store.read() as s:
        clerk2 = station.ctx.actor(s, "clerk2")
    utc = dt.UTC
    c1, c2 = station.clerk, clerk2
    bank = PaymentMethod.BANK_RECEIPT
    desk = PaymentMethod.BANK_DESK
    # The day before (20:59 UTC on the 21st = 23:59 local on the 21st): not counted.
    _pay_at(
        station,
        dt.datetime(2026, 11, 21, 20, 59, tzinfo=utc),
        c1,
        CRIMINAL,
        PaymentInput(5000, bank, "B-1"),
    )
    # 22:10 UTC on the 21st = 01:10 local on the 22nd: counted (a UTC date of the day before).
    r1 = _pay_at(
        station,
        dt.datetime(2026, 11, 21, 22, 10, tzinfo=utc),
        c1,
        PLAN,
        PaymentInput(10000, bank, "B-2"),
    )
    # 00:30 UTC on the 22nd (after midnight UTC) = 03:30 local: counted.
    r2 = _pay_at(
        station,
        dt.datetime(2026, 11, 22, 0, 30, tzinfo=utc),
        c2,
        CRIMINAL,
        PaymentInput(5000, desk),
    )
    r3 = _pay_at(
        station, dt.datetime(2026, 11, 22, 9, 0, tzinfo=utc), c1, CRIMINAL, PaymentInput(5000, desk)
    )
    r4 = _pay_at(
        station,
        dt.datetime(2026, 11, 22, 20, 59, tzinfo=utc),
        c2,
        PLAN,
        PaymentInput(10000, bank, "B-5"),
    )
    # 21:00 UTC on the 22nd = midnight local: the next day.
    _pay_at(
        station,
        dt.datetime(2026, 11, 22, 21, 0, tzinfo=utc),
        c2,
        CRIMINAL,
        PaymentInput(5000, desk),
    )
    # A request without payment adds nothing.
    new_request(station, CRIMINAL)
    station.clock.now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=utc)

    report = cash_report(station.ctx, station.admin, "2026-11-22")
    assert report.day == dt.date(2026, 11, 22) and report.only_clerk is None
    assert [p.receipt_no for p in report.payments] == [r1, r2, r3, r4]
    assert report.by_method == {"bank_receipt": 20000, "bank_desk": 10000}
    assert report.counts == {"bank_receipt": 2, "bank_desk": 2}
    assert report.by_clerk == {"clerk1": 15000, "clerk2": 15000}
    assert report.total_syp == 30000
    assert [p.bank_receipt_no for p in report.payments] == ["B-2", None, None, "B-5"]
    assert [p.service_code for p in report.payments] == [PLAN, CRIMINAL, CRIMINAL, PLAN]
    # Relative days and Arabic-Indic digits name the same day.
    assert cash_report(station.ctx, station.admin, "yesterday").payments == report.payments
    assert cash_report(station.ctx, station.admin, "٢٠٢٦-١١-٢٢").total_syp == 30000
    # The neighbours hold the two payments left out.
    assert cash_report(station.ctx, station.admin, "2026-11-21").total_syp == 5000
    assert cash_report(station.ctx, station.admin, "today").total_syp == 5000
    # An empty day is an empty report, not an error.
    empty = cash_report(station.ctx, station.admin, "2026-11-01")
    assert empty.payments == [] and empty.total_syp == 0
    # A clerk (no VIEW_REPORTS) sees his own payments only.
    mine = cash_report(station.ctx, c2, "2026-11-22")
    assert mine.only_clerk == "clerk2" and [p.receipt_no for p in mine.payments] == [r2, r4]
    assert mine.total_syp == 15000 and mine.by_clerk == {"clerk2": 15000}


def test_the_cash_report_refuses_reception_and_a_bad_date(station: Station) -> None:
    add_user(
        station.ctx, station.admin, username="desk", role="reception", password="pass-word-123"
    )
    with station.ctx.store.read() as s:
        reception = station.ctx.actor(s, "desk")
    with pytest.raises(PermissionDenied, match="view_cash"):
        cash_report(station.ctx, reception, "today")
    with pytest.raises(ValidationError, match="not a real calendar date"):
        cash_report(station.ctx, station.admin, "2026-13-45")
