"""The work queue's filter lists (office/queue.py ``queue_choices``, real PostgreSQL): what each
role's scope holds, never another agency's services or a center outside a supervisor's."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_hq.models import HqService
from counter_hq.office.access import Role, WebUser
from counter_hq.office.queue import Choice, queue_choices
from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, World


@pytest.fixture
def world(hq: HQ) -> World:
    hq.clock.now = NOW
    w = World(hq)
    with hq.sessions() as s:
        s.add(
            HqService(
                code="SOC-AID",
                agency="MOSAL",
                name_ar="معونة اجتماعية",
                name_en="Social aid",
                sla_days=5,
            )
        )
        s.add(HqService(code="MOI-PASS", agency="MOI", name_ar="جواز سفر", sla_days=5))
        s.commit()
    hq.center("DRA")  # a center that sent nothing
    return w


def choices(world: World, user: WebUser) -> tuple[list[str], list[str]]:
    with world.hq.sessions() as s:
        found = queue_choices(s, user)
    return [c.code for c in found.centers], [c.code for c in found.services]


def test_each_role_gets_what_its_scope_holds(world: World) -> None:
    world.request(center="SAL", agency="MOI", service="INT-CRIM")
    world.request(center="MZH", agency="MOSAL", service="SOC-AID")
    # An officer: the services routed to the agency, the centers that sent it requests.
    assert choices(world, world.moi) == (["SAL"], ["INT-CRIM", "MOI-PASS"])
    assert choices(world, world.mosal) == (["MZH"], ["SOC-AID"])
    # A supervisor: their center, and the services its requests are of (whoever holds them).
    assert choices(world, world.mzh_supervisor) == (["MZH"], ["SOC-AID"])
    assert choices(world, world.sal_supervisor) == (["SAL"], ["INT-CRIM"])
    # An admin: every center and every service.
    assert choices(world, world.admin) == (
        ["DRA", "MZH", "SAL"],
        ["INT-CRIM", "MOI-PASS", "SOC-AID"],
    )


def test_names_come_in_both_languages(world: World) -> None:
    world.request(center="MZH", agency="MOSAL", service="SOC-AID")
    with world.hq.sessions() as s:
        found = queue_choices(s, world.mosal)
    assert found.services == (Choice("SOC-AID", "معونة اجتماعية", "Social aid"),)
    name = world.hq.scalar("SELECT name FROM centers WHERE code = 'MZH'")
    assert found.centers == (Choice("MZH", name, name),)


def test_an_account_bound_to_nothing_gets_no_choice(world: World) -> None:
    world.request(center="MZH", agency="MOI")
    loose = WebUser(999, "loose", "Loose", Role.OFFICER, None, None)
    assert choices(world, loose) == ([], [])


def test_the_lists_are_index_probes(world: World) -> None:
    """The officer's centers and the supervisor's services are probes of the (agency, center)
    and (center, service) indexes: the plan names them (scans of the scope would not)."""
    world.request(center="MZH", agency="MOI")
    with world.hq.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # a few rows: make the planner show it
        plans = [
            "\n".join(
                r[0]
                for r in conn.execute(
                    text(
                        f"EXPLAIN SELECT code FROM {table} x WHERE EXISTS (SELECT 1 FROM "
                        f"request_states r WHERE r.{a} = :v AND r.{b} = x.code)"
                    ),
                    {"v": v},
                )
            )
            for table, a, b, v in (
                ("centers", "agency", "center", "MOI"),
                ("services", "center", "service", "MZH"),
            )
        ]
    assert "ix_request_states_agency_center" in plans[0]
    assert "ix_request_states_center_service" in plans[1]
