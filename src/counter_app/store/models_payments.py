"""A service's fee as the counter received it (issue 16): one row per request at most.

Append-only like ``request_events``: triggers refuse UPDATE and DELETE (migration 0020), so a
payment once recorded can be neither changed nor undone at the counter; a mistake is a matter
for the supervisor and HQ, and the cash report of a closed day never moves. ``request_id`` is
UNIQUE: a fee is paid once, and two clerks recording it at the same moment cannot both succeed
(services/payments.py turns the refused insert into the same translated error as its check).
Covered by the audit log's row hashes (domain/audit.py, code ``pm``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.store.models import Base

METHODS = ("bank_receipt", "bank_desk")  # domain/payment.py PaymentMethod, as stored
BANK_RECEIPT_LIMIT = 30


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_syp > 0", name="amount_positive"),
        CheckConstraint("method IN ('bank_receipt', 'bank_desk')", name="method_known"),
        # The bank's receipt number is the proof of a bank payment, and means nothing for one
        # taken at the center's own bank desk.
        CheckConstraint(
            "(method = 'bank_receipt' AND bank_receipt_no IS NOT NULL) OR "
            "(method = 'bank_desk' AND bank_receipt_no IS NULL)",
            name="receipt_matches_method",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), unique=True)
    amount_syp: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    bank_receipt_no: Mapped[str | None] = mapped_column(String(BANK_RECEIPT_LIMIT))
    # The day's cash report reads one local day's payments (a UTC range).
    paid_at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))
    station: Mapped[str] = mapped_column(String(20))
