"""The Arabic SMS a citizen receives, one template per event kind.

Every message names the receipt number (the citizen's key at the counter) and is written to
fit one UCS-2 segment (70 characters) where possible: only the variable part (a place, the
agency's message, a reason, the first words of an answer) is shortened, never the receipt
number or the fixed words. When even the shortest form does not fit, the message goes out in
as few concatenated parts as the variable part allows, at most ``MAX_SEGMENTS``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from counter_app.domain.digits import normalize_digits
from counter_hq.notify.segments import count_segments

KINDS = ("ready", "needs_info", "rejected", "answer")
MAX_SEGMENTS = 3
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")
# Bidi controls and other invisible format characters cost a UCS-2 unit each and show nothing.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# {receipt} is never shortened; {var} is the part that gives way. Each entry: the template with
# the variable part, and the one used when there is nothing to say in it.
TEMPLATES: Mapping[str, tuple[str, str]] = {
    # "Your request {receipt} is ready: collect it from {place}" (+ " from {date}": READY_DATED)
    "ready": ("طلبك {receipt} جاهز، استلمه من {var}", "طلبك {receipt} جاهز للاستلام من {center}"),
    # "Your request {receipt} needs information: {message}"
    "needs_info": (
        "طلبك {receipt} يحتاج معلومات: {var}",
        "طلبك {receipt} يحتاج معلومات، راجع المركز",
    ),
    # "Your request {receipt} was rejected: {reason}"
    "rejected": ("رُفض طلبك {receipt}: {var}", "رُفض طلبك {receipt}، راجع المركز"),
    # "The answer to your complaint {receipt} is at the center: {first words}"
    "answer": ("جواب شكواك {receipt} في المركز: {var}", "جواب شكواك {receipt} جاهز في المركز"),
}


# The collection date is never shortened either: only the place gives way.
READY_DATED = (
    "طلبك {receipt} جاهز، استلمه من {var} من {date}",
    "طلبك {receipt} جاهز للاستلام من {date}",
)


@dataclass(frozen=True)
class Rendered:
    text: str
    segments: int


def clean(value: str | None) -> str:
    """One line of visible text: digits as ASCII (the cheapest in any encoding and what a
    receipt uses), whitespace collapsed, invisible controls removed."""
    if not value:
        return ""
    text = _INVISIBLE.sub("", normalize_digits(value))
    return _SPACES.sub(" ", text).strip()


def short_date(value: str | None) -> str:
    """``2026-12-10`` -> ``10/12/2026``; anything else is passed on cleaned (the back office
    validated it)."""
    text = clean(value)
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day}/{day.month}/{day.year}"


def _variable(kind: str, details: Mapping[str, str], center_name: str) -> str:
    if kind == "ready":
        return clean(details.get("collect_place")) or clean(center_name)
    if kind == "needs_info":
        return clean(details.get("message"))
    if kind == "rejected":
        return clean(details.get("reason") or details.get("message"))
    return clean(details.get("answer") or details.get("message"))


def _shorten(template: str, fixed: Mapping[str, str], variable: str, segments: int) -> str | None:
    """The longest prefix of ``variable`` (cut at a word where possible) that keeps the
    message within ``segments``; None when not even one word fits."""
    full = template.format(var=variable, **fixed)
    if count_segments(full).segments <= segments:
        return full
    lo, hi = 0, len(variable)
    while lo < hi:  # the longest cut that fits, by bisection (the count is monotone)
        mid = (lo + hi + 1) // 2
        text = template.format(var=variable[:mid].rstrip() + ELLIPSIS, **fixed)
        if count_segments(text).segments <= segments:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return None
    cut = variable[:lo]
    space = cut.rfind(" ")
    if space >= lo // 2 and not variable[lo : lo + 1].isspace():
        cut = cut[:space]  # end at a word when that loses less than half of what fits
    return template.format(var=cut.rstrip() + ELLIPSIS, **fixed)


def render(
    kind: str, *, receipt_no: str, center_name: str, details: Mapping[str, str] | None = None
) -> Rendered:
    if kind not in TEMPLATES:
        raise ValueError(f"no SMS template for {kind!r}")
    details = details or {}
    fixed = {"receipt": clean(receipt_no), "center": clean(center_name) or "المركز"}
    with_var, without = TEMPLATES[kind]
    when = short_date(details.get("collect_from")) if kind == "ready" else ""
    if when:
        with_var, without = READY_DATED
        fixed["date"] = when
    variable = _variable(kind, details, center_name)
    text: str | None = None
    if variable:
        for segments in range(1, MAX_SEGMENTS + 1):
            text = _shorten(with_var, fixed, variable, segments)
            if text is not None:
                break
    if text is None:
        text = without.format(**fixed)
    return Rendered(text, count_segments(text).segments)
