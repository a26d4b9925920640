"""Rendering a page: one Jinja2 environment (autoescaped, strict), the reader's language and
direction, local dates (stored times are UTC; the pages show the center's time)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

if TYPE_CHECKING:
    from counter_hq.web.pages import Page

TEMPLATES = Path(__file__).with_name("templates")
LOCAL_ZONE = ZoneInfo("Asia/Damascus")
# The pages are personal and change with every step: never cached, never framed, scripts only
# from this server (htmx's own indicator style is off, so no inline style either).
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


def local_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LOCAL_ZONE).date()
    return value.isoformat()


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_time"] = local_time
    env.filters["local_date"] = local_date
    from counter_hq.web.present import label  # the page header names the reader's role

    env.globals["label"] = label
    return env


def render(
    page: Page,
    template: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    body = (
        environment()
        .get_template(template)
        .render(
            _=page.tr,
            lang=page.tr.language,
            dir=page.tr.direction,
            user=page.user,
            csrf=page.csrf,
            path=page.request.url.path,
            query=page.request.url.query,
            **context,
        )
    )
    return HTMLResponse(body, status_code=status_code, headers={**PAGE_HEADERS, **(headers or {})})
