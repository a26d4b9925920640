"""Complaints in the back office: who they are addressed to, the answer, escalation when late.

A complaint is a request whose service is of the category "complaint" (``request_states``
keeps the category). It is addressed to the agency holding it and, within it, possibly to one
officer; the agency's officers or an HQ admin re-address it. The answer is text (and optionally
a PDF or image kept as a blob) recorded once: with it, in one transaction, the counter's change
(the answer shown at the counter), the step ``ready`` (the written answer is collected there),
the citizen's SMS and the audit row. An unanswered complaint past its due date is escalated
once (``escalate_overdue``: `counter-hq complaints escalate`, and periodically in `serve`), and
listed for HQ admins.

Every use case takes the ``WebUser`` and checks access itself (office/access.py): a complaint
outside the user's scope is "not found". Errors carry a fixed English msgid and parameters
(translated by the page, src/counter_hq/web/locale). The answer's text is stored exactly as
written (a script is text; the page escapes it); only control characters are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import Select, exists, select, update
from sqlalchemy.orm import Session, aliased

from counter_app.domain.errors import Conflict, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status, check_transition
from counter_hq.backoffice import current_status, record_step
from counter_hq.blobs import BlobStore
from counter_hq.calendars import current_calendar
from counter_hq.db import lock_changes
from counter_hq.errors import ConflictError, Forbidden, Invalid, NotFoundError, TooLarge
from counter_hq.models import (
    Agency,
    Blob,
    ChangeRow,
    ComplaintAnswer,
    HqAudit,
    HqRequest,
    HqUser,
    RequestState,
)
from counter_hq.notify.outbox import enqueue_for_step
from counter_hq.office.access import Role, WebUser, check_may_act, check_visible, scope_clause
from counter_hq.stations import StationRef, station_numbers
from counter_protocol.durable import write_durably
from counter_protocol.payloads import COMPLAINT_ANSWER, ComplaintAnswerChange

COMPLAINT = "complaint"  # the service category
MAX_ANSWER_CHARS = 4000  # what the counter's change carries (ComplaintAnswerChange.text)
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_NAME = 200
PAGE = 50
MAX_PAGE = 500

# Messages (English msgids with parameters; Arabic in src/counter_hq/web/locale/ar.json).
BAD_RECEIPT = "{receipt} is not a receipt number"
NO_COMPLAINT = "No complaint {receipt}"
NOTHING_TO_ADDRESS = "Choose an agency or a person to address the complaint to"
NO_AGENCY = "No active agency {agency}"
NOT_AN_OFFICER = "The person chosen is not an active officer of {agency}"
ANSWERED_ALREADY = "Complaint {receipt} was answered already, on {day}"
CLOSED = "Complaint {receipt} is {status} and cannot be answered"
TEXT_REQUIRED = "An answer needs text"
TEXT_TOO_LONG = "An answer has at most {limit} characters, not {n}"
TEXT_CONTROL = "The answer contains an invisible control character ({char}); remove it"
FILE_EMPTY = "The file {name} is empty"
FILE_TOO_LARGE = "The file {name} is too large ({size} bytes; at most {limit})"
FILE_TYPE = "The file {name} is not a PDF, JPEG or PNG document"
FILE_DAMAGED = "The file {name} is not a complete {kind} file (damaged or cut short)"
FILE_NAME = "The file's name is not usable; rename it and attach it again"
NO_FILE_STORE = "Files cannot be kept here; answer with text only"
BAD_FILTER = "Unknown complaint list {state}"
NO_ANSWER_FILE = "No such answer file"


class ListState(StrEnum):
    OPEN = "open"  # not answered, not closed
    ANSWERED = "answered"
    ESCALATED = "escalated"  # escalated and still unanswered
    OVERDUE = "overdue"  # past its due date and unanswered
    ALL = "all"


@dataclass(frozen=True)
class ComplaintFilter:
    state: ListState | str = ListState.OPEN
    mine: bool = False  # addressed to me in person
    center: str | None = None
    offset: int = 0
    limit: int = PAGE


@dataclass(frozen=True)
class ComplaintRow:
    receipt_no: str
    request_uuid: str
    center: str
    service: str
    status: str
    agency: str | None
    agency_name_ar: str | None
    agency_name_en: str | None
    assignee_id: int | None
    assignee_name: str | None
    received_at: dt.datetime
    due_on: dt.date | None
    overdue: bool
    escalated_at: dt.datetime | None
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class AnswerView:
    uuid: str
    text: str
    at: dt.datetime
    agency: str | None
    user_id: int | None
    user_name: str | None
    file_sha256: str | None
    file_name: str | None
    file_size: int | None


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    answer: AnswerView | None
    may_answer: bool  # the page shows the answer form
    may_address: bool  # the page shows the addressing form


@dataclass(frozen=True)
class Answered:
    answer_uuid: str
    receipt_no: str
    status_seq: int
    answer_seq: int
    notification_state: str | None  # None: HQ queued no message (never for a held request)


@dataclass(frozen=True)
class Escalated:
    receipt_no: str
    agency: str | None
    due_on: dt.date | None


# -- reading --------------------------------------------------------------------------------


def _local_today(session: Session, now: dt.datetime) -> dt.date:
    return now.astimezone(current_calendar(session).tz).date()


def _parse_receipt(receipt: str) -> str:
    try:
        return str(ReceiptNumber.parse(receipt))
    except ValidationError:
        raise NotFoundError(BAD_RECEIPT, receipt=receipt.strip()[:40]) from None


def _complaint_state(session: Session, user: WebUser, receipt: str) -> RequestState:
    """The complaint's state row if ``user`` may see it; "not found" otherwise (another
    agency's complaint is not told apart from a missing one)."""
    receipt_no = _parse_receipt(receipt)
    state = session.execute(
        select(RequestState).where(RequestState.receipt_no == receipt_no)
    ).scalar_one_or_none()
    if state is None or state.category != COMPLAINT:
        raise NotFoundError(NO_COMPLAINT, receipt=receipt_no)
    try:
        return check_visible(user, state)
    except NotFoundError:
        raise NotFoundError(NO_COMPLAINT, receipt=receipt_no) from None


