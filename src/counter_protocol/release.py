"""The newest app release HQ publishes (``GET /api/v1/release``), and the rules both sides apply
to it: HQ before storing what an operator typed, the counter before storing what HQ sent (a
station shows the address to clerks as a link, so it must be a download address and nothing
else).

An HQ without the route answers 404 (an older HQ); one with nothing published answers
``{"release": null}``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from urllib.parse import urlsplit

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from counter_protocol.addresses import is_loopback
from counter_protocol.versions import MAX_VERSION_LENGTH, parse_version, version_problem

MAX_URL_LENGTH = 2000
MAX_NOTES_LENGTH = 4000
# More than any answer with the limits above; a bigger body is refused unread.
MAX_RELEASE_BYTES = 64 * 1024
RELEASE_PATH = "/release"


def url_problem(url: object) -> str | None:
    """Why ``url`` is not a download address a clerk may be sent to, or None: https, or plain
    http to this computer only (a test HQ); no credentials in it, no spaces or control
    characters (a link whose text hides where it goes)."""
    if not isinstance(url, str):
        return "an address is text"
    if len(url) > MAX_URL_LENGTH:
        return f"an address has at most {MAX_URL_LENGTH} characters"
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return "an address has no spaces or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return "not a web address"
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        return "the address must start with https://"
    if not host:
        return "the address names no server"
    if parts.username is not None or parts.password is not None:
        return "the address may not carry a user name or password"
    if scheme == "http" and not is_loopback(host):
        return "the address must start with https:// (plain http only to this computer)"
    return None


def notes_problem(text: object) -> str | None:
    if not isinstance(text, str):
        return "notes are text"
    if len(text) > MAX_NOTES_LENGTH:
        return f"notes have at most {MAX_NOTES_LENGTH} characters"
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        return "notes have no control characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "notes are not valid Unicode"
    return None


class ReleaseInfo(BaseModel):
    """One published release. Keys a later HQ may add are ignored, not refused: a station
    must keep understanding the fields it knows."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    version: str
    url_windows: str | None = None
    url_debian: str | None = None
    notes_ar: str = ""
    notes_en: str = ""
    published_at: AwareDatetime
    minimum_version: str | None = None

    @field_validator("version", "minimum_version")
    @classmethod
    def _version(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        problem = version_problem(value)
        if problem:
            raise ValueError(problem)
        release = info.data.get("version")  # checked first: declared first
        if (
            info.field_name == "minimum_version"
            and release is not None
            and parse_version(value) > parse_version(release)
        ):
            raise ValueError("the minimum supported version is above the release itself")
        return str(parse_version(value))

    @field_validator("url_windows", "url_debian")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        problem = url_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("notes_ar", "notes_en")
    @classmethod
    def _notes(cls, value: str) -> str:
        problem = notes_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("published_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return value.astimezone(dt.UTC)

    @model_validator(mode="after")
    def _consistent(self) -> ReleaseInfo:
        if self.url_windows is None and self.url_debian is None:
            raise ValueError("a release names where to download it (Windows or Debian)")
        return self


class ReleaseAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    release: ReleaseInfo | None


__all__ = [
    "MAX_NOTES_LENGTH",
    "MAX_RELEASE_BYTES",
    "MAX_URL_LENGTH",
    "MAX_VERSION_LENGTH",
    "RELEASE_PATH",
    "ReleaseAnswer",
    "ReleaseInfo",
    "notes_problem",
    "url_problem",
]
