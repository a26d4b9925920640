"""The archive's records (handover batches, received files, the diwan register, boxes and file
locations) reach HQ like requests do: sent once, none quarantined."""

from __future__ import annotations

from sqlalchemy import func, select

from counter_app.services.archive_boxes import add_box, file_in_box
from counter_app.services.diwan import register_request
from counter_app.services.handover_batches import close_batch, create_batch, receive_file
from counter_app.services.sync_state import sync_health
from counter_app.store.models import OutboxItem
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import sync_once
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request


def test_archive_records_reach_hq_once(enrolled: Enrolled) -> None:
    st = enrolled.station
    receipt = new_request(st)
    batch = create_batch(st.ctx, st.clerk)
    receive_file(st.ctx, st.admin, batch.batch_no, receipt)
    close_batch(st.ctx, st.admin, batch.batch_no)
    register_request(st.ctx, st.admin, receipt, subject="بيان ولادة")
    add_box(st.ctx, st.admin, "B-1", shelf="A-1")
    file_in_box(st.ctx, st.admin, receipt, "B-1")
    with st.ctx.store.read() as s:
        kinds = set(s.execute(select(OutboxItem.kind)).scalars())
    assert {"handover.batch", "handover.file", "diwan.entry", "archive.location"} <= kinds

    report = sync_once(st.ctx, client_for(st.ctx))
    assert report.push.quarantined == 0 and report.push.sent >= 8
    health = sync_health(st.ctx, st.admin)
    assert (health.outbox_pending, health.quarantined) == (0, 0)
    with st.ctx.store.read() as s:
        states = dict(
            s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
        )
    assert set(states) == {"sent"}
    again = sync_once(st.ctx, client_for(st.ctx))
    assert (again.push.sent, again.push.duplicates) == (0, 0)