_Assignee = aliased(HqUser)


_RowTuple = tuple[RequestState, str, str, str, dt.datetime]  # outer joins: may be None


def _rows_query() -> Select[_RowTuple]:
    return (
        select(
            RequestState,
            Agency.name_ar,
            Agency.name_en,
            _Assignee.display_name,
            ComplaintAnswer.at,
        )
        .outerjoin(Agency, Agency.code == RequestState.agency)
        .outerjoin(_Assignee, _Assignee.id == RequestState.assignee_id)
        .outerjoin(ComplaintAnswer, ComplaintAnswer.request_uuid == RequestState.request_uuid)
        .where(RequestState.category == COMPLAINT)
    )


def _row(
    state: RequestState,
    name_ar: str | None,
    name_en: str | None,
    assignee: str | None,
    answered_at: dt.datetime | None,
    today: dt.date,
) -> ComplaintRow:
    return ComplaintRow(
        receipt_no=state.receipt_no,
        request_uuid=state.request_uuid,
        center=state.center,
        service=state.service,
        status=state.status,
        agency=state.agency,
        agency_name_ar=name_ar,
        agency_name_en=name_en,
        assignee_id=state.assignee_id,
        assignee_name=assignee,
        received_at=state.received_at,
        due_on=state.due_on,
        overdue=answered_at is None
        and state.open
        and state.due_on is not None
        and state.due_on < today,
        escalated_at=state.escalated_at,
        answered_at=answered_at,
    )


