"""Complaints at HQ on PostgreSQL: addressing, the answer (once, in one transaction with its
step, change, SMS and audit row), access by role and agency, bad input that changes nothing,
and the escalation of late complaints by working days."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_hq.blobs import BlobStore
from counter_hq.errors import ConflictError, Forbidden, Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    Blob,
    ChangeRow,
    ComplaintAnswer,
    HqAudit,
    HqRequest,
    HqRequestEvent,
    HqUser,
    Notification,
    RequestState,
)
from counter_hq.office import complaints as c
from counter_hq.office.access import Role, WebUser
from counter_protocol.payloads import COMPLAINT_ANSWER, STATUS_EVENT
from tests.hq.conftest import HQ, StationClient, request_item
from tests.hq.request_states import state_of

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)  # a Sunday, a working day
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IEND\xaeB`\x82"


def _user(s: Session, name: str, role: Role, agency: str | None = None) -> WebUser:
    row = HqUser(
        username=name,
        display_name=name.title(),
        role=role.value,
        agency=agency,
        center="MZH" if role is Role.SUPERVISOR else None,
        password_hash="-",
        created_at=NOW,
    )
    s.add(row)
    s.flush()
    return WebUser(row.id, name, row.display_name, role, row.agency, row.center)


class World:
    def __init__(self, hq: HQ, station: StationClient) -> None:
        self.hq = hq
        self.station = station
        self.blobs = BlobStore(hq.settings.blob_dir)
        with hq.sessions() as s:
            for code, ar, en in (
                ("MOSAL", "وزارة الشؤون الاجتماعية والعمل", "Social Affairs and Labour"),
                ("MOI", "وزارة الداخلية", "Interior"),
            ):
                if s.get(Agency, code) is None:
                    s.add(Agency(code=code, name_ar=ar, name_en=en, created_at=NOW))
            s.flush()
            self.officer = _user(s, "mosal1", Role.OFFICER, "MOSAL")
            self.colleague = _user(s, "mosal2", Role.OFFICER, "MOSAL")
            self.other = _user(s, "moi1", Role.OFFICER, "MOI")
            self.supervisor = _user(s, "mzhsup", Role.SUPERVISOR)
            self.admin = _user(s, "admin", Role.ADMIN)
            s.commit()

    def complaint(self, seq: int, due: dt.date = dt.date(2026, 11, 26)) -> str:
        """A request pushed by the station, held at HQ as a complaint for MOSAL."""
        item = request_item("MZH", 1, seq)
        assert self.station.push(item)[0]["status"] == "created"
        req_uuid = item["payload"]["uuid"]
        with self.hq.sessions() as s:
            req = s.execute(select(HqRequest).where(HqRequest.uuid == req_uuid)).scalar_one()
            state = state_of(s, req)
            state.category = "complaint"
            state.agency = "MOSAL"
            state.due_on = due
            s.commit()
            return req.receipt_no

    def count(self, model: Any, *where: Any) -> int:
        with self.hq.sessions() as s:
            return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar())


@pytest.fixture
def world(hq: HQ, mzh1: StationClient) -> World:
    return World(hq, mzh1)


def _answer(world: World, user: WebUser, receipt: str, text: str, file: Any = None) -> c.Answered:
    with world.hq.sessions() as s:
        return c.answer(s, user, receipt, text, file, NOW, blobs=world.blobs)


def test_answer_records_everything_once_and_the_station_pulls_it(world: World) -> None:
    receipt = world.complaint(1)
    done = _answer(world, world.officer, receipt, "تمت معالجة الشكوى", ("رد.pdf", PDF))
    with world.hq.sessions() as s:
        ans = s.execute(select(ComplaintAnswer)).scalar_one()
        assert ans.text == "تمت معالجة الشكوى" and ans.agency == "MOSAL"
        assert ans.file_sha256 == hashlib.sha256(PDF).hexdigest() and ans.file_size == len(PDF)
        assert ans.file_name == "رد.pdf" and ans.user_id == world.officer.id
        assert s.get(Blob, ans.file_sha256) is not None
        assert world.blobs.path(ans.file_sha256).read_bytes() == PDF
        state = s.execute(select(RequestState).where(RequestState.receipt_no == receipt)).one()[0]
        assert state.status == "ready" and not state.open
        step = s.execute(select(HqRequestEvent).where(HqRequestEvent.origin == "hq")).scalar_one()
        assert step.status == "ready" and step.actor == "mosal1"
        note = s.execute(select(Notification)).scalar_one()
        assert note.kind == "answer" and note.event_uuid == done.answer_uuid
        assert receipt in note.body and note.state == done.notification_state == "queued"
        audit = s.execute(select(HqAudit).where(HqAudit.action == "complaint.answer")).scalar_one()
        assert audit.user_id == world.officer.id and audit.target == receipt
    pulled = world.station.get("/changes", params={"cursor": 0}).json()["changes"]
    kinds = [ch["kind"] for ch in pulled]
    assert kinds == [COMPLAINT_ANSWER, STATUS_EVENT]
    payload = pulled[0]["payload"]
    assert payload["text"] == "تمت معالجة الشكوى" and payload["receipt_no"] == receipt
    assert payload["agency_name_en"] == "Social Affairs and Labour"
    assert payload["file_size"] == len(PDF) and payload["file_name"] == "رد.pdf"
    assert pulled[1]["payload"]["status"] == "ready"
    # The file: for the station whose request it answers, and for no other.
    got = world.station.get(f"/answer-files/{payload['file_sha256']}")
    assert got.status_code == 200 and got.content == PDF
    other = world.hq.station("SAL", 1)
    assert other.get(f"/answer-files/{payload['file_sha256']}").status_code == 404
    assert world.station.get(f"/answer-files/{'0' * 64}").status_code == 404

    # Twice: refused, nothing more stored (answer, step, change, message).
    changes = world.count(ChangeRow)
    with pytest.raises(ConflictError) as refused:
        _answer(world, world.colleague, receipt, "another answer")
    assert refused.value.message == c.ANSWERED_ALREADY
    assert world.count(ComplaintAnswer) == 1 and world.count(ChangeRow) == changes
    assert world.count(Notification) == 1


def test_script_in_an_answer_is_stored_verbatim(world: World) -> None:
    receipt = world.complaint(2)
    script = '<script>alert("x")</script> & <b>رد</b>'
    _answer(world, world.admin, receipt, f"  {script}\r\nسطر ثان  ")
    with world.hq.sessions() as s:
        assert s.execute(select(ComplaintAnswer.text)).scalar_one() == f"{script}\nسطر ثان"
    payload = world.station.get("/changes", params={"cursor": 0}).json()["changes"][0]["payload"]
    assert payload["text"] == f"{script}\nسطر ثان"


def test_another_agency_and_a_supervisor_cannot_answer(world: World) -> None:
    receipt = world.complaint(3)
    with pytest.raises(NotFoundError) as hidden:
        _answer(world, world.other, receipt, "not mine")
    assert hidden.value.message == c.NO_COMPLAINT and hidden.value.extra == {"receipt": receipt}
    # The same words as for a receipt HQ does not hold at all: nothing tells them apart.
    with pytest.raises(NotFoundError) as missing:
        _answer(world, world.other, "MZH-01-26-099999-00", "x")
    assert missing.value.message in (c.NO_COMPLAINT, c.BAD_RECEIPT)
    with pytest.raises(Forbidden):
        _answer(world, world.supervisor, receipt, "a supervisor only looks")
    with world.hq.sessions() as s:
        assert c.complaints_list(s, world.other, NOW, c.ComplaintFilter(state="all")) == []
        seen = c.complaints_list(s, world.supervisor, NOW, c.ComplaintFilter(state="all"))
        assert [r.receipt_no for r in seen] == [receipt]
        assert not c.complaint_detail(s, world.supervisor, receipt, NOW).may_answer
    assert world.count(ComplaintAnswer) == 0 and world.count(Notification) == 0


def test_a_request_that_is_no_complaint_is_not_answered(world: World) -> None:
    receipt = world.complaint(4)
    with world.hq.sessions() as s:
        s.execute(select(RequestState).where(RequestState.receipt_no == receipt)).one()[
            0
        ].category = "service"
        s.commit()
    with pytest.raises(NotFoundError):
        _answer(world, world.admin, receipt, "an answer")


@pytest.mark.parametrize(
    ("text", "file", "msgid"),
    [
        ("   \n ", None, c.TEXT_REQUIRED),
        ("x" * (c.MAX_ANSWER_CHARS + 1), None, c.TEXT_TOO_LONG),
        ("bell \x07 inside", None, c.TEXT_CONTROL),
        ("nul \x00", None, c.TEXT_CONTROL),
        ("ok", ("a.exe", b"MZ\x90\x00 not a document"), c.FILE_TYPE),
        ("ok", ("cut.pdf", PDF[:-8]), c.FILE_DAMAGED),
        ("ok", ("empty.png", b""), c.FILE_EMPTY),
        ("ok", ("../", PNG), c.FILE_NAME),
    ],
)
def test_bad_answers_change_nothing(world: World, text: str, file: Any, msgid: str) -> None:
    receipt = world.complaint(5)
    changes = world.count(ChangeRow)
    with pytest.raises(Invalid) as refused:
        _answer(world, world.officer, receipt, text, file)
    assert refused.value.message == msgid
    assert world.count(ComplaintAnswer) == 0 and world.count(ChangeRow) == changes
    assert world.count(HqRequestEvent, HqRequestEvent.origin == "hq") == 0
    assert world.count(Blob) == 0 and world.count(Notification) == 0


def test_a_file_too_large_is_refused(world: World) -> None:
    receipt = world.complaint(6)
    big = PDF[:-6] + b"\x00" * c.MAX_FILE_BYTES + b"%%EOF\n"
    with pytest.raises(Exception) as refused:
        _answer(world, world.officer, receipt, "ok", ("big.pdf", big))
    assert getattr(refused.value, "message", "") == c.FILE_TOO_LARGE
    assert world.count(ComplaintAnswer) == 0


def test_a_closed_complaint_cannot_be_answered(world: World) -> None:
    receipt = world.complaint(7)
    from counter_hq.backoffice import set_status

    with world.hq.sessions() as s:
        set_status(s, receipt, "rejected", NOW, reason="duplicate")
    with pytest.raises(ConflictError) as refused:
        _answer(world, world.officer, receipt, "too late")
    assert refused.value.message == c.CLOSED
    assert world.count(ComplaintAnswer) == 0


def test_assign_to_a_person_and_to_another_agency(world: World) -> None:
    receipt = world.complaint(8)
    with world.hq.sessions() as s:
        row = c.assign(s, world.officer, receipt, NOW, assignee_id=world.colleague.id)
        assert row.assignee_id == world.colleague.id and row.assignee_name == "Mosal2"
    with world.hq.sessions() as s:
        mine = c.complaints_list(s, world.colleague, NOW, c.ComplaintFilter(mine=True))
        assert [r.receipt_no for r in mine] == [receipt]
        assert c.complaints_list(s, world.officer, NOW, c.ComplaintFilter(mine=True)) == []
        # A person of another agency cannot be chosen; nothing changes.
        with pytest.raises(Invalid) as wrong:
            c.assign(s, world.officer, receipt, NOW, assignee_id=world.other.id)
        assert wrong.value.message == c.NOT_AN_OFFICER
    with world.hq.sessions() as s:
        with pytest.raises(Invalid):
            c.assign(s, world.officer, receipt, NOW, agency="NOPE")
        with pytest.raises(Forbidden):
            c.assign(s, world.supervisor, receipt, NOW, agency="MOI")
        with pytest.raises(NotFoundError):
            c.assign(s, world.other, receipt, NOW, agency="MOI")
    with world.hq.sessions() as s:
        row = c.assign(s, world.officer, receipt, NOW, agency="moi")
        assert row.agency == "MOI" and row.assignee_id is None
    with world.hq.sessions() as s:
        # Now the other agency's: its officer sees and may answer it, the first one not.
        assert [r.receipt_no for r in c.complaints_list(s, world.other, NOW)] == [receipt]
        assert c.complaints_list(s, world.officer, NOW) == []
        assert (
            s.execute(
                select(func.count())
                .select_from(HqAudit)
                .where(HqAudit.action == "complaint.assign")
            ).scalar()
            == 2
        )
    _answer(world, world.other, receipt, "answered by Interior")
    with world.hq.sessions() as s, pytest.raises(ConflictError):
        c.assign(s, world.admin, receipt, NOW, agency="MOSAL")


def test_late_complaints_are_escalated_once_by_working_days(world: World) -> None:
    late = world.complaint(9, due=dt.date(2026, 11, 18))  # a Wednesday: late on Sunday the 22nd
    on_time = world.complaint(10, due=dt.date(2026, 11, 26))
    answered = world.complaint(11, due=dt.date(2026, 11, 17))
    _answer(world, world.officer, answered, "answered, if late")
    weekend_only = world.complaint(12, due=dt.date(2026, 11, 19))  # Thursday
    with world.hq.sessions() as s:
        # Saturday the 21st: Thursday's is past its date by a weekend only, not a working day.
        saturday = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
        done = c.escalate_overdue(s, saturday)
        assert [e.receipt_no for e in done] == [late]
    with world.hq.sessions() as s:
        done = c.escalate_overdue(s, NOW)
        assert [e.receipt_no for e in done] == [weekend_only]
    with world.hq.sessions() as s:
        assert c.escalate_overdue(s, NOW + dt.timedelta(days=1)) == []  # once each
        listed = c.complaints_list(s, world.admin, NOW, c.ComplaintFilter(state="escalated"))
        assert {r.receipt_no for r in listed} == {late, weekend_only}
        overdue = c.complaints_list(s, world.officer, NOW, c.ComplaintFilter(state="overdue"))
        assert [r.receipt_no for r in overdue] == [late, weekend_only]
        assert all(r.overdue for r in overdue)
        assert [r.receipt_no for r in c.complaints_list(s, world.officer, NOW)] == [
            late,
            weekend_only,
            on_time,
        ]
        answered_rows = c.complaints_list(
            s, world.officer, NOW, c.ComplaintFilter(state="answered")
        )
        assert [r.receipt_no for r in answered_rows] == [answered]
        with pytest.raises(Invalid):
            c.complaints_list(s, world.officer, NOW, c.ComplaintFilter(state="bogus"))
    assert world.count(HqAudit, HqAudit.action == "complaint.escalate") == 2


def test_escalate_command(world: World) -> None:
    import os
    import subprocess

    from tests.sync.conftest import HQ_COMMAND

    late = world.complaint(13, due=dt.date(2026, 1, 5))
    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(world.hq.settings.data_dir),
        "COUNTER_HQ_DATABASE_URL": world.hq.settings.database_url,
    }
    run = subprocess.run(
        [*HQ_COMMAND, "complaints", "escalate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert late in run.stdout and "1 complaints escalated" in run.stdout


def test_serve_escalates_late_complaints_while_it_runs(world: World) -> None:
    import time

    from fastapi.testclient import TestClient

    late = world.complaint(14, due=dt.date(2026, 11, 18))
    with TestClient(world.hq.app):  # the app's lifespan: its periodic tasks run
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if world.count(RequestState, RequestState.escalated_at.is_not(None)):
                break
            time.sleep(0.1)
    with world.hq.sessions() as s:
        state = s.execute(select(RequestState).where(RequestState.receipt_no == late)).one()[0]
        assert state.escalated_at == world.hq.clock()
