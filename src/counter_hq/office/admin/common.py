"""The messages (English msgids; Arabic in web/locale/ar.json) and limits the HQ admin use
cases share."""

from __future__ import annotations

import re

MAX_CENTER_NAME = 200
NOTIFICATION_PAGE = 100
NOTIFICATION_STATES = ("queued", "retry", "sending", "sent", "failed", "opted_out", "no_phone")

# Messages (English msgids with parameters; Arabic in src/counter_hq/web/locale/ar.json).
BAD_CENTER_CODE = "{center} is not a center code (2 to 6 Latin letters, like MZH)"
CENTER_NAME = "A center needs a name of 1 to {n} characters"
CENTER_EXISTS = "Center {center} exists already"
NO_CENTER = "No center {center}"
BAD_STATION_NO = "{number} is not a station number (1 to 99)"
NO_STATION = "No station {label}"
STATION_RETIRED = "Station {label} is retired; its number is never enrolled again"
STATION_REVOKED_ALREADY = "Station {label} is revoked already"
NO_FREE_NUMBER = "Center {center} has no free station number left"
CATALOG_TOO_LARGE = "The catalog file is too large ({size} bytes; at most {limit})"
CATALOG_EMPTY = "The catalog file is empty"
CATALOG_NOT_TEXT = "The catalog file is not UTF-8 text"
CATALOG_SAME = "This file is the published catalog already (version {version})"
CATALOG_NOT_NEWER = (
    "Catalog version {version} is not newer than the published version {published}; "
    "a changed catalog needs a new version"
)
NO_DRAFT = "No catalog draft {draft}"
DRAFT_INVALID = "Catalog draft {draft} did not pass validation and cannot be published"
DRAFT_PUBLISHED = "Catalog draft {draft} is published already"
CALENDAR_EMPTY = "The holiday calendar file is empty"
CALENDAR_SAME = "This holiday calendar is published already (version {version})"
NO_SERVICE = "No service {service}"
NO_AGENCY = "No agency {agency}"
NOT_AN_OFFICE = "Office {office} is not an office of {agency}"
BAD_PHONE = "{phone} is not a Syrian mobile number (like 0933 123 456)"
OPTED_OUT_ALREADY = "{phone} is opted out already"
BAD_STATE = "Unknown message state {state}"
BAD_AGENCY_CODE = (
    "{agency} is not an agency code (2 to 20 capital Latin letters, digits or dashes, like MOI)"
)
ARABIC_NAME = "An Arabic name of 1 to {n} characters is required"
ENGLISH_NAME = "The English name may have at most {n} characters"
AGENCY_EXISTS = "Agency {agency} exists already"
AGENCY_IN_USE = (
    "Agency {agency} still handles {n} services ({services}); route them to another agency first"
)
AGENCY_ACTIVE_ALREADY = "Agency {agency} is active already"
AGENCY_INACTIVE_ALREADY = "Agency {agency} is inactive already"
NO_OFFICE = "No office {office} of agency {agency}"
OFFICE_IN_USE = (
    "Office {office} still handles {n} services ({services}); route them elsewhere first"
)
MAX_NAME = 200  # agencies' and offices' names (the columns' length)
AGENCY_CODE_MAX = 20
_AGENCY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
_NAMED = 10  # services a refusal names before "…"