def complaints_list(
    session: Session, user: WebUser, now: dt.datetime, filters: ComplaintFilter | None = None
) -> list[ComplaintRow]:
    """The complaints ``user`` may see, as ``filters`` asks: late ones first, then by age."""
    wanted = filters or ComplaintFilter()
    try:
        state = ListState(wanted.state)
    except ValueError:
        raise Invalid(BAD_FILTER, state=str(wanted.state)[:40]) from None
    today = _local_today(session, now)
    # The query joins the answer (at most one): unanswered is "no answer row joined".
    unanswered = ComplaintAnswer.id.is_(None)
    query = _rows_query().where(scope_clause(user))
    if state is ListState.OPEN:
        query = query.where(RequestState.open, unanswered)
    elif state is ListState.ANSWERED:
        query = query.where(ComplaintAnswer.id.is_not(None))
    elif state is ListState.ESCALATED:
        query = query.where(RequestState.escalated_at.is_not(None), unanswered)
    elif state is ListState.OVERDUE:
        query = query.where(RequestState.open, unanswered, RequestState.due_on < today)
    if wanted.mine:
        query = query.where(RequestState.assignee_id == user.id)
    if wanted.center:
        query = query.where(RequestState.center == wanted.center.strip().upper())
    limit = max(1, min(wanted.limit, MAX_PAGE))
    query = (
        query.order_by(
            RequestState.due_on.asc().nulls_last(),
            RequestState.received_at,
            RequestState.request_uuid,
        )
        .offset(max(0, wanted.offset))
        .limit(limit)
    )
    return [_row(*found, today) for found in session.execute(query).tuples()]


def complaint_detail(
    session: Session, user: WebUser, receipt: str, now: dt.datetime
) -> ComplaintDetail:
    state = _complaint_state(session, user, receipt)
    found = session.execute(
        _rows_query().where(RequestState.request_uuid == state.request_uuid)
    ).one()
    row = _row(*found._tuple(), _local_today(session, now))
    answer = _answer_of(session, state.request_uuid)
    acting = _may_act(user, state)
    return ComplaintDetail(
        row=row,
        answer=answer,
        may_answer=acting and answer is None and state.open,
        may_address=acting and answer is None,
    )


def _answer_of(session: Session, request_uuid: str) -> AnswerView | None:
    found = session.execute(
        select(ComplaintAnswer, HqUser.display_name)
        .outerjoin(HqUser, HqUser.id == ComplaintAnswer.user_id)
        .where(ComplaintAnswer.request_uuid == request_uuid)
        .order_by(ComplaintAnswer.id)
        .limit(1)
    ).one_or_none()
    if found is None:
        return None
    ans, name = found._tuple()
    return AnswerView(
        uuid=ans.uuid,
        text=ans.text,
        at=ans.at,
        agency=ans.agency,
        user_id=ans.user_id,
        user_name=name,
        file_sha256=ans.file_sha256,
        file_name=ans.file_name,
        file_size=ans.file_size,
    )


def answer_file(
    session: Session, user: WebUser, receipt: str, blobs: BlobStore
) -> tuple[str, bytes, str]:
    """The answer's file for the page (name, bytes, media type), for those who see the
    complaint."""
    state = _complaint_state(session, user, receipt)
    answer = _answer_of(session, state.request_uuid)
    if answer is None or answer.file_sha256 is None:
        raise NotFoundError(NO_COMPLAINT, receipt=state.receipt_no)
    data = blobs.path(answer.file_sha256).read_bytes()
    return answer.file_name or "answer", data, _media_type(data) or "application/octet-stream"


def answer_file_for_station(
    session: Session, blobs: BlobStore, station: StationRef, sha256: str
) -> bytes:
    """An answer's file for the station whose request it answers (its lineage's too); "not
    found" for any other file or station, whether or not the file exists."""
    held = session.execute(
        select(ComplaintAnswer.id)
        .join(HqRequest, HqRequest.uuid == ComplaintAnswer.request_uuid)
        .where(
            ComplaintAnswer.file_sha256 == sha256,
            HqRequest.center == station.center,
            HqRequest.station_no.in_(station_numbers(session, station)),
        )
        .limit(1)
    ).scalar_one_or_none()
    if held is None:
        raise NotFoundError(NO_ANSWER_FILE)
    try:
        data = blobs.path(sha256).read_bytes()
    except FileNotFoundError:
        raise NotFoundError(NO_ANSWER_FILE) from None
    if hashlib.sha256(data).hexdigest() != sha256:  # damaged on disk: never hand it out
        raise NotFoundError(NO_ANSWER_FILE)
    return data


