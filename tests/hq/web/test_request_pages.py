"""A request's page (real PostgreSQL): what it shows, who may see it (another agency's is a
404 like a missing one), the actions by status and by role, errors that change nothing,
escaping, CSRF, and the scans drawn as PNG for those who may see them only."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from counter_hq.web import scans
from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, World
from tests.hq.web.conftest import Browser

ROUTED = "forwarded"  # a pushed request, forwarded by HQ's routing, before anyone acts


@pytest.fixture
def world(office: HQ) -> World:
    office.clock.now = NOW  # Sunday 2026-11-22, a working day in Damascus
    return World(office)


@pytest.fixture
def officer(office: HQ, world: World) -> Iterator[Browser]:
    b = Browser(office)
    assert b.login("moi.officer").status_code == 303
    yield b
    b.close()


def as_user(office: HQ, username: str) -> Browser:
    b = Browser(office)
    assert b.login(username).status_code == 303
    return b


def state(world: World, receipt: str) -> tuple[str, int]:
    """The request's status and how many steps it has (nothing changed = both the same)."""
    status = world.hq.scalar("SELECT status FROM request_states WHERE receipt_no = :r", r=receipt)
    steps = world.hq.scalar(
        "SELECT count(*) FROM request_events e JOIN requests r ON r.uuid = e.request_uuid "
        "WHERE r.receipt_no = :r",
        r=receipt,
    )
    return str(status), int(steps)


def scan_pdf(pages: int = 2) -> bytes:
    images = []
    for n in range(pages):
        img = Image.new("L", (620, 877), 255)
        ImageDraw.Draw(img).rectangle((40, 40 + n * 20, 580, 120 + n * 20), fill=0)
        images.append(img)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return out.getvalue()


def test_the_page_shows_fields_checklist_and_timeline(world: World, officer: Browser) -> None:
    req = world.request(fields={"purpose": "سفر"}, name="ليلى الشامي")
    page = officer.get(f"/office/requests/{req['receipt_no']}")
    assert page.status_code == 200
    text = page.text
    assert '<html lang="ar" dir="rtl">' in text
    assert "ليلى الشامي" in text and "01234567890" in text
    assert "سفر" in text  # the form's field
    assert "الوثائق" in text  # the checklist
    assert text.count('class="status status-') >= 3  # heading + submitted + forwarded steps
    assert "مقدَّم" in text and "محال إلى الجهة" in text
    assert page.headers["cache-control"] == "no-store"
    # Actions a forwarded request allows, for its agency's officer.
    for action in ("accept", "needs_info", "ready", "reject"):
        assert f'action="/office/requests/{req["receipt_no"]}/{action}"' in text
    officer.get(f"/office/lang/en?next=/office/requests/{req['receipt_no']}")
    english = officer.get(f"/office/requests/{req['receipt_no']}").text
    assert '<html lang="en" dir="ltr">' in english
    assert "Timeline" in english and "Criminal record" in english and "Forwarded" in english


def test_another_agencys_request_is_the_same_404_as_a_missing_one(
    office: HQ, world: World, officer: Browser
) -> None:
    theirs = world.request(agency="GEH")["receipt_no"]
    other = officer.get(f"/office/requests/{theirs}")
    missing = officer.get("/office/requests/MZH-01-26-999999-00")
    nonsense = officer.get("/office/requests/<script>")
    for resp in (other, missing, nonsense):
        assert resp.status_code == 404
        assert "لا يوجد طلب كهذا" in resp.text
    # Word for word the same page (only the address in the language link differs).
    assert other.text.replace(theirs, "R") == missing.text.replace("MZH-01-26-999999-00", "R")
    # A supervisor of another center: the same.
    head = as_user(office, "sal.head")
    assert head.get(f"/office/requests/{theirs}").status_code == 404
    head.close()


def test_a_supervisor_sees_no_action_and_may_not_post_one(office: HQ, world: World) -> None:
    receipt = world.request(center="MZH")["receipt_no"]
    head = as_user(office, "mzh.head")
    page = head.get(f"/office/requests/{receipt}")
    assert page.status_code == 200
    assert f"/office/requests/{receipt}/" not in page.text.replace(f"{receipt}/scans/", "")
    assert "لا يغيّره إلا موظفو الجهة" in page.text
    before = state(world, receipt)
    resp = head.post(f"/office/requests/{receipt}/accept")
    assert resp.status_code == 403
    assert "لا يغيّر هذا الطلب إلا موظفو الجهة التي تتولاه" in resp.text
    assert state(world, receipt) == before
    head.close()


