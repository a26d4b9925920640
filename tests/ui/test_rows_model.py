"""RowsModel: a row's cells are computed when the view first asks for that row, then kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.ui.models import Column, RowsModel


def test_cells_are_computed_once_and_only_for_rows_asked_for(qapp: QApplication) -> None:
    asked: list[int] = []

    def text(n: int) -> str:
        asked.append(n)
        return f"row {n}"

    model: RowsModel[int] = RowsModel(
        [Column("n", text), Column("even", lambda n: "yes" if n % 2 == 0 else "no")],
        marked=lambda n: n == 7,
    )
    model.set_rows(range(200))
    assert model.rowCount() == 200 and asked == []  # nothing computed for a page not shown
    assert model.data(model.index(7, 0)) == "row 7"
    assert model.data(model.index(7, 1)) == "no"
    assert model.data(model.index(7, 0), Qt.ItemDataRole.AccessibleTextRole) == "row 7"
    assert model.data(model.index(7, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(6, 0), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(199, 0)) == "row 199"
    assert asked == [7, 199]  # each row's cells once, however often the view asks
    assert model.is_marked(7) and not model.is_marked(6)

    model.set_rows([1, 2])  # a new page forgets the old one's cells
    assert model.data(model.index(1, 0)) == "row 2"
    assert model.data(model.index(2, 0)) is None