def addressable_officers(
    session: Session, user: WebUser, agency: str
) -> list[tuple[int, str, str]]:
    """Active officers of ``agency`` a complaint may be addressed to: (id, username, name)."""
    if user.role is Role.SUPERVISOR:
        raise Forbidden("Only the officers of the agency holding this request may change it")
    rows = session.execute(
        select(HqUser.id, HqUser.username, HqUser.display_name)
        .where(HqUser.agency == agency, HqUser.role == Role.OFFICER.value, HqUser.active)
        .order_by(HqUser.display_name)
    )
    return [(int(i), str(u), str(n)) for i, u, n in rows]


def _may_act(user: WebUser, state: RequestState) -> bool:
    try:
        check_may_act(user, state)
    except (Forbidden, NotFoundError):
        return False
    return True


# -- addressing -----------------------------------------------------------------------------


def assign(
    session: Session,
    user: WebUser,
    receipt: str,
    now: dt.datetime,
    *,
    agency: str | None = None,
    assignee_id: int | None = None,
) -> ComplaintRow:
    """Address the complaint to an agency (``agency``) and/or a person in it (``assignee_id``;
    none: the whole agency). An admin or an officer of the holding agency may; an officer who
    sends it to another agency no longer sees it. Commits."""
    if agency is None and assignee_id is None:
        raise Invalid(NOTHING_TO_ADDRESS)
    state = _complaint_state(session, user, receipt)
    check_may_act(user, state)
    # Serialised with answers and other re-addressings of it: then read as it is now.
    lock_changes(session)
    session.refresh(state)
    check_may_act(user, state)
    if _answer_of(session, state.request_uuid) is not None:
        raise ConflictError(
            ANSWERED_ALREADY, receipt=state.receipt_no, day=_answer_day(session, state)
        )
    target = state.agency
    if agency is not None:
        code = agency.strip().upper()
        held = session.get(Agency, code)
        if held is None or not held.active:
            raise Invalid(NO_AGENCY, agency=code[:20])
        target = code
    person: HqUser | None = None
    if assignee_id is not None:
        person = session.get(HqUser, assignee_id)
        if (
            person is None
            or not person.active
            or person.role != Role.OFFICER.value
            or target is None
            or person.agency != target
        ):
            raise Invalid(NOT_AN_OFFICER, agency=target or "-")
    before = {"agency": state.agency, "assignee_id": state.assignee_id}
    state.agency = target
    # A new agency starts unaddressed within it unless a person of it was chosen.
    state.assignee_id = person.id if person is not None else None
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="complaint.assign",
            target=state.receipt_no,
            details={
                "before": before,
                "after": {"agency": state.agency, "assignee_id": state.assignee_id},
            },
        )
    )
    session.flush()
    found = session.execute(
        _rows_query().where(RequestState.request_uuid == state.request_uuid)
    ).one()
    row = _row(*found._tuple(), _local_today(session, now))
    session.commit()
    return row


def _answer_day(session: Session, state: RequestState) -> str:
    answer = _answer_of(session, state.request_uuid)
    return answer.at.date().isoformat() if answer is not None else "-"


# -- the answer -----------------------------------------------------------------------------

_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_answer_text(text: str) -> str:
    """The answer as it will be stored: line ends unified, outer blanks stripped. Control
    characters are refused (they hide text and break the counter's display); everything else,
    markup included, is kept verbatim as text."""
    clean = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not clean:
        raise Invalid(TEXT_REQUIRED)
    for char in clean:
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or char in ("\ufffe", "\uffff"):
            raise Invalid(TEXT_CONTROL, char=f"U+{ord(char):04X}")
    if len(clean) > MAX_ANSWER_CHARS:
        raise Invalid(TEXT_TOO_LONG, limit=MAX_ANSWER_CHARS, n=len(clean))
    return clean


