"""Whether this station runs the newest app release HQ published, and what to tell the clerk.

HQ's answer is kept in the station's database (services/app_release.py); this module only
compares it with the running version (counter_protocol.__version__) and picks the download
address for this computer's system. Pure: the CLI's ``status`` calls it on a sqlite3 read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import N_, Translate
from counter_protocol.versions import InvalidVersion, parse_version

# The sentences, translated where shown (CLI, status bar, dashboard).
NEWER_AT = N_("A newer version {version} is available: {url}")
NEWER_ASK = N_("A newer version {version} is available; ask HQ for the installer")
UNSUPPORTED_AT = N_(
    "This version ({running}) is no longer supported by HQ; install version {version}: {url}"
)
UNSUPPORTED_ASK = N_(
    "This version ({running}) is no longer supported by HQ; ask HQ for version {version}"
)
# The status bar's short form: the words are the link, the address in its tool tip.
NEWER_SHORT = N_("A newer version {version} is available")
UNSUPPORTED_SHORT = N_("Version {running} is no longer supported: install {version}")
UP_TO_DATE = N_("Up to date (version {running})")
NOT_TOLD = N_("Version {running}; HQ has not said which version is the newest")
# Kept as "<msgid>: <detail>" when HQ's answer could not be used (sync/pull_release.py).
REFUSED = N_("HQ's release information was refused")


class UpdateState(StrEnum):
    UNKNOWN = "unknown"  # HQ never told one (or an older HQ that cannot)
    CURRENT = "current"  # HQ's is not newer than ours
    NEWER = "newer"  # a newer release exists
    UNSUPPORTED = "unsupported"  # ours is below HQ's minimum supported version


@dataclass(frozen=True)
class KnownRelease:
    """What the station keeps of HQ's newest release (all checked when it was received)."""

    version: str | None
    url_windows: str | None
    url_debian: str | None
    notes_ar: str
    notes_en: str
    minimum_version: str | None
    problem: str | None  # why HQ's latest answer was refused (the previous one is kept)


@dataclass(frozen=True)
class UpdateNotice:
    state: UpdateState
    running: str
    version: str | None  # HQ's newest
    url: str | None  # for this computer's system
    notes: str
    problem: str | None

    @property
    def out_of_date(self) -> bool:
        return self.state in (UpdateState.NEWER, UpdateState.UNSUPPORTED)

    def words(self, tr: Translate) -> str:
        """One sentence for the clerk, in the reader's language."""
        params = {"running": self.running, "version": self.version or "", "url": self.url or ""}
        if self.state is UpdateState.NEWER:
            return tr(NEWER_AT if self.url else NEWER_ASK).format(**params)
        if self.state is UpdateState.UNSUPPORTED:
            return tr(UNSUPPORTED_AT if self.url else UNSUPPORTED_ASK).format(**params)
        if self.state is UpdateState.CURRENT:
            return tr(UP_TO_DATE).format(**params)
        return tr(NOT_TOLD).format(**params)

    def short_words(self, tr: Translate) -> str:
        """Few words, for a place with little room (the status bar)."""
        params = {"running": self.running, "version": self.version or ""}
        if self.state is UpdateState.UNSUPPORTED:
            return tr(UNSUPPORTED_SHORT).format(**params)
        if self.state is UpdateState.NEWER:
            return tr(NEWER_SHORT).format(**params)
        return self.words(tr)


def url_for_platform(known: KnownRelease, platform: str) -> str | None:
    """``sys.platform``: the Windows installer on Windows, the Debian package elsewhere."""
    return known.url_windows if platform.startswith("win") else known.url_debian


def update_notice(
    known: KnownRelease | None, running: str, platform: str, language: str = "ar"
) -> UpdateNotice:
    """Compare HQ's newest release with ``running`` (PEP 440 order: 1.10 is after 1.9, a
    release candidate before its release). A release older than ours is "up to date"."""
    problem = known.problem if known else None
    if known is None or known.version is None:
        return UpdateNotice(UpdateState.UNKNOWN, running, None, None, "", problem)
    url = url_for_platform(known, platform)
    notes = known.notes_ar if language == "ar" else known.notes_en
    try:
        ours = parse_version(running)
        theirs = parse_version(known.version)
        minimum = parse_version(known.minimum_version) if known.minimum_version else None
    except InvalidVersion:  # a development build's number: nothing to compare
        return UpdateNotice(UpdateState.UNKNOWN, running, known.version, url, notes, problem)
    if theirs <= ours:
        state = UpdateState.CURRENT
    elif minimum is not None and ours < minimum:
        state = UpdateState.UNSUPPORTED
    else:
        state = UpdateState.NEWER
    return UpdateNotice(state, running, known.version, url, notes or "", problem)
