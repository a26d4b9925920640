"""A small HQ for the back-office use cases: two agencies, two centers, one user per role.

Requests are pushed by real stations (ingest stores them as a counter sends them); their state
is then set as HQ's routing would leave it (agency, promised date), so each test says which
agency holds what, whatever the routing of the test service is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_hq.models import Agency, HqRequest, HqService, HqUser, RequestState
from counter_hq.office.access import Role, WebUser
from tests.hq.conftest import HQ, StationClient, canonical, make_item, request_item, sha
from tests.hq.request_states import state_of

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)  # a Sunday: a working day in Damascus
TODAY = dt.date(2026, 11, 22)


def user(
    s: Session, name: str, role: Role, agency: str | None = None, center: str | None = None
) -> WebUser:
    row = HqUser(
        username=name,
        display_name=name.title(),
        role=role.value,
        agency=agency,
        center=center,
        password_hash="-",
        created_at=NOW,
    )
    s.add(row)
    s.flush()
    return WebUser(row.id, name, row.display_name, role, row.agency, row.center)


class World:
    def __init__(self, hq: HQ) -> None:
        self.hq = hq
        self.stations: dict[str, StationClient] = {}
        self.seq = 0
        with hq.sessions() as s:
            for code, ar, en in (
                ("MOI", "وزارة الداخلية", "Interior"),
                ("MOSAL", "وزارة الشؤون الاجتماعية والعمل", "Social Affairs and Labour"),
            ):
                if s.get(Agency, code) is None:
                    s.add(Agency(code=code, name_ar=ar, name_en=en, created_at=NOW))
            s.flush()
            if s.get(HqService, "INT-CRIM") is None:
                s.add(
                    HqService(
                        code="INT-CRIM",
                        agency="MOI",
                        name_ar="لا حكم عليه",
                        name_en="Criminal record",
                        sla_days=3,
                    )
                )
            self.moi = user(s, "moi1", Role.OFFICER, agency="MOI")
            self.mosal = user(s, "mosal1", Role.OFFICER, agency="MOSAL")
            self.mzh_supervisor = user(s, "mzhsup", Role.SUPERVISOR, center="MZH")
            self.sal_supervisor = user(s, "salsup", Role.SUPERVISOR, center="SAL")
            self.admin = user(s, "admin", Role.ADMIN)
            s.commit()

    def station(self, center: str) -> StationClient:
        if center not in self.stations:
            self.stations[center] = self.hq.station(center, 1)
        return self.stations[center]

    def request(
        self,
        *,
        center: str = "MZH",
        agency: str | None = "MOI",
        due: dt.date | None = dt.date(2026, 11, 25),
        received_at: dt.datetime | None = None,
        name: str = "سامر الحلبي",
        phone: str | None = "0933123456",
        fields: dict[str, Any] | None = None,
        service: str | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A request pushed by ``center``'s station, held by ``agency`` and due on ``due``."""
        self.seq += 1
        station = self.station(center)
        item = request_item(center, 1, self.seq, received_at=received_at)
        p = item["payload"]
        p["citizen"]["name"] = name
        p["citizen"]["phone"] = phone
        p["due_date"] = due.isoformat() if due else None
        if fields is not None:
            p["fields"] = fields
        if service is not None:
            p["service"] = service
        if documents is not None:
            p["documents"] = documents
        item["payload_sha256"] = sha(canonical(p).encode("utf-8"))
        assert station.push(item)[0]["status"] == "created"
        with self.hq.sessions() as s:
            req = s.execute(select(HqRequest).where(HqRequest.uuid == p["uuid"])).scalar_one()
            state = state_of(s, req)
            state.agency = agency
            state.due_on = due
            s.commit()
        payload: dict[str, Any] = p
        return payload

    def attach(
        self,
        req: dict[str, Any],
        data: bytes,
        media_type: str = "application/pdf",
        filename: str = "scan.pdf",
    ) -> str:
        """A scan uploaded and attached to ``req`` by its station, as the counter sends it."""
        station = self.station(req["center"])
        station.upload(data)
        digest = sha(data)
        attachment = {
            "uuid": _uuid(),
            "request_uuid": req["uuid"],
            "receipt_no": req["receipt_no"],
            "doc_type": "ID",
            "sha256": digest,
            "size": len(data),
            "filename": filename,
            "media_type": media_type,
            "created_at": "2026-11-22T06:40:00+00:00",
            "actor": "clerk1",
            "station": f"{req['center']}-01",
        }
        item = make_item("attachment", attachment["uuid"], attachment, blobs=(digest,))
        assert station.push(item)[0]["status"] == "created"
        return digest

    def count(self, model: Any, *where: Any) -> int:
        with self.hq.sessions() as s:
            return int(
                s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
            )

    def state(self, request_uuid: str) -> RequestState:
        with self.hq.sessions() as s:
            row = s.get(RequestState, request_uuid)
            assert row is not None
            return row


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())