def _media_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _complete(kind: str, data: bytes) -> bool:
    """The file ends as its kind ends: an upload cut short is refused, not kept half."""
    if kind == "application/pdf":
        return b"%%EOF" in data[-1024:]
    if kind == "image/jpeg":
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    return b"IEND\xaeB`\x82" in data[-64:]  # PNG's final chunk with its CRC


def clean_file_name(name: str) -> str:
    # Only the last part of a path (either separator), without controls, at most 200 chars.
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    if not base or base in (".", "..") or any(unicodedata.category(c) == "Cc" for c in base):
        raise Invalid(FILE_NAME)
    if len(base) > MAX_FILE_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_FILE_NAME - len(ext) - 1] + dot + ext) if dot else base[:MAX_FILE_NAME]
    return base


def check_file(name: str, data: bytes) -> tuple[str, str]:
    """The file's clean name and media type; ``Invalid``/``TooLarge`` when it is not kept."""
    clean = clean_file_name(name)
    if not data:
        raise Invalid(FILE_EMPTY, name=clean)
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(FILE_TOO_LARGE, name=clean, size=len(data), limit=MAX_FILE_BYTES)
    kind = _media_type(data)
    if kind is None:
        raise Invalid(FILE_TYPE, name=clean)
    if not _complete(kind, data):
        raise Invalid(FILE_DAMAGED, name=clean, kind=kind.split("/")[1].upper())
    return clean, kind


def _keep_blob(
    session: Session,
    blobs: BlobStore,
    data: bytes,
    req: HqRequest,
    now: dt.datetime,
) -> str:
    """The file written once under its SHA-256 (verified by construction: its address is its
    hash). Its station fetches it as an answer's file (``answer_file_for_station``), never
    as a blob it owns: knowing the hash grants nothing else."""
    digest = hashlib.sha256(data).hexdigest()
    final = blobs.path(digest)
    if not final.exists():  # present: only ever renamed into place whole
        final.parent.mkdir(parents=True, exist_ok=True)
        write_durably(final, data)
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), complete=True, created_at=now))
        session.flush()
    return digest


