"""End to end: a real `counter-hq serve` over TLS on a scratch PostgreSQL database, a real
counter station syncing to it (the `counter-app` CLI in this process, as the sync tests do),
and Debian's chromium driven by Playwright through the back office.

- The HQ (one per module: starting it, migrating and hashing accounts at production cost take
  seconds) sends its SMS through the file gateway: one JSON line per message in ``sms.jsonl``.
- The browser trusts exactly the server's certificate: chromium is told its public key's hash
  (``--ignore-certificate-errors-spki-list``) and Playwright's ``ignore_https_errors`` stays off,
  so any other certificate is still refused. The counter verifies with the CA file, as in
  production.
- chromium missing: the tests skip, or fail when ``CI`` is set (like PostgreSQL).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import re
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from counter_app.paths import AppPaths
from counter_app.services.attachments import add_attachment
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_hq.db import make_engine, session_factory
from counter_hq.stations import add_center
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, run_cli
from tests.sync.conftest import (  # noqa: F401  (_file_keyring: autouse, the test's own keyring)
    HQ_COMMAND,
    HqServer,
    TlsFiles,
    _admin,
    _file_keyring,
    free_port,
    make_tls_files,
)
from tests.test_intake import valid_fields

CHROMIUM = "/usr/bin/chromium"
OFFICE_PASSWORD = "e2e office password"
# Back-office accounts (username: role, agency, center), made with `counter-hq user add`.
ACCOUNTS: dict[str, tuple[str, str | None, str | None]] = {
    "moi.officer": ("officer", "MOI", None),  # MOI-* services
    "mosal.officer": ("officer", "MOSAL", None),  # the MOSAL-COMPLAINT-* complaints
    "mzh.head": ("supervisor", None, "MZH"),
    "hq.admin": ("admin", None, None),
}
# Where the screenshots go: a folder given (scripts/screenshots_office.py gives docs/screenshots),
# else the test's temporary folder (they are still taken and checked).
SCREENSHOTS_ENV = "OFFICE_SCREENSHOTS_DIR"
VIEWPORT = {"width": 1366, "height": 768}


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"chromium is required in CI and missing at {CHROMIUM}")
    pytest.skip(f"chromium missing at {CHROMIUM} (scripts/_env.sh ensure_test_browser)")


def spki_pin(certfile: Path) -> str:
    """base64(SHA-256(SubjectPublicKeyInfo)) of the first certificate in ``certfile``."""
    cert = x509.load_pem_x509_certificate(certfile.read_bytes())
    der = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


# --------------------------------------------------------------------------- HQ


@dataclass
class OfficeHQ:
    server: HqServer
    sms_file: Path
    tls: TlsFiles

    @property
    def url(self) -> str:
        return self.server.url

    def sms_lines(self) -> list[dict[str, Any]]:
        if not self.sms_file.exists():
            return []
        return [json.loads(line) for line in self.sms_file.read_text("utf-8").splitlines()]

    def sms_for(self, receipt: str) -> list[dict[str, Any]]:
        return [m for m in self.sms_lines() if receipt in m["text"]]

    def wait_sms(self, receipt: str, timeout: float = 20.0) -> list[dict[str, Any]]:
        """The messages naming ``receipt`` once at least one was written, and after a pause
        long enough for a second send (several sender polls) to have shown up too."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sms_for(receipt):
                time.sleep(2.5)
                return self.sms_for(receipt)
            time.sleep(0.1)
        raise AssertionError(
            f"no SMS for {receipt} within {timeout} s; file holds {self.sms_lines()}\n"
            + self.server.log.read_text()[-3000:]
        )

    def scalar(self, sql: str, **params: Any) -> Any:
        from sqlalchemy import text

        engine = make_engine(self.server.env["COUNTER_HQ_DATABASE_URL"])
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).scalar()
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def e2e_tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("e2e-tls"), "127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def office_hq(tmp_path_factory: pytest.TempPathFactory, e2e_tls: TlsFiles) -> Iterator[OfficeHQ]:
    _chromium()  # no browser: no reason to start anything
    admin = _admin()
    name = f"e2e_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("e2e-hq")
    sms_file = folder / "sms.jsonl"
    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(folder / "data"),
        "COUNTER_HQ_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        "COUNTER_HQ_SMS_GATEWAY": "file",
        "COUNTER_HQ_SMS_FILE": str(sms_file),
        "COUNTER_HQ_SMS_POLL_SECONDS": "0.2",
    }
    Path(env["COUNTER_HQ_DATA_DIR"]).mkdir(parents=True)
    server = HqServer(env, free_port(), e2e_tls)
    try:
        server.start()  # migrates the new database and routes with the shipped catalog
        _add_accounts(server)
        yield OfficeHQ(server, sms_file, e2e_tls)
    finally:
        server.stop()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _add_accounts(server: HqServer) -> None:
    """`counter-hq user add ... --password-stdin`, the accounts' hashes at production cost (the
    processes run side by side: each hash takes a while). The center comes first: a
    supervisor is bound to one (written straight into the database, as the sync tests' codes
    are: `center add` is tested with the rest of the CLI)."""
    engine = make_engine(server.env["COUNTER_HQ_DATABASE_URL"])
    try:
        with session_factory(engine)() as session:
            add_center(session, "MZH", "مركز خدمة المواطن - المزة", dt.datetime.now(dt.UTC))
    finally:
        engine.dispose()
    procs = []
    for username, (role, agency, center) in ACCOUNTS.items():
        argv = [*HQ_COMMAND, "user", "add", username, "--role", role, "--password-stdin"]
        argv += ["--name", username.replace(".", " ").title()]
        argv += ["--agency", agency] if agency else []
        argv += ["--center", center] if center else []
        procs.append(
            subprocess.Popen(
                argv,
                env=server.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        out, err = proc.communicate(OFFICE_PASSWORD + "\n", timeout=60)
        assert proc.returncode == 0, f"user add failed: {out}{err}"


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def chromium(e2e_tls: TlsFiles) -> Iterator[Any]:
    """One browser for the module (closed with it: the rest of the suite runs without it)."""
    from playwright.sync_api import sync_playwright

    path = _chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                f"--ignore-certificate-errors-spki-list={spki_pin(e2e_tls.certfile)}",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile (cookies) per call, closed after the test."""
    made: list[Any] = []

    def make(lang: str = "ar") -> Any:
        ctx = chromium.new_context(
            viewport=VIEWPORT,
            ignore_https_errors=False,
            locale="ar-SY" if lang == "ar" else "en-GB",
        )
        ctx.set_default_timeout(15_000)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Any, folder: Path, name: str, lang: str) -> Path:
    """office-<name>-<lang>.png of the viewport (1366x768), checked to be a real PNG; the page
    must fit the window's width (a wider one is cut off or scrolls sideways)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} ({lang}) is {overflow} px wider than the window"
    path = folder / f"office-{name}-{lang}.png"
    page.screenshot(path=str(path), full_page=False)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, path
    return path


# --------------------------------------------------------------------------- the counter

_numbers = itertools.count(2)  # each test's station its own number on the module's HQ


@dataclass
class Counter:
    ctx: AppContext
    clerk: Actor
    number: int
    hq: OfficeHQ

    def intake(
        self, service: str, *, phone: str, scan: bytes | None = None, nid: str | None = None
    ) -> str:
        svc = active_catalog(self.ctx).service(service)
        assert svc is not None, service
        docs = {d.type: "copy_kept" for d in svc.documents}
        national_id = nid or f"0{secrets.randbelow(10**10):010d}"
        res = submit_request(
            self.ctx,
            self.clerk,
            IntakeInput(svc.code, national_id, "ريم الحلبي", phone, valid_fields(svc), docs),
        )
        if scan is not None:
            add_attachment(
                self.ctx,
                self.clerk,
                res.receipt_no,
                scan,
                doc_type=svc.documents[0].type,
                filename="scan-1.png",
                media_type="image/png",
            )
        return res.receipt_no

    def sync(self) -> dict[str, Any]:
        res = run_cli("sync", "--once", "--json")
        assert res.code == 0, res.err
        out: dict[str, Any] = json.loads(res.out)
        return out

    def show(self, receipt: str, lang: str = "en") -> dict[str, Any]:
        res = run_cli("--lang", lang, "request", "show", "--as", "clerk1", receipt, "--json")
        assert res.code == 0, res.err
        out: dict[str, Any] = json.loads(res.out)
        return out

    def show_text(self, receipt: str, lang: str) -> str:
        res = run_cli("--lang", lang, "request", "show", "--as", "clerk1", receipt)
        assert res.code == 0, res.err
        return res.out


@pytest.fixture
def counter(office_hq: OfficeHQ, request: pytest.FixtureRequest) -> Iterator[Counter]:
    """A counter of center MZH (or the center the test's `center` mark names: a station takes
    only its center's services) set up in the test's home, enrolled with the module's HQ over
    TLS (the CA file, as a ministry would hand it out). Its clock is the real one: HQ is a real
    process and refuses pushes dated hours away from its own."""
    number = next(_numbers)
    ctx = AppContext.open(AppPaths.default())
    marker = request.node.get_closest_marker("center")
    center_code, center_name = marker.args if marker else ("MZH", "مركز خدمة المواطن - المزة")
    setup_station(
        ctx,
        center_code=center_code,
        center_name=center_name,
        station_no=number,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    add_user(ctx, admin, username="clerk1", role="clerk", password=CLERK_PASSWORD, full_name="سامر")
    with ctx.store.read() as session:
        clerk = ctx.actor(session, "clerk1")
    code = office_hq.server.enrollment_code(center_code, number)
    res = run_cli("enroll", office_hq.url, code, "--ca-file", str(office_hq.tls.ca_file), "--json")
    assert res.code == 0, res.err
    try:
        yield Counter(ctx, clerk, number, office_hq)
    finally:
        ctx.close()


def scan_png(label: str = "e2e") -> bytes:
    """A small real PNG (a page with a frame and a few bars), what a scanner might keep."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (420, 594), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 409, 583), outline="black", width=4)
    for i, y in enumerate(range(60, 540, 40)):
        draw.rectangle((40, y, 380 - 17 * i, y + 14), fill=(40, 40, 40))
    draw.text((40, 20), label, fill="black")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def next_working_day(after: dt.date) -> dt.date:
    """The first working day after ``after`` at HQ (the shipped calendar: what a new HQ uses)."""
    from counter_app.domain.calendar import WorkingCalendar
    from counter_hq.calendars import shipped_calendar_path

    cal = WorkingCalendar.from_data(json.loads(shipped_calendar_path().read_text("utf-8")))
    return cal.next_working_day(after + dt.timedelta(days=1))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)
