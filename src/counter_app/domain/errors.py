"""Typed errors carrying a translatable message.

The message is an English msgid marked with ``N_`` so the translation check can find it; the
parameters are formatted in after translation, so Arabic word order stays the translator's.
They are mapped once: exit code 2 in the CLI, an inline message in the UI, a status code in HQ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it here."""
    return msgid


def N_n(msgid: str) -> str:
    """Mark a plural msgid (its count is the parameter ``n``): translated by the count's form."""
    return msgid


Translate = Callable[[str], str]

# Parameters that are a person's own words even when they spell a msgid: the first admin is
# called "admin", a role's msgid, and must not read "Administrator" (or its Arabic).
VERBATIM = frozenset({"user", "os_user"})


def _identity(msgid: str) -> str:
    return msgid


class CounterError(Exception):
    """Base of every error a person may see. ``message`` is an untranslated msgid."""

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params
        # A catalog field's label per language ({"ar": ..., "en": ...}), shown instead of its key.
        self.labels: dict[str, str] = {}

    def with_labels(self, labels: dict[str, str]) -> CounterError:
        self.labels = labels
        return self

    def render(self, translate: Translate = _identity) -> str:
        plural = getattr(translate, "tr_n", None)
        count = self.params.get("n")
        # A plural message (N_n, parameter n) takes the form its count needs ("3 ملفات").
        text = (
            plural(self.message, count)
            if plural and isinstance(count, int)
            else translate(self.message)
        )
        # Parameters that are themselves msgids (a status, a role, a field key) are shown in
        # the reader's language too; user data never matches a msgid, so it passes unchanged.
        language = getattr(translate, "language", "en")
        # A tuple of msgids (the statuses a request may move to) is a list of words, each in
        # the reader's language, joined with the language's comma.
        comma = "، " if language == "ar" else ", "
        params = {
            k: v
            if k in VERBATIM
            else translate(v)
            if isinstance(v, str)
            else (comma.join(translate(x) for x in v) or "-" if isinstance(v, tuple) else v)
            for k, v in {"field": self.field, **self.params}.items()
        }
        label = self.labels.get(language)
        if label:
            params["field"] = label
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            # A broken translation must never hide the error itself.
            plain = {k: ", ".join(v) if isinstance(v, tuple) else v for k, v in self.params.items()}
            return self.message.format(field=self.field, **plain)

    def __str__(self) -> str:
        return self.render()


class ValidationError(CounterError):
    """Input that is not acceptable; nothing was stored."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: list[ValidationError] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message, field=field, **params)
        self.problems = problems or []

    def render(self, translate: Translate = _identity) -> str:
        head = super().render(translate)
        if not self.problems:
            return head
        lines = [head] + ["  - " + p.render(translate) for p in self.problems]
        return "\n".join(lines)


class NotFound(CounterError):
    """A referenced thing (request, service, user) does not exist."""


class Conflict(CounterError):
    """The action clashes with the current state (not allowed transition, duplicate)."""


class PermissionDenied(CounterError):
    """The acting user's role does not allow the action."""


class AuthenticationFailed(CounterError):
    """Wrong user name or password, or the account is locked."""


class StoreError(CounterError):
    """The database cannot be used as it is (not SQLite, newer schema, corrupt)."""
