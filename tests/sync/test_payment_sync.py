"""A fee's payment reaches HQ like the archive's records: after its request, once, none
quarantined; pushed again (acknowledgement lost) it is a duplicate and HQ still holds one."""

from __future__ import annotations

from sqlalchemy import select, text, update

from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.payments import record_payment
from counter_app.store.models import OutboxItem
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import sync_once
from counter_hq.db import make_engine
from tests.sync.conftest import Enrolled
from tests.test_payments import CRIMINAL, new_request


def _hq_payments(enrolled: Enrolled) -> list[tuple[object, ...]]:
    engine = make_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT receipt_no, amount_syp, method, bank_receipt_no, station, actor "
                    "FROM payments ORDER BY id"
                )
            ).all()
            return [tuple(r) for r in rows]
    finally:
        engine.dispose()


def test_payments_reach_hq_once(enrolled: Enrolled) -> None:
    st = enrolled.station
    paid_at_intake = new_request(
        st, CRIMINAL, PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "CBS-1234")
    )
    paid_later = new_request(st, CRIMINAL)
    record_payment(st.ctx, st.clerk, paid_later, PaymentInput(5000, PaymentMethod.BANK_DESK))

    report = sync_once(st.ctx, client_for(st.ctx))
    assert report.push.quarantined == 0
    with st.ctx.store.read() as s:
        states = set(s.execute(select(OutboxItem.state)).scalars())
    assert states == {"sent"}
    assert _hq_payments(enrolled) == [
        (paid_at_intake, 5000, "bank_receipt", "CBS-1234", "MZH-02", "clerk1"),
        (paid_later, 5000, "bank_desk", None, "MZH-02", "clerk1"),
    ]
    # The acknowledgement was lost: the payments go again, HQ answers duplicate.
    with st.ctx.store.write() as s:
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.kind == "payment.recorded")
            .values(state="pending", sent_at=None)
        )
    again = sync_once(st.ctx, client_for(st.ctx))
    assert (again.push.sent, again.push.duplicates, again.push.quarantined) == (0, 2, 0)
    assert len(_hq_payments(enrolled)) == 2
