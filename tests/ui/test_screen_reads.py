"""Each desktop screen reads only through use cases every role it is shown to may run: a screen
in a role's navigation never meets a PermissionDenied for loading its own data (issue 17, item 6).

Writes are left out: a screen offers an action to some of its roles only (the request view's
status buttons are not reception's), and the service refuses the others anyway.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import counter_app.services
import counter_app.ui.screens
from counter_app.domain.roles import GRANTS, Role
from counter_app.services.access import REGISTRY, UseCase
from counter_app.ui.screens.base import Screen

READING = ("view_", "search")


def _load_services() -> None:
    package = counter_app.services
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)


def reads_of(module: ModuleType) -> dict[str, UseCase]:
    """The read use cases a module imports from the services (at its top or in a function)."""
    _load_services()
    tree = ast.parse(Path(inspect.getfile(module)).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "counter_app.services"
        ):
            # `from counter_app.services.search import search`: services.search.search
            # `from counter_app.services import printing`: services.printing.<attribute>
            for alias in node.names:
                imported.add(f"{node.module}.{alias.name}")
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    found = {}
    for name, uc in REGISTRY.items():
        if not uc.permission.startswith(READING):
            continue
        module_name, function = name.rsplit(".", 1)
        if name in imported or (module_name in imported and function in attributes):
            found[name] = uc
    return found


def _screen_modules() -> list[ModuleType]:
    package = counter_app.ui.screens
    return [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
    ]


def test_every_screen_may_read_what_it_shows() -> None:
    checked, wrong = 0, []
    for module in _screen_modules():
        reads = reads_of(module)
        for screen in vars(module).values():
            if not (isinstance(screen, type) and issubclass(screen, Screen)) or screen is Screen:
                continue
            if screen.__module__ != module.__name__:
                continue
            for name, uc in reads.items():
                checked += 1
                if not screen.roles <= uc.roles:
                    missing = sorted(r.value for r in screen.roles - uc.roles)
                    wrong.append(f"{screen.__name__} reads {name}, refused to {missing}")
    assert checked >= 25, checked  # the walk found the screens and their reads at all
    assert wrong == []


def test_the_status_bar_reads_only_what_every_role_may() -> None:
    """Shown under every screen, to every role."""
    import counter_app.ui.status_bar as status_bar

    reads = reads_of(status_bar)
    assert {n.rsplit(".", 1)[1] for n in reads} >= {"sync_health", "pending_count", "last_nightly"}
    assert {n: sorted(uc.roles) for n, uc in reads.items() if uc.roles != frozenset(Role)} == {}


def test_the_check_would_see_a_screen_reading_beyond_its_roles() -> None:
    """The archive's register is not the reception's: were the lookup screen (every role) to
    read it, the check above would name it."""
    import counter_app.ui.screens.diwan_register as diwan_screen
    import counter_app.ui.screens.lookup as lookup_screen

    register = reads_of(diwan_screen)["counter_app.services.diwan.list_register"]
    assert not lookup_screen.LookupScreen.roles <= register.roles
    assert Role.RECEPTION not in GRANTS[register.permission]
