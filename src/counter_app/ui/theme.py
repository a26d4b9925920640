"""The desktop's one look: the shipped Arabic font, a palette and one application style sheet.

Everything visual is decided here and applied once to the QApplication (apply_theme, called by
app.py before the login window and by scripts/render_screens.py); screens choose a look only by
naming a widget or setting a property the style sheet knows:

- ``QLabel#screen-title``: a screen's title; ``QLabel#section-title``: a section heading.
- ``QPushButton[primary="true"]``: the screen's main action (``mark_primary(button)``); a
  dialog's default button (Enter) looks the same.
- ``QLabel[role="error"]`` / ``[role="note"]`` / ``[role="warning"]``: a message
  (``set_role(label, "error")``; the style sheet colours it).
- ``QLabel[status="ready"]``...: a request status as a coloured label (``status_badge``,
  ``show_status``); tables paint their status column the same way (models.StatusDelegate).

Sizes are for a 1366x768 counter monitor read at arm's length: 11 pt body text (15 px at
96 dpi; Noto Sans Arabic's tall line makes it read as large as 12 pt of most Latin faces),
titles larger; at 12 pt the request view no longer fit in 768 px. Colours meet WCAG AA
(4.5:1 for text, 3:1 for borders and the focus ring against what surrounds them). The
focus ring is amber, a colour used for nothing else, so the clerk always sees where the
keyboard is, including on a selected (green) row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from counter_app.paths import resources_dir
from counter_app.ui.qt_i18n import tr

FONT_FILES = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)
# Arabic first; Latin letters and digits the Arabic face lacks come from Noto Sans (Qt takes
# each character from the first family that has it).
FONT_FAMILIES = ("Noto Sans Arabic", "Noto Sans")
BODY_PT = 11
SCREEN_TITLE_PT = 17
SECTION_TITLE_PT = 13

PRIMARY = "#0f5e4e"  # deep green: 7.7:1 with white
PRIMARY_DARK = "#0a4a3d"
PRIMARY_LIGHT = "#e3f0ec"
WINDOW = "#f4f6f5"
BASE = "#ffffff"
ALTERNATE = "#f0f5f3"
TEXT = "#1c2526"
MUTED = "#4f5b58"
BORDER = "#7d8b87"  # 3.5:1 with white: a field's edge is visible
SOFT_BORDER = "#c5cfcc"
HEADER = "#e4ebe9"
DISABLED_BG = "#eceeed"
DISABLED_TEXT = "#6b7471"
FOCUS = "#b54700"  # amber: 5:1 with the window and with white
FOCUS_ON_DARK = "#ffc04d"  # on a selected row (dark green): 6.3:1
FOCUS_FILL = "#fff7ec"
ERROR = "#b00020"
NOTE = "#1b5e20"
WARNING_TEXT = "#6b4700"
WARNING_BG = "#fff3cd"

# A request status: (background, text), each pair at least 5.6:1.
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "submitted": ("#e3ecfa", "#1d4e89"),
    "forwarded": ("#ece6f6", "#5b3a8c"),
    "in_progress": ("#fff1d6", "#7a4300"),
    "needs_info": ("#fde4d8", "#9a3412"),
    "ready": ("#dcf2e3", "#1b6a35"),
    "delivered": ("#e2e8e6", "#2f4f4a"),
    "rejected": ("#fbe1e1", "#a11d1d"),
    "cancelled": ("#ececec", "#555555"),
}

# A list's group heading carries its group here (the navigation's task, reception's agency).
GROUP_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1

_loaded: list[str] = []  # the families the shipped font files gave, once per process


def load_fonts(folder: Path | None = None) -> list[str]:
    """Register the shipped fonts with Qt (once); the families they provide."""
    if _loaded:
        return list(_loaded)
    folder = folder or resources_dir() / "fonts"
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:  # a damaged install: Qt falls back to a system font, still usable
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    _loaded.extend(families)
    return families


def app_font() -> QFont:
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSize(BODY_PT)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: ALTERNATE,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: BASE,
        QPalette.ColorRole.ButtonText: PRIMARY,
        QPalette.ColorRole.Highlight: PRIMARY,
        QPalette.ColorRole.HighlightedText: BASE,
        QPalette.ColorRole.ToolTipBase: TEXT,
        QPalette.ColorRole.ToolTipText: BASE,
        QPalette.ColorRole.PlaceholderText: MUTED,
        QPalette.ColorRole.Link: PRIMARY,
        QPalette.ColorRole.BrightText: ERROR,
    }
    for role, color in roles.items():
        # The same in an inactive window: a selection stays as visible when a dialog is up.
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, role, QColor(color))
    for role, color in (
        (QPalette.ColorRole.WindowText, DISABLED_TEXT),
        (QPalette.ColorRole.Text, DISABLED_TEXT),
        (QPalette.ColorRole.ButtonText, DISABLED_TEXT),
        (QPalette.ColorRole.Base, DISABLED_BG),
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return pal


_FIELDS = "QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit"


def _fields(state: str) -> str:
    return ", ".join(f"{w}{state}" for w in _FIELDS.split(", "))


def style_sheet(icons: Path | None = None) -> str:
    """The application's style sheet (widths in px, sizes in pt: Qt scales pt with the dpi).
    A styled drop-down or spin box loses the platform's arrows: ours come from resources/icons.
    """
    icons = icons or resources_dir() / "icons"
    down, up = (f"url({(icons / name).as_posix()})" for name in ("arrow-down.svg", "arrow-up.svg"))
    statuses = "\n".join(
        f'QLabel[status="{status}"] {{ background: {bg}; color: {fg}; }}'
        for status, (bg, fg) in STATUS_COLORS.items()
    )
    return f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolTip {{ background: {TEXT}; color: {BASE}; border: none; padding: 4px 6px; }}

QLabel#screen-title {{
    font-size: {SCREEN_TITLE_PT}pt; font-weight: bold; color: {PRIMARY}; padding: 2px 0 6px 0;
}}
QLabel#section-title {{
    font-size: {SECTION_TITLE_PT}pt; font-weight: bold; color: {PRIMARY_DARK}; padding-top: 6px;
}}
QLabel[role="error"] {{ color: {ERROR}; font-weight: bold; }}
QLabel[role="note"] {{ color: {NOTE}; }}
QLabel[role="warning"] {{
    color: {WARNING_TEXT}; background: {WARNING_BG}; border: 2px solid #d39e00;
    border-radius: 4px; padding: 6px;
}}
QLabel#status-badge, QLabel[status] {{
    border-radius: 10px; padding: 2px 12px; font-weight: bold;
}}
{statuses}

{_FIELDS} {{
    background: {BASE}; border: 2px solid {BORDER}; border-radius: 4px; padding: 1px 6px;
    selection-background-color: {PRIMARY}; selection-color: {BASE};
}}
{_fields(":focus")} {{ border: 2px solid {FOCUS}; background: {FOCUS_FILL}; }}
{_fields(":disabled")} {{
    background: {DISABLED_BG}; color: {DISABLED_TEXT}; border-color: {SOFT_BORDER};
}}
QComboBox::drop-down, QDateEdit::drop-down {{ border: none; width: 26px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: {down}; width: 12px; height: 8px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ border: none; width: 22px; }}
QAbstractSpinBox::up-arrow {{ image: {up}; width: 10px; height: 7px; }}
QAbstractSpinBox::down-arrow {{ image: {down}; width: 10px; height: 7px; }}
QLineEdit[readOnly="true"] {{ background: {DISABLED_BG}; }}
{_fields('[invalid="true"]')} {{ border: 2px solid {ERROR}; }}
QComboBox QAbstractItemView {{ border: 1px solid {BORDER}; }}

QPushButton, QToolButton {{
    background: {BASE}; color: {PRIMARY}; border: 2px solid {PRIMARY}; border-radius: 5px;
    padding: 4px 12px; font-weight: bold;
}}
QPushButton:hover, QToolButton:hover {{ background: {PRIMARY_LIGHT}; }}
QPushButton:pressed, QToolButton:pressed {{ background: #cfe4dd; }}
QPushButton[primary="true"], QPushButton:default {{ background: {PRIMARY}; color: {BASE}; }}
QPushButton[primary="true"]:hover, QPushButton:default:hover {{ background: {PRIMARY_DARK}; }}
QPushButton:focus, QToolButton:focus {{ border: 3px solid {FOCUS}; padding: 3px 11px; }}
QPushButton:disabled, QToolButton:disabled {{
    background: {DISABLED_BG}; color: {DISABLED_TEXT}; border-color: {SOFT_BORDER};
}}

QCheckBox, QRadioButton {{
    spacing: 8px; padding: 3px 6px; border: 2px solid transparent; border-radius: 4px;
}}
QCheckBox::indicator, QRadioButton::indicator {{ width: 18px; height: 18px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {FOCUS}; background: {FOCUS_FILL}; }}

QAbstractItemView {{
    background: {BASE}; alternate-background-color: {ALTERNATE};
    border: 2px solid {SOFT_BORDER}; border-radius: 4px; gridline-color: #dde3e1;
    selection-background-color: {PRIMARY}; selection-color: {BASE};
}}
QAbstractItemView:focus {{ border: 2px solid {FOCUS}; }}
QAbstractItemView::item {{ padding: 2px 6px; }}
QAbstractItemView::item:selected {{ background: {PRIMARY}; color: {BASE}; }}
QAbstractItemView::item:focus {{ border: 2px solid {FOCUS}; }}
QAbstractItemView::item:selected:focus {{
    background: {PRIMARY_DARK}; border: 3px solid {FOCUS_ON_DARK};
}}
QHeaderView::section {{
    background: {HEADER}; color: {TEXT}; font-weight: bold; padding: 3px 6px;
    border: none; border-bottom: 2px solid {PRIMARY}; border-right: 1px solid {SOFT_BORDER};
}}

QListWidget#navigation {{
    background: {BASE}; border: none; border-radius: 0; padding: 4px 0;
}}
QListWidget#navigation:focus {{ border: 2px solid {FOCUS}; }}
QListWidget#navigation::item {{ padding: 2px 10px; }}

QToolBar#toolbar {{ background: {PRIMARY}; border: none; padding: 6px 8px; spacing: 8px; }}
QToolBar#toolbar QLabel {{ color: {BASE}; font-weight: bold; }}
QToolBar#toolbar QLineEdit {{ border-color: {PRIMARY_DARK}; }}
QToolBar#toolbar QLineEdit:focus {{ border: 2px solid {FOCUS_ON_DARK}; }}

QStatusBar {{ background: {HEADER}; border-top: 1px solid {SOFT_BORDER}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {TEXT}; }}
QStatusBar QLabel[role="error"] {{ color: {ERROR}; }}

QGroupBox {{
    font-weight: bold; border: 1px solid {SOFT_BORDER}; border-radius: 6px;
    margin-top: 14px; padding: 10px 8px 6px 8px;
}}
QGroupBox::title {{ subcontrol-origin: margin; padding: 0 6px; color: {PRIMARY_DARK}; }}
QTabBar::tab {{ padding: 6px 14px; }}
QTabBar::tab:selected {{ color: {PRIMARY}; font-weight: bold; }}
QTabBar::tab:focus {{ border: 2px solid {FOCUS}; }}
"""


