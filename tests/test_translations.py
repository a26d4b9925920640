"""Every message a person may see has an Arabic translation with the same placeholders."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from counter_app.i18n import PLURAL_FORMS, Translator, load_plurals, load_ts, ts_path

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _collect() -> list[str]:
    msgids: list[str] = _module().collect()
    return msgids


def test_every_msgid_is_translated_to_arabic() -> None:
    table = load_ts(ts_path("ar"))
    plurals = load_plurals(ts_path("ar"))
    numerus: set[str] = _module().collect_numerus()
    msgids = _collect()
    assert len(msgids) > 100
    missing = [
        m
        for m in msgids
        if not (len(plurals.get(m, [])) == PLURAL_FORMS["ar"] if m in numerus else table.get(m))
    ]
    assert missing == [], "run scripts/update_translations.py and translate: " + repr(missing[:10])


def test_placeholders_survive_translation() -> None:
    table = load_ts(ts_path("ar"))
    wrong = [
        (src, tr)
        for src, tr in table.items()
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr))
    ]
    assert wrong == []
    # A plural form may spell its count out ("صفحتان") but never invents a placeholder.
    for lang in ("ar", "en"):
        for src, forms in load_plurals(ts_path(lang)).items():
            allowed = set(PLACEHOLDER.findall(src))
            for form in forms:
                assert set(PLACEHOLDER.findall(form)) <= allowed, (lang, src, form)
                assert set(PLACEHOLDER.findall(form)) >= allowed - {"{n}"}, (lang, src, form)


def test_translator_falls_back_to_english() -> None:
    ar = Translator.for_language("ar")
    assert ar("Error") == "خطأ"
    assert ar("no such message, ever") == "no such message, ever"
    assert Translator.for_language("fr").language == "en"


def test_identifiers_have_english_wording() -> None:
    """Statuses, document states and roles are shown as words in English too, not as keys."""
    table = load_ts(ts_path("en"))
    for key in ("original_seen", "in_progress", "needs_info", "scan_required", "paper_ref"):
        assert table.get(key) and table[key] != key, key
    assert Translator.for_language("en")("original_seen") == "original seen"
