"""`db check` says its faults in the reader's language; the JSON keeps English text and gains
stable codes with parameters (issue 12 follow-up of item 8): the fault lines were English only."""

from __future__ import annotations

import json

from counter_app.i18n import Translator
from counter_app.paths import AppPaths
from counter_app.store.check_faults import MESSAGES, Fault, fault_words
from tests import rawdb
from tests.conftest import CliResult, run_cli


def _tamper() -> None:
    raw = rawdb.connect(AppPaths.default().database)
    raw.execute("UPDATE users SET role = 'admin' WHERE username = 'clerk1'")
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("UPDATE catalog_versions SET imported_by = 999")
    raw.commit()
    raw.close()


def test_db_check_faults_in_arabic_and_codes_in_json(cli_station: CliResult) -> None:
    _tamper()
    ar = run_cli("db", "check", "--lang", "ar")
    assert ar.code == 1
    assert "تغيّر منذ أن سجّله قيد التدقيق" in ar.out
    assert "يشير إلى سطر غير موجود في الجدول" in ar.out
    for english in ("changed since", "refers to", "row", "audit"):
        assert english not in ar.out, (english, ar.out)
    en = run_cli("db", "check", "--lang", "en")
    assert "users row 2: changed since audit row" in en.out
    data = json.loads(run_cli("db", "check", "--json").out)
    assert any(f.startswith("users row 2: changed since audit row") for f in data["audit"])
    codes = {(f["section"], f["code"]) for f in data["faults"]}
    assert ("audit", "changed") in codes and ("foreign_keys", "foreign_key") in codes
    changed = next(f for f in data["faults"] if f["code"] == "changed")
    assert changed["params"]["table"] == "users" and changed["params"]["row"] == "2"
    assert changed["text"] in data["audit"]


def test_every_fault_code_has_arabic() -> None:
    ar = Translator.for_language("ar")
    for code, msgid in MESSAGES.items():
        assert msgid in ar.table, code
    sqlite_line = fault_words("row 5 missing from index x", ar)  # SQLite's own words, introduced
    assert sqlite_line.startswith("فحص") and "row 5 missing from index x" in sqlite_line
    assert fault_words(Fault("more"), ar) != MESSAGES["more"]
