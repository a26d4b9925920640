"""Qt translations: the same .ts files as the CLI, compiled to .qm (Qt Linguist workflow).

``scripts/_env.sh`` compiles them at install ("build"); a source checkout without .qm files
compiles them on first start into the user's cache, so a clone always runs translated.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from counter_app.i18n import CONTEXT, RTL_LANGUAGES, Message, ts_path

# The language of the installed translator. Qt's translators are process-wide too; this only
# decides whether translated messages isolate their parameters (counter_app.i18n.Message).
_rtl = False


def _wrap(text: str) -> str:
    return Message(text) if _rtl else text


def tr(text: str) -> str:
    """Translate a literal msgid (collected by scripts/update_translations.py)."""
    return _wrap(QCoreApplication.translate(CONTEXT, text))


def tr_n(text: str, n: int) -> str:
    """The plural form of a ``{n}`` msgid for ``n`` (Qt's numerus forms from the .qm file).

    Format the result with ``n=n``: the msgid uses ``{n}``, not Qt's ``%n``.
    """
    return _wrap(QCoreApplication.translate(CONTEXT, text, None, n))


class QtTranslate:
    """``tr`` with the language attached, for CounterError.render (it picks catalog labels)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, text: str) -> str:
        return tr(text)

    def tr_n(self, text: str, n: int) -> str:
        return tr_n(text, n)


def _lrelease() -> str | None:
    import PySide6

    bundled = Path(PySide6.__file__).with_name("lrelease")
    if bundled.exists():
        return str(bundled)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def qm_path(language: str, cache_dir: Path) -> Path | None:
    """The compiled translation, building it when the shipped one is missing or stale."""
    source = ts_path(language)
    if not source.exists():
        return None
    shipped = source.with_suffix(".qm")
    if shipped.exists() and shipped.stat().st_mtime >= source.stat().st_mtime:
        return shipped
    built = cache_dir / shipped.name
    if built.exists() and built.stat().st_mtime >= source.stat().st_mtime:
        return built
    tool = _lrelease()
    if tool is None:
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [tool, "-silent", str(source), "-qm", str(built)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return built if done.returncode == 0 and built.exists() else None


def install_translator(app: QCoreApplication, language: str, cache_dir: Path) -> QTranslator:
    global _rtl
    _rtl = language in RTL_LANGUAGES
    translator = QTranslator(app)
    path = qm_path(language, cache_dir)
    if path is not None:
        translator.load(str(path))
    app.installTranslator(translator)
    return translator
