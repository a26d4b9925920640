"""Arabic plural forms and bidi isolation: the translation infrastructure (.ts tools, CLI side)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from bidi import get_display

from counter_app.i18n import (
    FSI,
    LRI,
    PDI,
    Message,
    Translator,
    isolate,
    load_plurals,
    load_ts,
    plural_index,
    ts_path,
)

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("n", "form"),
    [
        *((0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (11, 4), (99, 4), (100, 5), (101, 5)),
        *((102, 5), (103, 3), (110, 3), (111, 4), (199, 4), (200, 5), (1003, 3), (1011, 4)),
    ],
)
def test_arabic_plural_form_follows_cldr(n: int, form: int) -> None:
    assert plural_index("ar", n) == form


def test_english_has_two_forms() -> None:
    assert [plural_index("en", n) for n in (0, 1, 2, 21)] == [1, 0, 1, 1]


AR_PAGES = ["لا صفحات", "صفحة واحدة", "صفحتان", "{n} صفحات", "{n} صفحةً", "{n} صفحة"]


def test_translator_picks_the_arabic_form_and_english_form() -> None:
    ar = Translator("ar", {}, {"{n} pages": AR_PAGES})
    shown = [ar.tr_n("{n} pages", n).format(n=n) for n in (0, 1, 2, 6, 11, 100)]
    assert shown == ["لا صفحات", "صفحة واحدة", "صفحتان", "6 صفحات", "11 صفحةً", "100 صفحة"]
    en = Translator("en", {}, {"{n} pages": ["{n} page", "{n} pages"]})
    assert [en.tr_n("{n} pages", n).format(n=n) for n in (1, 6)] == ["1 page", "6 pages"]
    # A plural msgid nobody translated still reads (English) instead of failing.
    assert Translator("ar").tr_n("{n} widgets", 3).format(n=3) == "3 widgets"


def test_shipped_plural_messages_are_complete_in_both_languages() -> None:
    numerus = _script("update_translations").collect_numerus()
    assert len(numerus) >= 5
    for lang, forms in (("ar", 6), ("en", 2)):
        table = load_plurals(ts_path(lang))
        for msgid in numerus:
            assert len(table.get(msgid, [])) == forms, (lang, msgid)
            assert all("{n}" in f or lang == "ar" for f in table[msgid]), (lang, msgid)
    # The counts a new user saw wrong: "6 صفحة", "3 ملفاً".
    ar = Translator.for_language("ar")
    pages, files = "{n} pages wait for a person", "{n} files of today not handed over yet"
    assert ar.tr_n(pages, 6).format(n=6) == "6 صفحات بانتظار موظف"
    assert ar.tr_n(files, 3).format(n=3) == "3 ملفات من اليوم لم تُسلَّم بعد"
    assert ar.tr_n(files, 2).format(n=2) == "ملفان من اليوم لم يُسلَّما بعد"
    assert ar.tr_n(files, 15).format(n=15).startswith("15 ملفاً")


def _write_ts(path: Path, body: str) -> None:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="ar_SY">'
        f"<context><name>counter</name>{body}</context></TS>\n",
        encoding="utf-8",
    )


def test_update_writes_numerus_messages_and_keeps_their_forms(tmp_path: Path) -> None:
    update = _script("update_translations")
    ts = tmp_path / "counter_app_ar.ts"
    _write_ts(ts, "<message><source>Error</source><translation>خطأ</translation></message>")
    update.merge(ts, "ar_SY", ["Error", "{n} pages"], {"{n} pages"})
    msg = next(m for m in ET.parse(ts).getroot().iter("message") if m.get("numerus") == "yes")
    assert msg.findtext("source") == "{n} pages"
    tr = msg.find("translation")
    assert tr is not None and tr.get("type") == "unfinished"
    assert len(tr.findall("numerusform")) == 6
    assert load_ts(ts) == {"Error": "خطأ"}

    fill = _script("fill_translations")
    data = tmp_path / "tr.json"
    data.write_text(json.dumps({"{n} pages": AR_PAGES}, ensure_ascii=False), encoding="utf-8")
    wrong: dict[str, str] = {}
    assert fill.fill(ts, {"{n} pages": AR_PAGES}, wrong) == {"{n} pages"} and not wrong
    assert load_plurals(ts) == {"{n} pages": AR_PAGES}
    # A second merge keeps the forms and the message finished.
    assert update.merge(ts, "ar_SY", ["Error", "{n} pages"], {"{n} pages"}) == (2, 0)
    assert load_plurals(ts) == {"{n} pages": AR_PAGES}
    # A plural given one text (or the wrong number of forms) is refused, not half-filled.
    fill.fill(ts, {"{n} pages": "صفحات", "Error": ["a", "b"]}, wrong)
    assert set(wrong) == {"{n} pages", "Error"}
    assert load_plurals(ts) == {"{n} pages": AR_PAGES}


def test_qt_lrelease_accepts_the_numerus_messages(tmp_path: Path) -> None:
    """The shipped .ts files compile: Qt knows Arabic has six forms and English two."""
    from counter_app.ui.qt_i18n import _lrelease

    tool = _lrelease()
    assert tool is not None
    for lang in ("ar", "en"):
        done = subprocess.run(
            [tool, str(ts_path(lang)), "-qm", str(tmp_path / f"{lang}.qm")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "numerus" not in (done.stdout + done.stderr).lower()


BATCH = "HO-MZH-02-261122-01-S"


def test_parameters_with_latin_or_digits_are_isolated_in_arabic_only() -> None:
    assert isolate(BATCH) == LRI + BATCH + PDI
    assert isolate("1234/2026") == LRI + "1234/2026" + PDI
    assert isolate("/tmp/مسح 1.pdf") == FSI + "/tmp/مسح 1.pdf" + PDI
    assert isolate("42") == "42" and isolate(42) == 42 and isolate("جاهز") == "جاهز"
    assert isolate(LRI + BATCH + PDI) == LRI + BATCH + PDI  # never twice
    ar = Translator("ar", {"Batch {batch} is closed": "الدفعة {batch} مغلقة"})
    assert isinstance(ar("Batch {batch} is closed"), Message)
    assert ar("Batch {batch} is closed").format(batch=BATCH) == f"الدفعة {LRI}{BATCH}{PDI} مغلقة"
    en = Translator("en")
    assert en("Batch {batch} is closed").format(batch=BATCH) == f"Batch {BATCH} is closed"


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("{batch}: لا توجد دفعة بهذا الرقم", BATCH),  # a number first turned the line LTR
        ("الملف {name}، 3 صفحات", "scan 01.pdf"),  # the count jumped before the file name
        ("المسار {name} غير موجود", "/tmp/a b/ملف.pdf"),
        ("الإيصال {name} 3 نسخ", "MZH-02-26-000123-7"),  # the count joined the number
    ],
)
def test_logical_order_survives_visual_reordering(template: str, value: str) -> None:
    """What a terminal shows (python-bidi's visual order) keeps the value and the sentence whole."""
    key = template.replace("{batch}", "{name}")
    ar = Translator("ar", {key: key})
    shown = ar(key).format(name=value)
    visual = get_display(shown)
    plain = template.replace("{batch}", value).replace("{name}", value)
    # An isolate stands in the sentence like one Arabic letter (U+06A4 appears nowhere else).
    stand_in = template.replace("{batch}", "\u06a4").replace("{name}", "\u06a4")
    expected = get_display(stand_in).replace("\u06a4", get_display(value))
    # The value reads as it does on its own, at the place the Arabic sentence gives it.
    assert visual.replace(LRI, "").replace(FSI, "").replace(PDI, "") == expected
    assert get_display(plain) != expected  # without the isolates it was scrambled


def test_a_ts_file_is_parsed_once_and_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every printed document asks for a translator: the .ts XML is parsed once per process
    (singular and plural tables in one pass), and read again only when the file changes."""
    import counter_app.i18n as i18n

    parsed: list[Path] = []
    real = i18n._parse

    def counting(path: Path, context: str) -> object:
        parsed.append(path)
        return real(path, context)

    monkeypatch.setattr(i18n, "_parse", counting)
    ts = tmp_path / "counter_app_ar.ts"
    _write_ts(ts, "<message><source>Error</source><translation>خطأ</translation></message>")
    assert load_ts(ts) == {"Error": "خطأ"} and load_plurals(ts) == {}
    assert load_ts(ts) == {"Error": "خطأ"}
    assert len(parsed) == 1
    # The copies handed out are the caller's: changing one leaves the next reader's intact.
    load_ts(ts)["Error"] = "changed"
    assert load_ts(ts) == {"Error": "خطأ"}

    # (a longer text: a rewrite of the same size within one clock tick keeps its mtime)
    _write_ts(ts, "<message><source>Error</source><translation>خطأ ما</translation></message>")
    assert load_ts(ts) == {"Error": "خطأ ما"}
    assert len(parsed) == 2
    assert load_ts(tmp_path / "missing.ts") == {} and load_plurals(tmp_path / "missing.ts") == {}

    monkeypatch.setattr(i18n, "ts_path", lambda lang: ts)
    first, second = Translator.for_language("ar"), Translator.for_language("ar")
    assert first("Error") == second("Error") == "خطأ ما"
    assert len(parsed) == 2
