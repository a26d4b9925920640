"""The layering of DESIGN.md, enforced on the source text (imports are parsed, not grepped)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
APP = SRC / "counter_app"

QT_WIDGETS = ("PySide6.QtWidgets", "PyQt6.QtWidgets")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _files(package: Path) -> list[Path]:
    return sorted(package.rglob("*.py"))


def _offending(package: Path, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in _files(package):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(SRC)} imports {name}")
    return bad


def test_domain_is_pure() -> None:
    forbidden = (
        "sqlalchemy",
        "alembic",
        "PySide6",
        "PyQt6",
        "requests",
        "httpx",
        "counter_app.store",
        "counter_app.services",
        "counter_app.cli",
        "counter_app.ui",
        "counter_app.sync",
        "counter_app.printing",
        "counter_app.scanning",
    )
    assert _offending(APP / "domain", forbidden) == []


def test_store_does_not_reach_upwards() -> None:
    forbidden = (
        "counter_app.services",
        "counter_app.ui",
        "counter_app.sync",
        "counter_app.cli",
        "counter_app.printing",
        "counter_app.scanning",
        "PySide6",
        "PyQt6",
    )
    assert _offending(APP / "store", forbidden) == []


def test_services_do_not_know_the_front_ends() -> None:
    """ui, cli and sync are front ends: they call services; services never call them."""
    forbidden = (
        "counter_app.ui",
        "counter_app.cli",
        "counter_app.sync",
        "PySide6.QtWidgets",
        "PyQt6",
    )
    assert _offending(APP / "services", forbidden) == []


def test_sync_is_a_front_end_like_the_cli() -> None:
    """Sync drives use cases through services (and reads the store the way they do); it
    knows nothing of the screens or the command line that start it."""
    forbidden = ("counter_app.ui", "counter_app.cli", "PySide6", "PyQt6")
    assert _offending(APP / "sync", forbidden) == []
    # ...and sits above the layers it drives: none of them may call it.
    for layer in ("domain", "store", "services", "printing", "scanning"):
        assert _offending(APP / layer, ("counter_app.sync",)) == [], layer


def test_the_shared_protocol_belongs_to_neither_side() -> None:
    forbidden = (
        "counter_app",
        "counter_hq",
        "PySide6",
        "PyQt6",
        "requests",
        "fastapi",
        "starlette",
        "psycopg",
    )
    assert _offending(SRC / "counter_protocol", forbidden) == []


def test_hq_takes_from_the_counter_only_its_pure_domain() -> None:
    """HQ applies the same receipt-number, status and catalog rules as the counter (one
    definition), but nothing of its store, services, sync or screens."""
    bad = [
        entry
        for entry in _offending(SRC / "counter_hq", ("counter_app",))
        if not entry.split(" imports ")[1].startswith("counter_app.domain")
    ]
    assert bad == []


def test_scanning_knows_no_database_or_front_end() -> None:
    """Scanners, the hot folder and page reading are used by services, never the reverse."""
    forbidden = (
        "sqlalchemy",
        "counter_app.store",
        "counter_app.services",
        "counter_app.ui",
        "counter_app.cli",
        "counter_app.sync",
        "PySide6",
        "PyQt6",
    )
    assert _offending(APP / "scanning", forbidden) == []


def test_only_ui_imports_qt_widgets() -> None:
    bad = []
    for path in _files(SRC):
        if (APP / "ui") in path.parents:
            continue
        for name in _imports(path):
            if any(name == w or name.startswith(w + ".") for w in QT_WIDGETS):
                bad.append(f"{path.relative_to(SRC)} imports {name}")
    assert bad == []


def test_rule_checker_sees_a_violation(tmp_path: Path) -> None:
    """Negative control: the checker is not blind."""
    pkg = tmp_path / "domain"
    pkg.mkdir()
    (pkg / "bad.py").write_text("from sqlalchemy import select\nimport PySide6.QtWidgets\n")
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        bad = _offending(pkg, ("sqlalchemy", "PySide6"))
        assert any("imports sqlalchemy" in b for b in bad)
        assert any("imports PySide6.QtWidgets" in b for b in bad)
    finally:
        SRC = saved


def test_the_ui_opens_no_database_session() -> None:
    """Widgets call services (on a worker); a session opened in ui/ would bypass them."""
    opened = [
        f"{path.relative_to(SRC)}:{n}"
        for path in _files(APP / "ui")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if ".store.read(" in line or ".store.write(" in line or "sessionmaker" in line
    ]
    assert opened == []