def test_accept_then_a_step_not_allowed_is_a_translated_error(
    world: World, officer: Browser
) -> None:
    receipt = world.request()["receipt_no"]
    resp = officer.post(f"/office/requests/{receipt}/accept")
    assert resp.status_code == 303
    assert resp.headers["location"] == f"/office/requests/{receipt}?done=accept"
    page = officer.get(resp.headers["location"]).text
    assert "قُبل الطلب وهو الآن قيد المعالجة" in page
    assert state(world, receipt)[0] == "in_progress"
    ready = officer.post(f"/office/requests/{receipt}/ready", {"collect_from": "2026-11-23"})
    assert ready.status_code == 303
    assert "sms=queued" in ready.headers["location"]
    before = state(world, receipt)
    again = officer.post(f"/office/requests/{receipt}/accept")
    assert again.status_code == 409
    # The statuses named as the page names them, each its own direction run.
    assert (
        "لا يمكن نقل طلب حالته \u2068جاهز للتسليم\u2069 إلى الحالة \u2068قيد المعالجة\u2069"
        in again.text
    )
    assert state(world, receipt) == before
    # A ready request offers no action any more.
    page = officer.get(f"/office/requests/{receipt}").text
    assert f'action="/office/requests/{receipt}/' not in page


def test_ready_needs_a_working_day_not_past_and_keeps_what_was_typed(
    world: World, officer: Browser
) -> None:
    receipt = world.request()["receipt_no"]
    before = state(world, receipt)
    past = officer.post(
        f"/office/requests/{receipt}/ready",
        {"collect_from": "2026-11-20", "collect_place": "النافذة ٣"},
    )
    assert past.status_code == 422
    # The date its own direction run: in Arabic it would read 20-11-2026 otherwise.
    assert "يوم الاستلام \u20682026-11-20\u2069 مضى" in past.text
    assert 'value="النافذة ٣"' in past.text  # the form as typed
    friday = officer.post(f"/office/requests/{receipt}/ready", {"collect_from": "2026-11-27"})
    assert friday.status_code == 422 and "ليس يوم عمل" in friday.text
    garbage = officer.post(f"/office/requests/{receipt}/ready", {"collect_from": "tomorrow"})
    assert garbage.status_code == 422 and "يوم الاستلام ليس تاريخًا" in garbage.text
    assert state(world, receipt) == before
    good = officer.post(
        f"/office/requests/{receipt}/ready",
        {"collect_from": "2026-11-24", "collect_place": "النافذة ٣"},
    )
    assert good.status_code == 303
    page = officer.get(good.headers["location"]).text
    assert "الاستلام ابتداءً من \u20682026-11-24\u2069 في \u2068النافذة ٣\u2069" in page
    assert "الطلب جاهز" in page  # the SMS row


def test_needs_info_requires_its_message(world: World, officer: Browser) -> None:
    receipt = world.request()["receipt_no"]
    before = state(world, receipt)
    resp = officer.post(f"/office/requests/{receipt}/needs_info", {"message": "   "})
    assert resp.status_code == 422
    assert "اكتب الرسالة التي ستصل إلى المواطن" in resp.text
    assert state(world, receipt) == before
    ok = officer.post(
        f"/office/requests/{receipt}/needs_info", {"message": "صورة الهوية غير واضحة"}
    )
    assert ok.status_code == 303
    assert "صورة الهوية غير واضحة" in officer.get(ok.headers["location"]).text


