"""The report page (/office/reports): an HQ admin reads any center's report, a center
supervisor their own (another center is "not found"), an officer none; the table downloads as
CSV with a BOM; a period backwards is said in Arabic on the page and nothing else is shown."""

from __future__ import annotations

from tests.hq.conftest import HQ, StationClient, event_item, request_item
from tests.hq.web.conftest import Browser

NOVEMBER = "start=2026-11-01&end=2026-11-30"


def _pushed(mzh1: StationClient) -> str:
    first = request_item("MZH", 1, 1)
    second = request_item("MZH", 1, 2)
    assert [r["status"] for r in mzh1.push(first, second)] == ["created", "created"]
    assert [r["status"] for r in mzh1.push(event_item(first, "ready"))] == ["created"]
    return str(first["payload"]["receipt_no"])


def test_reports_by_role(office: HQ, mzh1: StationClient) -> None:
    _pushed(mzh1)
    pages = {}
    for user in ("hq.admin", "mzh.head", "sal.head", "moi.officer"):
        b = Browser(office)
        assert b.login(user).status_code == 303
        pages[user] = b
    try:
        admin = pages["hq.admin"].get(f"/office/reports?center=MZH&{NOVEMBER}")
        assert admin.status_code == 200, admin.text[:400]
        assert "INT-CRIM" in admin.text and 'value="SAL"' in admin.text  # every center
        # The supervisor's own center by default, and no other center to choose.
        own = pages["mzh.head"].get(f"/office/reports?{NOVEMBER}")
        assert own.status_code == 200 and "INT-CRIM" in own.text
        assert 'value="SAL"' not in own.text
        assert pages["sal.head"].get(f"/office/reports?center=MZH&{NOVEMBER}").status_code == 404
        assert pages["moi.officer"].get("/office/reports").status_code == 403

        csv = pages["hq.admin"].get(f"/office/reports?center=MZH&{NOVEMBER}&by=station&format=csv")
        assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
        assert csv.headers["content-disposition"].startswith("attachment")
        lines = csv.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("station,name,received,")
        # MZH-01: two received, one ready on time (due the 23rd, ready the 22nd, the day it
        # counts from: 0 working days); the other open and overdue on the 30th.
        assert lines[1] == "MZH-01,MZH-01,2,0,0,1,0,0,1,1,1,0,100,0,0"
        assert lines[2].startswith("total,المجموع,2,")

        backwards = pages["mzh.head"].get("/office/reports?start=2026-11-30&end=2026-11-01")
        assert backwards.status_code == 422
        assert "تنتهي الفترة قبل أن تبدأ" in backwards.text and "INT-CRIM" not in backwards.text
        unreadable = pages["mzh.head"].get("/office/reports?start=٢٠٢٦-١٣-٠١")
        assert unreadable.status_code == 422 and "ليس تاريخًا" in unreadable.text
        # Arabic-Indic digits are read.
        arabic = pages["mzh.head"].get("/office/reports?start=٢٠٢٦-١١-٠١&end=٢٠٢٦-١١-٣٠")
        assert arabic.status_code == 200 and "INT-CRIM" in arabic.text
    finally:
        for b in pages.values():
            b.close()
