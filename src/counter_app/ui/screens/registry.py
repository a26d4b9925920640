"""The screens of the main window, in navigation order."""

from __future__ import annotations

from counter_app.ui.screens.base import Screen


def screen_classes() -> list[type[Screen]]:
    from counter_app.ui.screens.call_list import CallListScreen
    from counter_app.ui.screens.complaints import ComplaintsScreen
    from counter_app.ui.screens.intake import IntakeScreen
    from counter_app.ui.screens.lookup import LookupScreen
    from counter_app.ui.screens.print_queue import PrintQueueScreen
    from counter_app.ui.screens.reception import ReceptionScreen
    from counter_app.ui.screens.request_view import RequestScreen
    from counter_app.ui.screens.settings import SettingsScreen

    return [
        ReceptionScreen,
        IntakeScreen,
        LookupScreen,
        ComplaintsScreen,
        CallListScreen,
        PrintQueueScreen,
        SettingsScreen,
        RequestScreen,
    ]
