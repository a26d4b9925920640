"""Parts of the request screen: the scans filed under the request, and the corrections of
the citizen's name since it was taken (request_view.py lays them out)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from counter_app.domain.catalog import Catalog
from counter_app.services.citizens import NameCorrection
from counter_app.services.scan_records import ScanView, page_span
from counter_app.ui.models import Column, document_name, local_time, ltr
from counter_app.ui.qt_i18n import tr


def correction_text(fix: NameCorrection, tz: tzinfo) -> str:
    return tr("Name corrected on {date} by {user}: from «{old}» to «{new}»").format(
        date=local_time(fix.at, tz), user=fix.actor, old=fix.old_name, new=fix.new_name
    )


def scan_columns(
    catalog: Callable[[], Catalog | None], english: bool, tz: tzinfo, data_dir: Path
) -> list[Column[ScanView]]:
    def source(s: ScanView) -> str:
        if s.source_file is None:
            return "—"
        return f"{s.source_file} ({ltr(page_span(s.source_pages))})"

    return [
        Column(tr("Scan of"), lambda s: document_name(s.doc_type, catalog(), english)),
        Column(tr("Pages"), lambda s: str(s.pages) if s.pages is not None else "—"),
        Column(tr("Filed on"), lambda s: local_time(s.filed_at, tz)),
        Column(tr("Scanned file (pages)"), source),
        # Its name, not a path: on an encrypted station the file there is sealed, opened only
        # through the app (the scan screen's thumbnails, sync), so a path would mislead.
        Column(tr("Stored as"), lambda s: ltr(s.sha256[:16])),
    ]
