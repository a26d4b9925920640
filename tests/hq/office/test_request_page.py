"""The request page's use case on PostgreSQL: fields and checklist with the catalog's labels, the
scans and who may download them, the timeline from counter and HQ, answers and messages."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from counter_hq.errors import NotFoundError
from counter_hq.models import ComplaintAnswer
from counter_hq.office import actions as a
from counter_hq.office.requests import blob_for_user, request_detail
from tests.hq.conftest import HQ, sha
from tests.hq.office.office_world import NOW, World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(hq: HQ) -> World:
    return World(hq)


def test_fields_and_checklist_carry_the_catalog_labels(world: World) -> None:
    req = world.request(
        service="MOI-CRIMINAL-RECORD",
        fields={"purpose": "travel", "mother_name": "هند", "extra_key": 3},
        documents=[
            {"type": "PERSONAL-ID", "state": "seen", "note": "صورة"},
            {"type": "ODD", "state": "missing", "note": None},
        ],
    )
    with world.hq.sessions() as s:
        page = request_detail(s, world.moi, req["receipt_no"], now=NOW)
    assert [(f.key, f.label_en, f.value, f.value_en) for f in page.fields] == [
        ("mother_name", "Mother's name", "هند", "هند"),
        ("purpose", "Purpose", "سفر", "Travel"),  # the catalog's order, a choice's label
        ("extra_key", "extra_key", "3", "3"),  # unknown to the catalog: the key
    ]
    assert page.fields[0].label_ar == "اسم الأم"
    docs = [(d.type, d.name_en, d.state, d.note, d.requirement) for d in page.documents]
    assert docs == [
        ("PERSONAL-ID", "Personal ID card", "seen", "صورة", "original_seen"),
        ("ODD", "ODD", "missing", None, None),
    ]
    assert page.citizen_name == "سامر الحلبي" and page.phone == "0933123456"
    assert page.center_name == "Center MZH" and page.agency_name_en == "Interior"


def test_scans_are_listed_and_served_only_to_those_who_see_the_request(world: World) -> None:
    req = world.request()
    other = world.request()  # the same agency's, another request
    digest = world.attach(req, PDF)
    html = b"<html><script>alert(1)</script></html>"
    sneaky = world.attach(req, html, media_type="text/html", filename="page.html")
    other_digest = world.attach(other, PDF + b"other")
    with world.hq.sessions() as s:
        page = request_detail(s, world.moi, req["uuid"], now=NOW)
        scans = {x.sha256: x for x in page.attachments}
        assert set(scans) == {digest, sneaky}
        scan = scans[digest]
        assert (scan.size, scan.media_type, scan.doc_name_en, scan.held) == (
            len(PDF),
            "application/pdf",
            "ID",
            True,
        )
        ref = blob_for_user(s, world.moi, req["uuid"], digest)
        assert (ref.sha256, ref.size, ref.media_type) == (digest, len(PDF), "application/pdf")
        assert (
            blob_for_user(s, world.mzh_supervisor, req["receipt_no"], digest.upper()).sha256
            == digest
        )
        # A station's claim of text/html is served as a download, never rendered.
        assert (
            blob_for_user(s, world.moi, req["uuid"], sneaky).media_type
            == "application/octet-stream"
        )
        for user, request, wanted in (
            (world.mosal, req["uuid"], digest),  # another agency
            (world.sal_supervisor, req["uuid"], digest),  # another center
            (world.moi, req["uuid"], other_digest),  # attached to another request
            (world.moi, req["uuid"], sha(b"nothing")),
            (world.moi, req["uuid"], "../../etc/passwd"),
            (world.moi, str(uuid.uuid4()), digest),
        ):
            with pytest.raises(NotFoundError):
                blob_for_user(s, user, request, wanted)


def test_timeline_answers_and_messages(world: World) -> None:
    req = world.request()
    with world.hq.sessions() as s:
        a.ask_for_information(s, world.moi, req["receipt_no"], "أحضر الهوية", now=NOW)
    with world.hq.sessions() as s:
        a.accept(s, world.moi, req["receipt_no"], now=NOW + dt.timedelta(minutes=5))
    with world.hq.sessions() as s:
        a.mark_ready(
            s,
            world.moi,
            req["receipt_no"],
            dt.date(2026, 11, 24),
            "النافذة 2",
            now=NOW + dt.timedelta(minutes=9),
        )
    answer_file = world.attach(req, PDF + b"answer")
    with world.hq.sessions() as s:
        s.add(
            ComplaintAnswer(
                uuid=str(uuid.uuid4()),
                request_uuid=req["uuid"],
                text="تم الرد",
                file_sha256=answer_file,
                file_name="رد.pdf",
                file_size=10,
                agency="MOI",
                user_id=world.moi.id,
                at=NOW,
            )
        )
        s.commit()
    with world.hq.sessions() as s:
        page = request_detail(s, world.moi, req["receipt_no"], now=NOW + dt.timedelta(minutes=10))
    steps = [(t.origin, t.status) for t in page.timeline]
    assert steps[0] == ("counter", "submitted")
    assert steps[-3:] == [("hq", "needs_info"), ("hq", "in_progress"), ("hq", "ready")]
    ready = page.timeline[-1]
    assert (ready.agency, ready.agency_name_ar, ready.collect_from, ready.collect_place) == (
        "MOI",
        "وزارة الداخلية",
        "2026-11-24",
        "النافذة 2",
    )
    assert ready.actor == "Moi1" and ready.station == "HQ"
    assert page.timeline[-3].reason == "أحضر الهوية"
    assert [(n.kind, n.state) for n in page.notifications] == [
        ("needs_info", "queued"),
        ("ready", "queued"),
    ]
    assert [(x.text, x.by, x.file_name) for x in page.answers] == [("تم الرد", "Moi1", "رد.pdf")]
    assert page.status == "ready" and page.open is False and page.actions == ()


def test_actions_offered_follow_the_status_and_the_role(world: World) -> None:
    req = world.request(due=dt.date(2026, 11, 18))
    with world.hq.sessions() as s:
        officer = request_detail(s, world.moi, req["receipt_no"], now=NOW)
        supervisor = request_detail(s, world.mzh_supervisor, req["receipt_no"], now=NOW)
    assert officer.may_act and set(officer.actions) == {"accept", "needs_info", "ready", "reject"}
    assert officer.days_late == 2  # Thursday 19 and Sunday 22
    assert not supervisor.may_act and supervisor.actions == ()


def test_another_scope_or_an_unknown_request_is_not_found(world: World) -> None:
    req = world.request(agency="MOI", center="MZH")
    with world.hq.sessions() as s:
        for user, ref in (
            (world.mosal, req["receipt_no"]),
            (world.mosal, req["uuid"]),
            (world.sal_supervisor, req["receipt_no"]),
            (world.admin, "MZH-01-26-999999-00"),
            (world.admin, "<script>"),
            (world.admin, ""),
        ):
            with pytest.raises(NotFoundError) as caught:
                request_detail(s, user, ref, now=NOW)
            assert caught.value.message == "No such request"
