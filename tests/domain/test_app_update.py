"""Whether the station is out of date (domain/app_update.py): PEP 440 order, the download
address for this computer's system, the words said."""

from __future__ import annotations

from counter_app.domain.app_update import KnownRelease, UpdateState, update_notice

WIN, DEB = "https://hq.example/setup.exe", "https://hq.example/counter.deb"


def known(version: str | None, minimum: str | None = None, **urls: str | None) -> KnownRelease:
    return KnownRelease(
        version=version,
        url_windows=urls.get("win", WIN),
        url_debian=urls.get("deb", DEB),
        notes_ar="ملاحظات",
        notes_en="notes",
        minimum_version=minimum,
        problem=None,
    )


def test_newer_older_and_equal() -> None:
    assert update_notice(known("1.10"), "1.9", "linux").state is UpdateState.NEWER
    assert update_notice(known("1.9"), "1.10", "linux").state is UpdateState.CURRENT
    assert update_notice(known("1.0.0"), "1.0", "linux").state is UpdateState.CURRENT
    assert update_notice(known("1.0rc1"), "1.0", "linux").state is UpdateState.CURRENT
    assert update_notice(known("1.0"), "1.0rc1", "linux").state is UpdateState.NEWER
    assert update_notice(known("1.0.post1"), "1.0", "linux").state is UpdateState.NEWER


def test_the_address_for_this_system() -> None:
    assert update_notice(known("2.0"), "1.0", "win32").url == WIN
    assert update_notice(known("2.0"), "1.0", "linux").url == DEB
    words = update_notice(known("2.0"), "1.0", "linux").words(lambda m: m)
    assert words == f"A newer version 2.0 is available: {DEB}"
    no_deb = update_notice(known("2.0", deb=None), "1.0", "linux")
    assert no_deb.url is None
    assert no_deb.words(lambda m: m) == "A newer version 2.0 is available; ask HQ for the installer"


def test_below_the_minimum_is_unsupported() -> None:
    notice = update_notice(known("2.0", minimum="1.5"), "1.4", "linux")
    assert notice.state is UpdateState.UNSUPPORTED and notice.out_of_date
    assert "no longer supported" in notice.words(lambda m: m)
    assert update_notice(known("2.0", minimum="1.5"), "1.5", "linux").state is UpdateState.NEWER


def test_nothing_known_or_no_number_to_compare() -> None:
    assert update_notice(None, "1.0", "linux").state is UpdateState.UNKNOWN
    assert update_notice(known(None), "1.0", "linux").state is UpdateState.UNKNOWN
    dev = update_notice(known("2.0"), "not-a-version", "linux")
    assert dev.state is UpdateState.UNKNOWN and not dev.out_of_date


def test_notes_in_the_language_asked() -> None:
    assert update_notice(known("2.0"), "1.0", "linux", "ar").notes == "ملاحظات"
    assert update_notice(known("2.0"), "1.0", "linux", "en").notes == "notes"
