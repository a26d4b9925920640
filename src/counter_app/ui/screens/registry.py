"""The screens of the main window, in navigation order."""

from __future__ import annotations

from counter_app.ui.screens.base import Screen


def screen_classes() -> list[type[Screen]]:
    from counter_app.ui.screens.archive_boxes import BoxesScreen
    from counter_app.ui.screens.archive_scan import ScanScreen
    from counter_app.ui.screens.call_list import CallListScreen
    from counter_app.ui.screens.cash import CashScreen
    from counter_app.ui.screens.complaints import ComplaintsScreen
    from counter_app.ui.screens.dashboard import DashboardScreen
    from counter_app.ui.screens.diwan_register import DiwanScreen
    from counter_app.ui.screens.handover_batches import HandoverScreen
    from counter_app.ui.screens.intake import IntakeScreen
    from counter_app.ui.screens.lookup import LookupScreen
    from counter_app.ui.screens.print_queue import PrintQueueScreen
    from counter_app.ui.screens.reception import ReceptionScreen
    from counter_app.ui.screens.reports import ReportsScreen
    from counter_app.ui.screens.request_view import RequestScreen
    from counter_app.ui.screens.settings import SettingsScreen
    from counter_app.ui.screens.unfiled_pages import UnfiledScreen

    return [
        ReceptionScreen,
        IntakeScreen,
        LookupScreen,
        ComplaintsScreen,
        CallListScreen,
        PrintQueueScreen,
        HandoverScreen,
        ScanScreen,
        UnfiledScreen,
        DiwanScreen,
        BoxesScreen,
        DashboardScreen,
        ReportsScreen,
        CashScreen,
        SettingsScreen,
        RequestScreen,
    ]
