"""Arabic output carries Arabic words, not identifiers or Python values (issue 12)."""

from __future__ import annotations

import json
import re

import pytest

from counter_app.domain.errors import Conflict, N_n, ValidationError
from counter_app.domain.status import Status, check_transition
from counter_app.i18n import Translator
from tests.conftest import CliResult, run_cli
from tests.test_cli import _individual_statement_args, _new_request

IDENTIFIER = re.compile(r"\b(?:in_progress|needs_info|submitted|forwarded|True|False)\b")


def test_user_list_shows_roles_and_flags_as_words(cli_station: CliResult) -> None:
    res = run_cli("--lang", "ar", "user", "list", "--as", "admin")
    assert res.code == 0, res.err
    assert "مدير النظام" in res.out and "نعم" in res.out and "لا" in res.out
    assert not IDENTIFIER.search(res.out) and " clerk " not in res.out


def test_status_report_and_refused_transition_speak_arabic(cli_station: CliResult) -> None:
    receipt = json.loads(_new_request(*_individual_statement_args()).out)["receipt_no"]
    assert run_cli("request", "status", receipt, "in_progress", "--as", "clerk1").code == 0
    res = run_cli(
        *("--lang", "ar", "report", "--from", "2026-01-01", "--to", "2026-12-31"),
        *("--by", "status", "--as", "admin"),
    )
    assert res.code == 0, res.err
    assert "قيد المعالجة" in res.out and not IDENTIFIER.search(res.out)
    assert "المستلمة خلال الفترة" in res.out  # the columns' headings are Arabic too
    res = run_cli("--lang", "ar", "request", "status", receipt, "submitted", "--as", "clerk1")
    assert res.code == 2
    assert "المسموح" in res.err and not IDENTIFIER.search(res.err), res.err


def test_allowed_statuses_are_words_in_each_language() -> None:
    with pytest.raises(Conflict) as refused:
        check_transition(Status.SUBMITTED, Status.DELIVERED)
    ar = refused.value.render(Translator.for_language("ar"))
    en = refused.value.render(Translator.for_language("en"))
    assert "قيد المعالجة" in ar and "، " in ar and not IDENTIFIER.search(ar)
    assert "In progress" in en and not IDENTIFIER.search(en)
    assert "in_progress, needs_info" in str(refused.value)  # logs keep the identifiers


def test_an_error_with_a_count_takes_its_plural_form() -> None:
    ar = Translator.for_language("ar")
    msg = N_n("The request has {n} invalid fields")
    assert ValidationError(msg, n=3).render(ar) == "في الطلب 3 حقول غير صالحة"
    assert ValidationError(msg, n=1).render(ar) == "في الطلب حقل واحد غير صالح"
    assert ValidationError(msg, n=1).render(Translator.for_language("en")) == (
        "The request has 1 invalid field"
    )


def test_argparse_errors_are_translated_wherever_lang_is_given(cli_station: CliResult) -> None:
    res = run_cli("status", "--bogus", "--lang", "ar")
    assert res.code == 2
    assert "مُدخلات غير معروفة: --bogus" in res.err and "unrecognized" not in res.err
    res = run_cli("--lang", "ar", "report", "--by", "nope")
    assert res.code == 2 and "قيمة غير مقبولة: 'nope'" in res.err and "invalid" not in res.err
    res = run_cli("--lang", "ar", "report", "--as", "admin")
    assert res.code == 2 and "‎--from و‎--to، أو ‎--period" in res.err
    res = run_cli("--lang", "en", "status", "--bogus")
    assert res.code == 2 and "unrecognized arguments: --bogus" in res.err
