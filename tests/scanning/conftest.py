"""Scanning fixtures: an archive clerk, requests to file under, and SANE's test backend."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.users import add_user
from counter_app.store.models import Attachment, OutboxItem, ScanImport, UnfiledPage
from tests.conftest import Station
from tests.scanning.scanstack import StackMaker
from tests.test_intake import valid_fields

SANE_DIR = Path(__file__).resolve().parents[1] / "sane.d"
# One kept paper (ALLOCATION-CONTRACT) -> filed in that slot; two kept -> PAPER-FILE.
ONE_PAPER = "GEH-SITE-PLAN"
TWO_PAPERS = "MOSAL-MOBILITY-AIDS"


@pytest.fixture
def archivist(station: Station) -> Actor:
    add_user(station.ctx, station.admin, username="archive1", role="archive", password="arch-123!")
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, "archive1")


NewRequest = Callable[..., str]


@pytest.fixture
def new_request(station: Station) -> NewRequest:
    """Saves a request (required copies kept, optional ones missing); returns its number."""
    count = [0]

    def make(service: str = ONE_PAPER) -> str:
        svc = active_catalog(station.ctx).service(service)
        assert svc is not None
        kept = {"original_seen": "original_seen", "optional": "missing"}
        docs = {d.type: kept.get(d.requirement.value, "copy_kept") for d in svc.documents}
        count[0] += 1
        saved = submit_request(
            station.ctx,
            station.clerk,
            IntakeInput(
                svc.code,
                f"0{count[0]:010d}",
                "ريم الحلبي",
                "0999888777",
                valid_fields(svc),
                docs,
            ),
        )
        return saved.receipt_no

    return make


@pytest.fixture(scope="session")
def stacks() -> StackMaker:
    """Printed pages are rendered once per session; each scan of them is new noise."""
    return StackMaker(seed=11)


def counts(station: Station) -> dict[str, int]:
    """What filing changes, to show that a refused file changed nothing else."""
    with station.ctx.store.read() as session:
        return {
            model.__tablename__: session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
            for model in (Attachment, OutboxItem, ScanImport, UnfiledPage)
        }


@pytest.fixture
def sane(monkeypatch: pytest.MonkeyPatch) -> Path:
    """SANE with only its "test" backend, configured from tests/sane.d (not /etc)."""
    if shutil.which("scanimage") is None:
        if os.environ.get("CI"):
            pytest.fail("scanimage (sane-utils) is required in CI")
        pytest.skip("scanimage (sane-utils) is not installed")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SANE_DIR))
    return SANE_DIR
