"""Every msgid the back office shows has its Arabic: the `_("...")` of the templates and
routes, and the fixed msgids the office use cases raise (HQError's first argument)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from counter_hq import office, web
from counter_hq.web.i18n import catalog

_TEMPLATE_MSGID = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")
_ERRORS = {
    "HQError",
    "Invalid",
    "Unauthorized",
    "Forbidden",
    "NotFoundError",
    "ConflictError",
    "TooLarge",
    "LockedOut",
    "CsrfRefused",
}


def _package_dir(module: object) -> Path:
    return Path(str(module.__file__)).parent  # type: ignore[attr-defined]


def template_msgids() -> set[str]:
    found: set[str] = set()
    for path in (_package_dir(web) / "templates").rglob("*.html"):
        for match in _TEMPLATE_MSGID.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found


def code_msgids() -> set[str]:
    """String literals given to `_()`/`tr()` and to the error types, in web/ and office/."""
    found: set[str] = set()
    for package in (web, office):
        for path in _package_dir(package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                first = node.args[0]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in _ERRORS or name in ("_", "tr"):
                    found.add(first.value)
    return found


def test_every_page_msgid_has_arabic() -> None:
    table = catalog("ar")
    missing = sorted(m for m in template_msgids() if m not in table)
    assert not missing, f"no Arabic for template msgids: {missing}"


def test_every_office_error_has_arabic() -> None:
    table = catalog("ar")
    missing = sorted(m for m in code_msgids() if m not in table)
    assert not missing, f"no Arabic for msgids raised or translated in code: {missing}"


def test_arabic_keeps_the_parameters() -> None:
    table = catalog("ar")
    field = re.compile(r"{(\w*)}")
    wrong = {
        msgid: text
        for msgid, text in table.items()
        if sorted(field.findall(msgid)) != sorted(field.findall(text))
    }
    assert not wrong, f"translations that lose or add a {{parameter}}: {wrong}"


def test_the_finder_finds() -> None:
    # The finder itself must work: known msgids of the foundation are found.
    assert "Sign in to the back office" in template_msgids()
    assert "Wrong username or password" in code_msgids()


def test_no_msgid_takes_code_as_a_parameter() -> None:
    # HQError(..., code=...) sets the error's own code, never a message parameter: a msgid
    # with "{code}" would show the braces (it happened twice).
    used = template_msgids() | code_msgids()
    wrong = sorted(m for m in used if "{code}" in m)
    assert not wrong, f"msgids with a {{code}} parameter: {wrong}"
