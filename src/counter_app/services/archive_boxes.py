"""Boxes on shelves and where each request's paper file is.

A file's location is the newest row of its append-only history (``file_locations``), so
moving a file between boxes adds a row, is audited and goes to HQ; where it was before stays
readable. A box's shelf is part of the box: finding a file means finding its box.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from counter_app.domain.archive_box import clean_label, clean_shelf, parse_box_code
from counter_app.domain.errors import N_, Conflict, NotFound
from counter_app.domain.register_number import RegisterNumber
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.diwan import entry_of, find_archived_request
from counter_app.services.record import record_change
from counter_app.store.models import ArchiveBox, Citizen, FileLocation, Request, User


@dataclass(frozen=True)
class BoxView:
    uuid: str
    code: str
    shelf: str
    label: str
    files: int  # files in the box now
    created_at: dt.datetime


@dataclass(frozen=True)
class LocationEvent:
    box: str
    shelf: str
    from_box: str | None  # None: the file's first placement
    at: dt.datetime
    actor: str


@dataclass(frozen=True)
class FileLocationView:
    receipt_no: str
    request_uuid: str
    citizen_name: str
    register_no: str | None  # None: not entered in the diwan register yet
    box: str | None  # None: not placed in a box yet
    shelf: str | None
    since: dt.datetime | None
    history: list[LocationEvent]  # oldest first


@dataclass(frozen=True)
class BoxFile:
    receipt_no: str
    citizen_name: str
    register_no: str | None
    since: dt.datetime


@dataclass(frozen=True)
class BoxContents:
    box: BoxView
    files: list[BoxFile]


def _latest_ids() -> Select[tuple[int]]:
    """The newest location row of every file: where each file is now."""
    return select(func.max(FileLocation.id)).group_by(FileLocation.request_id)


def find_box(session: Session, code: str) -> ArchiveBox:
    key = parse_box_code(code)
    box = session.execute(select(ArchiveBox).where(ArchiveBox.code == key)).scalar_one_or_none()
    if box is None:
        raise NotFound(N_("There is no box {box}"), box=key)
    return box


def _box_view(session: Session, box: ArchiveBox) -> BoxView:
    count = session.execute(
        select(func.count(FileLocation.id)).where(
            FileLocation.box_id == box.id, FileLocation.id.in_(_latest_ids())
        )
    ).scalar_one()
    return BoxView(box.uuid, box.code, box.shelf, box.label, int(count), box.created_at)


@use_case(Permission.MANAGE_ARCHIVE)
def add_box(ctx: AppContext, actor: Actor, code: str, *, shelf: str, label: str = "") -> BoxView:
    actor.require(Permission.MANAGE_ARCHIVE)
    key, clean_shelf_, clean_label_ = parse_box_code(code), clean_shelf(shelf), clean_label(label)
    with ctx.store.write() as session:
        existing = session.execute(
            select(ArchiveBox).where(ArchiveBox.code == key)
        ).scalar_one_or_none()
        if existing is not None:
            raise Conflict(
                N_("Box {box} already exists (shelf {shelf})"), box=key, shelf=existing.shelf
            )
        now = ctx.clock()
        box = ArchiveBox(
            uuid=str(uuid.uuid4()),
            code=key,
            shelf=clean_shelf_,
            label=clean_label_,
            created_at=now,
            created_by=actor.user_id,
        )
        session.add(box)
        session.flush()
        record_change(
            ctx,
            session,
            actor,
            at=now,
            kind="archive.box",
            entity_uuid=box.uuid,
            payload={"uuid": box.uuid, "code": key, "shelf": box.shelf, "label": box.label},
            action="archive.box_add",
            entity="box",
            entity_ref=key,
            details={"shelf": box.shelf, "label": box.label},
        )
        return _box_view(session, box)


@use_case(Permission.VIEW_ARCHIVE)
def list_boxes(ctx: AppContext, actor: Actor) -> list[BoxView]:
    with ctx.store.read() as session:
        counts: dict[int, int] = {
            box_id: int(n)
            for box_id, n in session.execute(
                select(FileLocation.box_id, func.count(FileLocation.id))
                .where(FileLocation.id.in_(_latest_ids()))
                .group_by(FileLocation.box_id)
            ).tuples()
        }
        boxes = session.execute(select(ArchiveBox).order_by(ArchiveBox.code)).scalars()
        return [
            BoxView(b.uuid, b.code, b.shelf, b.label, counts.get(b.id, 0), b.created_at)
            for b in boxes
        ]


@use_case(Permission.VIEW_ARCHIVE)
def show_box(ctx: AppContext, actor: Actor, code: str) -> BoxContents:
    """A box and the files in it now, in the order they were put there."""
    with ctx.store.read() as session:
        box = find_box(session, code)
        rows = session.execute(
            select(FileLocation, Request, Citizen.name)
            .join(Request, Request.id == FileLocation.request_id)
            .join(Citizen, Citizen.id == Request.citizen_id)
            .where(FileLocation.box_id == box.id, FileLocation.id.in_(_latest_ids()))
            .order_by(FileLocation.id)
        ).all()
        files = []
        for location, req, name in rows:
            entry = entry_of(session, req.id)
            files.append(
                BoxFile(
                    req.receipt_no,
                    name,
                    str(RegisterNumber(entry.year, entry.number)) if entry else None,
                    location.at,
                )
            )
        return BoxContents(_box_view(session, box), files)


def _location_view(session: Session, req: Request) -> FileLocationView:
    rows = (
        session.execute(
            select(FileLocation).where(FileLocation.request_id == req.id).order_by(FileLocation.id)
        )
        .scalars()
        .all()
    )
    boxes = {
        b.id: b
        for b in session.execute(
            select(ArchiveBox).where(
                ArchiveBox.id.in_({r.box_id for r in rows} | {r.from_box_id for r in rows})
            )
        ).scalars()
    }
    users = {
        u.id: u.full_name or u.username
        for u in session.execute(
            select(User).where(User.id.in_({r.user_id for r in rows}))
        ).scalars()
    }
    history = [
        LocationEvent(
            boxes[r.box_id].code,
            boxes[r.box_id].shelf,
            boxes[r.from_box_id].code if r.from_box_id else None,
            r.at,
            users.get(r.user_id or 0, "-"),
        )
        for r in rows
    ]
    entry = entry_of(session, req.id)
    now = history[-1] if history else None
    return FileLocationView(
        receipt_no=req.receipt_no,
        request_uuid=req.uuid,
        citizen_name=req.citizen.name,
        register_no=str(RegisterNumber(entry.year, entry.number)) if entry else None,
        box=now.box if now else None,
        shelf=now.shelf if now else None,
        since=now.at if now else None,
        history=history,
    )


@use_case(Permission.VIEW_ARCHIVE)
def locate_file(ctx: AppContext, actor: Actor, ref: str) -> FileLocationView:
    """Where the paper file of ``ref`` (receipt number, register number or UUID) is."""
    with ctx.store.read() as session:
        return _location_view(session, find_archived_request(session, ref))


@use_case(Permission.MANAGE_ARCHIVE)
def file_in_box(ctx: AppContext, actor: Actor, ref: str, box_code: str) -> FileLocationView:
    """Put the file of ``ref`` in a box, or move it there from the box it is in."""
    actor.require(Permission.MANAGE_ARCHIVE)
    parse_box_code(box_code)  # a malformed code is bad input before anything is looked up
    with ctx.store.write() as session:
        req = find_archived_request(session, ref)
        box = find_box(session, box_code)
        current = session.execute(
            select(FileLocation)
            .where(FileLocation.request_id == req.id)
            .order_by(FileLocation.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if current is not None and current.box_id == box.id:
            raise Conflict(
                N_("File {receipt} is already in box {box}"), receipt=req.receipt_no, box=box.code
            )
        from_box = session.get(ArchiveBox, current.box_id) if current else None
        now = ctx.clock()
        row = FileLocation(
            uuid=str(uuid.uuid4()),
            request_id=req.id,
            box_id=box.id,
            from_box_id=from_box.id if from_box else None,
            at=now,
            user_id=actor.user_id,
        )
        session.add(row)
        session.flush()
        details = {
            "box": box.code,
            "shelf": box.shelf,
            "from_box": from_box.code if from_box else None,
        }
        record_change(
            ctx,
            session,
            actor,
            at=now,
            kind="archive.location",
            entity_uuid=row.uuid,
            payload={
                "uuid": row.uuid,
                "request_uuid": req.uuid,
                "receipt_no": req.receipt_no,
                "box_uuid": box.uuid,
                **details,
            },
            action="archive.file_move" if from_box else "archive.file_place",
            entity="request",
            entity_ref=req.receipt_no,
            details=details,
        )
        return _location_view(session, req)
