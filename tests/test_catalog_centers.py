"""Issue 16, points 6 and 7: which center offers which service, and documents that depend on a
field's value (the five cases of certifying a personal record card)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from counter_app.domain.catalog import parse_catalog
from counter_app.domain.documents import documents_by_case
from counter_app.domain.errors import ValidationError
from counter_app.i18n import Translator
from counter_app.paths import resources_dir
from counter_app.services.catalog import import_catalog, offered_services, station_offer
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.printing import render_document
from counter_app.services.requests import show_request
from tests.conftest import ANY_CENTER, SOCIAL_CENTER, Station, run_cli
from tests.printing.readback import pdf_text

CATALOG = resources_dir() / "catalog" / "catalog.json"
ID_CARD = "MOAD-ID-CARD-CERTIFICATION"
COMPLAINT = "MOSAL-COMPLAINT-DELAY"
ALWAYS = {"PERSONAL-ID", "RECORD-CARD"}
# The documents each case adds to ALWAYS (resources/catalog/catalog.json, "assumed").
CASES = {
    "first_issue": {"ADMIN-DECISION", "EDUCATION-CERTIFICATE", "PHOTO"},
    "data_update": {"SUPPORTING-DOCUMENTS"},
    "transfer": {"ADMIN-DECISION"},
    "end_of_service": {"ADMIN-DECISION"},
    "replacement": {"PHOTO", "LOSS-DECLARATION"},
}
# A state that satisfies each document's requirement.
STATE = {
    "PERSONAL-ID": "original_seen",
    "RECORD-CARD": "scan_pending",
    "LOSS-DECLARATION": "original_seen",
}


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG.read_text("utf-8"))
    return data


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        parse_catalog(json.dumps(raw))
    return [p.render() for p in info.value.problems or [info.value]]


def _id_card(raw: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in raw["services"] if s["code"] == ID_CARD)


# -- the catalog's rules


def test_a_bad_when_is_refused_and_every_problem_listed() -> None:
    raw = _raw()
    docs = _id_card(raw)["documents"]
    docs[2]["when"] = {"field": "colour", "values": ["red"]}  # no such field
    docs[3]["when"] = {"field": "employer", "values": ["x"]}  # a text field
    docs[4]["when"] = {"field": "case", "values": ["first_issue", "stolen"]}  # no such choice
    problems = _problems(raw)
    assert len(problems) == 3
    assert any("ADMIN-DECISION depends on field colour" in p for p in problems)
    assert any("field employer, which is not a choice field" in p for p in problems)
    assert any("value stolen of field case, which is not one of its choices" in p for p in problems)


def test_bad_centers_are_refused_and_every_problem_listed() -> None:
    raw = _raw()
    mzh, social = raw["centers"]
    mzh["services"].append("NO-SUCH-SERVICE")
    mzh["services"].append(mzh["services"][0])
    social["services"].remove(COMPLAINT)
    raw["centers"].append({**copy.deepcopy(social), "services": []})
    problems = _problems(raw)
    assert "Center MZH offers unknown service NO-SUCH-SERVICE" in problems
    assert f"Center MZH lists service {mzh['services'][0]} more than once" in problems
    assert f"Service {COMPLAINT} is offered by no center" in problems
    assert "Duplicate center code: MSA" in problems
    assert len(problems) == 4


def test_an_inactive_service_need_not_be_offered() -> None:
    raw = _raw()
    _id_card(raw)["active"] = False
    raw["centers"][0]["services"].remove(ID_CARD)
    cat = parse_catalog(json.dumps(raw))
    assert ID_CARD not in {s.code for s in cat.services_for_center("MZH")}


def test_the_shipped_centers_cover_every_active_service() -> None:
    cat = parse_catalog(CATALOG.read_bytes())
    assert cat.version == "2026.12.2"
    offered = [code for c in cat.centers for code in c.services]
    assert sorted(offered) == sorted(s.code for s in cat.services if s.active)  # each once
    mzh, social = cat.center("MZH"), cat.center("MSA")
    assert mzh is not None and social is not None
    assert {cat.service(c).agency for c in mzh.services} == {"GEH", "MOI", "MOAD", "BANK"}  # type: ignore[union-attr]
    assert len(mzh.services) == 17
    assert {cat.service(c).agency for c in social.services} == {"MOSAL"}  # type: ignore[union-attr]
    assert len(social.services) == 15
    # An unnamed center (or no centers at all) offers every active service.
    assert len(cat.services_for_center("DMS")) == len(cat.services) == 32


def test_the_id_card_cases_and_their_documents() -> None:
    svc = parse_catalog(CATALOG.read_bytes()).service(ID_CARD)
    assert svc is not None
    case = svc.field("case")
    assert case is not None and case.required and case.source == "assumed"
    assert [c.value for c in case.choices] == list(CASES)
    for value, extra in CASES.items():
        assert {d.type for d in svc.documents_for({"case": value})} == ALWAYS | extra
    assert {d.type for d in svc.documents_for({})} == ALWAYS  # no case chosen yet
    always, cases = documents_by_case(svc)
    assert {d.type for d in always} == ALWAYS
    assert {c.choice.value: {d.type for d in c.documents} for c in cases} == CASES


def test_an_old_catalog_without_centers_still_imports(station: Station) -> None:
    raw = _raw()
    del raw["centers"]
    raw["version"] = "2099.1.1"
    result = import_catalog(station.ctx, station.admin, json.dumps(raw).encode())
    assert result.changed
    offer = station_offer(station.ctx)
    assert not offer.named and len(offer.services) == 32
    # ... and the station, at Mazzeh, takes a complaint again.
    _complaint(station)


# -- the checklist of each case


def _id_card_intake(case: str, docs: set[str], nid: str = "01020304050") -> IntakeInput:
    return IntakeInput(
        ID_CARD,
        nid,
        "ريم محمد الحلبي",
        "0944123456",
        {"case": case, "employer": "وزارة المالية"},
        {d: STATE.get(d, "copy_kept") for d in docs},
    )


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_asks_for_its_own_documents(station: Station, case: str) -> None:
    extra = CASES[case]
    # One document of the case missing: refused, naming it.
    missing = sorted(extra)[0]
    with pytest.raises(ValidationError) as info:
        submit_request(
            station.ctx, station.clerk, _id_card_intake(case, ALWAYS | extra - {missing})
        )
    assert f"Document {missing} is required" in info.value.render()
    # A document of another case only: refused, naming the case.
    other = next(d for e in CASES.values() for d in e if d not in extra)
    with pytest.raises(ValidationError) as info:
        submit_request(station.ctx, station.clerk, _id_card_intake(case, ALWAYS | extra | {other}))
    assert f"Document {other} is not asked for when Card case is {case}" in info.value.render()
    # Exactly the case's documents: saved, and the request keeps those alone.
    saved = submit_request(station.ctx, station.clerk, _id_card_intake(case, ALWAYS | extra))
    kept = show_request(station.ctx, station.admin, saved.receipt_no).documents
    assert {d.doc_type for d in kept} == ALWAYS | extra


def test_the_case_in_arabic_and_the_refusal_in_arabic(station: Station) -> None:
    data = _id_card_intake("بدل ضائع أو تالف", ALWAYS | CASES["replacement"])
    saved = submit_request(station.ctx, station.clerk, data)
    assert {
        d.doc_type for d in show_request(station.ctx, station.admin, saved.receipt_no).documents
    } == (ALWAYS | CASES["replacement"])
    bad = _id_card_intake("transfer", ALWAYS | {"ADMIN-DECISION", "PHOTO"}, nid="02020304050")
    with pytest.raises(ValidationError) as info:
        submit_request(station.ctx, station.clerk, bad)
    text = info.value.render(Translator.for_language("ar")).replace("\u2066", "")
    text = text.replace("\u2069", "")  # codes isolated inside Arabic text
    assert "الوثيقة PHOTO غير مطلوبة عندما يكون حالة البطاقة هو transfer" in text


def test_a_bad_case_is_one_problem_not_a_wrong_checklist(station: Station) -> None:
    data = _id_card_intake("stolen", ALWAYS | CASES["replacement"])
    with pytest.raises(ValidationError) as info:
        submit_request(station.ctx, station.clerk, data)
    text = info.value.render()
    assert "stolen is not one of the choices" in text
    assert "LOSS-DECLARATION is asked for only once Card case is chosen" in text


def _request_new(case: str, docs: set[str]) -> Any:
    args = ["request", "new", "--as", "clerk1", "--service", ID_CARD]
    args += ["--national-id", "03020304050", "--name", "ريم محمد الحلبي", "--phone", "0944123456"]
    args += ["--field", f"case={case}", "--field", "employer=وزارة المالية"]
    for d in sorted(docs):
        args += ["--doc", f"{d}={STATE.get(d, 'copy_kept')}"]
    return run_cli(*args, "--json")


@pytest.mark.parametrize("case", list(CASES))
def test_cli_request_new_per_case(cli_station: object, case: str) -> None:
    other = "LOSS-DECLARATION" if case != "replacement" else "SUPPORTING-DOCUMENTS"
    res = _request_new(case, ALWAYS | CASES[case] | {other})
    assert res.code == 2 and f"Document {other} is not asked for" in res.err
    res = _request_new(case, ALWAYS | CASES[case])
    assert res.code == 0, res.err
    receipt = json.loads(res.out)["receipt_no"]
    shown = json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)
    assert {d["doc_type"] for d in shown["documents"]} == ALWAYS | CASES[case]


# -- a station lists and takes its center's services only


def _complaint(station: Station, nid: str = "04020304050") -> str:
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            COMPLAINT,
            nid,
            "سلمى علي الشامي",
            "0944123456",
            {"subject": "تأخر المعاملة", "details": "لم تنجز معاملتي"},
            {"PERSONAL-ID": "copy_kept"},
        ),
    ).receipt_no


def test_mazzeh_neither_lists_nor_takes_a_social_affairs_complaint(station: Station) -> None:
    codes = {s.code for s in offered_services(station.ctx)}
    assert len(codes) == 17 and COMPLAINT not in codes and ID_CARD in codes
    assert not any(c.startswith("MOSAL-") for c in codes)
    with pytest.raises(ValidationError) as info:
        _complaint(station)
    assert info.value.render() == f"Service {COMPLAINT} is not offered at this center (MZH)"
    assert "MZH" in info.value.render(Translator.for_language("ar"))


def test_mazzeh_on_the_command_line(cli_station: object) -> None:
    listed = run_cli("catalog", "list")
    assert listed.code == 0 and "Services of center MZH" in listed.out
    assert "MOSAL-" not in listed.out and ID_CARD in listed.out
    as_json = json.loads(run_cli("catalog", "list", "--json").out)
    assert (as_json["center"], as_json["center_named"]) == ("MZH", True)
    assert len(as_json["services"]) == 17
    every = json.loads(run_cli("catalog", "list", "--all", "--json").out)
    assert len(every["services"]) == 32
    res = run_cli(
        "request", "new", "--as", "clerk1", "--service", COMPLAINT,
        "--national-id", "05020304050", "--name", "سلمى علي الشامي", "--phone", "0944123456",
        "--field", "subject=تأخر", "--field", "details=نص", "--doc", "PERSONAL-ID=copy_kept",
    )  # fmt: skip
    assert res.code == 2 and f"Service {COMPLAINT} is not offered at this center (MZH)" in res.err
    shown = run_cli("catalog", "show", ID_CARD)
    assert "case = first_issue (First issue), transfer (Transfer)" in shown.out


@SOCIAL_CENTER
def test_the_social_affairs_center_takes_its_complaints_only(station: Station) -> None:
    codes = {s.code for s in offered_services(station.ctx)}
    assert len(codes) == 15 and all(c.startswith("MOSAL-") for c in codes)
    assert _complaint(station).startswith("MSA-02-")
    with pytest.raises(ValidationError, match="not offered at this center"):
        submit_request(station.ctx, station.clerk, _id_card_intake("transfer", ALWAYS))


@ANY_CENTER
def test_a_center_the_catalog_does_not_name_lists_every_service(station: Station) -> None:
    offer = station_offer(station.ctx)
    assert offer.center_code == "DMS" and not offer.named and len(offer.services) == 32
    assert _complaint(station).startswith("DMS-02-")
    listed = run_cli("catalog", "list")
    assert "The catalog does not name center DMS: its stations offer every service." in listed.out
    assert COMPLAINT in listed.out and ID_CARD in listed.out


# -- the slip


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_slip_lists_each_case_with_its_documents(station: Station, language: str) -> None:
    pdf = render_document(
        station.ctx, station.clerk, "slip", ID_CARD, paper="80mm", language=language
    )
    text = " ".join(pdf_text(pdf).split())
    if language == "en":
        for words in ("In every case:", "Also, depending on Card case:", "First issue",
                      "Replacement (lost or damaged)", "Declaration of loss, or the damaged card",
                      "Education certificate: copy kept"):  # fmt: skip
            assert words in text, words
        # The case blocks in the field's order, each after the documents always asked for.
        order = [text.index(w) for w in ("Personal ID card", "First issue", "Data update",
                                          "Transfer", "End of service", "Replacement")]  # fmt: skip
        assert order == sorted(order)
        assert text.count("Administrative decision") == 3  # first issue, transfer, end of service
    else:
        for words in ("في كل الحالات", "وبحسب حالة البطاقة", "إصدار أول", "بدل ضائع أو تالف",
                      "تصريح الفقدان أو البطاقة التالفة"):  # fmt: skip
            assert words in text, words


def test_a_slip_without_cases_is_as_before(station: Station) -> None:
    pdf = render_document(
        station.ctx, station.clerk, "slip", "MOI-CRIMINAL-RECORD", paper="80mm", language="en"
    )
    text = pdf_text(pdf)
    assert "Bring these documents" in text and "In every case" not in text
    assert "depending on" not in text