def test_script_in_a_reason_is_shown_as_text(world: World, officer: Browser) -> None:
    receipt = world.request()["receipt_no"]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    resp = officer.post(f"/office/requests/{receipt}/reject", {"reason": evil})
    assert resp.status_code == 303
    page = officer.get(f"/office/requests/{receipt}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    # Typed back into the form after an error, it is escaped too.
    other = world.request()["receipt_no"]
    failed = officer.post(
        f"/office/requests/{other}/ready", {"collect_from": "2026-11-20", "collect_place": evil}
    )
    assert failed.status_code == 422
    assert "<script>alert" not in failed.text


def test_a_forged_token_is_refused_and_changes_nothing(world: World, officer: Browser) -> None:
    receipt = world.request()["receipt_no"]
    before = state(world, receipt)
    resp = officer.client.post(
        f"/office/requests/{receipt}/reject", data={"csrf": "forged", "reason": "no"}
    )
    assert resp.status_code == 403
    assert "انتهت صلاحية هذا النموذج" in resp.text
    no_token = officer.client.post(f"/office/requests/{receipt}/accept")
    assert no_token.status_code == 403
    assert state(world, receipt) == before


def test_an_unknown_action_is_not_found(world: World, officer: Browser) -> None:
    receipt = world.request()["receipt_no"]
    before = state(world, receipt)
    assert officer.post(f"/office/requests/{receipt}/deliver").status_code == 404
    assert state(world, receipt) == before


def test_scan_pages_are_drawn_for_those_who_may_see_the_request(
    office: HQ, world: World, officer: Browser
) -> None:
    req = world.request(center="MZH")
    digest = world.attach(req, scan_pdf(2))
    receipt = req["receipt_no"]
    page = officer.get(f"/office/requests/{receipt}").text
    assert f"/office/requests/{receipt}/scans/{digest}/1.png" in page
    assert f"/office/requests/{receipt}/scans/{digest}/2.png" in page
    assert f"/scans/{digest}/3.png" not in page
    png = officer.get(f"/office/requests/{receipt}/scans/{digest}/2.png")
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.headers["cache-control"].startswith("private")
    drawn = Image.open(io.BytesIO(png.content))
    assert 600 <= drawn.width <= 1400 and drawn.height > drawn.width
    assert drawn.mode == "L"  # black on white: sent as gray (a third of the pixels)
    etag = png.headers["etag"]
    cached = officer.get(
        f"/office/requests/{receipt}/scans/{digest}/2.png", headers={"If-None-Match": etag}
    )
    assert cached.status_code == 304
    assert officer.get(f"/office/requests/{receipt}/scans/{digest}/3.png").status_code == 404
    head = as_user(office, "mzh.head")
    assert head.get(f"/office/requests/{receipt}/scans/{digest}/1.png").status_code == 200
    head.close()
    for username in ("geh.officer", "sal.head"):
        other = as_user(office, username)
        resp = other.get(f"/office/requests/{receipt}/scans/{digest}/1.png")
        assert resp.status_code == 404, username
        assert not resp.content.startswith(b"\x89PNG")
        # Knowing the file's hash does not help: not through the other's own request either.
        other.close()
    theirs = world.request(agency="GEH")["receipt_no"]
    geh = as_user(office, "geh.officer")
    assert geh.get(f"/office/requests/{theirs}/scans/{digest}/1.png").status_code == 404
    geh.close()
    anonymous = Browser(office)
    assert anonymous.get(f"/office/requests/{receipt}/scans/{digest}/1.png").status_code == 303
    anonymous.close()


def test_an_image_scan_is_drawn_and_a_non_scan_is_not_shown(world: World, officer: Browser) -> None:
    req = world.request()
    photo = io.BytesIO()
    Image.new("RGB", (2400, 1800), (200, 180, 150)).save(photo, "JPEG")
    jpeg = world.attach(req, photo.getvalue(), media_type="image/jpeg")
    junk = world.attach(req, b"<html><script>alert(1)</script></html>", media_type="text/html")
    page = officer.get(f"/office/requests/{req['receipt_no']}").text
    assert f"/scans/{jpeg}/1.png" in page
    assert f"/scans/{junk}/1.png" not in page
    assert "لا يمكن عرض هذا الملف في الصفحة." in page
    png = officer.get(f"/office/requests/{req['receipt_no']}/scans/{jpeg}/1.png")
    assert png.status_code == 200
    photo_png = Image.open(io.BytesIO(png.content))
    assert photo_png.width == 1400  # scaled down to the column
    assert photo_png.mode == "RGB"  # colour kept where there is colour
    assert (
        officer.get(f"/office/requests/{req['receipt_no']}/scans/{junk}/1.png").status_code == 404
    )


def test_a_decompression_bomb_is_not_drawn(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(bomb)  # 144 M pixels in a few kilobytes
    assert bomb.stat().st_size < 100_000
    assert scans.page_count(bomb) == 0
    with pytest.raises(scans.NotViewable):
        scans.render_png(bomb, 1)


def test_pages_drawn_from_many_threads_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PDFium is not thread-safe (not even across documents): viewers on many threads must
    # never have two documents open in it at once, and each gets its own page right.
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf(3))
    real = pdfium.PdfDocument
    guard = threading.Lock()
    open_now = [0]
    most = [0]
    made = [0]

    class Watched:
        def __init__(self, source: Path) -> None:
            with guard:
                open_now[0] += 1
                made[0] += 1
                most[0] = max(most[0], open_now[0])
            time.sleep(0.002)  # widen the window two unlocked threads would share
            self._doc = real(source)

        def __len__(self) -> int:
            return len(self._doc)

        def __getitem__(self, index: int) -> object:
            return self._doc[index]

        def close(self) -> None:
            self._doc.close()
            with guard:
                open_now[0] -= 1

    monkeypatch.setattr(pdfium, "PdfDocument", Watched)
    assert scans.page_count(pdf) == 3
    with ThreadPoolExecutor(8) as pool:
        drawn = list(pool.map(lambda n: scans.render_png(pdf, n % 3 + 1), range(24)))
        counts = list(pool.map(lambda _: scans.page_count(pdf), range(16)))
    assert most[0] == 1
    assert counts == [3] * 16
    assert made[0] == 1 + 24  # the pages counted once, then remembered (the file never changes)
    for n, png in enumerate(drawn):
        assert png == drawn[n % 3]