def answer(
    session: Session,
    user: WebUser,
    receipt: str,
    text: str,
    file: tuple[str, bytes] | None,
    now: dt.datetime,
    *,
    blobs: BlobStore | None = None,
) -> Answered:
    """Record the agency's answer once: the answer row (and its file), the change the station
    pulls, the step ``ready``, the SMS and the audit row, in one transaction. Commits.
    Nothing is stored when any part is refused."""
    state = _complaint_state(session, user, receipt)
    check_may_act(user, state)
    body = clean_answer_text(text)
    checked = check_file(*file) if file is not None else None
    if checked is not None and blobs is None:
        raise Invalid(NO_FILE_STORE)
    lock_changes(session)  # serialises answers and steps of this request (and seq order)
    session.refresh(state)  # as it is now that no step or answer can move under us
    if not _may_act(user, state):  # re-addressed to another agency meanwhile
        raise NotFoundError(NO_COMPLAINT, receipt=state.receipt_no)
    if _answer_of(session, state.request_uuid) is not None:
        raise ConflictError(
            ANSWERED_ALREADY, receipt=state.receipt_no, day=_answer_day(session, state)
        )
    req = session.execute(
        select(HqRequest).where(HqRequest.uuid == state.request_uuid)
    ).scalar_one()
    try:
        check_transition(current_status(session, req.uuid), Status.READY)
    except Conflict:
        raise ConflictError(CLOSED, receipt=state.receipt_no, status=state.status) from None
    file_sha = None
    if file is not None and checked is not None and blobs is not None:
        file_sha = _keep_blob(session, blobs, file[1], req, now)
    agency = session.get(Agency, state.agency) if state.agency else None
    answer_uuid = str(uuid.uuid4())
    session.add(
        ComplaintAnswer(
            uuid=answer_uuid,
            request_uuid=req.uuid,
            text=body,
            file_sha256=file_sha,
            file_name=checked[0] if checked else None,
            file_size=len(file[1]) if file is not None else None,
            agency=state.agency,
            user_id=user.id,
            at=now,
        )
    )
    change = ChangeRow(
        center=req.center,
        station_no=req.station_no,
        kind=COMPLAINT_ANSWER,
        # Built with the schema the station reads it with (counter_protocol/payloads.py).
        payload=ComplaintAnswerChange(
            uuid=answer_uuid,
            request_uuid=req.uuid,
            receipt_no=req.receipt_no,
            text=body,
            at=now.isoformat(),
            actor=user.username[:100],
            agency=state.agency,
            agency_name_ar=agency.name_ar if agency else None,
            agency_name_en=agency.name_en if agency else None,
            file_sha256=file_sha,
            file_name=checked[0] if checked else None,
            file_size=len(file[1]) if file is not None else None,
        ).model_dump(exclude_none=True),
        created_at=now,
    )
    session.add(change)
    session.flush()
    # The written answer is collected at the counter: the request becomes ready.
    step = record_step(session, req, Status.READY, now, reason=None, actor=user.username[:100])
    # The answer is the event the citizen is told of (one message per answer, never twice).
    note = enqueue_for_step(
        session,
        request_uuid=req.uuid,
        event_uuid=answer_uuid,
        kind="answer",
        now=now,
        details={"answer": body},
    )
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="complaint.answer",
            target=req.receipt_no,
            details={
                "answer": answer_uuid,
                "agency": state.agency,
                "chars": len(body),
                "file_sha256": file_sha,
                "file_size": len(file[1]) if file is not None else None,
                "step": step.event_uuid,
            },
        )
    )
    session.flush()
    result = Answered(
        answer_uuid=answer_uuid,
        receipt_no=req.receipt_no,
        status_seq=step.seq,
        answer_seq=change.seq,
        notification_state=note.state if note is not None else None,
    )
    session.commit()
    return result


# -- escalation -----------------------------------------------------------------------------


def escalate_overdue(session: Session, now: dt.datetime) -> list[Escalated]:
    """Escalate, once each, the open unanswered complaints late by at least one working day
    (the same calendar as the counter's): ``escalated_at`` set and an audit row; HQ admins
    see them under "escalated". Commits."""
    calendar = current_calendar(session)
    today = now.astimezone(calendar.tz).date()
    answered = exists().where(ComplaintAnswer.request_uuid == RequestState.request_uuid)
    candidates = session.execute(
        select(RequestState.request_uuid, RequestState.receipt_no, RequestState.agency)
        .add_columns(RequestState.due_on)
        .where(
            RequestState.category == COMPLAINT,
            RequestState.open,
            RequestState.escalated_at.is_(None),
            RequestState.due_on < today,
            ~answered,
        )
        .order_by(RequestState.due_on, RequestState.request_uuid)
    ).all()
    done: list[Escalated] = []
    for request_uuid, receipt_no, agency, due_on in candidates:
        # Late by working days: a due date on Thursday is not late on the weekend after it.
        if due_on is None or calendar.working_days_between(due_on, today) < 1:
            continue
        # Set only while still unset and unanswered: a racing escalation or answer wins.
        result = session.execute(
            update(RequestState)
            .where(
                RequestState.request_uuid == request_uuid,
                RequestState.escalated_at.is_(None),
                ~exists().where(ComplaintAnswer.request_uuid == request_uuid),
            )
            .values(escalated_at=now)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            continue
        session.add(
            HqAudit(
                at=now,
                user_id=None,
                action="complaint.escalate",
                target=receipt_no,
                details={"agency": agency, "due_on": due_on.isoformat()},
            )
        )
        done.append(Escalated(receipt_no, agency, due_on))
    session.commit()
    return done
