"""A catalog published at HQ (command line, real server process) reaches the counter on its next
sync and becomes the active catalog; a refused file changes nothing on either side."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.paths import resources_dir
from tests.conftest import run_cli
from tests.sync.conftest import Enrolled


def _active_version() -> str:
    res = run_cli("status", "--json")
    assert res.code == 0, res.err
    return str(json.loads(res.out)["catalog_version"])


def test_published_catalog_is_pulled_and_installed(enrolled: Enrolled, tmp_path: Path) -> None:
    data = json.loads((resources_dir() / "catalog" / "catalog.json").read_bytes())
    before = _active_version()
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "2099.1.0", "services": 3}', "utf-8")
    refused = enrolled.hq.cli("catalog", "publish", str(bad))
    assert refused.returncode == 2 and "catalog" in refused.stderr.lower()

    data["version"] = "2099.1.0"
    good = tmp_path / "catalog.json"
    good.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    published = enrolled.hq.cli("catalog", "publish", str(good), "--center", "MZH")
    assert published.returncode == 0, published.stderr
    assert "2099.1.0" in published.stdout
    assert _active_version() == before  # nothing changes before the station syncs

    synced = run_cli("sync", "--once", "--json")
    assert synced.code == 0, synced.err
    assert _active_version() == "2099.1.0"
    again = run_cli("sync", "--once", "--json")
    assert again.code == 0 and json.loads(again.out)["pull"]["applied"] == 0