def apply_theme(app: QApplication) -> None:
    """The font, the palette and the style sheet, once, on the whole application. Fusion is
    the base style: the same drawing on every platform, and fully styleable."""
    load_fonts()
    app.setStyle("Fusion")
    app.setFont(app_font())
    app.setPalette(palette())
    app.setStyleSheet(style_sheet())


def repolish(widget: QWidget) -> None:
    """Re-read the style sheet after a property it selects on changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_role(label: QWidget, role: str | None) -> None:
    """``role``: "error", "note", "warning" or None (plain); the style sheet gives the look."""
    label.setProperty("role", role)
    repolish(label)


def set_invalid(field: QWidget, invalid: bool) -> None:
    """Mark a field whose value was refused (a red border from the style sheet)."""
    field.setProperty("invalid", True if invalid else None)
    repolish(field)


def mark_primary(button: QPushButton) -> QPushButton:
    """The screen's main action, filled with the primary colour."""
    button.setProperty("primary", True)
    repolish(button)
    return button


def status_text(status: str) -> str:
    return tr(status)


def show_status(label: QLabel, status: str | None) -> None:
    """``label`` shows ``status`` as a coloured label (an unknown or no status: plain text)."""
    label.setText(status_text(status) if status else "")
    label.setProperty("status", status if status in STATUS_COLORS else None)
    repolish(label)


def status_badge(status: str | None, parent: QWidget | None = None) -> QLabel:
    """A new coloured label for a request's status, for a screen's header or a list."""
    label = QLabel(parent)
    label.setObjectName("status-badge")
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
    show_status(label, status)
    return label


def screen_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("screen-title")
    label.setWordWrap(True)
    return label


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("section-title")
    return label


def group_header(text: str, group: str) -> QListWidgetItem:
    """A heading in a list: not selectable and skipped by the arrow keys (a disabled item),
    bold in the primary colour; ``group`` is kept under GROUP_ROLE."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setData(GROUP_ROLE, group)
    font = QFont()
    font.setBold(True)
    item.setFont(font)
    item.setForeground(QBrush(QColor(PRIMARY)))
    return item
