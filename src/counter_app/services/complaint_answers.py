"""The agencies' answers to complaints, as HQ sent them (sync/pull_hq_data.py): what the request
view, the complaints screen and `counter-app request show` say about a complaint's answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.requests import find_request
from counter_app.store.models import Request
from counter_app.store.models_pulled import ComplaintAnswerRow


@dataclass(frozen=True)
class AnswerView:
    uuid: str
    text: str  # verbatim: shown as plain text, never as markup
    at: dt.datetime
    actor: str | None
    agency: str | None
    agency_name_ar: str | None
    agency_name_en: str | None
    file_name: str | None
    file_size: int | None
    file_sha256: str | None
    file_path: str | None  # None: the file is still at HQ (fetched later)

    def agency_name(self, language: str) -> str:
        named = self.agency_name_ar if language == "ar" else self.agency_name_en
        return named or self.agency_name_ar or self.agency or "-"


def answers_of(session: Session, request_id: int) -> list[AnswerView]:
    rows = session.execute(
        select(ComplaintAnswerRow)
        .where(ComplaintAnswerRow.request_id == request_id)
        .order_by(ComplaintAnswerRow.at, ComplaintAnswerRow.id)
    ).scalars()
    return [
        AnswerView(
            uuid=r.uuid,
            text=r.text,
            at=r.at,
            actor=r.actor,
            agency=r.agency,
            agency_name_ar=r.agency_name_ar,
            agency_name_en=r.agency_name_en,
            file_name=r.file_name,
            file_size=r.file_size,
            file_sha256=r.file_sha256,
            file_path=r.file_path,
        )
        for r in rows
    ]


@use_case(Permission.VIEW_REQUESTS)
def request_answers(ctx: AppContext, actor: Actor, ref: str) -> list[AnswerView]:
    """The answers HQ sent for the request ``ref`` (receipt number or uuid), oldest first."""
    with ctx.store.read() as session:
        return answers_of(session, find_request(session, ref).id)


@use_case(Permission.VIEW_REQUESTS)
def answered_receipts(ctx: AppContext, actor: Actor, receipts: list[str]) -> dict[str, dt.datetime]:
    """Of ``receipts``, those answered and when (the complaints screen's column)."""
    if not receipts:
        return {}
    with ctx.store.read() as session:
        rows = session.execute(
            select(Request.receipt_no, ComplaintAnswerRow.at)
            .join(ComplaintAnswerRow, ComplaintAnswerRow.request_id == Request.id)
            .where(Request.receipt_no.in_(receipts[:2000]))
        )
        found: dict[str, dt.datetime] = {}
        for receipt, at in rows:
            found.setdefault(str(receipt), at)
        return found
