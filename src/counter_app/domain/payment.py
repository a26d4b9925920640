"""A service's fee as the counter records it: how much, and the proof it was paid."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PaymentMethod(StrEnum):
    BANK_RECEIPT = "bank_receipt"  # paid at a bank branch: the bank's receipt number is kept
    BANK_DESK = "bank_desk"  # paid at the center's own bank desk


@dataclass(frozen=True)
class PaymentInput:
    """What the clerk enters (at intake or later); services/payments.py validates it."""

    amount_syp: int
    method: PaymentMethod
    bank_receipt_no: str | None = None  # required for BANK_RECEIPT, refused for BANK_DESK
