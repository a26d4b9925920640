"""What the agencies' half sends a station, through a real HQ process and `counter-app sync`:
a complaint answered at HQ (text verbatim, the step ready) is shown by `request show` and its
file fetched in the same round; a holiday calendar published at HQ counts the station's working
days from its next intake; a calendar the station's rules refuse is a sync problem and is not
installed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from counter_app.domain.calendar import WorkingCalendar
from counter_app.services.catalog import active_catalog
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.sync_state import quarantine_list
from counter_app.store.models_pulled import CalendarVersion
from counter_hq.blobs import BlobStore
from counter_hq.calendars import shipped_calendar_path
from counter_hq.db import make_engine, session_factory
from counter_hq.models import Agency, ChangeRow, HqRequest, HqUser
from counter_hq.office import complaints
from counter_hq.office.access import Role, WebUser
from counter_protocol.payloads import CALENDAR
from tests.conftest import ANY_CENTER, Station, run_cli
from tests.hq.request_states import state_of
from tests.sync.conftest import Enrolled
from tests.test_intake import valid_fields

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPT = '<script>alert("x")</script> تمت معالجة شكواك'


def _intake(st: Station, code: str, nid: str) -> tuple[str, dt.date]:
    svc = active_catalog(st.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    res = submit_request(
        st.ctx,
        st.clerk,
        IntakeInput(svc.code, nid, "ريم الحلبي", "0999888777", valid_fields(svc), docs),
    )
    shown = json.loads(run_cli("request", "show", "--as", "clerk1", res.receipt_no, "--json").out)
    return res.receipt_no, dt.date.fromisoformat(shown["due_date"])


def _sync() -> dict[str, object]:
    res = run_cli("sync", "--once", "--json")
    assert res.code == 0, res.err
    return dict(json.loads(res.out))


@ANY_CENTER
def test_an_answer_and_a_calendar_reach_the_counter(enrolled: Enrolled, tmp_path: Path) -> None:
    st, hq = enrolled.station, enrolled.hq
    receipt, _ = _intake(st, "MOSAL-COMPLAINT-DELAY", "05050505050")
    _sync()
    engine = make_engine(hq.env["COUNTER_HQ_DATABASE_URL"])
    sessions = session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    try:
        with sessions() as s:
            req = s.execute(select(HqRequest).where(HqRequest.receipt_no == receipt)).scalar_one()
            if s.get(Agency, "MOSAL") is None:
                s.add(
                    Agency(
                        code="MOSAL", name_ar="الشؤون الاجتماعية", name_en="MOSAL", created_at=now
                    )
                )
            state = state_of(s, req)
            state.category, state.agency = "complaint", "MOSAL"
            officer = HqUser(
                username="mosal1",
                display_name="Mosal One",
                role="officer",
                agency="MOSAL",
                password_hash="-",
                created_at=now,
            )
            s.add(officer)
            s.commit()
            user = WebUser(officer.id, "mosal1", "Mosal One", Role.OFFICER, "MOSAL", None)
        blobs = BlobStore(Path(hq.env["COUNTER_HQ_DATA_DIR"]) / "blobs")
        with sessions() as s:
            complaints.answer(s, user, receipt, SCRIPT, ("reply.pdf", PDF), now, blobs=blobs)

        # A calendar from HQ: the next fortnight off (a decree), the station counts with it.
        data = json.loads(shipped_calendar_path().read_text("utf-8"))
        data["version"] = "2099.1"
        today = st.clock().astimezone(st.ctx.calendar.tz).date()
        data["holidays"].append(
            {"date": today.isoformat(), "days": 15, "name_ar": "عطلة", "name_en": "Decree"}
        )
        good = tmp_path / "calendar.json"
        good.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        published = hq.cli("calendar", "publish", str(good))
        assert published.returncode == 0, published.stderr

        _, due_before = _intake(st, "MOI-BIRTH-STATEMENT", "06060606060")
        pulled = _sync()["pull"]
        assert isinstance(pulled, dict) and pulled["problems"] == 0
        assert pulled["applied"] >= 3  # the answer, the step ready, the calendar

        shown = json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)
        assert shown["status"] == "ready"
        [answer] = shown["answers"]
        assert answer["text"] == SCRIPT  # stored verbatim, shown as text
        assert answer["file_name"] == "reply.pdf" and answer["file_size"] == len(PDF)
        # Fetched in the round that pulled it, checked, kept under its digest like a scan
        # (sealed on this encrypted station): `file save` gives back the bytes HQ sent.
        kept = st.ctx.paths.data_dir / answer["file_path"]
        assert answer["file_sha256"] in kept.name and PDF not in kept.read_bytes()
        saved = tmp_path / "reply.pdf"
        got = run_cli(
            "file", "save", answer["file_sha256"][:16], "--out", str(saved), "--as", "clerk1"
        )
        assert got.code == 0, got.err
        assert saved.read_bytes() == PDF
        words = run_cli("request", "show", "--as", "clerk1", receipt)
        assert SCRIPT in words.out and "reply.pdf" in words.out

        _, due_after = _intake(st, "MOI-BIRTH-STATEMENT", "07070707070")
        calendar = WorkingCalendar.from_data(data)
        assert due_after > due_before
        assert due_after == calendar.due_date(st.clock(), _sla(st))
        _sync()  # pulled again: nothing doubles (one calendar, one answer: checked below)

        # A calendar the station's rules refuse (put in HQ's feed past HQ's own checks):
        # a sync problem, nothing installed, the working days as they were.
        bad = dict(data, version="2099.2", weekend=["funday"])
        with sessions() as s:
            s.add(
                ChangeRow(
                    center=None,
                    station_no=None,
                    kind=CALENDAR,
                    payload={
                        "version": "2099.2",
                        "sha256": "0" * 64,
                        "content": json.dumps(bad),
                    },
                    created_at=now,
                )
            )
            s.commit()
        refused = _sync()["pull"]
        assert isinstance(refused, dict) and refused["problems"] == 1
        problems = quarantine_list(st.ctx, st.admin)
        assert any("funday" in json.dumps(p, default=str, ensure_ascii=False) for p in problems)
        with st.ctx.store.read() as session:
            versions = session.execute(select(CalendarVersion.version)).scalars().all()
        assert versions == ["2099.1"]
        _, due_last = _intake(st, "MOI-BIRTH-STATEMENT", "08080808080")
        assert due_last == due_after
        assert (
            len(
                json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)[
                    "answers"
                ]
            )
            == 1
        )
    finally:
        engine.dispose()


def _sla(st: Station) -> int:
    svc = active_catalog(st.ctx).service("MOI-BIRTH-STATEMENT")
    assert svc is not None
    return svc.sla.working_days
