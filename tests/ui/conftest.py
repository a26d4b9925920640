"""Qt tests run offscreen; a station like the clerk's, with synchronous operations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.printing.registry import Printers
from counter_app.ui.env import Events, UiEnv
from counter_app.ui.operations import Operations
from tests.conftest import Station


@pytest.fixture(scope="session", autouse=True)
def _arabic_translator(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The screens speak Arabic in tests, as at the counter."""
    from counter_app.ui.qt_i18n import install_translator

    install_translator(qapp, "ar", tmp_path_factory.mktemp("qm"))


@pytest.fixture
def opened() -> list[str]:
    """Receipt numbers the screens asked the window to open."""
    return []


@pytest.fixture
def ui_env(
    qapp: QApplication, station: Station, tmp_path: Path, opened: list[str]
) -> Iterator[UiEnv]:
    env = UiEnv(
        ctx=station.ctx,
        actor=station.clerk,
        ops=Operations(synchronous=True),
        printers=Printers(pdf_folder=tmp_path / "printed"),
        events=Events(),
        language="ar",
        open_request=opened.append,
    )
    yield env
