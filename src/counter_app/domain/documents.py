"""The document checklist of a request: what the clerk did with each required document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.catalog import Requirement, Service
from counter_app.domain.errors import N_, ValidationError


class DocState(StrEnum):
    ORIGINAL_SEEN = "original_seen"
    COPY_KEPT = "copy_kept"
    SCAN_PENDING = "scan_pending"  # paper kept for the archive clerk to scan
    SCANNED = "scanned"
    WAIVED = "waived"  # accepted without it; a reason is mandatory
    MISSING = "missing"  # only acceptable for optional documents


# Which states satisfy each requirement (a kept copy implies the original was seen, etc.).
SATISFIES: dict[Requirement, frozenset[DocState]] = {
    Requirement.ORIGINAL_SEEN: frozenset(
        {DocState.ORIGINAL_SEEN, DocState.COPY_KEPT, DocState.SCAN_PENDING, DocState.SCANNED}
    ),
    Requirement.COPY_KEPT: frozenset({DocState.COPY_KEPT, DocState.SCAN_PENDING, DocState.SCANNED}),
    Requirement.SCAN_REQUIRED: frozenset({DocState.SCAN_PENDING, DocState.SCANNED}),
    Requirement.OPTIONAL: frozenset(DocState),
}


@dataclass(frozen=True)
class ChecklistItem:
    doc_type: str
    requirement: Requirement
    state: DocState
    note: str | None = None


def parse_doc_state(raw: str) -> tuple[DocState, str | None]:
    """``state`` or ``waived:reason`` as typed on the command line or stored by the UI."""
    state_text, _, note = raw.partition(":")
    try:
        state = DocState(state_text.strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Unknown document state {state}; use one of: {allowed}"),
            field="documents",
            state=state_text,
            allowed=", ".join(s.value for s in DocState),
        ) from None
    clean_note = note.strip() or None
    if clean_note is not None and len(clean_note) > 500:
        raise ValidationError(
            N_("The note on a document is limited to {limit} characters"),
            field="documents",
            limit=500,
        )
    return state, clean_note


def build_checklist(
    service: Service, given: Mapping[str, tuple[DocState, str | None]], *, enforce: bool = True
) -> list[ChecklistItem]:
    """One item per document the service lists; every required one must be satisfied or waived."""
    problems: list[ValidationError] = []
    known = {d.type for d in service.documents}
    for code in given:
        if code not in known:
            problems.append(
                ValidationError(
                    N_("Document {doc} is not part of service {service}"),
                    field="documents",
                    doc=code,
                    service=service.code,
                )
            )
    items: list[ChecklistItem] = []
    for doc in service.documents:
        state, note = given.get(doc.type, (DocState.MISSING, None))
        if state is DocState.WAIVED and not note:
            problems.append(
                ValidationError(
                    N_("Document {doc} is waived without a reason"), field="documents", doc=doc.type
                )
            )
        elif enforce and state is not DocState.WAIVED and state not in SATISFIES[doc.requirement]:
            problems.append(
                ValidationError(
                    N_("Document {doc} is required ({requirement}) but is {state}"),
                    field="documents",
                    doc=doc.type,
                    requirement=doc.requirement.value,
                    state=state.value,
                )
            )
        items.append(ChecklistItem(doc.type, doc.requirement, state, note))
    if problems:
        raise ValidationError(
            N_("The document checklist is incomplete"), field="documents", problems=problems
        )
    return items
