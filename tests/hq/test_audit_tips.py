"""HQ anchors each station's audit chain: the newest tip, flagged when one goes back or forks
(issue 12 item 8), on PostgreSQL."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from typing import Any

from tests.hq.conftest import HQ, StationClient


def h(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def report(st: StationClient, seq: int, digest: str, anchor: tuple[int, str] | None = None) -> Any:
    body: dict[str, Any] = {"tip": {"seq": seq, "hash": digest}}
    if anchor:
        body["anchor"] = {"seq": anchor[0], "hash": anchor[1]}
    resp = st.post("/audit-tip", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _row(hq: HQ, column: str) -> Any:
    return hq.scalar(f"SELECT {column} FROM station_audit_tips")


def test_a_tip_that_extends_the_held_one_is_accepted(hq: HQ, mzh1: StationClient) -> None:
    assert report(mzh1, 10, h("10"))["status"] == "accepted"
    assert report(mzh1, 10, h("10"))["status"] == "accepted"  # reported again: same
    # Newer without proof: HQ says which row it wants the station's hash of.
    need = report(mzh1, 25, h("25"))
    assert need["status"] == "anchor_needed" and need["held"]["seq"] == 10
    ok = report(mzh1, 25, h("25"), anchor=(10, h("10")))
    assert ok["status"] == "accepted" and ok["held"] == {"seq": 25, "hash": h("25")}
    assert ok["flagged"] is None
    assert (_row(hq, "seq"), _row(hq, "flagged")) == (25, None)


def test_a_tip_behind_the_held_one_is_flagged_and_not_taken(hq: HQ, mzh1: StationClient) -> None:
    report(mzh1, 30, h("30"))
    back = report(mzh1, 29, h("29"))
    assert back["status"] == "rewound" and back["held"]["seq"] == 30
    assert back["flagged"] == "rewound"
    assert (_row(hq, "seq"), _row(hq, "flagged")) == (30, "rewound")
    assert "29" in _row(hq, "flag_detail") and "30" in _row(hq, "flag_detail")
    # Reporting on from the cut-short chain never makes it the reference, nor clears the flag.
    on = report(mzh1, 31, h("31'"), anchor=(30, h("30'")))
    assert on["status"] == "forked" and on["flagged"] == "rewound"
    assert _row(hq, "seq") == 30


def test_another_hash_for_a_held_row_is_a_fork(hq: HQ, mzh1: StationClient) -> None:
    report(mzh1, 7, h("7"))
    same_row = report(mzh1, 7, h("7 recomputed"))
    assert same_row["status"] == "forked" and same_row["flagged"] == "forked"
    assert _row(hq, "hash") == h("7")


def test_tips_are_per_station_and_the_operator_sees_and_clears_flags(
    hq: HQ, mzh1: StationClient
) -> None:
    sal = hq.station("SAL", 1)
    report(mzh1, 5, h("5"))
    report(sal, 3, h("s3"))
    report(sal, 2, h("s2"))  # SAL-01 goes back; MZH-01 is untouched
    assert report(mzh1, 6, h("6"), anchor=(5, h("5")))["status"] == "accepted"
    env = {"COUNTER_HQ_DATABASE_URL": hq.settings.database_url}
    env["COUNTER_HQ_DATA_DIR"] = str(hq.settings.data_dir)
    listing = _hq_cli(env, "station", "list")
    assert listing.returncode == 1  # something to look at
    lines = {ln.split()[0]: ln for ln in listing.stdout.splitlines()}
    assert "FLAGGED" not in lines["MZH-01"] and "audit row 6" in lines["MZH-01"]
    assert "FLAGGED rewound" in lines["SAL-01"] and "row 2 after row 3" in lines["SAL-01"]
    cleared = _hq_cli(env, "station", "audit-clear", "SAL", "1")
    assert cleared.returncode == 0, cleared.stderr
    assert report(sal, 2, h("s2"))["status"] == "accepted"  # the new reference
    assert _hq_cli(env, "station", "list").returncode == 0


def test_bad_reports_are_refused_with_422(mzh1: StationClient) -> None:
    for body in (
        {"tip": {"seq": 0, "hash": h("0")}},
        {"tip": {"seq": 1, "hash": "not a hash"}},
        {"tip": {"seq": 1}},
        {},
    ):
        resp = mzh1.post("/audit-tip", json=body)
        assert resp.status_code == 422, (body, resp.text)


def _hq_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from counter_hq.cli import main; sys.exit(main())",
            *args,
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
