"""Why a change pulled from HQ was not applied, stored so it can be read in any language.

A sync problem's reason is kept as ``{"msgid": ..., "params": {...}}`` (JSON): the English msgid
and its parameters, like a typed error, rendered when shown (``quarantine``, in the reader's
language, statuses as words). A domain error met while applying the change (an illegal status
step, a catalog that fails its checks) is kept the same way, with its own msgid and the
problems under it. Reasons stored as plain text before this pass through as they are.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.domain.errors import N_, CounterError, Translate, ValidationError
from counter_app.i18n import stored_message

UNREADABLE_TIME = N_("HQ's change carries a time that cannot be read: {time}")
NO_UUID = N_("HQ's status change carries no identifier")
NO_REQUEST = N_("No request at this station matches HQ's status change for {ref}")
UNKNOWN_STATUS = N_("HQ's status change names a status this station does not know: {status}")
NO_CATALOG = N_("HQ's catalog update carries no catalog")
UNKNOWN_KIND = N_(
    "HQ sent a change of a kind this station does not know ({kind}); it was kept, not "
    "applied: update this station's program"
)
MALFORMED_CHANGE = N_("HQ's change is not in the form this station reads: {where}")
CURSOR_RESET = N_(
    "HQ's changes do not go on from this station's cursor {cursor} (HQ restored from a "
    "backup?): the cursor was reset and HQ's changes pulled again. Status steps HQ made after "
    "its backup are now held only by this station; tell HQ."
)


class PullProblem(Exception):
    """A change that cannot be applied: a msgid and its parameters (or a domain error's)."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.error: CounterError = ValidationError(msgid, **params)

    @classmethod
    def of(cls, error: CounterError) -> PullProblem:
        problem = cls(error.message)
        problem.error = error
        return problem

    def stored(self) -> str:
        return json.dumps(_encode(self.error), ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _encode(error: CounterError) -> dict[str, Any]:
    data: dict[str, Any] = {
        "msgid": error.message,
        "params": {k: _plain(v) for k, v in error.params.items()},
    }
    if error.field is not None:
        data["field"] = error.field
    problems = getattr(error, "problems", None)
    if problems:
        data["problems"] = [_encode(p) for p in problems]
    return data


def _decode(data: dict[str, Any]) -> ValidationError:
    params = {str(k): tuple(v) if isinstance(v, list) else v for k, v in data["params"].items()}
    return ValidationError(
        str(data["msgid"]),
        field=data.get("field"),
        problems=[_decode(p) for p in data.get("problems", [])],
        **params,
    )


def reason_words(reason: str | None, translate: Translate) -> str:
    """A stored reason in the reader's language."""
    if not reason:
        return ""
    try:
        data = json.loads(reason)
        error = _decode(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return stored_message(reason, translate)  # plain text of an older version
    return error.render(translate)
